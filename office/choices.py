"""Statuses and kinds of the core."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEADER = "leader", _("局领导")
    OFFICE = "office", _("办公室")
    DEPT_HEAD = "dept_head", _("处室负责人")
    STAFF = "staff", _("科员")
    SYSADMIN = "sysadmin", _("系统管理员")
    SECADMIN = "secadmin", _("安全保密管理员")
    AUDITOR = "auditor", _("安全审计员")


#: The business roles: they read and act on business content.
BUSINESS_ROLES = frozenset({Role.LEADER, Role.OFFICE, Role.DEPT_HEAD, Role.STAFF})
#: 三员: the system, security and audit administrators. None reads business content.
ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR})


class Clearance(models.IntegerChoices):
    """A person's clearance and an object's 密级 share this scale."""

    PUBLIC = 0, _("公开")
    INTERNAL = 1, _("内部")
    SECRET = 2, _("秘密")
    CONFIDENTIAL = 3, _("机密")


class UnitKind(models.TextChoices):
    ORGAN = "organ", _("机关")
    LEADERSHIP = "leadership", _("领导班子")
    OFFICE = "office", _("办公室")
    DEPARTMENT = "department", _("处室")


class TodoKind(models.TextChoices):
    ACTION = "action", _("待办")
    READ = "read", _("待阅")


class TodoState(models.TextChoices):
    OPEN = "open", _("未处理")
    DONE = "done", _("已处理")
    #: Closed because its holder may no longer see what it points at (clearance lowered,
    #: moved to another unit, replaced as 承办人, 分管 removed): in no tab any more.
    WITHDRAWN = "withdrawn", _("已撤回")


class EmailState(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    SKIPPED = "skipped", _("无需发送")
    FAILED = "failed", _("发送失败")


class ProposalKind(models.TextChoices):
    """What one administrator proposes and another, of a different kind, approves (三员分立)."""

    CHANGE = "change", _("变更角色、密级或单位")
    DEACTIVATE = "deactivate", _("停用账号")
    ACTIVATE = "activate", _("启用账号")
    PASSWORD_RESET = "password_reset", _("重置密码")
    UNLOCK = "unlock", _("解锁账号")


class ProposalState(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")
    WITHDRAWN = "withdrawn", _("已撤回")


class ResetDelivery(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    SLIP = "slip", _("密封单")


# --- the workflow core (office.workflow) -------------------------------------------------


class Duty(models.TextChoices):
    """What an office member does in the office: a step addressed to the office goes to its holders."""

    CLERK = "clerk", _("文书")
    SECRETARY = "secretary", _("秘书")
    SUPERVISOR = "supervisor", _("督查员")
    DIRECTOR = "director", _("主任")


class AssigneeKind(models.TextChoices):
    PERSON = "person", _("个人")
    DUTY = "duty", _("办公室岗位")
    UNIT = "unit", _("单位")


class Post(models.TextChoices):
    """How a person was found for a step, so a vacant post can be filled again."""

    PERSON = "person", _("指定人员")
    HEAD = "head", _("部门负责人")
    IN_CHARGE = "in_charge", _("分管领导")
    PRINCIPAL = "principal", _("主要负责人")
    DUTY = "duty", _("办公室岗位")


class Mode(models.TextChoices):
    SEQUENTIAL = "sequential", _("依次办理")
    ALL = "all", _("全部办理")
    ANY = "any", _("任一办理")


class AssignmentState(models.TextChoices):
    WAITING = "waiting", _("未到")
    OPEN = "open", _("待办")
    DONE = "done", _("已办")
    SKIPPED = "skipped", _("无需办理")
    CANCELLED = "cancelled", _("已取消")


class Outcome(models.TextChoices):
    NONE = "", _("—")
    APPROVED = "approved", _("同意")
    RETURNED = "returned", _("退回")
