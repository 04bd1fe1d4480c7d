"""The demo organ: 江城市人力资源和社会保障局.

Built through the services, keyed by stable codes and usernames, so loading it
twice gives the same data. No superuser: the three administrators are ordinary
accounts with their own roles.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from office import passwords, services
from office.choices import Clearance, Role, UnitKind
from office.models import User
from office.workflow.choices import Duty
from office.workflow.duties import duty_grant

DEMO_PASSWORD = "Sanban@2026"
ORGAN_NAME = "江城市人力资源和社会保障局"


@dataclass(frozen=True)
class Dept:
    code: str
    name: str
    short: str
    head: tuple[str, str]  # username, full name
    staff: tuple[tuple[str, str], ...]


DEPARTMENTS: tuple[Dept, ...] = (
    Dept("ZCFG", "政策法规处", "法规处", ("zhoujianhua", "周建华"), (("qianli", "钱莉"), ("sunpeng", "孙鹏"))),
    Dept("JYCJ", "就业促进和失业保险处", "就业处", ("wuguoqiang", "吴国强"), (("zhengyan", "郑燕"), ("wangbo", "王博"))),
    Dept("RCKF", "人才开发和市场处", "人才处", ("fengxiaoyan", "冯晓燕"), (("chenhao", "陈浩"), ("chudan", "褚丹"))),
    Dept("ZYNL", "职业能力建设处", "职建处", ("weidong", "卫东"), (("jiangtao", "蒋涛"), ("shenjing", "沈静"))),
    Dept("ZJRY", "专业技术人员管理处", "专技处", ("hanxue", "韩雪"), (("yangfan", "杨帆"), ("zhuli", "朱丽"))),
    Dept("YLBX", "养老保险处", "养老处", ("qinzhiyong", "秦志勇"), (("youmin", "尤敏"), ("xuqiang", "许强"))),
    Dept("GSBX", "工伤保险处", "工伤处", ("hejun", "何俊"), (("lvping", "吕萍"), ("shijie", "施杰"))),
    Dept("LDGX", "劳动关系处", "劳动关系处", ("zhangmin", "张敏"), (("kongliang", "孔亮"), ("caohui", "曹慧"))),
    Dept("JCZD", "劳动保障监察处", "监察处", ("yanhong", "严红"), (("huajian", "华健"), ("jinyu", "金鱼"))),
    Dept("RSC", "人事处", "人事处", ("weiping", "魏萍"), (("taoran", "陶然"), ("jiangli", "姜丽"))),
)

#: (username, full name, title, is_principal, departments in charge)
LEADERS: tuple[tuple[str, str, str, bool, tuple[str, ...]], ...] = (
    ("wangjianguo", "王建国", "局长", True, ()),
    ("liminghua", "李明华", "副局长", False, ("ZCFG", "RCKF", "ZJRY", "RSC")),
    ("zhaozhigang", "赵志刚", "副局长", False, ("JYCJ", "ZYNL", "LDGX")),
    ("chenxuemei", "陈雪梅", "副局长", False, ("YLBX", "GSBX", "JCZD")),
)

#: Office staff: (username, full name, title, clearance)
OFFICE_STAFF: tuple[tuple[str, str, str, int], ...] = (
    ("liuxiaodong", "刘晓东", "办公室主任", Clearance.CONFIDENTIAL),
    ("wujing", "吴静", "秘书", Clearance.CONFIDENTIAL),
    ("zhouting", "周婷", "文书", Clearance.SECRET),
    ("sunhao", "孙浩", "督查员", Clearance.SECRET),
)

#: Office duties (办公室岗位): whose to-dos the office's steps become.
OFFICE_DUTIES: tuple[tuple[str, str], ...] = (
    ("liuxiaodong", Duty.DIRECTOR),
    ("wujing", Duty.SECRETARY),
    ("zhouting", Duty.CLERK),
    ("sunhao", Duty.SUPERVISOR),
)

#: 三员: (username, full name, role, title)
ADMINISTRATORS: tuple[tuple[str, str, str, str], ...] = (
    ("sysadmin", "郑伟", Role.SYSADMIN, "系统管理员"),
    ("secadmin", "冯丽", Role.SECADMIN, "安全保密管理员"),
    ("auditor", "何军", Role.AUDITOR, "安全审计员"),
)

PREFIXES = (
    ("人社发", "局发文件（下行文、平行文）"),
    ("人社函", "局函件"),
    ("人社办发", "局办公室发文"),
    ("人社呈", "向上级机关的请示、报告"),
)


def _email(username: str) -> str:
    return f"{username}@rsj.jiangcheng.gov.cn"


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create or refresh the demo organ. Returns counts for the command's output."""
    organ = services.unit_save(
        actor=None, code="RSJ", name=ORGAN_NAME, short_name="市人社局", kind=UnitKind.ORGAN, fonds_code="J012"
    )
    for order, (code, description) in enumerate(PREFIXES, start=1):
        services.prefix_save(actor=None, organ=organ, code=code, description=description, sort_order=order)
    leadership = services.unit_save(
        actor=None, code="JLD", name="局领导", kind=UnitKind.LEADERSHIP, parent=organ, sort_order=1
    )
    office = services.unit_save(
        actor=None, code="BGS", name="办公室", kind=UnitKind.OFFICE, parent=organ, sort_order=2
    )
    departments = {}
    for order, dept in enumerate(DEPARTMENTS, start=10):
        departments[dept.code] = services.unit_save(
            actor=None, code=dept.code, name=dept.name, short_name=dept.short,
            kind=UnitKind.DEPARTMENT, parent=organ, sort_order=order,
        )

    def person(username, full_name, unit, role, title, clearance, **extra) -> User:
        user = services.user_save(
            actor=None, username=username, full_name=full_name, unit=unit, role=role, title=title,
            clearance=clearance, email=_email(username), password=DEMO_PASSWORD,
            phone=_phone(username), **extra,
        )
        # The demo password is a known one by design: counted from this load, no forced change.
        passwords.password_mark_changed(user=user)
        return user

    for username, full_name, title, principal, charge in LEADERS:
        person(
            username, full_name, leadership, Role.LEADER, title, Clearance.CONFIDENTIAL,
            is_principal=principal, in_charge_of=[departments[c] for c in charge],
        )
    for username, full_name, title, clearance in OFFICE_STAFF:
        person(username, full_name, office, Role.OFFICE, title, clearance)
    for dept in DEPARTMENTS:
        unit = departments[dept.code]
        person(dept.head[0], dept.head[1], unit, Role.DEPT_HEAD, "处长", Clearance.SECRET)
        for index, (username, full_name) in enumerate(dept.staff):
            clearance = Clearance.SECRET if index == 0 else Clearance.INTERNAL
            person(username, full_name, unit, Role.STAFF, "科员" if index else "一级主任科员", clearance)
    services.unit_set_head(actor=None, unit=office, head=User.objects.get(username=OFFICE_STAFF[0][0]))
    for dept in DEPARTMENTS:
        services.unit_set_head(actor=None, unit=departments[dept.code], head=User.objects.get(username=dept.head[0]))
    for username, duty in OFFICE_DUTIES:
        duty_grant(actor=None, user=User.objects.get(username=username), duty=duty)
    for username, full_name, role, title in ADMINISTRATORS:
        # 三员 belong to no business unit: unit grants must never reach them.
        person(username, full_name, None, role, title, Clearance.INTERNAL)
    deadlines_created = _demo_deadlines(departments, office)
    created = {
        "units": 3 + len(DEPARTMENTS),
        "users": User.objects.count(),
        "deadlines_created": deadlines_created,
        **_app_demos(),
    }
    # The dashboards' figures as of the demo's load (the beat keeps them current afterwards).
    from office import figures

    created["figures"] = figures.refresh()
    return created


def _app_demos() -> dict[str, int]:
    """Each business app's ``demo.load()`` (office names no app: it looks them up, as admin does)."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    created = {}
    for config in apps.get_app_configs():
        if config.name == "office" or not getattr(config, "url_prefix", None):
            continue
        if find_spec(f"{config.name}.demo") is None:
            continue
        created[f"{config.label}_created"] = import_module(f"{config.name}.demo").load()
    return created


#: Items with time limits in every state: (unit code, username, title, working days from today
#: (negative: overdue), 密级, closed?). Due at 18:00 on that day.
DEMO_DEADLINES = (
    ("JYCJ", "wuguoqiang", "报送2026年度工作总结和2027年工作思路", 5, Clearance.PUBLIC, False),
    ("ZCFG", "qianli", "起草《江城市人力资源市场管理办法》征求意见稿", 1, Clearance.INTERNAL, False),
    ("YLBX", "qinzhiyong", "落实市政府常务会议议定事项：城乡居民基础养老金调整方案", 0, Clearance.INTERNAL, False),
    ("RCKF", "chenhao", "答复市人大代表第0156号建议（高校毕业生留江就业）", -2, Clearance.PUBLIC, False),
    ("GSBX", "lvping", "工伤认定行政复议案件答复书", -1, Clearance.SECRET, False),
    ("JCZD", "yanhong", "欠薪线索专项督查整改情况报告", -10, Clearance.INTERNAL, False),
    ("BGS", "zhouting", "2026年度机关文书档案整理归档", 15, Clearance.PUBLIC, False),
    ("ZYNL", "jiangtao", "2026年全市职业技能大赛工作总结", -3, Clearance.PUBLIC, True),
)


def _demo_deadlines(departments, office) -> int:
    """Time limits set by the office director, once each (matched by title)."""
    import datetime as dt

    from django.utils import timezone

    from office import deadlines
    from office import services as core
    from office.models import Deadline
    from office.workdays import END_OF_WORKING_DAY, WorkCalendar

    director = User.objects.get(username="liuxiaodong")
    cal, today = WorkCalendar(), timezone.localdate()
    units = {**departments, "BGS": office}
    created = 0
    for code, username, title, workdays, level, closed in DEMO_DEADLINES:
        if Deadline.objects.filter(title=title).exists():
            continue
        person = User.objects.get(username=username)
        day = today if workdays == 0 else cal.add_workdays(today, workdays)
        due_at = timezone.make_aware(dt.datetime.combine(day, END_OF_WORKING_DAY))
        deadline = deadlines.deadline_set(
            actor=director, title=title, responsible_unit=units[code], responsible_user=person,
            due_at=due_at, secret_level=level,
        )
        core.todo_open(
            user=person, target=deadline, step="deadline.handle", title=title,
            url=deadline.get_absolute_url(), sender=director, due_at=due_at,
            summary=f"{units[code].name} · {director.full_name}交办",
        )
        if closed:
            deadlines.deadline_close(actor=person, deadline=deadline, reason="已按时办结")
        created += 1
    return created


def _phone(username: str) -> str:
    """A stable, made-up office number (the same on every load)."""
    digits = sum((i + 1) * ord(c) for i, c in enumerate(username)) % 10000
    return f"0710-8862{digits:04d}"
