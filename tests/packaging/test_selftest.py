import os
import subprocess
import sys

import pytest

from infusecalc import selftest
from infusecalc.selftest import Check, CheckFailed, Skip, run_checks


def test_self_test_from_source_passes_with_one_line_per_check(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    r = subprocess.run([sys.executable, "-m", "infusecalc", "--self-test"], cwd=tmp_path, env=env,
                       capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    check_lines = lines[1:-1]
    assert all(line.split(None, 1)[0] in ("PASS", "SKIP") for line in check_lines), r.stdout
    assert len(check_lines) == len(selftest.CHECKS)
    for line, c in zip(check_lines, selftest.CHECKS, strict=True):
        assert c.name in line
    assert lines[-1].startswith("SELF-TEST PASSED")
    # The worked examples are really computed and shown.
    assert "300,000,000" in r.stdout and "2026-12-12" in r.stdout


def _run(fn):
    return run_checks([Check("probe", fn)])[0]


def test_a_failing_check_fails_and_says_why():
    def bad(ctx):
        raise CheckFailed("computed 1 cells, expected 2")
    o = _run(bad)
    assert (o.status, o.detail) == ("FAIL", "computed 1 cells, expected 2")


def test_an_unexpected_error_is_a_failure_not_a_crash():
    o = _run(lambda ctx: {}["missing"])
    assert o.status == "FAIL" and "KeyError" in o.detail


def test_skip_is_reported_as_skip():
    def absent(ctx):
        raise Skip("not in this build")
    assert _run(absent).status == "SKIP"


def test_main_exits_1_when_any_check_fails(monkeypatch, capsys):
    def bad(ctx):
        raise CheckFailed("wrong")
    monkeypatch.setattr(selftest, "CHECKS", [Check("ok", lambda ctx: "fine"), Check("broken", bad)])
    assert selftest.main() == 1
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("PASS") and out[2].startswith("FAIL") and "broken" in out[2]
    assert out[-1].startswith("SELF-TEST FAILED")


def test_a_data_file_that_differs_from_the_manifest_fails(monkeypatch):
    real = selftest.read_manifest()
    tampered = {rel: "0" * 64 for rel in real}
    monkeypatch.setattr(selftest, "read_manifest", lambda: tampered)
    outcomes = {o.name: o for o in run_checks([c for c in selftest.CHECKS
                                               if c.name in ("data files match manifest", "protocol loads")])}
    assert all(o.status == "FAIL" for o in outcomes.values()), outcomes


@pytest.mark.parametrize("group, weight, level, cells, capped", selftest.DOSE_CASES)
def test_dose_checks_fail_on_a_wrong_expectation(group, weight, level, cells, capped):
    # The checks compare with their table: a wrong table entry must fail, so they cannot
    # pass vacuously.
    assert _run(selftest._dose_check(group, weight, level, cells, capped)).status == "PASS"
    assert _run(selftest._dose_check(group, weight, level, cells + 1, capped)).status == "FAIL"
    assert _run(selftest._dose_check(group, weight, level, cells, not capped)).status == "FAIL"


def test_the_sheet_reader_reads_what_pypdf_reads(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    ctx = selftest.Context(tmp=tmp_path)
    ctx.qt_app()
    case, ev = ctx.sample()
    from infusecalc.sheet.render import write_pdf

    out = tmp_path / "sheet.pdf"
    write_pdf(ev, case, out)
    ours = selftest.qt_pdf_text(out.read_bytes())
    theirs = "\n".join(page.extract_text() for page in pypdf.PdfReader(str(out)).pages)
    # pypdf guesses spaces from glyph positions ("f ormulary"); the characters must agree.
    assert "".join(ours.split()) == "".join(theirs.split())
    assert "150,000,000" in ours and "SELFTEST-01" in ours


def test_the_sheet_check_fails_when_the_pdf_lacks_the_dose(monkeypatch, tmp_path):
    monkeypatch.setattr(selftest, "qt_pdf_text", lambda data: "SELFTEST-01 CAP APPLIED")
    o = run_checks([c for c in selftest.CHECKS if c.name == "dose sheet PDF"])[0]
    assert o.status == "FAIL" and "150,000,000" in o.detail


def test_the_records_check_fails_when_the_chain_does_not_verify(monkeypatch):
    from infusecalc.records import store as records_store
    from infusecalc.records.chain import ChainReport

    monkeypatch.setattr(records_store.Store, "verify",
                        lambda self, anchor=None: ChainReport(False, 1, 2, "event 2 was altered", None))
    o = run_checks([c for c in selftest.CHECKS if c.name == "records database chain"])[0]
    assert o.status == "FAIL" and "event 2 was altered" in o.detail
