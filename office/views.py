"""The core's pages: workbench, inbox, profile, health."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from office import dashboard, deadlines, health, passwords, selectors, services
from office.choices import BUSINESS_ROLES
from office.forms import DeadlineQuery, ProfileForm, SlipResetForm, UrgeForm, WorkbenchQuery
from office.lists import CappedPaginator
from office.models import Notification
from office.permissions import can, can_on_fetched, get_visible_or_404, refuse_404


class WorkbenchView(TemplateView):
    """The home page: 待办, 已办, 待阅, 通知, and the panels of the user's role."""

    template_name = "office/workbench.html"

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return ["office/_workbench_tab.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        user = self.request.user
        query = WorkbenchQuery(self.request.GET)
        business = user.role in BUSINESS_ROLES
        tabs = selectors.WORKBENCH_TABS if business else ("notifications",)
        tab = query.tab_or_default()
        if tab not in tabs:
            tab = tabs[0]
        page = selectors.workbench_page(user=user, tab=tab, page=query.page_or_default())
        if tab == "todo":
            light = deadlines.Lights()
            for todo in page.object_list:
                todo.light = light(todo.due_at) if todo.due_at else None
        panels = [(panel, panel.context(user)) for panel in dashboard.panels_for(user)]
        return super().get_context_data(
            tab=tab, tabs=tabs, page=page, panels=panels, greeting=greeting(timezone.localtime()),
            done_count=selectors.done_count(user=user) if business else None,
            nav_active="workbench", **kwargs
        )


def greeting(now) -> str:
    """早上好 / 上午好 / 中午好 / 下午好 / 晚上好 by the hour in Asia/Shanghai."""
    hour = now.hour
    if 5 <= hour < 9:
        return _("早上好")
    if 9 <= hour < 12:
        return _("上午好")
    if 12 <= hour < 14:
        return _("中午好")
    if 14 <= hour < 19:
        return _("下午好")
    return _("晚上好")


class NotificationOpenView(View):
    """Mark one notification read and follow its link."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        note = get_visible_or_404(Notification.objects.all(), request.user, pk=pk)
        services.notification_mark_read(user=request.user, notification=note)
        target = note.url if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts=None) else None
        return redirect(target or f"{reverse_lazy('office:workbench')}?tab=notifications")


class NotificationReadAllView(View):
    def post(self, request: HttpRequest) -> HttpResponse:
        count = services.notification_mark_all_read(user=request.user)
        messages.success(request, _("已将 %(count)d 条通知标为已读。") % {"count": count})
        return redirect(f"{reverse_lazy('office:workbench')}?tab=notifications")


class ProfileView(FormView):
    template_name = "office/profile.html"
    form_class = ProfileForm
    success_url = reverse_lazy("office:profile")

    def get_initial(self):
        return {"phone": self.request.user.phone, "email": self.request.user.email}

    def get_context_data(self, **kwargs):
        in_charge = selectors.units_in_charge(user=self.request.user) if self.request.user.role == "leader" else []
        return super().get_context_data(in_charge=[unit.name for unit in in_charge], **kwargs)

    def form_valid(self, form):
        services.user_update_contact(
            actor=self.request.user, user=self.request.user,
            phone=form.cleaned_data["phone"], email=form.cleaned_data["email"],
        )
        messages.success(self.request, _("联系方式已保存。"))
        return super().form_valid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "office/password_change.html"
    success_url = reverse_lazy("office:profile")

    def get_context_data(self, **kwargs):
        from office.middleware import PasswordPolicyMiddleware

        stored = self.request.session.get(PasswordPolicyMiddleware.SESSION_KEY) or [None, passwords.OK]
        return super().get_context_data(password_status=stored[1], **kwargs)

    def form_valid(self, form):
        from office.middleware import PasswordPolicyMiddleware

        response = super().form_valid(form)
        passwords.password_record(user=self.request.user, actor=self.request.user, request=self.request)
        self.request.session[PasswordPolicyMiddleware.SESSION_KEY] = [self.request.user.pk, passwords.OK]
        messages.success(self.request, _("密码已修改。"))
        return response


@method_decorator([login_not_required, never_cache], name="dispatch")
class PasswordResetLinkView(View):
    """The one-time link of a reset, from the user's own e-mail: set a password, once."""

    template_name = "registration/password_reset_set.html"

    def _render(self, request, form, status=200):
        return render(request, self.template_name, {"form": form, "via": "link"}, status=status)

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        row = passwords.reset_token_for_link(token)
        if row is None:
            return render(request, "registration/password_reset_invalid.html", status=404)
        return self._render(request, SetPasswordForm(row.user))

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        row = passwords.reset_token_for_link(token)
        if row is None:
            return render(request, "registration/password_reset_invalid.html", status=404)
        form = SetPasswordForm(row.user, request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        passwords.password_reset_complete(token=row, password=form.cleaned_data["new_password1"], request=request)
        messages.success(request, _("新密码已设置，请用新密码登录。"))
        return redirect("login")


@method_decorator([login_not_required, never_cache], name="dispatch")
class PasswordResetSlipView(View):
    """Setting a password with both halves of a sealed slip, for accounts without e-mail."""

    template_name = "registration/password_reset_set.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"slip": SlipResetForm(), "form": SetPasswordForm(None), "via": "slip"})

    def post(self, request: HttpRequest) -> HttpResponse:
        slip = SlipResetForm(request.POST)
        row = None
        if slip.is_valid():
            data = slip.cleaned_data
            row = passwords.reset_token_for_slip(data["username"], data["first"], data["second"])
            if row is None:
                slip.add_error(None, _("用户名或凭证码不正确，或密封单已失效、尚未打印下联。"))
        form = SetPasswordForm(row.user if row else None, request.POST)
        if row is None or not form.is_valid():
            context = {"slip": slip, "form": form if row else SetPasswordForm(None), "via": "slip"}
            return render(request, self.template_name, context, status=400)
        passwords.password_reset_complete(token=row, password=form.cleaned_data["new_password1"], request=request)
        messages.success(request, _("新密码已设置，请用新密码登录。"))
        return redirect("login")


@method_decorator([login_not_required, never_cache], name="dispatch")
class HealthView(View):
    """JSON for load balancers and operators: database, broker, last worker heartbeat."""

    def get(self, request: HttpRequest) -> JsonResponse:
        report = health.report()
        return JsonResponse(report, status=200 if report["database"]["ok"] else 503)


class BusinessOnlyMixin:
    """Business pages: the policy's ``business.use`` (the three administrators get a 404)."""

    def dispatch(self, request, *args, **kwargs):
        if not can(request.user, "business.use"):
            refuse_404(request.user, action="business.use", request=request)
        return super().dispatch(request, *args, **kwargs)


class DeadlineListView(BusinessOnlyMixin, TemplateView):
    """我的时限: what is due soon and overdue for me, my department, the departments I oversee."""

    template_name = "office/deadline_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        query = DeadlineQuery(self.request.GET)
        query.is_valid()
        scopes = selectors.deadline_scopes_for(user)
        scope = query.cleaned_data.get("scope") if query.cleaned_data.get("scope") in scopes else scopes[0]
        window = query.cleaned_data.get("window") or "soon"
        light = deadlines.Lights()
        rows = selectors.deadline_list(user=user, scope=scope, window=window, now=light.now, soon_until=light.soon_until)
        page = CappedPaginator(rows, selectors.PAGE_SIZE).get_page(query.cleaned_data.get("page") or 1)
        # A time limit about an item the user may no longer see shows no title (one query per kind of item).
        page.object_list = selectors.mark_visible(list(page.object_list), user=user)
        today = timezone.localdate(light.now)
        for row in page.object_list:
            row.light = light(row.due_at)
            row.overdue_days = max(0, light.calendar.workdays_between(timezone.localdate(row.due_at), today))
        return super().get_context_data(
            page=page, scope=scope, scopes=scopes, window=window, windows=selectors.DEADLINE_WINDOWS,
            can_urge=can(user, "deadline.urge"), nav_active="deadlines", **kwargs,
        )


class DeadlineDetailView(BusinessOnlyMixin, TemplateView):
    template_name = "office/deadline_detail.html"

    def get_context_data(self, **kwargs):
        # 返回修改 from the confirmation brings the message back to the box.
        back = self.request.GET.get("message", "").strip()[:500]
        form = kwargs.pop("form", None) or UrgeForm(initial={"message": back} if back else None)
        deadline = selectors.deadline_detail(user=self.request.user, pk=kwargs["pk"])
        deadline.light = deadlines.Lights()(deadline.due_at)
        return super().get_context_data(
            deadline=deadline, timeline=selectors.deadline_timeline(deadline=deadline),
            can_urge=deadline.state == "open" and can_on_fetched(self.request.user, "urge", deadline),
            form=form, nav_active="deadlines", **kwargs,
        )


class DeadlineUrgeView(BusinessOnlyMixin, View):
    """催办: office staff urge an item with a message — first shown what goes to whom, then sent."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        deadline = selectors.deadline_detail(user=request.user, pk=pk)
        form = UrgeForm(request.POST)
        if form.is_valid():
            message = form.cleaned_data["message"]
            try:
                if not form.cleaned_data["confirm"]:
                    plan = deadlines.deadline_urge_plan(actor=request.user, deadline=deadline, message=message,
                                                        request=request)
                    view = DeadlineDetailView(request=request, kwargs={"pk": pk}, args=())
                    return render(request, view.template_name, view.get_context_data(pk=pk, form=form, plan=plan))
                deadlines.deadline_urge(actor=request.user, deadline=deadline, message=message, request=request)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("已催办，责任人和处室负责人将收到提醒。"))
                return redirect(deadline.get_absolute_url())
        view = DeadlineDetailView(request=request, kwargs={"pk": pk}, args=())
        return render(request, view.template_name, view.get_context_data(pk=pk, form=form), status=400)
