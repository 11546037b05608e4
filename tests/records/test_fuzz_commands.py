"""Every command of the CLI against hostile files and arguments: the exit-code contract.

README: exit 0 and 1 only for a computed result, 2 for refused input (a specific message on
stderr, nothing on stdout), 3 for an internal error. `check` and `verify` have their own fuzz
suites (tests/core/test_fuzz_cli.py, test_fuzz_verify.py); this one drives the rest: sheet,
schema, issue, void, reprint, users, audit, keys, backup, escalation, protocol and db, in-process
against one records folder (a cheap KDF, as tests/records/conftest.py), with generated case and
key files (deep nesting, huge numbers, NaN/Infinity, "1e309", invisible and direction-override
characters, byte-order marks, invalid UTF-8, duplicate keys, wrong types, enormous strings,
negative or zero weights, dates far in the past or future), special files (a folder, a FIFO with
no writer, a device, a planted symbolic link) and hostile argument values. Whatever the command
does with them, it exits 0, 1 or 2 by the contract and no traceback reaches stderr without
--debug. The station's state drifts as the examples run (users locked, sheets voided): the
contract holds whatever the state.

Default runs stay within seconds; INFUSECALC_SLOW_TESTS=1 runs many more examples (`slow`).
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st


from ..cli_station import PASSWORDS, CliStation
from ..core.fuzz_strategies import FAST, HOSTILE_CHARS, SLOW, SLOW_ENABLED, case_bytes, json_value, valid_case

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "issue-example.json"
PROTOCOL = ROOT / "resources" / "protocols" / "nct07470073.toml"
_names = itertools.count()

# Module-scoped fixtures with a per-test autouse one (cheap_kdf) are fine here: the KDF swap
# holds for every example of a test.
COMMANDS = settings(FAST, max_examples=max(1, int(os.environ.get("INFUSECALC_FUZZ_EXAMPLES", "150")) // 10),
                    suppress_health_check=[*FAST.suppress_health_check, HealthCheck.function_scoped_fixture])


class Station(CliStation):
    """The shared station (tests/cli_station.py) with one issued sheet."""

    usage_exits_are_results = True

    def __init__(self, data_dir: Path, work: Path) -> None:
        super().__init__(data_dir, work)
        case = valid_case()
        case["product"].update(lot="L2026-11", bag_ids=["B-01"])
        self.case = work / "ready-case.json"
        self.case.write_text(json.dumps(case), encoding="utf-8")
        code, out, err = self.run("issue", str(self.case), "--user", "wang", "--password-stdin", "--json",
                                  stdin="pharm-pass-1\n")
        assert code == 0, err
        self.sheet_id = json.loads(out)["sheet_id"]
        self.qr = json.loads(out).get("qr_payload", self.sheet_id)
        self.fifo = work / "fifo"
        if hasattr(os, "mkfifo"):
            os.mkfifo(self.fifo)


@pytest.fixture(scope="module")
def station(tmp_path_factory) -> Station:
    from infusecalc.records import passwords

    work = tmp_path_factory.mktemp("fuzz-files")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(passwords, "_params", passwords.KdfParams(n=2**4, r=1, p=1))
        # A hostile --data-dir or output name is relative to here, and an empty one falls back
        # to the default data folder: both inside the test's own folder, never the checkout or ~.
        mp.chdir(work)
        mp.setenv("INFUSECALC_DATA_DIR", str(work / "default-data"))
        mp.setenv("HOME", str(work / "home"))
        mp.delenv("INFUSECALC_DATABASE_URL", raising=False)
        yield Station(tmp_path_factory.mktemp("fuzz-commands") / "data", work)


# --- hostile values ----------------------------------------------------------------------------

SPECIAL_TEXT = ["", " ", "-", "--", "-1", "0", "1e309", "-1e309", "NaN", "nan", "Infinity", "-Infinity", "inf",
                "1e999999999", "1e-999999999", "9" * 40, "0x10", "1/0", "0.3,0.2", ",", "0.25,NaN", "1,2,3",
                "0001-01-01", "9999-12-31", "99999-01-01", "2026-02-30", "\u200b", "\u202eevil", "\ufeffadmin",
                "ａｄｍｉｎ", "Admin", "admin\n", "admin ", "wang", "li", "IC-0000-0000", "ic-", "x" * 70_000,
                "柔红霉素", "\x1b[31mred", "../../etc/passwd", "%s%n", "'; DROP TABLE events; --",
                "postgresql://u:pw@h/db", "postgresql://u@/db?host=/nonexistent", "sqlite:///", "file:///dev/zero",
                "1:" + "0" * 64, "-1:" + "f" * 64, "99999999999999999999:" + "a" * 64, "1:xyz"]
hostile_text = st.one_of(st.sampled_from(SPECIAL_TEXT), st.text(max_size=30),
                         st.lists(st.sampled_from(HOSTILE_CHARS + ["a", "1", "."]), max_size=8).map("".join))


@st.composite
def key_file(draw: st.DrawFn) -> bytes:
    """A key export, real-looking or mangled."""
    key = {"user_id": "wang", "full_name": "Wang Fang", "role": "pharmacist",
           "public_key": "A" * 43 + "=", "fingerprint": "0123456789abcdef"}
    for field in draw(st.lists(st.sampled_from(sorted(key)), max_size=3)):
        key[field] = draw(st.one_of(hostile_text, json_value))
    data: Any = {"format": draw(st.sampled_from(["infusecalc-keys-1", "infusecalc-keys-2", ""])),
                 "site": draw(hostile_text), "exported_utc": "2026-12-01T00:00:00.000000Z",
                 "keys": draw(st.one_of(st.just([key]), st.just([key, key]), json_value, st.just([]),
                                        st.just([key] * 3000)))}
    text = json.dumps(data, ensure_ascii=draw(st.booleans()))
    how = draw(st.integers(0, 7))
    if how == 0:
        text = text[:-1] + ', "keys": []}'
    elif how == 1:
        text = '{"format": "infusecalc-keys-1", "keys": ' + "[" * 5000 + "]" * 5000 + "}"
    elif how == 2:
        text = text.replace('"exported_utc": "2026-12-01T00:00:00.000000Z"',
                            '"exported_utc": ' + draw(st.sampled_from(["NaN", "1e309", "-Infinity", "1" * 5000])))
    elif how == 3:
        text = text[:draw(st.integers(0, len(text)))]
    raw = text.encode("utf-8", errors="surrogatepass")
    how = draw(st.integers(0, 5))
    if how == 0:
        raw = b"\xef\xbb\xbf" + raw
    elif how == 1:
        raw = text.encode("utf-16", errors="surrogatepass")
    elif how == 2:
        raw = raw[:draw(st.integers(0, len(raw)))] + b"\xff\xfe\xc3" + raw
    return raw


file_bytes = st.one_of(case_bytes(), key_file(), st.binary(max_size=64),
                       st.sampled_from([b"", b"\xef\xbb\xbf", b"\x00" * 10, b"[]", b"{}", b"null", b"1e309",
                                        b'{"a": 1, "a": 2}', b"[" * 100_000, b"\xff" * 10,
                                        PROTOCOL.read_bytes(), PROTOCOL.read_bytes().replace(b"0.3", b"1e309")]))


@st.composite
def input_path(draw: st.DrawFn, station: Station) -> str:
    """A file to read: generated bytes, or something that is not a plain readable file."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.sampled_from([str(station.work), os.devnull, str(station.work / "absent.json"),
                                     str(station.fifo) if station.fifo.exists() else os.devnull, "",
                                     str(station.work) + "/", "x" * 5000, str(EXAMPLE), str(station.case)]))
    path = station.work / f"in-{next(_names)}.json"
    path.write_bytes(draw(file_bytes))
    if kind == 1 and hasattr(os, "symlink"):
        link = station.work / f"link-{next(_names)}.json"
        link.symlink_to(path)
        return str(link)
    return str(path)


@st.composite
def output_path(draw: st.DrawFn, station: Station) -> str:
    """Where a command is told to write: a new name, or something already there."""
    kind = draw(st.integers(0, 7))
    fresh = station.work / f"out-{next(_names)}"
    if kind == 0:
        fresh.write_bytes(b"someone else's file")
    elif kind == 1 and hasattr(os, "symlink"):
        fresh.symlink_to(station.work / f"victim-{next(_names)}")
    elif kind == 2:
        return draw(st.sampled_from([str(station.work), str(station.work / "absent" / "x"), os.devnull, "",
                                     str(station.work / ("é" * 300))]))
    return str(fresh)


KINDS = ["check", "sheet", "schema", "issue", "verify", "void", "reprint", "users add", "users other", "users ageing",
         "audit verify", "audit export", "audit checkpoint", "keys export", "keys import", "backup",
         "escalation table", "escalation outcome", "escalation decide", "escalation status", "protocol adopt",
         "protocol list", "db", "global"]


@st.composite
def command(draw: st.DrawFn, station: Station, kind: str) -> tuple[list[str], str]:
    """One command line with hostile parts, and its standard input (passwords, one a line)."""
    text = hostile_text
    sheet = st.one_of(st.just(station.sheet_id), st.just(station.qr), text)
    user = st.one_of(st.sampled_from(sorted(PASSWORDS)), text)
    maybe = lambda *flag: draw(st.sampled_from([[], list(flag)]))   # noqa: E731
    lang = draw(st.sampled_from([[], ["--lang", "zh_CN"], ["--lang", "en"]]))
    signer = draw(user)
    argv: list[str]
    if kind == "check":   # fuzzed at length in tests/core/test_fuzz_cli.py; here with the other options
        argv = ["check", draw(input_path(station)), *maybe("--json"),
                *maybe(draw(st.sampled_from(["--protocol", "--formulary"])), draw(input_path(station)))]
    elif kind == "sheet":
        argv = ["sheet", draw(input_path(station)), "--pdf", draw(output_path(station)),
                *draw(st.sampled_from([[], ["--lang", "bilingual"], ["--lang", "zh_CN"], ["--lang", draw(text)]]))]
    elif kind == "schema":
        argv = ["schema", *maybe("--json")]
    elif kind == "issue":
        argv = ["issue", draw(st.one_of(st.just(str(station.case)), input_path(station))), "--user", signer,
                *maybe("--json"), *maybe("--pdf", draw(output_path(station)))]
    elif kind == "verify":
        argv = ["verify", draw(sheet), draw(st.one_of(st.just(str(station.case)), input_path(station))),
                "--user", signer, *maybe("--json")]
    elif kind == "void":
        argv = ["void", draw(sheet), "--reason", draw(text), "--user", signer]
    elif kind == "reprint":
        argv = ["reprint", draw(sheet), "--pdf", draw(output_path(station)), "--user", signer]
    elif kind == "users add":
        argv = ["users", "add", draw(text), "--role", draw(st.sampled_from(["nurse", "pharmacist", "admin"])),
                *maybe("--full-name", draw(text)), "--by", signer]
    elif kind == "users other":
        argv = ["users", draw(st.sampled_from(["disable", "unlock", "reset"])), draw(user), "--by", signer]
    elif kind == "users ageing":
        argv = ["users", "ageing", draw(text), "--by", signer]
    elif kind == "audit verify":
        argv = ["audit", "verify", *maybe("--anchor", draw(text)), *maybe("--json"), *maybe("--full")]
    elif kind == "audit export":
        argv = ["audit", "export", "--format", draw(st.sampled_from(["csv", "json"])),
                *maybe("--out", draw(output_path(station)))]
    elif kind == "audit checkpoint":
        argv = ["audit", "checkpoint", *maybe("--by", signer)]
    elif kind == "keys export":
        argv = ["keys", "export", "--out", draw(output_path(station))]
    elif kind == "keys import":
        argv = ["keys", "import", draw(input_path(station)), "--by", signer]
    elif kind == "backup":
        argv = ["backup", draw(output_path(station))]
    elif kind == "escalation table":
        argv = ["escalation", "table", *maybe("--target", draw(text)), *maybe("--interval", draw(text)),
                *maybe("--max-n", draw(text)), *maybe("--json"), *maybe("--protocol", draw(input_path(station)))]
    elif kind == "escalation outcome":
        argv = ["escalation", "outcome", draw(sheet), "--dlt", draw(st.sampled_from(["yes", "no"])),
                *maybe("--correct", "--reason", draw(text)), "--user", signer]
    elif kind == "escalation decide":
        argv = ["escalation", "decide", "--group", draw(st.one_of(st.sampled_from(["A", "B"]), text)),
                "--level", draw(st.one_of(st.sampled_from(["DL1", "DL2", "DL-1", "DL3"]), text)),
                draw(st.sampled_from(["--open", "--close"])), "--reference", draw(text), "--user", signer]
    elif kind == "escalation status":
        argv = ["escalation", "status", *maybe("--json")]
    elif kind == "protocol adopt":
        argv = ["protocol", "adopt", draw(input_path(station)), "--by", signer]
    elif kind == "protocol list":
        argv = ["protocol", "list", *maybe("--json")]
    elif kind == "db":
        argv = draw(st.sampled_from([["db", "init", "--admin-url", draw(text)],
                                     ["db", "migrate-from-sqlite", draw(input_path(station))]]))
    else:   # a global option with a hostile value, in front of a command that reads the records
        argv = [draw(st.sampled_from(["--database", "--data-dir", "--lang"])), draw(text),
                *draw(st.sampled_from([["users", "list"], ["protocol", "list"], ["escalation", "status"]]))]
    if "--user" in argv or "--by" in argv:
        argv.append("--password-stdin")
    password = PASSWORDS.get(signer, "wrong-password-1")
    stdin = draw(st.sampled_from([f"{password}\n" * 3, "", draw(text) + "\n", "new-password-1234\n" * 2 + password + "\n"]))
    return lang + argv, stdin


def assert_contract(argv: list[str], code: int, out: str, err: str) -> None:
    shown = [a if len(a) < 80 else a[:40] + f"...({len(a)})" for a in argv]
    assert code in (0, 1, 2), f"{shown}: exit {code}: {err[-2000:]}"
    assert "Traceback" not in err and "internal error" not in err, f"{shown}: {err[-2000:]}"
    if code == 2:
        assert out == "", f"{shown}: a refusal prints nothing on stdout: {out[:500]!r}"
        assert err.strip(), f"{shown}: a refusal says why"


@pytest.mark.parametrize("kind", KINDS)
@COMMANDS
@given(st.data())
def test_every_command_keeps_the_exit_code_contract(station, kind, data):
    argv, stdin = data.draw(command(station, kind))
    code, out, err = station.run(*argv, stdin=stdin)
    event(f"exit {code}")
    assert_contract(argv, code, out, err)


@pytest.mark.slow
@pytest.mark.skipif(not SLOW_ENABLED, reason="5,000 examples; set INFUSECALC_SLOW_TESTS=1")
@settings(SLOW, suppress_health_check=[*SLOW.suppress_health_check, HealthCheck.function_scoped_fixture])
@given(st.sampled_from(KINDS), st.data())
def test_every_command_many_examples(station, kind, data):
    argv, stdin = data.draw(command(station, kind))
    code, out, err = station.run(*argv, stdin=stdin)
    assert_contract(argv, code, out, err)
