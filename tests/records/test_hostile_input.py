"""Hostile input the command fuzzing (test_fuzz_commands.py) and its probes found ending in an
internal error (exit 3) or hanging, each now a refusal by the contract: exit 2, a specific message
on stderr, nothing on stdout, nothing recorded."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from infusecalc.records.keyring import export_keys
from infusecalc.records.store import open_store
from infusecalc.records.users import Credentials, RecordsError, authenticate

from .test_cli_records import cli, site  # noqa: F401 - fixtures

GOOD_KEY = {"user_id": "wang", "full_name": "Wang Fang", "role": "pharmacist",
            "public_key": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}


def _export(**changes) -> dict:
    return {"format": "infusecalc-keys-1", "site": "pharmacy", "exported_utc": "2026-12-01T00:00:00.000000Z",
            "keys": [dict(GOOD_KEY, **changes)]}


def _import(cli, tmp_path, raw: bytes | None = None, path=None) -> tuple[int, str, str]:
    if path is None:
        path = tmp_path / "keys.json"
        path.write_bytes(raw)
    before = len(list(open_store(cli.data_dir).iter_events()))
    result = cli("keys", "import", str(path), "--by", "admin", "--password-stdin", stdin="admin-pass-1\n")
    assert len(list(open_store(cli.data_dir).iter_events())) == before, "a refused file records nothing"
    return result


@pytest.mark.parametrize("raw, says", [
    (b"\xff\xfe{}", "is not UTF-8"),
    (json.dumps(_export()).encode("utf-8")[:-1] + b'\xc3"}', "is not UTF-8"),
    (b'{"format": "infusecalc-keys-1", "keys": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested far deeper"),
    (b'{"format": "infusecalc-keys-1", "keys": [[[[[[[[[[1]]]]]]]]]]}', "nested far deeper"),
    (b'{"format": "infusecalc-keys-1", "keys": [], "keys": []}', "gives 'keys' twice"),
    (b'{"format": "infusecalc-keys-1", "exported_utc": NaN, "keys": []}', "holds NaN"),
    (b'{"format": "infusecalc-keys-1", "exported_utc": 1e309, "keys": []}', "too large for JSON"),
    (b'{"format": "infusecalc-keys-1", "exported_utc": ' + b"9" * 5000 + b', "keys": []}', "not JSON"),
    (json.dumps({"format": "infusecalc-keys-1", "keys": 7}).encode(), "'keys' is not a list"),
    (json.dumps({"format": "infusecalc-keys-1", "keys": {"a": 1}}).encode(), "'keys' is not a list"),
    (json.dumps(_export(user_id=12345)).encode(), "its user_id is not text"),
    (json.dumps(_export(role=["admin"])).encode(), "its role is not text"),
    (json.dumps(_export(full_name={"x": 1})).encode(), "its full_name is not text"),
    (json.dumps(_export(role="superuser")).encode(), "names the role 'superuser'"),
    (json.dumps(_export(user_id="wang\x1b[2J")).encode(), "is not a usable user ID"),
    (json.dumps(_export(full_name="Wang\u202eFang")).encode(), "control character"),
    (json.dumps(_export(public_key="x" * 100_000)).encode(), "not an Ed25519 public key"),
    (json.dumps({"format": "infusecalc-keys-1", "keys": [GOOD_KEY] * 5000}).encode(), "more than any site"),
])
def test_a_hostile_key_file_is_refused_naming_what_is_wrong(cli, site, tmp_path, raw, says):
    code, out, err = _import(cli, tmp_path, raw)
    assert code == 2 and out == "" and "Traceback" not in err
    assert says in err, err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_or_device_as_key_file_is_refused_at_once(cli, site, tmp_path):
    fifo = tmp_path / "keys.fifo"
    os.mkfifo(fifo)   # no writer: reading it used to block for ever
    code, out, err = _import(cli, tmp_path, path=fifo)
    assert code == 2 and out == "" and "not a regular file" in err
    code, out, err = _import(cli, tmp_path, path="/dev/zero")   # used to read until memory ran out
    assert code == 2 and out == "" and "not a regular file" in err


def test_a_real_export_with_a_byte_order_mark_still_imports(cli, site, tmp_path, capsys, monkeypatch):
    from .test_cli_records import Cli

    with open_store(cli.data_dir) as store:
        data = export_keys(store)
    ward = Cli(tmp_path / "ward", capsys, monkeypatch)
    assert ward("users", "add", "ward.admin", "--role", "admin", "--password-stdin", stdin="ward-admin-pass\n")[0] == 0
    path = tmp_path / "keys.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(data, ensure_ascii=False).encode("utf-8"))
    code, out, err = ward("keys", "import", str(path), "--by", "ward.admin", "--password-stdin",
                          stdin="ward-admin-pass\n")
    assert code == 0 and "wang (pharmacist)" in out, err


def test_a_nul_in_an_argument_is_exit_2_for_every_command(cli, site):
    for argv in (["sheet", "a\0b", "--pdf", "x.pdf"], ["backup", "x\0"], ["keys", "import", "\0"],
                 ["--data-dir", "\0", "users", "list"], ["check", "\0"], ["protocol", "adopt", "p\0.toml"]):
        code, out, err = cli(*argv)
        assert code == 2 and out == "" and "NUL character" in err and "Traceback" not in err, argv


@pytest.mark.parametrize("user", ["nobody", "wang"])
def test_a_password_line_that_is_not_utf8_is_refused_for_known_and_unknown_users(cli, site, user):
    # Standard input is decoded with surrogateescape: bytes that are not UTF-8 arrive as lone
    # surrogates. An unknown user ID then crashed in the KDF (exit 3) while a known one was
    # refused at once: now both are the same refusal, before any user is looked up.
    code, out, err = cli("void", "IC-AAAA-AAAA", "--reason", "x", "--user", user, "--password-stdin",
                         stdin="pharm\udcff-pass-1\n")
    assert code == 2 and out == "" and "is not UTF-8 text" in err and "Traceback" not in err


def test_the_records_answer_a_surrogate_password_as_a_wrong_one_known_user_or_not(cli, site):
    with open_store(cli.data_dir) as store:
        for user in ("nobody", "wang"):
            with pytest.raises(RecordsError, match="not accepted"):
                authenticate(store, Credentials(user, "pharm\udcff-pass-1"), "issued", ("pharmacist",))


def test_non_utf8_password_through_a_real_process_is_exit_2(tmp_path):
    r = subprocess.run([sys.executable, "-m", "infusecalc", "--data-dir", str(tmp_path / "data"), "users", "disable",
                        "bob", "--by", "nobody", "--password-stdin"], input=b"x\xff\xfeyyyyyyyyyy\n",
                       capture_output=True, timeout=120)
    assert r.returncode == 2 and r.stdout == b"" and b"is not UTF-8 text" in r.stderr, r.stderr


def test_text_arguments_that_are_not_utf8_are_refused_naming_the_option(cli, site):
    # Bytes that are not UTF-8 in argv reach Python as lone surrogates (\udc80-\udcff); recorded
    # as a user ID or a reason they ended in an internal error.
    signed = ["--password-stdin"]
    for argv, named in ((["void", "IC-AAAA-AAAA", "--reason", "bag\udcff", "--user", "wang", *signed], "--reason"),
                        (["users", "disable", "li", "--by", "adm\udcffin", *signed], "--by"),
                        (["users", "add", "\udcff", "--role", "nurse", "--by", "admin", *signed], "NAME"),
                        (["--database", "postgresql://u@h/\udcff", "users", "list"], "--database")):
        code, out, err = cli(*argv, stdin="pharm-pass-1\n")
        assert code == 2 and out == "" and f"given for {named} is not UTF-8 text" in err, (argv, err)


def test_a_file_name_that_is_not_utf8_still_works_but_one_no_system_can_hold_is_refused(cli, site, tmp_path):
    case = tmp_path / "\udcff-case.json"   # the bytes b"\xff-case.json": a legal Linux file name
    if sys.platform.startswith("linux"):
        case.write_bytes(site.read_bytes())
        code, out, _ = cli("check", str(case))
        assert code in (0, 1) and out
    for argv, named in ((["--data-dir", "\ud800", "users", "list"], "--data-dir"),
                        (["check", "\ud800.json"], "CASE"), (["backup", "x\ud800"], "PATH")):
        code, out, err = cli(*argv)
        assert code == 2 and out == "" and f"given for {named} cannot be a file name" in err, (argv, err)
