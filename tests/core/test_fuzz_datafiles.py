"""Fuzzing the protocol and formulary loaders (issue 14, items 5 and 7).

The shipped files are mutated line by line (values replaced by hostile ones, lines dropped or
given twice, bytes in other encodings, deep nesting, huge numbers) and loaded. The contract:
a file loads, or it is refused with a ProtocolFileError naming the file; a file that loads
computes every case sanely or refuses it with an InputError; nothing else escapes.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infusecalc.core.case import parse_case
from infusecalc.core.crosscheck import cross_check
from infusecalc.core.errors import InputError, ProtocolFileError
from infusecalc.core.evaluate import evaluate
from infusecalc.core.formulary import default_formulary, load_formulary
from infusecalc.core.protocol import default_protocol, load_protocol

from .fuzz_strategies import FAST, SLOW, SLOW_ENABLED, number_text, valid_case
from .test_fuzz_casefile import assert_refusal, assert_sane, event

PROTOCOL = Path(default_protocol().path).read_text(encoding="utf-8")
FORMULARY = Path(default_formulary().path).read_text(encoding="utf-8")
LABEL = Path(default_protocol().path).parent.joinpath("labels", "kymriah-ball.toml").read_text(encoding="utf-8")
_ONE_LINE_VALUE = re.compile(r'^(\s*[A-Za-z0-9_."-]+\s*=\s*)(.+)$', re.M)

HOSTILE_TOML = [
    "true", "false", "0", "-1", "1", "1000000000", "-1000000000", "1e999", "-1e999", "nan", "inf", "-0.0",
    "0.0", "5e-324", '"1e5000"', '"1e-5000"', '"nan"', '"inf"', '"-0"', '"0"', '"1e30"', '"3e30"', '"1e-30"',
    '""', '" "', '"DL1 "', '"DL1\\u200b"', '"ＤＬ１"', '"\\u0000"', '"\\u202e"', '"\\ud800"', '"x"', "[]", "{}",
    '["a", "a"]', "[1, 2]", '{ a = 1 }', "1979-05-27", "1979-05-27T07:32:00Z", "9" * 5000, "0x" + "f" * 5000,
    '"' + "9" * 5000 + '"', '"' + "x" * 100_000 + '"', "[" * 3000 + "]" * 3000, "{ a = " * 800 + "1" + " }" * 800,
    "[" * 20 + "]" * 20,
]


@st.composite
def mutated_toml(draw: st.DrawFn, base: str) -> bytes:
    text = base
    for _ in range(draw(st.integers(1, 3))):
        lines = list(_ONE_LINE_VALUE.finditer(text))
        m = draw(st.sampled_from(lines))
        how = draw(st.integers(0, 9))
        if how <= 4:          # a hostile value
            value = draw(st.sampled_from(HOSTILE_TOML))
        elif how <= 6:        # a number of another size, quoted as the files write them, or not
            number = draw(number_text())
            value = draw(st.sampled_from(['"{}"', "{}"])).format(number.replace('"', "").replace("\\", ""))
        elif how == 7:        # the line dropped
            value = None
        elif how == 8:        # the line given twice (TOML forbids a key twice)
            text = text[:m.end()] + "\n" + m.group(0) + text[m.end():]
            continue
        else:                 # another line's value
            value = draw(st.sampled_from(lines)).group(2)
        text = text[:m.start()] + ("" if value is None else m.group(1) + value) + text[m.end():]
    raw = text.encode("utf-8")
    how = draw(st.integers(0, 14))
    if how == 0:
        raw = b"\xef\xbb\xbf" + raw
    elif how == 1:
        raw = text.encode("utf-16")
    elif how == 2:
        raw = text.encode("latin-1", errors="replace")
    elif how == 3:
        raw = raw[:draw(st.integers(0, len(raw)))]
    elif how == 4:
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at:]
    return raw


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz-data")


_names = itertools.count()


def write(workdir: Path, raw: bytes, suffix: str) -> Path:
    path = workdir / f"{next(_names)}{suffix}"
    path.write_bytes(raw)
    return path


CASES = [parse_case(valid_case()),
         parse_case({**valid_case(), "group": "A", "age_years": 40, "weight": "70 kg", "dose_level": "DL3"})]


def compute_with(protocol, formulary) -> None:
    try:
        cross_check(protocol, formulary)
    except ProtocolFileError as exc:
        assert exc.details
        event("refused by the cross-check")
        return
    for case in CASES:
        try:
            ev = evaluate(case, protocol, formulary)
        except InputError as exc:
            assert_refusal(exc)
            event("case refused")
            continue
        except ProtocolFileError as exc:
            assert exc.details
            event("refused by the cross-check")
            continue
        assert_sane(ev)
        event("computed")


def load_or_refuse(load, path: Path):
    try:
        loaded = load(path)
    except ProtocolFileError as exc:
        assert str(path) in str(exc) and exc.details
        for where, why in exc.details:
            assert where and why
        assert len(str(exc)) < 20_000, "a refusal must not echo a huge file back"
        event("file refused")
        return None
    event("file loaded")
    return loaded


@FAST
@given(mutated_toml(PROTOCOL))
def test_a_mutated_protocol_loads_and_computes_sanely_or_is_refused(workdir, raw):
    loaded = load_or_refuse(load_protocol, write(workdir, raw, ".toml"))
    if loaded is not None:
        compute_with(loaded, default_formulary())


@FAST
@given(mutated_toml(FORMULARY))
def test_a_mutated_formulary_loads_and_computes_sanely_or_is_refused(workdir, raw):
    loaded = load_or_refuse(load_formulary, write(workdir, raw, ".toml"))
    if loaded is not None:
        compute_with(default_protocol(), loaded)


@FAST
@given(mutated_toml(LABEL))
def test_a_mutated_label_protocol_loads_or_is_refused(workdir, raw):
    # A label protocol has no washout rules and other dose kinds (weight bands, ranges).
    loaded = load_or_refuse(load_protocol, write(workdir, raw, ".toml"))
    if loaded is not None:
        compute_with(loaded, default_formulary())


@pytest.mark.slow
@pytest.mark.skipif(not SLOW_ENABLED, reason="5,000 examples each; set INFUSECALC_SLOW_TESTS=1")
@SLOW
@given(st.data())
def test_data_files_many_examples(workdir, data):
    base, load = data.draw(st.sampled_from([(PROTOCOL, load_protocol), (FORMULARY, load_formulary),
                                            (LABEL, load_protocol)]))
    loaded = load_or_refuse(load, write(workdir, data.draw(mutated_toml(base)), ".toml"))
    if loaded is not None:
        if load is load_protocol:
            compute_with(loaded, default_formulary())
        else:
            compute_with(default_protocol(), loaded)
