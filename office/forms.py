from django import forms
from django.utils.translation import gettext_lazy as _

from office.selectors import WORKBENCH_TABS


class WorkbenchQuery(forms.Form):
    tab = forms.ChoiceField(choices=[(t, t) for t in WORKBENCH_TABS], required=False)
    page = forms.IntegerField(min_value=1, required=False)

    def tab_or_default(self) -> str:
        return self.cleaned_data.get("tab") or "todo" if self.is_valid() else "todo"

    def page_or_default(self) -> int:
        return (self.cleaned_data.get("page") or 1) if self.is_valid() else 1


class ProfileForm(forms.Form):
    """The fields a person may change about themselves: how to reach them."""

    phone = forms.CharField(label=_("电话"), max_length=30, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)


class DeadlineQuery(forms.Form):
    scope = forms.CharField(required=False)
    window = forms.ChoiceField(choices=[(w, w) for w in ("soon", "overdue", "open")], required=False)
    page = forms.IntegerField(min_value=1, required=False)


class UrgeForm(forms.Form):
    """催办 in two steps: the message (a suggestion to accept or change), then — shown what goes to
    whom — the confirmation (``confirm``, set only by the confirmation page's button)."""

    message = forms.CharField(
        label=_("催办意见"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        initial=_("请抓紧办理，按时限办结并反馈。"),
        help_text=_("可直接使用建议的意见或修改；下一步核对收件人和内容后再发送。"),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class SlipResetForm(forms.Form):
    """Setting a password with both halves of a sealed slip (密封单上联、下联)."""

    username = forms.CharField(label=_("用户名"), max_length=150)
    first = forms.CharField(label=_("上联凭证码"), max_length=40)
    second = forms.CharField(label=_("下联凭证码"), max_length=40)
