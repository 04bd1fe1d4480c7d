"""System checks: what ``manage.py`` tells the administrator when it starts."""

from __future__ import annotations

from django.core import checks
from django.db import connections
from django.utils.translation import gettext as _

from office import fonts, search


@checks.register("fonts")
def check_pdf_fonts(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """The PDFs' fonts: a configured file that is missing; the bundled fallback in use."""
    status = fonts.font_status()
    messages = []
    for role, entry in status["roles"].items():
        if entry["source"] == fonts.CONFIGURED and not entry["ok"]:
            messages.append(checks.Warning(
                _("%(setting)s 指定的字体文件不存在，PDF 无法生成：%(path)s")
                % {"setting": fonts.ROLES[role].setting, "path": fonts.locate(role).path},
                hint=_("改正该设置，或删去它以使用 Debian 的免费字体或随附的备用字体。"),
                id="office.W002",
            ))
    bundled = [role for role, entry in status["roles"].items() if entry["source"] == fonts.BUNDLED]
    if bundled and not fonts.bundled_available():
        messages.append(checks.Warning(
            _("未找到 CJK 字体，随附的备用字体也未安装：PDF 无法生成（%(roles)s）。")
            % {"roles": "、".join(str(fonts.ROLES[role].label) for role in bundled)},
            hint=_("安装 requirements.txt 中的依赖（pylopdf-fonts-zh-cn 与 fonttools）。"),
            id="office.W003",
        ))
    elif bundled:
        messages.append(checks.Warning(
            _("PDF 正在使用随附的备用字体 Noto Serif SC / Noto Sans SC（%(roles)s），而非标准推荐的字体。")
            % {"roles": "、".join(str(fonts.ROLES[role].label) for role in bundled)},
            hint=_(
                "安装 Debian 的 fonts-arphic-uming、fonts-arphic-ukai、fonts-wqy-zenhei，"
                "或将 DOCUMENTS_FONT_FANGSONG、DOCUMENTS_FONT_XIAOBIAOSONG、DOCUMENTS_FONT_HEITI、"
                "DOCUMENTS_FONT_KAITI、DOCUMENTS_FONT_SONGTI 和 DOCUMENTS_PDF_FONT 指向机关持有授权的 TrueType 字体"
                "（仿宋_GB2312、方正小标宋简体、黑体、楷体_GB2312、宋体）。详见 README。"
            ),
            id="office.W001",
        ))
    return messages


@checks.register(checks.Tags.database)
def check_database_ctype(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    """``migrate`` and ``check --database``: refuse a PostgreSQL database whose LC_CTYPE is C or POSIX."""
    errors = []
    for alias in databases or ():
        errors.extend(search.ctype_errors(connections[alias]))
    return errors
