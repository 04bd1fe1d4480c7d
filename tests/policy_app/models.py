from django.conf import settings
from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from office.choices import Clearance
from office.models import StepRecordBase
from tests.policy_app.workflow import TABLE as REQUEST_TABLE


class Dossier(models.Model):
    title = models.CharField(max_length=100)
    secret_level = models.PositiveSmallIntegerField(choices=Clearance.choices, default=Clearance.PUBLIC)
    lead_unit = models.ForeignKey("office.OrgUnit", null=True, on_delete=models.PROTECT, related_name="+")
    assisting_units = models.ManyToManyField("office.OrgUnit", blank=True, related_name="+")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    circulated_to = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    routed_to = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="dossiers_routed")

    def __str__(self) -> str:
        return self.title


class DossierUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Dossier, on_delete=models.CASCADE)


class DossierGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Dossier, on_delete=models.CASCADE)


class RequestState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PENDING = "pending", "审批中"
    APPROVED = "approved", "已批准"
    RETURNED = "returned", "已退回"
    WITHDRAWN = "withdrawn", "已撤回"


class Request(models.Model):
    """A request approved step by step: the workflow core's test subject (no app of ours)."""

    title = models.CharField(max_length=100)
    kind = models.CharField(max_length=40, default="expense")
    state = models.CharField(max_length=20, choices=RequestState.choices, default=RequestState.DRAFT)
    state_since = models.DateTimeField(null=True, blank=True)
    amount = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("office.OrgUnit", on_delete=models.PROTECT, related_name="+")
    secret_level = models.PositiveSmallIntegerField(choices=Clearance.choices, default=Clearance.PUBLIC)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "申请"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/requests/{self.pk}/"


class RequestStep(StepRecordBase):
    subject_field = "request"
    table = REQUEST_TABLE
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="steps")
