"""Org chart: the organ, its units, its people."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, Group, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from office.choices import ADMIN_ROLES, Clearance, Role, UnitKind


class OrgUnit(models.Model):
    """A node of the org chart: the organ, its office, a department, the leadership group."""

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    code = models.CharField(
        _("机构代码"), max_length=20, unique=True,
        help_text=_("用于档号等编码，如 BGS（办公室）"),
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    #: The person who answers for the unit: 处长, 办公室主任. Workflows route "to the head" here.
    head = models.ForeignKey(
        "office.User", verbose_name=_("负责人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    #: 全宗号 (the organ's fonds number in the archive), the first part of every 档号.
    fonds_code = models.CharField(_("全宗号"), max_length=20, blank=True, help_text=_("机关的档案全宗号，如 J012"))
    #: The auth group standing for the unit, so grants go to a unit, not to each person.
    group = models.OneToOneField(
        Group, verbose_name=_("权限组"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="org_unit",
    )

    history = HistoricalRecords(verbose_name=_("组织单位变更历史"), verbose_name_plural=_("组织单位变更历史"))

    class Meta:
        verbose_name = _("组织单位")
        verbose_name_plural = _("组织单位")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=Q(kind=UnitKind.ORGAN), name="orgunit_one_organ"
            ),
            models.CheckConstraint(
                condition=Q(kind=UnitKind.ORGAN) | Q(parent__isnull=False),
                name="orgunit_parent_unless_organ",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind != UnitKind.ORGAN and self.parent_id is None:
            raise ValidationError({"parent": _("除机关本身外，每个单位都必须有上级单位。")})
        node, seen = self.parent, {self.pk}
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": _("上级单位不能是本单位或其下级单位。")})
            seen.add(node.pk)
            node = node.parent

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class IssuingPrefix(models.Model):
    """机关代字: the prefix an outgoing 文号 is numbered under, e.g. 人社发."""

    organ = models.ForeignKey(
        OrgUnit, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="prefixes",
        limit_choices_to={"kind": UnitKind.ORGAN},
    )
    code = models.CharField(_("代字"), max_length=20, unique=True)
    description = models.CharField(_("用途"), max_length=100, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    history = HistoricalRecords(verbose_name=_("机关代字变更历史"), verbose_name_plural=_("机关代字变更历史"))

    class Meta:
        verbose_name = _("机关代字")
        verbose_name_plural = _("机关代字")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.code


class SanbanUserManager(UserManager):
    def create_superuser(self, *args, **kwargs):
        raise ValidationError(_("三办不设超级用户：账号由系统管理员创建，角色和密级由安全保密管理员设定。"))


class User(AbstractUser):
    """A person who logs in: staff of the organ, or one of the three administrators."""

    full_name = models.CharField(_("姓名"), max_length=50)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="members",
        null=True, blank=True,
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.STAFF)
    title = models.CharField(_("职务"), max_length=50, blank=True)
    clearance = models.PositiveSmallIntegerField(
        _("涉密等级"), choices=Clearance.choices, default=Clearance.INTERNAL
    )
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    is_principal = models.BooleanField(_("主要负责人"), default=False, help_text=_("局长等主要负责同志"))
    in_charge_of = models.ManyToManyField(
        OrgUnit, verbose_name=_("分管单位"), blank=True, related_name="leaders_in_charge",
        limit_choices_to={"kind__in": [UnitKind.DEPARTMENT, UnitKind.OFFICE]},
    )

    objects = SanbanUserManager()
    history = HistoricalRecords(
        m2m_fields=[in_charge_of], excluded_fields=["last_login", "password"],
        verbose_name=_("账号变更历史"), verbose_name_plural=_("账号变更历史"),
    )

    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["unit__sort_order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(is_superuser=False), name="user_never_superuser"),
            models.CheckConstraint(
                condition=Q(is_principal=False) | Q(role=Role.LEADER), name="user_principal_is_leader"
            ),
            models.UniqueConstraint(
                fields=["is_principal"], condition=Q(is_principal=True), name="user_one_principal"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        if self.is_principal and self.role != Role.LEADER:
            raise ValidationError({"is_principal": _("只有局领导可以是主要负责人。")})
        if self.role not in ADMIN_ROLES and self.unit_id is None:
            raise ValidationError({"unit": _("业务人员必须有所在单位。")})

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_admin_role(self) -> bool:
        """One of 三员."""
        return self.role in ADMIN_ROLES

    @property
    def display_title(self) -> str:
        return self.title or self.get_role_display()
