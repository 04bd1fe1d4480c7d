"""附件: what a file attached to a 收文 or 发文 is, judged by what it contains; the name it is offered back under.

A file is accepted only when its *content* is one of the kinds in :data:`KINDS` — the
name the sender gave it proves nothing. The first bytes are identified with the
``filetype`` library; the two container formats are then opened and looked into,
because their first bytes do not tell the document formats apart from anything else
packed the same way:

* a ZIP must first keep within what it may declare it unpacks to (a "zip bomb" is refused
  from its directory, nothing decompressed; see :data:`ZIP_LIMITS`), then be an OOXML
  document (``[Content_Types].xml`` and a ``word/``, ``xl/`` or ``ppt/`` part) or an OFD
  (``OFD.xml`` at its root); any other archive is refused;
* an OLE2 compound file must hold a Word, Excel or PowerPoint main stream (also what
  WPS Office writes into .wps/.et/.dps); an MSI installer, an Outlook message or any
  other compound file is refused.

Documents with macros (VBA) and encrypted documents are refused with a message of their
own. HTML, SVG, XML, plain text, scripts, executables and archives never match.

The file is stored (:mod:`documents.files.storage`) under ``DOCUMENTS_STORAGE_ROOT`` as
``YYYY/<uuid4 hex>``: no extension and nothing the uploader typed. The display name keeps no path, no control
characters, and its extension is set to the one of the kind found, so a PDF named
``x.html`` is offered back as ``x.pdf``. Files go back to a user only through
:class:`documents.files.views.AttachmentDownloadView`, which applies the permission policy.
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

import filetype
import olefile
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

log = logging.getLogger(__name__)

#: How many bytes identify a kind (and the most read before the container checks).
HEAD_BYTES = 8192
#: Longest stem kept from an uploaded name (the model allows 200 characters in all).
MAX_STEM = 120
#: The largest [Content_Types].xml read from an OOXML file (a real one is a few KB).
MAX_CONTENT_TYPES_XML = 1 << 20
#: Defaults of ``settings.DOCUMENT_ZIP_LIMITS``: what a ZIP-based document (OOXML, OFD) may
#: declare it unpacks to — in all, per member, the ratio of a member above ``ratio_above_mb``.
ZIP_LIMITS = {"total_mb": 200, "member_mb": 100, "ratio": 100, "ratio_above_mb": 1, "members": 5000}


@dataclass(frozen=True)
class Kind:
    """One accepted kind of file. ``extensions[0]`` is the one given to a name without a fitting one."""

    code: str
    label: object  # a (lazy) translatable string
    mime: str
    extensions: tuple[str, ...]


_KINDS = (
    Kind("pdf", "PDF", "application/pdf", (".pdf",)),
    Kind("ofd", "OFD", "application/ofd", (".ofd",)),
    Kind("docx", "Word（docx）", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    Kind("xlsx", "Excel（xlsx）", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    Kind("pptx", "PowerPoint（pptx）", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
         (".pptx",)),
    Kind("doc", _lazy("Word/WPS 文字（doc、wps）"), "application/msword", (".doc", ".wps")),
    Kind("xls", _lazy("Excel/WPS 表格（xls、et）"), "application/vnd.ms-excel", (".xls", ".et")),
    Kind("ppt", _lazy("PowerPoint/WPS 演示（ppt、dps）"), "application/vnd.ms-powerpoint", (".ppt", ".dps")),
    Kind("jpeg", "JPEG", "image/jpeg", (".jpg", ".jpeg")),
    Kind("png", "PNG", "image/png", (".png",)),
    Kind("tiff", "TIFF", "image/tiff", (".tif", ".tiff")),
)
#: The allowlist, by code. Anything else is refused.
KINDS: dict[str, Kind] = {kind.code: kind for kind in _KINDS}

#: ``filetype``'s answer for first bytes that settle the kind by themselves.
_BY_SIGNATURE = {"pdf": "pdf", "jpg": "jpeg", "png": "png", "tif": "tiff"}
#: ``filetype``'s answers that mean "a ZIP container": looked into before deciding.
_ZIP_LIKE = {"zip", "docx", "xlsx", "pptx"}
_OOXML_PARTS = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))
#: Main streams of the legacy Office formats (WPS Office writes the same ones).
_OLE_STREAMS = ((("worddocument",), "doc"), (("workbook",), "xls"), (("book",), "xls"),
                (("powerpoint document",), "ppt"))
_OLE_MACRO_STORAGES = {"macros", "_vba_project_cur", "vba"}
_OLE_ENCRYPTED = {("encryptioninfo",), ("encryptedpackage",)}

#: Characters Windows refuses in a file name (the name is offered back on download).
_RESERVED = re.compile(r'[<>:"|?*]')


def allowed_kinds_text() -> str:
    return _("、").join(str(kind.label) for kind in _KINDS)


def max_upload_bytes() -> int:
    return int(getattr(settings, "DOCUMENT_MAX_UPLOAD_MB", 50)) * 1024 * 1024


def too_large_message() -> str:
    return _("文件超过大小限制：单个附件不能超过 %(mb)s MB。") % {"mb": getattr(settings, "DOCUMENT_MAX_UPLOAD_MB", 50)}


# --- what the file is ---------------------------------------------------------------


def _refuse(name: str, reason: str | None = None) -> ValidationError:
    message = reason or _("“%(name)s”不是允许上传的文件类型（按文件内容识别，与扩展名无关）。允许：%(kinds)s。") % {
        "name": name, "kinds": allowed_kinds_text(),
    }
    return ValidationError(message, code="file_type")


def _macro_refusal(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s”含有宏，不予接收。请另存为不含宏的文档（如 docx、xlsx 或 PDF）后再上传。") % {"name": name},
        code="file_macro",
    )


#: Compression methods of OOXML and OFD packages (ECMA-376 Part 2 allows only these two).
_ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}


def _zip_bomb_check(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a package that would unpack to too much, from the sizes its directory declares.

    Nothing is decompressed. A member may also declare a small size over a stream that
    inflates to far more; deflate makes a stream at most a little larger than its input, so
    a member whose compressed size is well above its declared size is refused as well.
    """
    limit = {**ZIP_LIMITS, **getattr(settings, "DOCUMENT_ZIP_LIMITS", {})}
    mb = 1024 * 1024
    members = archive.infolist()
    why = None
    if len(members) > limit["members"]:
        why = _("包含的文件过多（%(count)s个，上限%(max)s个）") % {"count": len(members), "max": limit["members"]}
    elif sum(info.file_size for info in members) > limit["total_mb"] * mb:
        why = _("解压后总大小超过%(max)s MB") % {"max": limit["total_mb"]}
    for info in members:
        member = {"member": info.filename[:60], "max": limit["member_mb"], "ratio": limit["ratio"]}
        if why:
            break
        if info.compress_type not in _ZIP_METHODS:
            why = _("其中“%(member)s”使用了不支持的压缩方式") % member
        elif info.file_size > limit["member_mb"] * mb:
            why = _("其中“%(member)s”解压后超过%(max)s MB") % member
        elif info.file_size > limit["ratio_above_mb"] * mb and info.file_size > limit["ratio"] * info.compress_size:
            why = _("其中“%(member)s”的压缩比超过%(ratio)s:1") % member
        elif info.compress_size > info.file_size + info.file_size // 100 + 1024:
            why = _("其中“%(member)s”声明的大小与内容不符") % member
    if why:
        log.warning("upload %r refused as a possible zip bomb: %s", name, why)
        raise ValidationError(
            _("“%(name)s”不予接收：%(why)s，可能是“压缩炸弹”或已损坏的文件。") % {"name": name, "why": why},
            code="file_zip_bomb",
        )


def _zip_kind(stream: IO[bytes], name: str) -> Kind:
    try:
        with zipfile.ZipFile(stream) as archive:
            _zip_bomb_check(archive, name)
            names = archive.namelist()
            if "[Content_Types].xml" in names:
                for prefix, code in _OOXML_PARTS:
                    if any(n.startswith(prefix) for n in names):
                        with archive.open("[Content_Types].xml") as part:
                            content_types = part.read(MAX_CONTENT_TYPES_XML)
                        if b"macroEnabled" in content_types or any(
                            n.lower().endswith("vbaproject.bin") for n in names
                        ):
                            raise _macro_refusal(name)
                        return KINDS[code]
            if "OFD.xml" in names:
                return KINDS["ofd"]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, RuntimeError):
        pass
    raise _refuse(name)


def _ole_kind(stream: IO[bytes], name: str) -> Kind:
    try:
        ole = olefile.OleFileIO(stream)
        try:
            entries = {tuple(part.lower() for part in entry) for entry in ole.listdir(streams=True, storages=True)}
        finally:
            ole.close()
    except Exception:  # olefile raises plain OSError and others on damaged files
        raise _refuse(name) from None
    if entries & _OLE_ENCRYPTED:
        raise ValidationError(
            _("“%(name)s”已加密，无法接收。请取消文档密码后再上传。") % {"name": name}, code="file_encrypted"
        )
    if any(part in _OLE_MACRO_STORAGES for entry in entries for part in entry):
        raise _macro_refusal(name)
    for stream_name, code in _OLE_STREAMS:
        if stream_name in entries:
            return KINDS[code]
    raise _refuse(name)


def sniff(stream: IO[bytes], name: str = "") -> Kind:
    """The kind of the file's content, from the allowlist; else :class:`ValidationError`.

    ``stream`` must be seekable (Django's uploaded files are); it is left at position 0.
    """
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    try:
        if not head:
            raise ValidationError(_("“%(name)s”是空文件。") % {"name": name}, code="file_empty")
        if head.startswith(olefile.MAGIC):
            return _ole_kind(stream, name)
        guess = filetype.guess(head)
        if guess is None:
            raise _refuse(name)
        if guess.extension in _BY_SIGNATURE:
            return KINDS[_BY_SIGNATURE[guess.extension]]
        if guess.extension in _ZIP_LIKE:
            return _zip_kind(stream, name)
        raise _refuse(name)
    finally:
        stream.seek(0)


# --- what it is called --------------------------------------------------------------


def base_name(raw: str) -> str:
    """The last part of a POSIX or Windows path, without control, format (U+202E right-to-left
    override, zero-width …) or unassigned characters, nor those Windows refuses in a name."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    return _RESERVED.sub("_", name).strip().strip(".").strip()


def display_name(raw: str, kind: Kind) -> str:
    """A safe name to show and to offer on download, length-limited, ending in the extension
    of the kind found: ``x.pdf`` stays, a PDF named ``x.html`` becomes ``x.html.pdf``."""
    name = base_name(raw)
    stem, ext = os.path.splitext(name)
    if ext.lower() not in kind.extensions:
        stem, ext = name, kind.extensions[0]
    stem = stem.strip().strip(".").strip()[:MAX_STEM].strip() or _("附件")
    return f"{stem}{ext.lower()}"


# --- big uploads stop early ---------------------------------------------------------


class UploadSizeLimitHandler(FileUploadHandler):
    """First of ``FILE_UPLOAD_HANDLERS``: a file past the limit is skipped as it streams in
    (nothing of it kept in memory or on disk), and the request remembers why."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self._received = 0

    def receive_data_chunk(self, raw_data, start):
        self._received += len(raw_data)
        if self._received > max_upload_bytes():
            if self.request is not None:
                self.request.upload_too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None
