"""Which database a workstation opens, and URLs that are refused (no server needed)."""

from __future__ import annotations

import io

import pytest

from infusecalc.cli.main import main
from infusecalc.records.pg import DatabaseUnavailable
from infusecalc.records.pg_url import DATABASE_URL_ENV, check_url, open_records
from infusecalc.records.users import RecordsError


@pytest.fixture
def no_site_env(monkeypatch, tmp_path):
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    monkeypatch.setenv("INFUSECALC_DATA_DIR", str(tmp_path / "home"))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    return tmp_path


def test_nothing_set_gives_the_embedded_sqlite_file(no_site_env):
    with open_records() as store:
        assert store.backend.name == "sqlite"
        assert store.backend.path == no_site_env / "home" / "infusecalc.sqlite3"
        store.append("order_saved", {"i": 1})
    assert (no_site_env / "home" / "infusecalc.sqlite3").is_file()


def test_a_sqlite_url_opens_that_file(no_site_env):
    path = no_site_env / "elsewhere" / "records.db"
    with open_records(f"sqlite:///{path}") as store:
        assert store.backend.name == "sqlite" and store.backend.path == path
        assert store.append("order_saved", {}).seq == 1


@pytest.mark.parametrize("url", [
    "postgresql://app:s3cret-pw@db.example/site",
    "postgres://app:s3cret-pw@db.example/site",
    "postgresql://app@db.example/site?password=s3cret-pw",
])
def test_a_url_with_a_password_is_refused_and_the_password_not_echoed(url, no_site_env, capsys,
                                                                       monkeypatch):
    with pytest.raises(RecordsError, match="pgpass"):
        check_url(url)
    assert main(["--database", url, "audit", "verify"]) == 2
    err = capsys.readouterr().err
    assert "~/.pgpass" in err and "PGPASSFILE" in err and "s3cret-pw" not in err
    monkeypatch.setenv(DATABASE_URL_ENV, url)
    assert main(["users", "list"]) == 2
    assert "s3cret-pw" not in capsys.readouterr().err
    assert main(["db", "init", "--admin-url", url]) == 2
    assert "pgpass" in capsys.readouterr().err


@pytest.mark.parametrize("url,named", [("mysql://u@h/db", "not supported"),
                                       ("sqlite://", "needs a file"),
                                       ("postgresql://u@h", "names no database"),
                                       ("not a url", "is not a database URL")])
def test_other_urls_are_refused_with_what_to_write(url, named):
    with pytest.raises(RecordsError, match=named):
        check_url(url)


def test_database_and_data_dir_together_are_refused(no_site_env, capsys):
    assert main(["--database", "sqlite:///x.db", "--data-dir", str(no_site_env), "users", "list"]) == 2
    assert "not both" in capsys.readouterr().err


def test_an_unreachable_server_never_falls_back_to_the_local_file(no_site_env, monkeypatch, capsys):
    # Port 1 on localhost: nothing listens. The data folder is set too and must stay unused.
    monkeypatch.setenv(DATABASE_URL_ENV, "postgresql://infusecalc_app@127.0.0.1:1/site")
    with pytest.raises(DatabaseUnavailable, match="does not fall back to a local file"):
        open_records()
    assert main(["audit", "verify"]) == 2
    err = capsys.readouterr().err
    assert "cannot reach the records server postgresql://infusecalc_app@127.0.0.1:1/site" in err
    assert not (no_site_env / "home").exists()


def test_migrate_needs_a_target(no_site_env, capsys):
    assert main(["db", "migrate-from-sqlite", str(no_site_env / "x.sqlite3")]) == 2
    assert "--database" in capsys.readouterr().err
