"""Protocol and formulary files are validated at load (issue 14, item 5)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from infusecalc.core.crosscheck import cross_check, similar
from infusecalc.core.errors import ProtocolFileError
from infusecalc.core.evaluate import evaluate
from infusecalc.core.formulary import default_formulary, load_formulary
from infusecalc.core.protocol import default_protocol, load_protocol

from .helpers import base_case, case

PROTOCOL = Path(default_protocol().path).read_text(encoding="utf-8")
FORMULARY = Path(default_formulary().path).read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "p.toml") -> Path:
    out = tmp_path / name
    out.write_text(text, encoding="utf-8")
    return out


def sub(text: str, pattern: str, repl: str) -> str:
    new, n = re.subn(pattern, repl, text, count=1, flags=re.M)
    assert n == 1, pattern
    return new


@pytest.mark.parametrize("pattern, repl, why", [
    (r"^window_days = 7$", "window_days = true", "true/false is never a number"),
    (r"^window_days = 7$", "window_days = 1000000000", "outside"),
    (r'^cap_cells = "[^"]*"', 'cap_cells = "1e5000"', ""),
    (r'^cells_per_kg = "[^"]*"', 'cells_per_kg = "nan"', "finite"),
    (r'^steroid_threshold_prednisone_mg_per_day = "15"', 'steroid_threshold_prednisone_mg_per_day = "1e9"', "outside"),
    (r'^id = "vaccine"', 'id = "vaccine "', "identifier"),
    (r'^id = "vaccine"', 'id = "vaccine\u200b"', "identifier"),
    (r'^id = "vaccine"', 'id = "ｖａｃｃｉｎｅ"', "identifier"),
    (r"^max_age_years = 17$", "max_age_years = 20", "overlap in age"),
    (r'^soft_weight_min_kg = "[^"]*"', 'soft_weight_min_kg = "5"', "inside the hard limits"),
])
def test_unsafe_protocol_values_are_refused_at_load(tmp_path, pattern, repl, why):
    with pytest.raises(ProtocolFileError) as exc:
        load_protocol(write(tmp_path, sub(PROTOCOL, pattern, repl)))
    assert why in str(exc.value) and str(tmp_path) in str(exc.value)


def test_a_flat_dose_of_3e30_cells_is_refused(tmp_path):
    text = sub(PROTOCOL, r'^cells = "[^"]*"', 'cells = "3e30"')
    with pytest.raises(ProtocolFileError):   # its quote does not state it, and it is out of bounds
        load_protocol(write(tmp_path, text))
    from infusecalc.core.datamodel import BOUNDS
    assert BOUNDS[("DoseLevel", "cells")][1] < 3e30


@pytest.mark.parametrize("value", ['"1e-30"', '"1e30"', "true"])
def test_implausible_prednisone_equivalents_are_refused(tmp_path, value):
    text = sub(FORMULARY, r'^prednisone_equivalent_mg = "[^"]*"', f"prednisone_equivalent_mg = {value}")
    with pytest.raises(ProtocolFileError):
        load_formulary(write(tmp_path, text, "f.toml"))


def test_a_protocol_may_have_no_washout_rule(tmp_path):
    # Drop every [[washout]] table, and the conditioning table that refers to a rule.
    tables = re.split(r"(?m)^(?=\[)", PROTOCOL)
    kept = [t for t in tables if not t.startswith(("[[washout]]", "[lymphodepletion]"))]
    lp = load_protocol(write(tmp_path, "".join(kept)))
    assert lp.protocol.washout == []
    ev = evaluate(case(base_case()), lp)
    assert ev.washout.findings == [] and ev.dose.cells > 0


def test_a_class_typo_is_blamed_on_the_protocol_that_has_it(tmp_path):
    text = sub(PROTOCOL, r'^classes = \["chemotherapy"\]', 'classes = ["chemotheraphy"]')
    lp = load_protocol(write(tmp_path, text))
    with pytest.raises(ProtocolFileError) as exc:
        cross_check(lp, default_formulary())
    assert exc.value.path == lp.path and "chemotheraphy" in str(exc.value)


def test_a_class_typo_in_the_formulary_is_blamed_on_the_formulary(tmp_path):
    text = FORMULARY.replace('classes = ["chemotherapy"]', 'classes = ["chemotheraphy"]', 1)
    assert text != FORMULARY
    lf = load_formulary(write(tmp_path, text, "f.toml"))
    with pytest.raises(ProtocolFileError) as exc:
        cross_check(default_protocol(), lf)
    assert exc.value.path == lf.path and "chemotheraphy" in str(exc.value)


def test_a_rule_class_no_agent_has_is_a_warning_and_unused_formulary_classes_are_not_checked(tmp_path):
    text = sub(PROTOCOL, r'^classes = \["vaccine"\]', 'classes = ["vaccine", "gene_therapy"]')
    lp = load_protocol(write(tmp_path, text))
    (warning,) = cross_check(lp, default_formulary())
    assert warning.code == "CLASS_WITHOUT_AGENTS" and "gene_therapy" in warning.message
    ftext = FORMULARY.replace('classes = ["vaccine"]', 'classes = ["vaccine", "experimental_thing"]', 1)
    assert cross_check(default_protocol(), load_formulary(write(tmp_path, ftext, "f.toml"))) == []


def test_similar_class_names():
    assert similar("chemotherapy", "chemotheraphy") and similar("t_cell_lytic", "t-cell-lytic")
    assert not similar("vaccine", "vaccine") and not similar("vaccine", "radiotherapy")


def test_the_shipped_files_load_without_warnings():
    assert cross_check(default_protocol(), default_formulary()) == []


@pytest.mark.parametrize("level_id", ['"DL1 "', '"DL1\\u200b"', '"ＤＬ１"', '"DL\\u202e1"', '""'])
def test_dose_level_ids_are_plain_identifiers(tmp_path, level_id):
    # "DL1 ", "DL1" + a zero-width space and a full-width "ＤＬ１" loaded as levels of their own,
    # which a case could never name (or named by look-alike).
    with pytest.raises(ProtocolFileError) as exc:
        load_protocol(write(tmp_path, PROTOCOL.replace('id = "DL3"', f"id = {level_id}", 1)))
    assert "groups.0.levels.2" in str(exc.value)


# --- files that are not data files: each was a traceback (exit 3) or a hang, found by fuzzing ----

@pytest.mark.parametrize("pattern, repl", [
    (r"^window_days = 7$", "window_days = " + "9" * 5000),           # tomllib: ValueError (4,300 digits)
    (r"^window_days = 7$", "window_days = 0x" + "f" * 5000),
    (r"^window_days = 7$", "window_days = " + "[" * 5000 + "]" * 5000),   # RecursionError
    (r"^window_days = 7$", "window_days = " + "{ a = " * 2000 + "1" + " }" * 2000),
    (r"^window_days = 7$", "window_days = " + "[" * 40 + "]" * 40),  # deep, but not enough to recurse
])
def test_huge_numbers_and_deep_nesting_are_refused_naming_the_file(tmp_path, pattern, repl):
    for load, text, name in ((load_protocol, PROTOCOL, "p.toml"), (load_formulary, FORMULARY, "f.toml")):
        if load is load_formulary:
            text = text + "\nextra = " + repl.split(" = ", 1)[1] + "\n"
        else:
            text = sub(text, pattern, repl)
        with pytest.raises(ProtocolFileError) as exc:
            load(write(tmp_path, text, name))
        assert str(tmp_path / name) in str(exc.value) and len(str(exc.value)) < 3000


def test_a_huge_key_is_not_echoed_back_whole(tmp_path):
    text = PROTOCOL.replace("[site_settings]\n", "[site_settings]\n" + "k" * 100_000 + " = 1\n", 1)
    with pytest.raises(ProtocolFileError) as exc:
        load_protocol(write(tmp_path, text))
    assert "kkkk" in str(exc.value) and len(str(exc.value)) < 3000


posix_only = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="POSIX devices and FIFOs")


@posix_only
@pytest.mark.parametrize("load", [load_protocol, load_formulary])
def test_devices_fifos_folders_and_huge_files_are_refused_at_once(tmp_path, load):
    import os

    fifo = tmp_path / "data.fifo"
    os.mkfifo(fifo)                           # opening it would wait for a writer forever
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * 3_000_000 + b"\n")
    for path, why in (("/dev/zero", "not a regular file"), (fifo, "not a regular file"),
                      (tmp_path, "folder"), (big, "larger than")):
        with pytest.raises(ProtocolFileError) as exc:
            load(path)
        assert why in str(exc.value) and str(path) in str(exc.value)


def test_a_dose_outside_its_bounds_is_refused_even_when_its_quote_states_it(tmp_path):
    # Found by the fuzz suite: dose levels had their own base model, so the bounds of
    # core/datamodel.py never applied to them; a flat level of 6.0e30 cells whose quote said
    # "6.0 × 10^30" loaded (the quote check was the only guard).
    start = PROTOCOL.index('id = "DL3"')
    level = PROTOCOL[start:start + 400]
    changed = level.replace('cells = "6.0e8"', 'cells = "6.0e30"').replace("dl3:6.0 × 10\\\\^8", "dl3:6.0 × 10\\\\^30")
    assert changed.count("30") == 2
    with pytest.raises(ProtocolFileError) as exc:
        load_protocol(write(tmp_path, PROTOCOL[:start] + changed + PROTOCOL[start + 400:]))
    assert "groups.0.levels.2" in str(exc.value) and "outside" in str(exc.value)


def test_a_bool_is_never_a_dose_figure(tmp_path):
    with pytest.raises(ProtocolFileError) as exc:
        load_protocol(write(tmp_path, sub(PROTOCOL, r'^cells = "6.0e8"$', "cells = true")))
    assert "true/false is never a number" in str(exc.value)
