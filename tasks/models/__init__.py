from tasks.models.kinds import (
    BudgetLine,
    DecisionThreshold,
    Expense,
    Loan,
    Reception,
    ReceptionLine,
    ReceptionStandard,
    Seal,
    SealUse,
)
from tasks.models.requests import AffairRequest, RequestFile, RequestStep

__all__ = [
    "AffairRequest",
    "BudgetLine",
    "DecisionThreshold",
    "Expense",
    "Loan",
    "Reception",
    "ReceptionLine",
    "ReceptionStandard",
    "RequestFile",
    "RequestStep",
    "Seal",
    "SealUse",
]
