"""tests/records/test_protocol_adoption.py, unchanged, on PostgreSQL: adoptions in the server's chain."""

from __future__ import annotations

from tests.records.test_protocol_adoption import *  # noqa: F401,F403


def test_check_on_a_server_computes_with_its_adopted_protocol(pg_db, people, capsys, monkeypatch):
    """`check --database URL` (or INFUSECALC_DATABASE_URL) reads the protocol in force on the server."""
    import io
    import json

    from infusecalc.cli.main import main
    from tests.records.test_cli_protocol import AMENDMENT, EXAMPLE

    monkeypatch.setattr("sys.stdin", io.StringIO("admin-pass-1\n"))
    assert main(["--database", pg_db.url, "protocol", "adopt", str(AMENDMENT), "--by", "admin",
                 "--password-stdin"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("INFUSECALC_DATABASE_URL", pg_db.url)
    assert main(["check", str(EXAMPLE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["dose"]["cells"] == 250_000_000
    assert data["source"]["protocol_version"] == "amendment 1 (test fixture)"
