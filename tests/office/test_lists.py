"""office.lists: desks' boxes, one page of a filtered list, the FilterSets' common base — without any app."""

from __future__ import annotations

import django_filters
from django.test import RequestFactory

from office.lists import Box, ListFilterSet, box_from, boxes_for, desk_page
from office.models import User


class UserFilterSet(ListFilterSet):
    q = django_filters.CharFilter(label="q", field_name="username", lookup_expr="icontains", max_length=10)


class Someone:
    role = "office"


BOXES = (Box("a", "A", ("x",), frozenset({"office"})), Box("b", "B", ("y",), frozenset({"leader"})))


def test_a_user_gets_his_role_s_boxes_and_the_one_asked_for_if_his():
    mine = boxes_for(Someone(), BOXES)
    assert [b.key for b in mine] == ["a"]
    rf = RequestFactory()
    assert box_from(rf.get("/", {"box": "a"}), mine, mine[0]).key == "a"
    assert box_from(rf.get("/", {"box": "b"}), mine, mine[0]).key == "a"  # not his: the default


def test_valid_filters_apply():
    filters = UserFilterSet({"q": "zhou"})
    sql = str(filters.apply(User.objects.all()).query)
    assert "LIKE" in sql.upper() and "zhou" in sql


def test_an_invalid_value_filters_nothing_and_the_page_starts_again():
    request = RequestFactory().get("/", {"q": "zhou", "page": "0"})
    filters = UserFilterSet(request.GET)
    assert str(filters.apply(User.objects.all()).query) == str(User.objects.all().query)
    listing = desk_page(request, list(range(45)), filters, per_page=20)
    assert listing["page"].number == 1 and "page" in listing["filter_form"].errors
    assert listing["query"] == "q=zhou"


def test_an_unbound_set_filters_nothing_and_a_valid_one_pages_as_asked():
    assert str(UserFilterSet(None).apply(User.objects.all()).query) == str(User.objects.all().query)
    request = RequestFactory().get("/", {"page": "3"})
    assert desk_page(request, list(range(45)), UserFilterSet(request.GET), per_page=20)["page"].number == 3


def test_text_with_a_control_character_is_refused_with_the_note():
    filters = UserFilterSet({"q": "zh\x00ou"})
    assert not filters.form.is_valid() and "q" in filters.form.errors
