"""The command -> handler table the message bus dispatches on."""
from __future__ import annotations

from . import commands as c
from .complaint_handlers import (
    change_complaint, change_figures, link_to_complaint, receive_complaint, scan_deadlines,
)
from .other_handlers import (
    change_claim, change_survey, close_corrective_action, open_survey, record_praise, record_survey_response,
    submit_claim,
)

HANDLERS = {
    c.ReceiveComplaint: receive_complaint, c.ChangeComplaint: change_complaint, c.ChangeFigures: change_figures,
    c.ScanDeadlines: scan_deadlines, c.LinkToComplaint: link_to_complaint,
    c.SubmitClaim: submit_claim, c.ChangeClaim: change_claim, c.RecordPraise: record_praise,
    c.OpenSurvey: open_survey, c.RecordSurveyResponse: record_survey_response, c.ChangeSurvey: change_survey,
    c.CloseCorrectiveAction: close_corrective_action,
}
