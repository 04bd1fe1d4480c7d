"""Searching a list's text through an index: the one facility every list that searches uses.

On PostgreSQL each searchable table keeps two hidden columns, written by a trigger (so every
write — the ORM, ``COPY``, raw SQL — keeps them right, and the models never load them):

- ``search_text``: the text searched (标题, 来文字号 / 文号, 来文单位 …, joined by spaces),
  indexed by pg_trgm (``GIN (search_text gin_trgm_ops)``); a term of three or more characters
  is ``search_text ILIKE '%term%'``, which that index answers;
- ``search_bigrams``: the overlapping two-character pieces of the same text, lower-cased, as a
  ``tsvector`` (``GIN``); a two-character term (整改, 督办, 就业) is one lexeme of it,
  ``search_bigrams @@ '整改'::tsquery``. pg_trgm cannot: a trigram needs three characters.

A longer term in which no run of letters or digits reaches three characters (``发〔2``) gives
pg_trgm no trigram to look up; it is matched by all of its bigrams, then ``ILIKE`` on the rows
found. A one-character term is refused (it would read everything). SQLite, the embedded
default, has no such index: it falls back to ``icontains`` over the fields the list names.

pg_trgm keeps only the characters the database's ``LC_CTYPE`` calls letters or digits: under
``C`` or ``POSIX`` that drops every Chinese character, and searches silently find nothing —
:func:`check_database_ctype` refuses such a database (``manage.py migrate`` and
``check --database default`` run it).

A new app makes its table searchable with :func:`install_sql` / :func:`uninstall_sql` in a
migration (PostgreSQL only) and filters with :class:`SearchFilter` or :func:`search`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import django_filters
from django import forms
from django.core import checks
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import BooleanField, Expression, Q, QuerySet
from django.utils.translation import gettext as _

MIN_LENGTH = 2
TEXT_COLUMN = "search_text"
BIGRAM_COLUMN = "search_bigrams"

#: Created once (office 0017); immutable, so it could index an expression as well.
BIGRAM_FUNCTION = r"""
CREATE OR REPLACE FUNCTION sanban_bigrams(t text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_to_tsvector(array_agg(DISTINCT g)), ''::tsvector)
    FROM (SELECT substr(s, i, 2) AS g
          FROM (SELECT lower(t) AS s) AS x, generate_series(1, length(s) - 1) AS i) AS pieces
    WHERE g !~ '\s'
$$;
"""
DROP_BIGRAM_FUNCTION = "DROP FUNCTION IF EXISTS sanban_bigrams(text);"

_WORD = re.compile(r"[^\W_]{3,}")  # three letters or digits in a row: pg_trgm has a trigram


def install_sql(*, table: str, name: str, text: str, columns: Sequence[str]) -> str:
    """The DDL that makes ``table`` searchable: columns, trigger, backfill, then the two indexes.

    ``text`` is an SQL expression over ``NEW`` (the row being written) giving the searched text;
    ``columns`` are those it reads (the trigger fires when one of them is written); ``name``
    prefixes the trigger and the indexes. The backfill is one set-based ``UPDATE`` through the
    trigger, before the indexes exist (building them once is cheaper than maintaining them).
    """
    watched = ", ".join(columns)
    return f"""
ALTER TABLE {table} ADD COLUMN {TEXT_COLUMN} text NOT NULL DEFAULT '',
                    ADD COLUMN {BIGRAM_COLUMN} tsvector NOT NULL DEFAULT ''::tsvector;
CREATE FUNCTION {name}_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.{TEXT_COLUMN} := {text};
    NEW.{BIGRAM_COLUMN} := sanban_bigrams(NEW.{TEXT_COLUMN});
    RETURN NEW;
END;
$$;
CREATE TRIGGER {name}_search BEFORE INSERT OR UPDATE OF {watched} ON {table}
    FOR EACH ROW EXECUTE FUNCTION {name}_search();
UPDATE {table} SET {columns[0]} = {columns[0]};
CREATE INDEX {name}_search_trgm_idx ON {table} USING gin ({TEXT_COLUMN} gin_trgm_ops);
CREATE INDEX {name}_search_bigram_idx ON {table} USING gin ({BIGRAM_COLUMN});
"""


def uninstall_sql(*, table: str, name: str) -> str:
    return f"""
DROP TRIGGER IF EXISTS {name}_search ON {table};
DROP FUNCTION IF EXISTS {name}_search();
ALTER TABLE {table} DROP COLUMN IF EXISTS {TEXT_COLUMN}, DROP COLUMN IF EXISTS {BIGRAM_COLUMN};
"""


def too_short_message() -> str:
    return _("请至少输入两个字再搜索：单个字会匹配几乎全部记录。")


def clean_term(value: str) -> str:
    """The term stripped; a one-character term refused with a Chinese message."""
    term = (value or "").strip()
    if term and len(term) < MIN_LENGTH:
        raise ValidationError(too_short_message(), code="too_short")
    return term


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _lexeme(piece: str) -> str:
    return "'" + piece.replace("\\", "\\\\").replace("'", "''") + "'"


def bigrams(term: str) -> list[str]:
    """The overlapping two-character pieces of ``term``, lower-cased, without whitespace (as in SQL)."""
    text = term.lower()
    seen: dict[str, None] = {}
    for i in range(len(text) - 1):
        piece = text[i:i + 2]
        if not any(ch.isspace() for ch in piece):
            seen.setdefault(piece)
    return list(seen)


class Matches(Expression):
    """A condition on the searched table's hidden columns (PostgreSQL), filterable as is."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, template: str, params: Sequence[str]):
        super().__init__()
        self.template, self.params = template, list(params)

    def __repr__(self) -> str:
        return f"Matches({self.template!r}, {self.params!r})"

    @property
    def identity(self):
        return (type(self), self.template, tuple(self.params))

    def __eq__(self, other):
        return isinstance(other, Matches) and self.identity == other.identity

    def __hash__(self):
        return hash(self.identity)

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return self.template.format(text=f"{table}.{TEXT_COLUMN}", bigrams=f"{table}.{BIGRAM_COLUMN}"), self.params


def condition(term: str) -> Matches:
    """The PostgreSQL condition for a cleaned term of two or more characters."""
    if len(term) == MIN_LENGTH:
        return Matches("{bigrams} @@ %s::tsquery", [_lexeme(term.lower())])
    if _WORD.search(term):
        return Matches("{text} ILIKE %s", [_like(term)])
    pieces = bigrams(term) or [term.lower()]
    return Matches("({bigrams} @@ %s::tsquery AND {text} ILIKE %s)",
                   [" & ".join(_lexeme(p) for p in pieces), _like(term)])


Fallback = Callable[[QuerySet, str], QuerySet]


def search(queryset: QuerySet, value: str, *, fallback: Fallback) -> QuerySet:
    """``queryset`` narrowed to rows whose searched text contains ``value``.

    ``fallback(queryset, term)`` is the same search for databases without the index (SQLite),
    e.g. :func:`icontains`. A one-character term raises :class:`ValidationError`; an empty one
    filters nothing.
    """
    term = clean_term(value)
    if not term:
        return queryset
    if connections[queryset.db].vendor != "postgresql":
        return fallback(queryset, term)
    return queryset.filter(condition(term))


def icontains(*fields: str) -> Fallback:
    """A fallback: ``term`` in any of ``fields`` (field names, or aliases the queryset carries)."""
    def narrow(queryset: QuerySet, term: str) -> QuerySet:
        found = Q()
        for field in fields:
            found |= Q(**{f"{field}__icontains": term})
        return queryset.filter(found)
    return narrow


class SearchField(forms.CharField):
    """A list's search box: a one-character term is the form's error (nothing is filtered then)."""

    def clean(self, value):
        return clean_term(super().clean(value))


class SearchFilter(django_filters.CharFilter):
    """``q = SearchFilter(label=…, fallback=icontains("title", …))`` on a :class:`office.lists.ListFilterSet`.

    ``fallback`` may also map each model's ``app_label.modelname`` to its own (a list over two tables).
    """

    field_class = SearchField

    def __init__(self, *args, fallback: Fallback | dict[str, Fallback], **kwargs):
        kwargs.setdefault("max_length", 100)
        super().__init__(*args, **kwargs)
        self.fallback = fallback

    def filter(self, qs, value):
        if not value:
            return qs
        fallback = self.fallback[qs.model._meta.label_lower] if isinstance(self.fallback, dict) else self.fallback
        return search(qs, value, fallback=fallback)


BAD_CTYPES = {"C", "POSIX"}


def ctype_errors(connection) -> list[checks.CheckMessage]:
    """An error if ``connection``'s database classifies characters as ``C`` does (pg_trgm drops CJK)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT datctype FROM pg_database WHERE datname = current_database()")
        ctype = cursor.fetchone()[0]
    if ctype.upper() not in BAD_CTYPES:
        return []
    return [checks.Error(
        _("数据库 %(name)s 的 LC_CTYPE 为 %(ctype)s：全文检索的三字索引会丢弃全部汉字，中文搜索将一无所获。")
        % {"name": connection.settings_dict["NAME"], "ctype": ctype},
        hint=_("以 LC_CTYPE 'C.UTF-8'（或 zh_CN.UTF-8）重建数据库，例如：CREATE DATABASE … "
               "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0，再导入数据。"),
        id="office.E010",
    )]
