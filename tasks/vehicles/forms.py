"""Input of 用车: the request, the office's 派车 and 回车登记, its vehicles and drivers."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from office.textinput import SafeTextForm
from tasks.choices import VehicleKind, VehicleState
from tasks.models import Driver, Vehicle
from tasks.requests.forms import DateInput, MoneyField

LOCAL = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=LOCAL)


def _when(label, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, widget=DateTimeInput(), input_formats=[LOCAL, "%Y-%m-%d %H:%M"], **kwargs)


class TripForm(SafeTextForm):
    title = forms.CharField(label=_("用车事由"), max_length=200)
    origin = forms.CharField(label=_("出发地点"), max_length=100, initial=_("局机关"))
    destination = forms.CharField(label=_("目的地"), max_length=200)
    passengers = forms.IntegerField(label=_("乘车人数"), min_value=1, max_value=60)
    passenger_names = forms.CharField(label=_("乘车人员"), max_length=300)
    starts_at = _when(_("用车开始时间"))
    ends_at = _when(_("用车结束时间"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("用车结束时间须晚于开始时间。"))
        return data


def _vehicle_label(v: Vehicle) -> str:
    label = _("%(plate)s %(model)s（%(kind)s，%(seats)s座）") % {
        "plate": v.plate,
        "model": v.model_name,
        "kind": v.get_kind_display(),
        "seats": v.seats,
    }
    return label if v.state == VehicleState.IN_SERVICE else f"{label}【{v.get_state_display()}】"


def _driver_label(d: Driver) -> str:
    return d.name if d.is_active else f"{d.name}【{_('不在岗')}】"


class DispatchForm(forms.Form):
    """Every vehicle and driver is listed (those out of service marked): the service says why one is refused."""

    vehicle = forms.ModelChoiceField(label=_("车辆"), queryset=Vehicle.objects.none())
    driver = forms.ModelChoiceField(label=_("驾驶员"), queryset=Driver.objects.none())

    def __init__(self, *args, user=None, subject=None, **kwargs):
        from tasks.vehicles import selectors

        super().__init__(*args, **kwargs)
        self.fields["vehicle"].queryset = selectors.vehicles(user=user)
        self.fields["vehicle"].label_from_instance = _vehicle_label
        self.fields["driver"].queryset = selectors.drivers(user=user)
        self.fields["driver"].label_from_instance = _driver_label


class CheckInForm(forms.Form):
    back_at = _when(_("回车时间"))
    odometer_in = forms.IntegerField(label=_("回车里程（公里）"), min_value=0, max_value=9_999_999)
    fuel_cost = MoneyField(label=_("油费（元）"), required=False)
    toll_cost = MoneyField(label=_("路桥费（元）"), required=False)

    def __init__(self, *args, user=None, subject=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["back_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
            trip = getattr(subject, "trip", None)
            if trip is not None and trip.odometer_out is not None:
                self.fields["odometer_in"].help_text = _("出车里程 %(km)s 公里") % {"km": trip.odometer_out}


class VehicleForm(SafeTextForm):
    plate = forms.CharField(label=_("车牌号"), max_length=20)
    model_name = forms.CharField(label=_("品牌型号"), max_length=60)
    kind = forms.ChoiceField(label=_("车型"), choices=VehicleKind.choices)
    seats = forms.IntegerField(label=_("乘客座位数"), min_value=1, max_value=60, help_text=_("不含驾驶员。"))
    state = forms.ChoiceField(label=_("车辆状态"), choices=VehicleState.choices)
    mileage = forms.IntegerField(label=_("当前里程（公里）"), min_value=0, max_value=9_999_999, initial=0)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)
    sort_order = forms.IntegerField(label=_("排序"), min_value=0, max_value=9999, initial=0)
    inspection_due = forms.DateField(label=_("年检到期日"), required=False, widget=DateInput())
    insurance_due = forms.DateField(label=_("保险到期日"), required=False, widget=DateInput())


class DriverForm(SafeTextForm):
    name = forms.CharField(label=_("姓名"), max_length=30)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    licence = forms.CharField(label=_("准驾车型"), max_length=10, required=False)
    is_active = forms.BooleanField(label=_("在岗"), required=False, initial=True)
    sort_order = forms.IntegerField(label=_("排序"), min_value=0, max_value=9999, initial=0)
