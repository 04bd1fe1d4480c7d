"""The choices of 办文 made with a search field (office.picker): who may read, which units, who handles.

Each source rebuilds, for the person asking and through the policy, the queryset the form's
field validates against; the document it depends on is fetched through the policy too (out of
scope: 404). The forms use the same functions, so the matches and the accepted values agree.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from documents.common.forms import department_choices
from documents.models import IncomingDocument, OutgoingDocument
from office import picker
from office.choices import Role, UnitKind
from office.models import User
from office.permissions import get_visible_or_404, restrict


def readers_for(user, document):
    """传阅对象: the business people who may see a document of its 密级, but not the sender himself."""
    return (
        restrict(User.objects.all(), user)
        .filter(role__in=[Role.LEADER, Role.DEPT_HEAD, Role.OFFICE, Role.STAFF], clearance__gte=document.secret_level)
        .exclude(pk=user.pk)
        .select_related("unit")
        .order_by("unit__sort_order", "role", "id")
    )


def handlers_for(user, document):
    """承办人: the people of the lead department cleared for the document."""
    return (
        restrict(User.objects.all(), user)
        .filter(unit_id=document.lead_unit_id, clearance__gte=document.secret_level)
        .select_related("unit")
        .order_by("role", "id")
    )


def countersign_units_for(user, document):
    """会签处室: the other departments."""
    return department_choices(user).filter(kind=UnitKind.DEPARTMENT).exclude(pk=document.drafting_unit_id)


def _document(model, user, params):
    pk = params.get("doc", "")
    if not str(pk).isdigit():
        raise Http404
    return get_visible_or_404(model.objects.all(), user, pk=int(pk))


def register() -> None:
    picker.register(
        "documents.incoming.readers", search=picker.PERSON_SEARCH, label=picker.person_label,
        queryset=lambda user, params: readers_for(user, _document(IncomingDocument, user, params)),
    )
    picker.register(
        "documents.incoming.handlers", search=picker.PERSON_SEARCH, label=picker.person_label,
        queryset=lambda user, params: handlers_for(user, _document(IncomingDocument, user, params)),
    )
    picker.register(
        "documents.units", search=picker.UNIT_SEARCH, label=picker.unit_label,
        queryset=lambda user, params: department_choices(user),
    )
    picker.register(
        "documents.outgoing.countersign_units", search=picker.UNIT_SEARCH, label=picker.unit_label,
        queryset=lambda user, params: countersign_units_for(user, _document(OutgoingDocument, user, params)),
    )


def people(source: str, *, multiple: bool) -> picker.PickerWidget:
    return picker.PickerWidget(source=source, multiple=multiple)


def units(source: str = "documents.units", *, multiple: bool) -> picker.PickerWidget:
    return picker.PickerWidget(source=source, multiple=multiple, attrs={"placeholder": _("输入处室名称搜索")})

