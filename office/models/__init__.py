"""The core's models: org chart and users, inbox, audit, system state."""

from office.models.accounts import AdminProposal, PasswordHistory, PasswordResetToken, PasswordState
from office.models.audit import AuditEvent
from office.models.deadlines import (
    CalendarOverride,
    Deadline,
    DeadlineChange,
    DeadlineSchedule,
    DeadlineState,
    Recipients,
    ReminderLadder,
    ReminderLog,
    ReminderStage,
    Urge,
)
from office.models.exports import ExportJob, ExportState
from office.models.figures import Figure
from office.models.inbox import Notification, Todo
from office.models.links import Link, LinkKind
from office.models.org import IssuingPrefix, OrgUnit, User
from office.models.proxies import UserSecurity
from office.models.serials import SerialCounter
from office.models.system import Heartbeat
from office.models.workflow import (
    ApprovalRule,
    ApprovalRuleStep,
    Assignment,
    Delegation,
    OfficeDuty,
    StepRecordBase,
)

__all__ = [
    "AdminProposal", "PasswordHistory", "PasswordResetToken", "PasswordState",
    "CalendarOverride",
    "ExportJob",
    "ExportState",
    "Figure",
    "Link",
    "LinkKind",
    "Deadline",
    "DeadlineChange",
    "DeadlineSchedule",
    "DeadlineState",
    "Recipients",
    "SerialCounter",
    "ReminderLadder",
    "ReminderLog",
    "ReminderStage",
    "Urge",
    "ApprovalRule",
    "ApprovalRuleStep",
    "Assignment",
    "Delegation",
    "OfficeDuty",
    "StepRecordBase",
    "AuditEvent", "Heartbeat", "IssuingPrefix", "Notification", "OrgUnit", "Todo", "User", "UserSecurity"]
