"""``infusecalc db``: set up the site's PostgreSQL records database, move SQLite records into it.

Exit status: 0 done, 2 refused (the message says why and what to do). Cheap to import.
"""

from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_REFUSED = 0, 2


def register(sub: argparse._SubParsersAction) -> None:
    d = sub.add_parser("db", help="site records database (PostgreSQL): set up, migrate")
    ds = d.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    i = ds.add_parser(
        "init", help="create or migrate the records schema and the program's role (site IT, once)",
        description="Run as a database admin (a role that may create schemas and roles). Creates "
                    "schema 'infusecalc', brings it to the latest version, installs triggers that "
                    "refuse UPDATE/DELETE/TRUNCATE on events, creates the login role (no password: "
                    "set it yourself) and grants it only what the program needs. Safe to re-run.")
    i.add_argument("--admin-url", required=True, metavar="URL",
                   help="postgresql://ADMIN@HOST/DATABASE (password from ~/.pgpass or PGPASSFILE)")
    i.add_argument("--app-role", default="infusecalc_app", metavar="NAME",
                   help="the role workstations connect as (default: infusecalc_app)")
    i.set_defaults(func=run_db_init)
    m = ds.add_parser(
        "migrate-from-sqlite", help="copy a workstation's SQLite records into the (empty) server chain",
        description="Verifies the file's chain first (refuses if it does not verify), copies every "
                    "event with its number and hash, verifies again on the server, then commits. "
                    "The target is --database / INFUSECALC_DATABASE_URL.")
    m.add_argument("path", metavar="PATH", help="the workstation's infusecalc.sqlite3")
    m.set_defaults(func=run_migrate)


def _err(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_REFUSED


def run_db_init(args: argparse.Namespace) -> int:
    from ..records.pg_admin import init_site
    from ..records.schema import SchemaTooNew
    from ..records.users import RecordsError

    try:
        lines = init_site(args.admin_url, args.app_role)
    except (RecordsError, SchemaTooNew) as exc:
        return _err(str(exc))
    for line in lines:
        print(line)
    return EXIT_OK


def run_migrate(args: argparse.Namespace) -> int:
    import os

    from ..records.pg_admin import migrate_from_sqlite
    from ..records.pg_url import DATABASE_URL_ENV, open_records
    from ..records.schema import SchemaTooNew
    from ..records.users import RecordsError

    if not (args.database or os.environ.get(DATABASE_URL_ENV, "").strip()):
        return _err(f"name the server to copy into: --database postgresql://USER@HOST/DATABASE "
                    f"(before 'db') or {DATABASE_URL_ENV}")
    try:
        with open_records(args.database, None) as target:
            result = migrate_from_sqlite(args.path, target)
            where = target.describe()
    except (RecordsError, SchemaTooNew) as exc:
        return _err(str(exc))
    print(f"copied {result.events} events, {result.users} users and {result.sheets} sheets from "
          f"{args.path} into {where}; chain verified on the server up to {result.head}")
    return EXIT_OK
