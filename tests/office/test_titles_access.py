"""A to-do, a notification or a list row never shows a title its holder may no longer see (issue 9, point 4).

For each way of losing access — clearance lowered, moved to another unit, replaced as
承办人, a leader's 分管 removed — the title appears nowhere on the four tabs of the
workbench, and the navigation badges no longer count it.
"""

from __future__ import annotations

import re

from documents.choices import IncomingState as S
from documents.incoming import services as documents_services
from office import deadlines, services
from office.choices import Clearance, Role, TodoKind, TodoState
from office.models import Deadline, Notification, Todo, User
from tests.documents.conftest import organ, people, units, walk  # noqa: F401 - fixtures
from tests.helpers import assert_num_queries, client_for

TABS = ("todo", "done", "toread", "notifications")




def badges(html: str) -> dict[str, int]:
    return {key: int(value) for key, value in re.findall(r'data-count="(\w+)">(\d+)<', html)}


def workbench(user) -> tuple[dict[str, str], dict[str, int]]:
    """The HTML of each tab and the navigation badges, as the user sees them."""
    client = client_for(user)
    pages = {}
    for tab in TABS:
        response = client.get(f"/?tab={tab}")
        assert response.status_code == 200
        pages[tab] = response.content.decode()
    return pages, badges(pages["todo"])


def one_of_each(user, document, sender) -> None:
    """A 待办, a 待阅, an 已办 and an unread notification about ``document``, through the services."""
    title = document.title
    url = document.get_absolute_url()
    services.todo_open(user=user, target=document, step="test.act", title=f"【待办】{title}", url=url, sender=sender)
    services.todo_open(user=user, target=document, step="test.read", title=f"【传阅】{title}", url=url,
                       kind=TodoKind.READ, sender=sender)
    services.todo_open(user=user, target=document, step="test.done", title=f"【已办】{title}", url=url, sender=sender)
    services.todo_close(target=document, step="test.done", user=user)
    services.notification_send(recipient=user, verb="test", title=f"【通知】{title}", body=f"请阅“{title}”。",
                               url=url, target=document)


def assert_gone(user, title: str, before: dict[str, int]) -> None:
    pages, counts = workbench(user)
    for tab, html in pages.items():
        assert title not in html, f"the title is still on the {tab} tab"
    assert counts == before, counts
    # The 已办 row stays, without title or link: she did it, she may not read it now.
    assert "（无权查看的事项）" in pages["done"]


def lose_clearance(user: User, level: int) -> None:
    services.user_save(
        actor=None, username=user.username, full_name=user.full_name, unit=user.unit, role=user.role,
        title=user.title, clearance=level, phone=user.phone, email=user.email, is_principal=user.is_principal,
        in_charge_of=list(user.in_charge_of.all()),
    )


def test_clearance_lowered_from_secret_to_internal(people, walk):
    head, office = people["zhoujianhua"], people["zhouting"]
    before = workbench(head)[1]
    document = walk(S.HANDLING, secret_level=Clearance.SECRET)  # ZCFG leads: 待交办 on her workbench
    one_of_each(head, document, office)
    pages, counts = workbench(head)
    assert document.title in pages["todo"] and document.title in pages["done"]
    assert document.title in pages["toread"] and document.title in pages["notifications"]
    assert counts["todo"] == before["todo"] + 2 and counts["notifications"] == before["notifications"] + 1

    lose_clearance(head, Clearance.INTERNAL)

    assert client_for(head).get(document.get_absolute_url()).status_code == 404
    assert_gone(head, document.title, before)
    withdrawn = Todo.objects.filter(user=head, state=TodoState.WITHDRAWN)
    assert set(withdrawn.values_list("step", flat=True)) == {"incoming.assign", "test.act", "test.read"}
    note = Notification.objects.get(recipient=head, verb="test")
    assert note.read_at is not None and note.email_state == "skipped"  # no e-mail about it either


def test_moved_to_another_unit(people, units, walk):
    head, office = people["zhoujianhua"], people["zhouting"]
    before = workbench(head)[1]
    document = walk(S.HANDLING, secret_level=Clearance.INTERNAL)
    one_of_each(head, document, office)
    deadline = Deadline.objects.get(target_id=str(document.pk))
    deadlines.deadline_urge(actor=office, deadline=deadline, message="请加快办理。")  # a 催办 notification too
    assert workbench(head)[1]["notifications"] == before["notifications"] + 2

    services.user_save(
        actor=None, username=head.username, full_name=head.full_name, unit=units["JYCJ"], role=Role.STAFF,
        title="一级调研员", clearance=head.clearance, phone=head.phone, email=head.email,
    )

    head.refresh_from_db()
    assert_gone(head, document.title, before)
    # Still named on the time limit, but its item is out of reach: 我的时限 shows no title, its page is a 404.
    client = client_for(head)
    page = client.get("/deadlines/?scope=mine&window=open").content.decode()
    assert document.title not in page and "（无权查看的事项）" in page
    assert client.get(deadline.get_absolute_url()).status_code == 404


def test_handler_replaced(people, walk):
    first, second, head = people["qianli"], people["sunpeng"], people["zhoujianhua"]
    before = workbench(first)[1]
    document = walk(S.HANDLING, secret_level=Clearance.INTERNAL, handler="qianli")
    services.todo_open(user=first, target=document, step="test.done", title=f"【已办】{document.title}",
                       url=document.get_absolute_url())
    services.todo_close(target=document, step="test.done", user=first)
    deadline = Deadline.objects.get(target_id=str(document.pk))
    deadlines.deadline_urge(actor=people["zhouting"], deadline=deadline, message="请加快办理。")
    pages, counts = workbench(first)
    assert document.title in pages["todo"] and document.title in pages["notifications"]

    documents_services.incoming_assign(actor=head, document=document, handler=second)

    assert client_for(first).get(document.get_absolute_url()).status_code == 404
    assert_gone(first, document.title, before)
    handle = Todo.objects.get(user=first, step="incoming.handle")
    assert handle.state == TodoState.WITHDRAWN  # taken from her, not done by her: not in her 已办
    assert document.title in workbench(second)[0]["todo"]


def test_leaders_charge_removed(people, units, walk):
    deputy, office = people["liminghua"], people["zhouting"]
    before = workbench(deputy)[1]
    # Routed to another leader: 李明华 sees it only as the leader in charge of 政策法规处.
    document = walk(S.HANDLING, secret_level=Clearance.INTERNAL, leaders=("zhaozhigang",), assisting=())
    one_of_each(deputy, document, office)
    assert document.title in workbench(deputy)[0]["toread"]

    # What the administrator's page does: the many-to-many saved, then admin_after_related.
    deputy.in_charge_of.remove(units["ZCFG"])
    services.admin_after_related(actor=people["secadmin"], obj=deputy)

    assert client_for(deputy).get(document.get_absolute_url()).status_code == 404
    assert_gone(deputy, document.title, before)


def test_a_title_still_visible_stays(people, walk):
    """Nothing is withdrawn from someone who may still see it (an unrelated change of account)."""
    head = people["zhoujianhua"]
    document = walk(S.HANDLING, secret_level=Clearance.INTERNAL)
    services.user_save(
        actor=None, username=head.username, full_name=head.full_name, unit=head.unit, role=head.role,
        title="处长（主持工作）", clearance=Clearance.SECRET, phone=head.phone, email=head.email,
    )
    pages, _counts = workbench(head)
    assert document.title in pages["todo"]
    assert not Todo.objects.filter(user=head, state=TodoState.WITHDRAWN).exists()


def test_withdrawal_is_set_wise(people, walk):
    """Checking a user's open to-dos costs one query per kind of target, not one per row."""
    head = people["zhoujianhua"]
    documents = [walk(S.HANDLING, secret_level=Clearance.SECRET) for _ in range(3)]
    for document in documents:
        one_of_each(head, document, people["zhouting"])
    User.objects.filter(pk=head.pk).update(clearance=Clearance.INTERNAL)
    # Savepoint, fresh user, open to-dos (locked), notifications, one query for the one kind of
    # target (收文), three UPDATEs (to-dos; notifications' read and e-mail states), release.
    with assert_num_queries(9):
        withdrawn = services.todos_withdraw_unseeable(user=head)
    assert withdrawn == 3 * 3
