"""Contract statuses (CONTRACT.md) and the decision outcomes that lead to them (001 §5.2.3)."""

UNDER_REVIEW = "under_review"
NEEDS_CUSTOMER = "needs_customer"
ACCEPTED = "accepted"
REJECTED = "rejected"
OPEN_STATUSES = (UNDER_REVIEW, NEEDS_CUSTOMER)
OUTCOMES = (ACCEPTED, NEEDS_CUSTOMER, REJECTED)

# Reasons acceptance is refused even though every department approved.
ORAL_ORDER_UNCONFIRMED = "oral_order_unconfirmed"
COMPLIANCE_HOLD = "compliance_hold"
CHECKLIST_UNACKNOWLEDGED = "checklist_unacknowledged"
