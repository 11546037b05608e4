"""`infusecalc protocol adopt/list`, and which protocol check, issue and verify use (issue 17 item 6)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from infusecalc.core.protocol import default_protocol

from .test_cli_records import EXAMPLE, Cli, _issue, cli, site  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parents[2]
AMENDMENT = ROOT / "tests" / "fixtures" / "ct1190b-amendment-1.toml"
ADMIN_PW = "admin-pass-1\n"


def _adopt(cli, path: Path, by: str = "admin", stdin: str = ADMIN_PW):
    return cli("protocol", "adopt", str(path), "--by", by, "--password-stdin", stdin=stdin)


def _dose(cli, *extra: str) -> tuple[int, dict]:
    code, out, err = cli("check", str(EXAMPLE), "--json", *extra)
    assert code in (0, 1), err
    return code, json.loads(out)


def test_adopt_then_check_computes_with_the_amendment(cli, site):
    _, before = _dose(cli)
    assert before["dose"]["cells"] == 252_000_000           # shipped: no cap at 42 kg
    assert before["source"]["protocol_sha256"] == default_protocol().sha256
    code, out, err = _adopt(cli, AMENDMENT)
    assert code == 0, err
    assert "amendment 1 (test fixture)" in out and "2026-12-01" in out
    _, after = _dose(cli)
    assert after["dose"]["cells"] == 250_000_000            # the amended Group B DL2 cap
    assert after["source"]["protocol_version"] == "amendment 1 (test fixture)"
    # --protocol still tries a file without adopting it.
    _, tried = _dose(cli, "--protocol", default_protocol().path)
    assert tried["dose"]["cells"] == 252_000_000
    code, out, _ = cli("audit", "verify")
    assert code == 0, out


def test_list_shows_the_history_and_which_is_in_force(cli, site):
    code, out, _ = cli("protocol", "list")
    assert code == 0 and "<- in force" in out.splitlines()[0] and "shipped" in out
    assert _adopt(cli, AMENDMENT)[0] == 0
    code, out, _ = cli("protocol", "list")
    lines = out.splitlines()
    assert "in force" not in lines[0]
    assert lines[1].endswith("<- in force") and "amendment 1 (test fixture)" in lines[1]
    assert "admin" in lines[1] and "2026-12-01" in lines[1]
    code, out, _ = cli("protocol", "list", "--json")
    data = json.loads(out)
    assert data["shipped"]["in_force"] is False
    [a] = data["adopted"]
    assert (a["in_force"], a["version"], a["adopted_by"]) == (True, "amendment 1 (test fixture)", "admin")
    import hashlib

    assert a["sha256"] == hashlib.sha256(AMENDMENT.read_bytes()).hexdigest()


def test_adoption_is_refused_twice_by_a_non_admin_and_for_a_bad_file(cli, site, tmp_path):
    code, _, err = _adopt(cli, AMENDMENT, by="wang", stdin="pharm-pass-1\n")
    assert code == 2 and "admin" in err
    assert _adopt(cli, AMENDMENT)[0] == 0
    code, _, err = _adopt(cli, AMENDMENT)
    assert code == 2 and "adopted already" in err
    bad = tmp_path / "bad.toml"
    bad.write_text(AMENDMENT.read_text(encoding="utf-8").replace('cap_cells = "2.5e8"', 'cap_cells = "2.4e8"', 1),
                   encoding="utf-8")
    code, _, err = _adopt(cli, bad, stdin="")          # refused before any password is asked
    assert code == 2 and "nothing was adopted" in err
    code, _, err = _adopt(cli, tmp_path / "missing.toml", stdin="")
    assert code == 2 and "cannot be read" in err
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)                                     # would block the open until a writer came
    code, _, err = _adopt(cli, fifo, stdin="")
    assert code == 2 and "not a regular file" in err and "nothing was adopted" in err
    assert len(json.loads(cli("protocol", "list", "--json")[1])["adopted"]) == 1


def test_check_without_records_uses_the_shipped_file_and_creates_nothing(cli, tmp_path):
    _, data = _dose(cli)
    assert data["source"]["protocol_sha256"] == default_protocol().sha256
    assert not cli.data_dir.exists()          # read-only: no database appears


def test_check_reads_the_records_without_sqlalchemy_and_without_writing(site, cli):
    assert _adopt(cli, AMENDMENT)[0] == 0
    db = cli.data_dir / "infusecalc.sqlite3"
    before = db.stat().st_mtime_ns, db.stat().st_size
    code = ("import sys, json\nfrom infusecalc.cli.main import main\n"
            f"rc = main(['--data-dir', {str(cli.data_dir)!r}, 'check', {str(EXAMPLE)!r}, '--json'])\n"
            "print(json.dumps({'rc': rc, 'sqlalchemy': 'sqlalchemy' in sys.modules, "
            "'qt': any(m.startswith('PySide6') for m in sys.modules)}), file=sys.stderr)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "INFUSECALC_LANG": "en"})
    facts = json.loads(run.stderr.strip().splitlines()[-1])
    assert facts == {"rc": 0, "sqlalchemy": False, "qt": False}
    assert json.loads(run.stdout)["dose"]["cells"] == 250_000_000
    assert (db.stat().st_mtime_ns, db.stat().st_size) == before


def test_check_refuses_when_the_records_cannot_be_read(cli, site):
    from .attacks import edit_sqlite_file

    assert _adopt(cli, AMENDMENT)[0] == 0
    edit_sqlite_file(cli.data_dir / "infusecalc.sqlite3",
                     "UPDATE events SET payload = replace(payload, 'amendment 1', 'amendment 9') "
                     "WHERE kind = 'protocol_adopted'")
    code, out, err = cli("check", str(EXAMPLE))
    assert code == 2 and out == "" and "audit verify" in err and "--protocol FILE" in err


def test_issued_sheet_names_the_protocol_and_a_station_without_it_refuses(cli, site, tmp_path,
                                                                          capsys, monkeypatch):
    assert _adopt(cli, AMENDMENT)[0] == 0
    issued = _issue(cli, site)
    import hashlib

    from infusecalc.records.service import IssuedSheet

    amended_sha = hashlib.sha256(AMENDMENT.read_bytes()).hexdigest()
    sheet = IssuedSheet.from_payload(issued["qr_payload"])
    assert (sheet.protocol_sha256, sheet.protocol_version) == (amended_sha, "amendment 1 (test fixture)")
    keyfile = tmp_path / "keys.json"
    assert cli("keys", "export", "--out", str(keyfile))[0] == 0
    ward = Cli(tmp_path / "ward", capsys, monkeypatch)
    assert ward("users", "add", "wadmin", "--role", "admin", "--password-stdin", stdin="ward-admin-pass\n")[0] == 0
    assert ward("users", "add", "zhao", "--role", "nurse", "--by", "wadmin", "--password-stdin",
                stdin="temporary-pass-z\nward-admin-pass\n")[0] == 0
    assert ward("users", "passwd", "zhao", "--password-stdin", stdin="temporary-pass-z\nward-pass-123\n")[0] == 0
    assert ward("keys", "import", str(keyfile), "--by", "wadmin", "--password-stdin",
                stdin="ward-admin-pass\n")[0] == 0
    nurse = ["--user", "zhao", "--password-stdin"]
    code, out, err = ward("verify", issued["qr_payload"], str(site), *nurse, stdin="ward-pass-123\n")
    assert code == 2 and out == ""
    assert "amendment 1 (test fixture)" in err and amended_sha in err and "protocol adopt" in err
    # Nothing was compared or recorded: after adopting the same file there, it verifies.
    assert ward("protocol", "adopt", str(AMENDMENT), "--by", "wadmin", "--password-stdin",
                stdin="ward-admin-pass\n")[0] == 0
    code, out, err = ward("verify", issued["qr_payload"], str(site), *nurse, stdin="ward-pass-123\n")
    assert code == 0 and "VERIFIED" in out and "2.5 × 10⁸" in out, err
    assert ward("audit", "verify")[0] == 0


def test_a_sheet_from_before_the_amendment_still_verifies_with_its_own_protocol(cli, site):
    issued = _issue(cli, site)                   # under the shipped file (2.52 × 10^8)
    assert _adopt(cli, AMENDMENT)[0] == 0
    code, out, err = cli("verify", issued["sheet_id"], str(site), "--user", "li", "--password-stdin",
                         stdin="nurse-pass-1\n")
    assert code == 0 and "2.52 × 10⁸" in out, err


def test_the_escalation_ledger_follows_the_protocol_in_force(cli, site):
    """The amendment's Group A DL4 (escalation) is a level of the ledger once it is adopted."""
    code, out, _ = cli("escalation", "status", "--json")
    assert code == 0 and ("A", "DL4") not in {(s["group"], s["level"]) for s in json.loads(out)["levels"]}
    assert _adopt(cli, AMENDMENT)[0] == 0
    code, out, _ = cli("escalation", "status", "--json")
    levels = {(s["group"], s["level"]): s for s in json.loads(out)["levels"]}
    assert levels[("A", "DL4")]["open"] is False
    assert levels[("B", "DL2")]["open"] is True        # the decision recorded before still counts
    code, out, err = cli("escalation", "decide", "--group", "A", "--level", "DL4", "--open", "--reference",
                         "SRC minutes 2026-12-02", "--user", "admin", "--password-stdin", stdin=ADMIN_PW)
    assert code == 0, err
    code, out, _ = cli("escalation", "status", "--json")
    assert {(s["group"], s["level"]): s["open"] for s in json.loads(out)["levels"]}[("A", "DL4")] is True


def test_check_without_records_loads_nothing_of_the_records(tmp_path):
    """No records file: the shipped protocol, and not one records module (chain, keys) imported."""
    code = ("import sys, json\nfrom infusecalc.cli.main import main\n"
            f"rc = main(['--data-dir', {str(tmp_path / 'none')!r}, 'check', {str(EXAMPLE)!r}, '--json'])\n"
            "print(json.dumps({'rc': rc, 'loaded': sorted(m for m in sys.modules if m.startswith("
            "('infusecalc.records.chain', 'infusecalc.records.ledger', 'cryptography', 'sqlalchemy')))}), "
            "file=sys.stderr)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "INFUSECALC_LANG": "en"})
    assert json.loads(run.stderr.strip().splitlines()[-1]) == {"rc": 0, "loaded": []}
    assert json.loads(run.stdout)["source"]["protocol_sha256"] == default_protocol().sha256
