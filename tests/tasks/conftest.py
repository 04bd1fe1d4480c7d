"""Fixtures for 办事 tests: the demo organ's people (no demo documents), the default approval
rules, budget lines, seals, and ``make_*`` helpers that build requests through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from office.models import OrgUnit, User
from tasks.choices import FileCategory, PayMethod
from tasks.expenses import services as expenses
from tasks.expenses.services import ExpenseData
from tasks.models import ReceptionStandard, Seal
from tasks.reception import services as reception
from tasks.reception.services import ReceptionData
from tasks.requests import services as engine
from tasks.rules import install_default_rules

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="公函.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def people(demo_people) -> dict[str, User]:
    return {u.username: u for u in User.objects.select_related("unit")}


@pytest.fixture
def units(demo_people) -> dict[str, OrgUnit]:
    return {u.code: u for u in OrgUnit.objects.all()}


@pytest.fixture
def rules(people):
    install_default_rules(director=people["liuxiaodong"])
    ReceptionStandard.objects.create(effective_from=dt.date(2020, 1, 1), meal_per_person=Decimal("100"))
    return True


def reception_data(**over) -> ReceptionData:
    today = timezone.localdate()
    values = {
        "title": "接待省人社厅调研组",
        "visitor_organ": "省人力资源和社会保障厅",
        "visitor_names": "张明（副厅长）等6人",
        "visitor_rank": "副厅级",
        "visitors": 6,
        "companions": 3,
        "activity": "就业工作专题调研",
        "starts_on": today,
        "ends_on": today + dt.timedelta(days=1),
        "places": "局机关、市人力资源市场",
        "meals": 2,
        "meal_cost": Decimal("1500"),
        "amount": Decimal("2800"),
        "pay_method": PayMethod.CARD,
    }
    values.update(over)
    return ReceptionData(**values)


@pytest.fixture
def make_reception(people, rules):
    def _make(requester="qianli", letter=True, **over):
        actor = people[requester]
        obj = reception.reception_create(actor=actor, data=reception_data(**over))
        if letter:
            engine.request_file_add(actor=actor, request_obj=obj, category=FileCategory.LETTER, upload=pdf())
        return obj

    return _make


@pytest.fixture
def budget(people, units):
    year = timezone.localdate().year
    return {
        "office": expenses.budget_line_save(
            actor=None, year=year, code="30201", name="办公费", amount=Decimal("100000")
        ),
        "training": expenses.budget_line_save(
            actor=None, year=year, code="30216", name="培训费", amount=Decimal("20000"), unit=units["ZCFG"]
        ),
        "last_year": expenses.budget_line_save(
            actor=None, year=year - 1, code="30201", name="办公费", amount=Decimal("100000")
        ),
    }


@pytest.fixture
def make_expense(people, rules, budget):
    def _make(amount="1200", requester="qianli", line="office", invoice=True, **over):
        actor = people[requester]
        values = {
            "title": "购置办公用品",
            "amount": Decimal(amount),
            "budget_line": budget[line],
            "payee": "江城市文具公司",
            "payee_account": "6222 0000 1111",
            "purpose": "打印纸、硒鼓",
            "pay_method": PayMethod.TRANSFER,
        }
        values.update(over)
        obj = expenses.expense_create(actor=actor, data=ExpenseData(**values))
        if invoice:
            engine.request_file_add(actor=actor, request_obj=obj, category=FileCategory.INVOICE, upload=pdf("发票.pdf"))
        return obj

    return _make


@pytest.fixture
def seals(people):
    return {
        "admin": Seal.objects.create(code="admin", name="局行政公章", keeper=people["zhouting"], sort_order=1),
        "party": Seal.objects.create(code="party", name="局党组印章", keeper=people["zhouting"], sort_order=2),
    }


def approve_all(obj, *usernames, people):
    for name in usernames:
        obj = engine.request_approve(actor=people[name], request_obj=obj)
    return obj
