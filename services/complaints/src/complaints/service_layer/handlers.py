"""The command -> handler table the message bus dispatches on."""
from __future__ import annotations

from ..domain import commands as c
from .claim_handlers import change_claim, submit_claim
from .complaint_handlers import change_complaint, change_figures, link_to_complaint, receive_complaint
from .corrective_action_handlers import change_corrective_action, close_corrective_action
from .customer_handlers import CUSTOMER_HANDLERS
from .deadline_scan import scan_deadlines
from .internal_problem_handlers import change_internal_problem, change_problem_figures, record_internal_problem
from .praise_handlers import record_praise
from .quality_handlers import QUALITY_HANDLERS
from .survey_handlers import change_survey, open_survey, record_survey_response
from .survey_proposal_handlers import PROPOSAL_HANDLERS

HANDLERS = {
    c.ReceiveComplaint: receive_complaint, c.ChangeComplaint: change_complaint, c.ChangeFigures: change_figures,
    c.ScanDeadlines: scan_deadlines, c.LinkToComplaint: link_to_complaint,
    c.SubmitClaim: submit_claim, c.ChangeClaim: change_claim, c.RecordPraise: record_praise,
    c.OpenSurvey: open_survey, c.RecordSurveyResponse: record_survey_response, c.ChangeSurvey: change_survey,
    c.CloseCorrectiveAction: close_corrective_action, c.ChangeCorrectiveAction: change_corrective_action,
    c.RecordInternalProblem: record_internal_problem, c.ChangeInternalProblem: change_internal_problem,
    c.ChangeProblemFigures: change_problem_figures,
    **CUSTOMER_HANDLERS, **PROPOSAL_HANDLERS, **QUALITY_HANDLERS,
}
