"""Input of 发文: validated here, checked again by the services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents import limits
from documents.choices import DOC_TYPE_GUIDE, Direction, DocType, LayoutForm, Publicity, Urgency
from documents.common.forms import LeaderChoiceField, department_choices, leader_choices
from documents.common.org import printer_name
from documents.common.pickers import countersign_units_for, units
from documents.models.outgoing import split_names
from documents.outgoing.services import DraftData, default_signer
from office.choices import Clearance
from office.models import IssuingPrefix, OrgUnit, User
from office.textinput import SafeTextForm


class DraftForm(SafeTextForm):
    """起草 and 修改稿件."""

    doc_type = forms.ChoiceField(label=_("文种"), choices=[("", "—")] + list(DocType.choices))
    direction = forms.ChoiceField(label=_("行文方向"), choices=Direction.choices, initial=Direction.DOWN)
    form = forms.ChoiceField(label=_("版式"), choices=LayoutForm.choices, initial=LayoutForm.FILE)
    prefix = forms.ModelChoiceField(label=_("机关代字"), queryset=IssuingPrefix.objects.none(), empty_label=None,
                                    help_text=_("文号在编号环节生成，起草时不编号"))
    title = forms.CharField(label=_("标题"), max_length=limits.TITLE,
                            help_text=_("由发文机关名称、事由和文种组成，如：江城市人力资源和社会保障局关于……的通知"))
    main_recipients = forms.CharField(label=_("主送机关"), required=False, max_length=limits.RECIPIENTS,
                                      widget=forms.Textarea(attrs={"rows": 2}), help_text=_("多个机关用顿号“、”分隔"))
    cc_recipients = forms.CharField(label=_("抄送机关"), required=False, max_length=limits.RECIPIENTS,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    body = forms.CharField(label=_("正文"), max_length=limits.BODY, widget=forms.Textarea(attrs={"rows": 16}),
                           help_text=_("每段一行；层次序数依次用“一、”“（一）”“1.”“（1）”"))
    attachment_notes = forms.CharField(label=_("附件说明"), required=False, max_length=limits.ATTACHMENT_NOTES,
                                       widget=forms.Textarea(attrs={"rows": 2}),
                                       help_text=_("每行一个附件名称，须与上传的附件一一对应"))
    note = forms.CharField(label=_("附注"), required=False, max_length=limits.NOTE)
    attendance_present = forms.CharField(label=_("出席"), required=False, max_length=limits.ATTENDANCE,
                                         widget=forms.Textarea(attrs={"rows": 2}),
                                         help_text=_("纪要式印出；姓名用顿号“、”分隔"))
    attendance_absent = forms.CharField(label=_("请假"), required=False, max_length=limits.ATTENDANCE,
                                        widget=forms.Textarea(attrs={"rows": 1}))
    attendance_observers = forms.CharField(label=_("列席"), required=False, max_length=limits.ATTENDANCE,
                                           widget=forms.Textarea(attrs={"rows": 1}))
    secret_level = forms.TypedChoiceField(label=_("密级"), choices=Clearance.choices, coerce=int, initial=Clearance.PUBLIC)
    secrecy_period = forms.CharField(label=_("保密期限"), max_length=limits.SECRECY_PERIOD, required=False, help_text=_("涉密文件必填，如：1年"))
    urgency = forms.TypedChoiceField(label=_("紧急程度"), choices=Urgency.choices, coerce=int, initial=Urgency.NORMAL)
    publicity = forms.ChoiceField(label=_("公开属性"), choices=Publicity.choices, initial=Publicity.ACTIVE)
    is_important = forms.BooleanField(label=_("重要文件（由主要负责人签发）"), required=False)
    with_seal = forms.BooleanField(label=_("加盖印章"), required=False, initial=True)
    version_note = forms.CharField(label=_("修改说明"), required=False, max_length=limits.NOTE)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["prefix"].queryset = IssuingPrefix.objects.filter(is_active=True).order_by("sort_order", "id")
        self.fields["secret_level"].choices = [c for c in Clearance.choices if user is None or c[0] <= user.clearance]
        self.guide = {
            value: {"directions": [str(d) for d in DOC_TYPE_GUIDE[value][0]], "note": str(DOC_TYPE_GUIDE[value][1])}
            for value in DocType.values
        }

    def clean(self):
        data = super().clean()
        doc_type, direction = data.get("doc_type"), data.get("direction")
        if doc_type and direction and direction not in DOC_TYPE_GUIDE[doc_type][0]:
            allowed = _("、").join(str(Direction(d).label) for d in DOC_TYPE_GUIDE[doc_type][0])
            self.add_error("direction", _("“%(type)s”只能作为：%(allowed)s。") % {
                "type": DocType(doc_type).label, "allowed": allowed})
        if data.get("form") == LayoutForm.MINUTES and doc_type and doc_type != DocType.MINUTES:
            self.add_error("form", _("纪要式只用于纪要。"))
        level = data.get("secret_level")
        if level is not None and level >= Clearance.SECRET and not (data.get("secrecy_period") or "").strip():
            self.add_error("secrecy_period", _("涉密文件须标注保密期限。"))
        for name in ("main_recipients", "cc_recipients"):
            too_long = [n for n in split_names(data.get(name) or "") if len(n) > limits.ORG_NAME]
            if too_long:
                self.add_error(name, _("每个机关名称不能超过%(max)s个字，请用顿号“、”分隔各机关。") % {"max": limits.ORG_NAME})
        return data

    def draft_data(self) -> DraftData:
        data = self.cleaned_data
        return DraftData(**{name: data[name] for name in (
            "doc_type", "direction", "form", "prefix", "title", "body", "main_recipients", "cc_recipients",
            "attachment_notes", "note", "secret_level", "secrecy_period", "urgency", "publicity", "is_important",
            "with_seal", "version_note", "attendance_present", "attendance_absent", "attendance_observers",
        )})

    @staticmethod
    def initial_from(document) -> dict:
        return {
            "doc_type": document.doc_type, "direction": document.direction, "form": document.form,
            "prefix": document.prefix_id, "title": document.title, "main_recipients": document.main_recipients,
            "cc_recipients": document.cc_recipients, "body": document.body, "attachment_notes": document.attachment_notes,
            "note": document.note, "secret_level": document.secret_level, "secrecy_period": document.secrecy_period,
            "urgency": document.urgency, "publicity": document.publicity, "is_important": document.is_important,
            "with_seal": document.with_seal, "attendance_present": document.attendance_present,
            "attendance_absent": document.attendance_absent, "attendance_observers": document.attendance_observers,
        }


class OfficeCheckForm(SafeTextForm):
    """核稿: the signer and, optionally, departments to countersign."""

    signer = LeaderChoiceField(label=_("签发领导"), queryset=User.objects.none(),
                               help_text=_("上行文和重要文件由主要负责人签发"))
    countersign_units = forms.ModelMultipleChoiceField(
        label=_("会签处室"), queryset=OrgUnit.objects.none(), required=False,
        widget=units("documents.outgoing.countersign_units", multiple=True),
        help_text=_("需其他处室会签时选择，各处室同时会签"),
    )
    opinion = forms.CharField(label=_("核稿意见"), required=False, max_length=limits.OPINION, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, document=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = leader_choices(user, document.secret_level)
        self.fields["countersign_units"].queryset = countersign_units_for(user, document)
        self.fields["countersign_units"].widget.params = {"doc": document.pk}
        if not self.is_bound:
            signer = document.signer or default_signer(document)
            self.initial.setdefault("signer", signer.pk if signer else None)


class CountersignForm(SafeTextForm):
    verdict = forms.ChoiceField(label=_("会签结果"), choices=[("agree", _("同意")), ("return", _("退回修改"))],
                                widget=forms.RadioSelect, initial="agree")
    opinion = forms.CharField(label=_("会签意见"), required=False, max_length=limits.OPINION, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("verdict") == "return" and not (data.get("opinion") or "").strip():
            self.add_error("opinion", _("退回时请填写会签意见。"))
        return data


class SignForm(SafeTextForm):
    opinion = forms.CharField(label=_("签发意见"), max_length=limits.OPINION, initial=_("同意印发。"),
                              widget=forms.Textarea(attrs={"rows": 2}))


class RecheckForm(SafeTextForm):
    """复核: confirm, or correct the text — a change goes back to the signer."""

    title = forms.CharField(label=_("标题"), max_length=limits.TITLE)
    body = forms.CharField(label=_("正文"), max_length=limits.BODY, widget=forms.Textarea(attrs={"rows": 10}))
    attachment_notes = forms.CharField(label=_("附件说明"), required=False, max_length=limits.ATTACHMENT_NOTES,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    opinion = forms.CharField(label=_("复核意见"), required=False, max_length=limits.OPINION, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("未改动稿件则复核通过、进入编号；改动稿件须说明，并送签发人重新签发"))

    def __init__(self, *args, user=None, document=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and document is not None:
            self.initial.update(title=document.title, body=document.body, attachment_notes=document.attachment_notes)


class ConfirmForm(SafeTextForm):
    """A step with nothing to fill in (编号)."""


class IssueForm(SafeTextForm):
    """印发: copies, internal distribution, 印发机关 and 印发日期."""

    copies = forms.IntegerField(label=_("印制份数"), min_value=1, max_value=9999)
    internal_units = forms.ModelMultipleChoiceField(
        label=_("本机关分送处室"), queryset=OrgUnit.objects.none(), required=False, widget=units(multiple=True),
    )
    printer = forms.CharField(label=_("印发机关"), max_length=limits.ORG_NAME)
    printed_on = forms.DateField(label=_("印发日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, user=None, document=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.document = document
        self.fields["internal_units"].queryset = department_choices(user)
        if not self.is_bound and document is not None:
            external = len(document.main_list) + len(document.cc_list)
            self.initial.update(
                copies=max(external + 2, 1), printer=printer_name(), printed_on=timezone.localdate(),
                internal_units=[document.drafting_unit_id],
            )

    def clean_printed_on(self):
        day = self.cleaned_data["printed_on"]
        limits.check_printed_on(day, self.document.dated_on if self.document is not None else None)
        return day
