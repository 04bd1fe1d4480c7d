"""Scores and ranking pages: the figures per department, the items behind each, the rule, 生成通报."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from documents.information import scoring, selectors, stats
from documents.information.views import NAV
from documents.models import ScoreRule
from office.permissions import can, refuse_404
from office.textinput import SafeTextForm
from office.views import BusinessOnlyMixin
from office.workflow.views import add_errors


class PeriodForm(SafeTextForm):
    period = django_forms.ChoiceField(
        label=gettext_lazy("统计周期"),
        choices=[("month", gettext_lazy("月度")), ("quarter", gettext_lazy("季度")), ("year", gettext_lazy("年度"))],
    )
    year = django_forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    index = django_forms.IntegerField(label=gettext_lazy("月份/季度"), min_value=1, max_value=12, required=False)

    def span(self) -> stats.Span | None:
        if not self.is_valid():
            return None
        d = self.cleaned_data
        try:
            return stats.span_of(d["period"], d["year"], d["index"] or 1)
        except ValueError:
            self.add_error("index", _("请选择正确的月份或季度。"))
            return None


def _period_form(request) -> tuple[PeriodForm, stats.Span | None]:
    today = timezone.localdate()
    data = request.GET if "period" in request.GET else {"period": "month", "year": today.year, "index": today.month}
    form = PeriodForm(data)
    return form, form.span()


class _OfficeOnly(BusinessOnlyMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can(request.user, "documents.info_manage"):
            refuse_404(request.user, action="documents.info_manage", request=request)
        return super().dispatch(request, *args, **kwargs)


class StatsView(_OfficeOnly, View):
    template_name = "documents/info_stats.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form, span = _period_form(request)
        rows = stats.compute(selectors.items_visible(request.user), span) if span else []
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "span": span,
                "rows": rows,
                "query": request.GET.urlencode(),
                "nav_active": NAV,
                "rule": scoring.rule_on(timezone.localdate()),
            },
            status=200 if span or not request.GET else 400,
        )


class StatsItemsView(_OfficeOnly, View):
    """The items behind one figure (one department, or all)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form, span = _period_form(request)
        figure = request.GET.get("figure", "")
        if span is None or figure not in stats.FIGURES:
            raise Http404
        unit = request.GET.get("unit", "")
        rows = stats.items_behind(
            selectors.items_visible(request.user), span, figure, int(unit) if unit.isdigit() else None
        )
        rows = (
            rows.select_related("unit", "author")
            .prefetch_related("scores")
            .defer("body")
            .order_by("-submitted_at", "-id")
        )
        page = Paginator(rows, 50).get_page(request.GET.get("page"))
        return render(
            request,
            "documents/info_stats_items.html",
            {
                "span": span,
                "figure": figure,
                "page": page,
                "nav_active": NAV,
                "figure_label": {"submitted": _("报送"), "adopted": _("采用"), "points": _("得分")}[figure],
            },
        )


class RuleForm(SafeTextForm):
    effective_from = django_forms.DateField(
        label=gettext_lazy("生效日期"), widget=django_forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in scoring.DEFAULTS:
            self.fields[name] = django_forms.IntegerField(
                label=ScoreRule._meta.get_field(name).verbose_name, min_value=0, max_value=100
            )


class RuleView(_OfficeOnly, View):
    template_name = "documents/info_score_rules.html"

    def _render(self, request, form, status=200):
        return render(
            request,
            self.template_name,
            {"form": form, "rules": ScoreRule.objects.select_related("created_by")[:50], "nav_active": NAV},
            status=status,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        rule = scoring.rule_on(timezone.localdate())
        initial = {
            "effective_from": timezone.localdate(),
            **{k: (getattr(rule, k) if rule else v) for k, v in scoring.DEFAULTS.items()},
        }
        return self._render(request, RuleForm(initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = RuleForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                scoring.rule_save(
                    actor=request.user,
                    effective_from=d["effective_from"],
                    points={k: d[k] for k in scoring.DEFAULTS},
                    request=request,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("计分规则已保存，自生效日期起的采编结果按新规则计分。"))
                return redirect("documents:info_score_rules")
        return self._render(request, form, status=400)


class RankingOutgoingView(_OfficeOnly, View):
    """生成通报: the period's ranking becomes a draft 通报 in the 发文 pipeline."""

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PeriodForm(request.POST)
        span = form.span()
        if span is None:
            messages.error(request, _("请选择正确的统计周期。"))
            return redirect("documents:info_stats")
        try:
            document = scoring.ranking_to_outgoing(actor=request.user, span=span, request=request)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect("documents:info_stats")
        messages.success(request, _("已生成发文草稿，请在发文中修改、送审。"))
        return redirect(document)
