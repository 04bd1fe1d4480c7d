from django.conf import settings
from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from office.choices import Clearance


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
