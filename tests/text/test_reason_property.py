"""Property: every finding's English and Chinese sentence come from its one reason code, and a
FAIL's sentence, in either language, is never a pass sentence (issue 11, item 6)."""

from __future__ import annotations

import datetime as dt
import re
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infusecalc.core.reasons import FINDING_REASONS
from infusecalc.text import Words, catalogue

from ..core.helpers import base_case, run

INFUSION = dt.date(2026, 12, 10)


def _pattern(template: str) -> re.Pattern[str]:
    """The template as a regex: its words literal, each placeholder any text."""
    out = []
    for literal, name, _, _ in string.Formatter().parse(template):
        out.append(re.escape(literal))
        if name is not None:
            out.append(".+?")
    return re.compile("".join(out), re.S)


PATTERNS = {lang: {code: _pattern(t) for code, t in catalogue(lang).findings.items()} for lang in ("en", "zh_CN")}
PASS_CODES = [c for c, s in FINDING_REASONS.items() if s == "pass"]

plain = st.sampled_from(["daunorubicin", "vincristine", "imatinib", "hydroxyurea", "blinatumomab",
                         "alemtuzumab", "pegaspargase", "vaccine", "major surgery", "intrathecal methotrexate"])
steroids = st.sampled_from(["prednisone", "dexamethasone", "hydrocortisone", "methylprednisolone"])
routes = st.sampled_from(["oral", "intravenous", "topical", "inhaled"])
doses = st.decimals(min_value="0.5", max_value="80", places=2).map(lambda d: f"{d} mg")


@st.composite
def exposure(draw):
    last = INFUSION - dt.timedelta(days=draw(st.integers(min_value=-1, max_value=40)))
    kind = draw(st.sampled_from(["plain", "steroid", "conditioning", "hand"]))
    if kind == "plain":
        return {"agent": draw(plain), "last_date": last.isoformat()}
    if kind == "hand":
        return {"agent": "unlisted agent", "class": draw(st.sampled_from(["asparaginase", "antibody", "tki"])),
                "last_date": last.isoformat()}
    if kind == "conditioning":
        return {"agent": draw(st.sampled_from(["fludarabine", "cyclophosphamide"])), "purpose": "lymphodepletion",
                "last_date": last.isoformat()}
    first = last - dt.timedelta(days=draw(st.integers(min_value=0, max_value=5)))
    return {"agent": draw(steroids), "daily_dose": draw(doses), "route": draw(routes),
            "first_date": first.isoformat(), "last_date": last.isoformat()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(exposure(), min_size=1, max_size=5))
def test_every_sentence_comes_from_the_finding_code_and_a_fail_is_never_a_pass(exposures):
    ev = run(base_case(exposures=exposures))
    for f in ev.washout.findings:
        assert FINDING_REASONS[f.reason_code] == f.status
        for lang in ("en", "zh_CN"):
            sentence = Words(lang).finding_reason(f)
            assert PATTERNS[lang][f.reason_code].fullmatch(sentence), (lang, f.reason_code, sentence)
            if f.status == "fail":
                matching = [c for c in PASS_CODES if PATTERNS[lang][c].fullmatch(sentence)]
                assert not matching, (lang, sentence, matching)
    # The not-cleared lines are the failed findings and the warnings, one for one.
    failed = [f for f in ev.washout.findings if f.status == "fail"]
    assert len([r for r in ev.not_cleared if r.code == "FINDING_FAILED"]) == len(failed)
    assert ev.cleared == (not failed and not ev.unacknowledged)
