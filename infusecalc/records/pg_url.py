"""Which records database to open: ``--database URL``, INFUSECALC_DATABASE_URL, else SQLite.

Order: ``--database`` on the command line, else ``--data-dir``, else INFUSECALC_DATABASE_URL,
else INFUSECALC_DATA_DIR / the user data folder (the embedded SQLite default: a user who sets
nothing needs no server). A URL never carries a password: libpq finds it in PGPASSFILE /
~/.pgpass or in a service file, which only the workstation's own account can read.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from .schema import LATEST, SchemaTooNew
from .backend import SqliteBackend
from .store import Store, open_store
from .users import RecordsError

DATABASE_URL_ENV = "INFUSECALC_DATABASE_URL"
PG_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")

PASSWORD_HINT = (
    "put the password in the workstation account's password file instead (~/.pgpass, or the file "
    "named by PGPASSFILE, mode 0600, one line host:port:database:user:password), or use a service "
    "file (PGSERVICEFILE) and 'postgresql:///?service=NAME'")


def check_url(url: str) -> str:
    """The URL's scheme ('sqlite' or 'postgresql'); raise RecordsError for anything else."""
    try:
        u = make_url(url)
    except ArgumentError:
        raise RecordsError(f"'{url}' is not a database URL; write postgresql://USER@HOST/DATABASE "
                           f"or sqlite:///PATH") from None
    if u.drivername in PG_SCHEMES:
        if u.password is not None or "password" in u.query:
            raise RecordsError(f"the database URL carries a password, which InfuseCalc never takes "
                               f"from a command line, a setting or a case file; remove it and "
                               f"{PASSWORD_HINT}")
        if not u.database and "service" not in u.query:
            raise RecordsError("the database URL names no database; write "
                               "postgresql://USER@HOST/DATABASE")
        return "postgresql"
    if u.drivername == "sqlite":
        if not u.database or u.database == ":memory:":
            raise RecordsError("a sqlite URL needs a file: sqlite:///PATH (an in-memory database "
                               "would lose every record)")
        return "sqlite"
    raise RecordsError(f"'{u.drivername}' databases are not supported; use postgresql://USER@HOST/"
                       f"DATABASE or sqlite:///PATH")


def sqlite_path(url: str) -> Path:
    """The file a sqlite:///PATH URL names, its %-escapes read as a URL's are (%20 a space)."""
    database = make_url(url).database or ""
    if "\x00" in database:
        raise RecordsError(f"'{url}' names a file with a NUL character (%00) in it, which no file "
                           f"name can hold; write sqlite:///PATH with the file's own name")
    return Path(database)


def open_url(url: str) -> Store:
    kind = check_url(url)
    if kind == "sqlite":
        path = sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        return Store(SqliteBackend(path))
    from .pg import PostgresBackend

    backend = PostgresBackend(url)
    check_server_ready(backend)
    return Store(backend)


def open_records(database: str | None = None, data_dir: str | Path | None = None) -> Store:
    """The store the command line or the window asked for (see the module text for the order)."""
    if database and data_dir:
        raise RecordsError("give --database or --data-dir, not both")
    if database:
        return open_url(database)
    if data_dir:
        return open_store(data_dir)
    env = os.environ.get(DATABASE_URL_ENV, "").strip()
    if env:
        return open_url(env)
    return open_store(None)


def check_server_ready(backend) -> None:
    """Before a workstation opens the server: the schema is there and at this program's version.

    A workstation's role cannot create or migrate tables (by design); say who can.
    """
    from .pg import NotInitialised, server_schema_version

    eng = backend.engine()
    try:
        with eng.connect() as conn:
            version = server_schema_version(conn)
    finally:
        eng.dispose()
    if version == 0:
        raise NotInitialised(f"{backend.describe()} has no InfuseCalc records schema yet. Site IT "
                             f"sets it up once with 'infusecalc db init --admin-url "
                             f"postgresql://ADMIN@HOST/DATABASE' (README, 'Running a site').")
    if version > LATEST:
        raise SchemaTooNew(f"the database has schema version {version}, newer than this program's "
                           f"{LATEST}; use a newer InfuseCalc")
    if version < LATEST:
        raise NotInitialised(f"{backend.describe()} has records schema version {version}; this "
                             f"program needs {LATEST}. Site IT migrates it forward with 'infusecalc "
                             f"db init --admin-url postgresql://ADMIN@HOST/DATABASE'.")
