"""The command -> handler table the message bus dispatches on."""
from __future__ import annotations

from ..domain import commands as c
from .claim_handlers import change_claim, submit_claim
from .complaint_handlers import (
    change_complaint, change_figures, link_to_complaint, receive_complaint, scan_deadlines,
)
from .corrective_action_handlers import close_corrective_action
from .praise_handlers import record_praise
from .survey_handlers import change_survey, open_survey, record_survey_response

HANDLERS = {
    c.ReceiveComplaint: receive_complaint, c.ChangeComplaint: change_complaint, c.ChangeFigures: change_figures,
    c.ScanDeadlines: scan_deadlines, c.LinkToComplaint: link_to_complaint,
    c.SubmitClaim: submit_claim, c.ChangeClaim: change_claim, c.RecordPraise: record_praise,
    c.OpenSurvey: open_survey, c.RecordSurveyResponse: record_survey_response, c.ChangeSurvey: change_survey,
    c.CloseCorrectiveAction: close_corrective_action,
}
