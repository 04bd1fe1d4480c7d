"""Log in through the real form as each kind of user and look at the workbench.

Runs the demo organ on pytest-django's live server in headless Chromium: the login
page, the landing page of each role with its own panel, working static files (Bootstrap,
Font Awesome, the house style), no failed request and no script error. Each workbench is
saved as ``tests/artifacts/workbench-<role>.png``; the principal's and the login page are
also kept as ``docs/screenshots/`` for the documentation.
"""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from django.utils import timezone

from office.choices import TodoKind
from office.demo import DEMO_PASSWORD
from office.models import Notification, Todo, User
from tests.browser.conftest import SCREENSHOTS, UPDATE_DOCS
from tests.factories import NotificationFactory, TodoFactory

pytestmark = pytest.mark.browser

#: role → (username, what their workbench must show, what it must not)
ROLES = {
    "principal": ("wangjianguo", ["王建国局长", "处室一览", "政策法规处", "周建华 处长"], ["分管处室", "管理工作"]),
    "office": ("zhouting", ["周婷文书", "处室一览", "2026年度机关文书档案整理归档"], ["管理工作"]),
    "dept_head": ("zhoujianhua", ["周建华处长", "政策法规处", "钱莉", "孙鹏"], ["处室一览", "管理工作"]),
    "sysadmin": ("sysadmin", ["郑伟", "管理工作", "用户账号", "组织单位", "管理后台"], ["处室一览", "审计日志"]),
    "auditor": ("auditor", ["何军", "管理工作", "审计日志", "账号变更历史", "管理后台"], ["处室一览", "用户账号"]),
}


def _give_the_principal_a_day_of_work() -> None:
    """A few rows on the principal's tabs, through the services, so his page is not empty."""
    principal = User.objects.get(username="wangjianguo")
    director = User.objects.get(username="liuxiaodong")
    now = timezone.now()
    for title, days, urgent in (
        ("关于2026年度全市就业工作目标任务分解的请示", 1, True),
        ("市人社局关于开展欠薪问题专项整治的实施方案（送审稿）", 3, False),
        ("关于调整城乡居民基础养老金标准的报告", 6, False),
    ):
        TodoFactory(user=principal, title=title, sender=director, due_at=now + timedelta(days=days),
                    is_urgent=urgent, summary="办公室呈批")
    TodoFactory(user=principal, title="市政府办公室关于做好2027年元旦春节期间有关工作的通知",
                kind=TodoKind.READ, sender=director)
    NotificationFactory(recipient=principal, title="周一上午9:00召开局务会，请准时参加", body="地点：三楼第一会议室。")


def _log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form button.btn-sb")
    page.wait_for_url(f"{live_server.url}/")
    page.wait_for_load_state("networkidle")


def _assert_styled(page) -> None:
    styles = page.evaluate("""() => {
        const header = document.querySelector('header.navbar');
        const icon = document.querySelector('i.fa-solid, i.fa-regular');
        const body = getComputedStyle(document.body);
        return {
            navbarDisplay: header && getComputedStyle(header).display,
            navbarBackground: header && getComputedStyle(header).backgroundImage + ' ' + getComputedStyle(header).backgroundColor,
            iconFont: icon && getComputedStyle(icon).fontFamily,
            bodyFont: body.fontFamily,
            overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        };
    }""")
    # Bootstrap's .navbar is a flex box; the house style paints it red.
    assert styles["navbarDisplay"] == "flex", styles
    assert "gradient" in styles["navbarBackground"] or "rgba(0, 0, 0, 0)" not in styles["navbarBackground"], styles
    assert "Font Awesome" in styles["iconFont"], styles
    assert "Noto Sans CJK SC" in styles["bodyFont"], styles
    assert styles["overflow"] <= 0, f"the page scrolls sideways by {styles['overflow']} px"


def test_login_page(live_server, demo, page, artifacts):
    page.goto(f"{live_server.url}/accounts/login/")
    page.wait_for_load_state("networkidle")
    assert page.title() == "登录 · 三办"
    assert page.locator("h1").inner_text() == "三办 · 机关办公室业务系统"
    assert page.locator("form button.btn-sb").inner_text() == "登录"
    background = page.evaluate("getComputedStyle(document.body).backgroundImage")
    assert "gradient" in background, "the house style did not load"
    assert page.evaluate("getComputedStyle(document.querySelector('.btn-sb')).backgroundColor") == "rgb(164, 22, 26)"
    assert not page.problems, page.problems
    page.screenshot(path=str(artifacts / "login.png"), full_page=True)
    if UPDATE_DOCS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(artifacts / "login.png", SCREENSHOTS / "login.png")


def test_wrong_password_in_the_browser(live_server, demo, page):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "wangjianguo")
    page.fill("#id_password", "not-the-password")
    page.click("form button.btn-sb")
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    assert "请输入一个正确的用户名和密码" in page.locator(".alert-danger").inner_text()


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_logs_in_and_sees_their_workbench(role, live_server, demo, page, artifacts):
    username, shown, hidden = ROLES[role]
    if role == "principal":
        _give_the_principal_a_day_of_work()
    _log_in(page, live_server, username)

    assert page.title() == "工作台 · 三办"
    main = page.locator("main").inner_text()
    header = page.locator("header").inner_text()
    for text in shown:
        assert text in main or text in header, f"{role}'s workbench does not show {text!r}"
    for text in hidden:
        assert text not in main and text not in header, f"{role}'s workbench shows {text!r}"
    if role == "principal":
        assert page.locator("#sb-tab-body").get_by_text("关于2026年度全市就业工作目标任务分解的请示").is_visible()
        # The three rows given above, plus what the demo's documents wait on him for (待批示).
        waiting = Todo.objects.filter(user__username="wangjianguo", kind=TodoKind.ACTION, state="open").count()
        assert waiting >= 3
        assert page.locator('[data-count="todo"]').inner_text() == str(waiting)
        unread = Notification.objects.filter(recipient__username="wangjianguo", read_at__isnull=True).count()
        assert unread >= 1  # the one given above, and what the demo's meetings and 信息专报 sent him
        assert page.locator('[data-count="notifications"]').inner_text() == str(unread)
        # The 待阅 tab, through htmx: the row appears without leaving the page.
        page.click('a[data-tab="toread"]')
        page.wait_for_selector("text=市政府办公室关于做好2027年元旦春节期间有关工作的通知")
        assert page.url.endswith("?tab=toread")
        assert page.locator('a[data-tab="toread"]').get_attribute("class").endswith("active")
        page.click('a[data-tab="todo"]')
        page.wait_for_selector("text=关于2026年度全市就业工作目标任务分解的请示")
        page.wait_for_load_state("networkidle")
        assert "active" not in page.locator('a[data-tab="toread"]').get_attribute("class").split()
        page.mouse.move(0, 0)
        page.wait_for_timeout(400)  # let Bootstrap's tab border transition finish before the screenshot
    _assert_styled(page)
    assert not page.problems, page.problems

    path = artifacts / f"workbench-{role}.png"
    page.screenshot(path=str(path), full_page=True)
    if role == "principal":
        if UPDATE_DOCS:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, SCREENSHOTS / "workbench.png")

    if role in ("sysadmin", "auditor"):
        # Their 管理后台 link leads to the admin, in Chinese, with their part only.
        page.click("text=管理后台")
        page.wait_for_url(f"{live_server.url}/admin/")
        content = page.locator("body").inner_text()
        assert "三办 · 三员管理" in content and "Django" not in content
        links = {role: page.locator(f'a[href="/admin/office/{model}/"]').count() > 0
                 for role, model in (("sysadmin", "orgunit"), ("auditor", "auditevent"))}
        assert links == {"sysadmin": role == "sysadmin", "auditor": role == "auditor"}
        assert not page.problems, page.problems
        page.screenshot(path=str(artifacts / f"admin-{role}.png"), full_page=True)


def test_logout_from_the_menu(live_server, demo, page):
    _log_in(page, live_server, "zhoujianhua")
    page.click("header .dropdown-toggle")
    page.click("text=退出登录")
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/?next=/")
