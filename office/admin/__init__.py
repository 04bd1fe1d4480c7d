"""Django admin for the three administrators (三员), each only their own part.

- 系统管理员 (``admin.accounts``): accounts and the org chart.
- 安全保密管理员 (``admin.security``): roles, clearances, 分管, object grants.
- 办公室岗位 (安全保密管理员) and 审批规则 (系统管理员): ``office.admin.duties``.
- 安全审计员 (``admin.audit``): reads the audit log and the history; changes nothing.

Which administrator may do what is asked of the permission policy; every change
goes through :func:`office.services.admin_save`, which checks it again, locks the
row, records the history reason and writes the audit log.
"""

from office.admin import accounts, audit, duties, grants, proposals, security  # noqa: F401  (registers the pages)
from office.admin.base import admin_site

__all__ = ["admin_site"]
