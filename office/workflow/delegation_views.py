"""我的委托: a leader or department head hands his steps to a named person for a period."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from office import org, picker
from office.choices import BUSINESS_ROLES, Role
from office.models import Delegation, User
from office.picker import PickerWidget
from office.views import BusinessOnlyMixin
from office.workflow.delegation import delegation_create, delegation_end

LOCAL = "%Y-%m-%dT%H:%M"
MAY_DELEGATE = (Role.LEADER, Role.DEPT_HEAD)


def delegate_choices(user: User):
    """Whom ``user`` may name (no search): the active business people of his unit, the office and the leaders."""
    office = org.office_unit()
    near = Q(unit_id=user.unit_id) | Q(role=Role.LEADER)
    if office is not None:
        near |= Q(unit=office)
    return (
        User.objects.filter(near, is_active=True, role__in=BUSINESS_ROLES).exclude(pk=user.pk)
        .select_related("unit").order_by("unit__sort_order", "unit_id", "id")
    )


def _label(user: User) -> str:
    return f"{user.full_name}（{user.unit.display_name}）" if user.unit_id else user.full_name


PICKER = "office.delegates"
picker.register(PICKER, queryset=lambda user, params: delegate_choices(user), search=picker.PERSON_SEARCH, label=_label)


class _LocalDateTime(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format=LOCAL)


class DelegationForm(forms.Form):
    to_user = forms.ModelChoiceField(queryset=User.objects.none(), label=gettext_lazy("受托人"),
                                     empty_label=gettext_lazy("请选择受托人"),
                                     widget=PickerWidget(source=PICKER, multiple=False))
    starts_at = forms.DateTimeField(label=gettext_lazy("开始时间"), widget=_LocalDateTime(), input_formats=[LOCAL])
    ends_at = forms.DateTimeField(label=gettext_lazy("结束时间"), widget=_LocalDateTime(), input_formats=[LOCAL])
    reason = forms.CharField(label=gettext_lazy("事由"), max_length=200)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = delegate_choices(user)
        self.fields["to_user"].label_from_instance = _label

    def add_service_error(self, exc: ValidationError) -> None:
        """The service's Chinese messages, on the field they name when the form has it."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for name, errors in exc.message_dict.items():
            self.add_error(name if name in self.fields else None, errors)


def status_of(row: Delegation, now) -> str:
    if row.ended_at is not None or row.ends_at <= now:
        return _("已结束")
    if row.starts_at > now:
        return _("未开始")
    return _("进行中")


class DelegationView(BusinessOnlyMixin, TemplateView):
    """GET: my delegations and those given to me, and the form; POST: 登记委托 or (``end``) 结束委托."""

    template_name = "office/delegations.html"

    def get_context_data(self, **kwargs):
        user, now = self.request.user, timezone.now()
        given = list(Delegation.objects.filter(from_user=user).select_related("to_user", "to_user__unit"))
        taken = list(Delegation.objects.filter(to_user=user).select_related("from_user", "from_user__unit"))
        for row in given + taken:
            row.status = status_of(row, now)
            row.may_end = row.from_user_id == user.pk and row.ended_at is None and row.ends_at > now
        form = kwargs.pop("form", None) or DelegationForm(user=user)
        return super().get_context_data(
            given=given, taken=taken, form=form, may_delegate=user.role in MAY_DELEGATE, **kwargs
        )

    def post(self, request, *args, **kwargs):
        if "end" in request.POST:
            return self._end(request)
        form = DelegationForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                delegation_create(
                    actor=request.user, from_user=request.user, to_user=data["to_user"], starts_at=data["starts_at"],
                    ends_at=data["ends_at"], reason=data["reason"], request=request,
                )
            except ValidationError as exc:
                form.add_service_error(exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已委托%(name)s办理。") % {"name": data["to_user"].full_name})
                return redirect("office:delegations")
        return self.render_to_response(self.get_context_data(form=form))

    def _end(self, request):
        pk = request.POST.get("end", "")
        if not pk.isdigit():
            raise Http404
        row = Delegation.objects.filter(pk=int(pk), from_user=request.user).first()
        if row is None:
            raise Http404
        try:
            delegation_end(actor=request.user, delegation=row, request=request)
        except (ValidationError, PermissionDenied) as exc:
            for message in getattr(exc, "messages", [str(exc)]):
                messages.error(request, message)
        else:
            messages.success(request, _("委托已结束。"))
        return redirect("office:delegations")
