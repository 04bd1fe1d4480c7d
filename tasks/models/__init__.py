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
from tasks.models.vehicles import Driver, Trip, Vehicle

__all__ = [
    "AffairRequest",
    "BudgetLine",
    "DecisionThreshold",
    "Driver",
    "Expense",
    "Loan",
    "Reception",
    "ReceptionLine",
    "ReceptionStandard",
    "RequestFile",
    "RequestStep",
    "Seal",
    "SealUse",
    "Trip",
    "Vehicle",
]
