#!/usr/bin/env python3
"""Create the PostgreSQL database named in DATABASE_URL if the server lacks it.

``make run`` calls this before ``migrate``. It only ever runs ``CREATE DATABASE`` for
a database that does not exist yet; with SQLite (the embedded default) it does nothing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "office.settings")


def main() -> int:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        return 0

    import psycopg2
    from psycopg2 import sql

    params = {
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "connect_timeout": 5,
    }
    try:
        psycopg2.connect(dbname=db["NAME"], **params).close()
        return 0
    except psycopg2.OperationalError as exc:
        if "does not exist" not in str(exc):
            print(f"ensure_database: cannot connect to PostgreSQL: {str(exc).strip()}", file=sys.stderr)
            return 1
    try:
        conn = psycopg2.connect(dbname="postgres", **params)
        conn.autocommit = True
        with conn.cursor() as cursor:
            # pg_trgm drops Chinese characters under a C or POSIX LC_CTYPE (office.search): such a
            # cluster's default gives way to C.UTF-8; any other locale of the cluster is kept.
            cursor.execute("SELECT datctype FROM pg_database WHERE datname = 'template0'")
            locale = " LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'" if cursor.fetchone()[0] in ("C", "POSIX") else ""
            cursor.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8'" + locale + " TEMPLATE template0")
                           .format(sql.Identifier(db["NAME"])))
        conn.close()
    except psycopg2.Error as exc:
        print(
            f"ensure_database: database {db['NAME']!r} does not exist and could not be created "
            f"({str(exc).strip()}); create it with: createdb {db['NAME']}",
            file=sys.stderr,
        )
        return 1
    print(f"ensure_database: created database {db['NAME']!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
