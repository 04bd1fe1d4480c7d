"""办文 exports through office.exports: the 收文, 发文 and 政务信息 desks and the 归档文件目录,
each as its filters select (the list's own selector and FilterSet, through the policy)."""

from __future__ import annotations

from types import SimpleNamespace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from documents.archive import selectors as archive
from documents.archive.filters import ArchiveFilterSet
from documents.incoming import selectors as incoming
from documents.incoming.filters import IncomingFilterSet
from documents.information import selectors as information
from documents.information.filters import ItemFilterSet
from documents.outgoing import selectors as outgoing
from documents.outgoing.filters import OutgoingFilterSet
from office import exports
from office.exports import Column
from office.lists import box_from


def _name(obj) -> str:
    return obj.name if obj is not None else ""


def _person(user) -> str:
    return user.full_name if user is not None else ""


def _incoming_rows(user, params):
    box = box_from(SimpleNamespace(GET=params), incoming.boxes_for(user), incoming.default_box(user))
    return incoming.incoming_list(user=user, box=box, filters=IncomingFilterSet(params or None, user=user))


def _outgoing_rows(user, params):
    box = box_from(SimpleNamespace(GET=params), outgoing.boxes_for(user), outgoing.default_box(user))
    return outgoing.outgoing_list(user=user, box=box, filters=OutgoingFilterSet(params or None, user=user))


def _information_rows(user, params):
    box = box_from(SimpleNamespace(GET=params), information.boxes_for(user), information.default_box(user))
    return information.item_list(user=user, box=box, filters=ItemFilterSet(params or None, user=user))


exports.register(exports.Sheet(
    key="documents.incoming", title=N_("收文"), rows=_incoming_rows, columns=(
        Column(N_("收文编号"), lambda d: d.serial_display, 14),
        Column(N_("来文单位"), lambda d: d.sender_org, 20),
        Column(N_("来文字号"), lambda d: d.sender_ref, 18),
        Column(N_("标题"), lambda d: d.title, 40),
        Column(N_("文种"), lambda d: d.get_doc_type_display(), 8),
        Column(N_("密级"), lambda d: d.get_secret_level_display(), 8),
        Column(N_("紧急程度"), lambda d: d.get_urgency_display(), 8),
        Column(N_("收文日期"), lambda d: d.received_on, 12),
        Column(N_("办理时限"), lambda d: d.due_at, 16),
        Column(N_("主办处室"), lambda d: _name(d.lead_unit), 14),
        Column(N_("承办人"), lambda d: _person(d.handler), 10),
        Column(N_("状态"), lambda d: d.get_state_display(), 10),
    ),
))

exports.register(exports.Sheet(
    key="documents.outgoing", title=N_("发文"), rows=_outgoing_rows, columns=(
        Column(N_("发文字号"), lambda d: d.doc_number if d.number else "", 18),
        Column(N_("标题"), lambda d: d.title, 40),
        Column(N_("文种"), lambda d: d.get_doc_type_display(), 8),
        Column(N_("拟稿处室"), lambda d: _name(d.drafting_unit), 14),
        Column(N_("拟稿人"), lambda d: _person(d.drafter), 10),
        Column(N_("签发人"), lambda d: _person(d.signer), 10),
        Column(N_("密级"), lambda d: d.get_secret_level_display(), 8),
        Column(N_("紧急程度"), lambda d: d.get_urgency_display(), 8),
        Column(N_("成文日期"), lambda d: d.dated_on, 12),
        Column(N_("状态"), lambda d: d.get_state_display(), 10),
    ),
))

exports.register(exports.Sheet(
    key="documents.information", title=N_("政务信息"), rows=_information_rows, columns=(
        Column(N_("标题"), lambda i: i.title, 40),
        Column(N_("信息类别"), lambda i: i.get_category_display(), 10),
        Column(N_("报送处室"), lambda i: i.unit.name, 14),
        Column(N_("撰稿人"), lambda i: i.author.full_name, 10),
        Column(N_("报送时间"), lambda i: i.submitted_at, 16),
        Column(N_("密级"), lambda i: i.get_secret_level_display(), 8),
        Column(N_("状态"), lambda i: i.get_state_display(), 10),
    ),
))


def _archive_rows(user, params):
    return archive.archive_catalogue(user=user, filters=ArchiveFilterSet(params or None, user=user))


def _archive_level(user, params) -> int:
    return archive.archive_level(user=user, filters=ArchiveFilterSet(params or None, user=user))


exports.register(exports.Sheet(
    key="documents.archive", title=N_("归档文件目录"), rows=_archive_rows, objects=archive.catalogue_entries,
    level=_archive_level, columns=(
        Column(N_("档号"), lambda e: e.archive_code, 24),
        Column(N_("题名"), lambda e: e.title, 40),
        Column(N_("责任者"), lambda e: e.author, 20),
        Column(N_("文号"), lambda e: e.reference, 18),
        Column(N_("日期"), lambda e: e.day, 12),
        Column(N_("保管期限"), lambda e: e.retention_label, 8),
        Column(N_("机构"), lambda e: e.unit, 14),
        Column(N_("类别"), lambda e: _("收文") if e.kind == archive.INCOMING else _("发文"), 6),
    ),
))
