"""The line under the banner (issue 15, item 3): the earliest infusion date AND the consent
side of the clinical timeline, as the core decided them. A consent-based failure is never
cleared by an infusion date (conventions, "consent-based rules"): the line then says the
infusion date covers the infusion-based windows only and names the earliest consent date."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from infusecalc.core.case import parse_case

from ..core.helpers import base_case

pytestmark = pytest.mark.gui


@pytest.fixture
def back_to_english(qtbot):
    yield
    from infusecalc.i18n import qt as i18n_qt

    i18n_qt.install("en", QApplication.instance())


def _line(window, exposures: list[dict], **changes) -> str:
    window.load_case(parse_case(base_case(exposures=exposures, **changes)))
    line = window.results.timeline
    assert line.isVisible()
    # A date and its weekday are joined so that the line never parts them (no-break space in
    # English, word joiner in Chinese: test_timeline_dates_whole.py); read here as plain text.
    return line.text().replace("\u00a0", " ").replace("\u2060", "")


def test_nothing_in_the_way_names_both_dates(qtbot, window):
    text = _line(window, [{"agent": "daunorubicin", "last_date": "2026-12-01"}])
    ev = window.evaluation()
    assert ev.washout.cleared and ev.washout.earliest_infusion_date is None
    assert "2026-12-10 (Thu)" in text and "2026-11-20 (Fri)" in text
    assert "no infusion-based window" in text and "no consent-based window" in text
    assert "\n" not in text                                       # one line of text


def test_an_infusion_failure_gives_the_earliest_infusion_date_and_the_consent_stands(qtbot, window):
    text = _line(window, [{"agent": "daunorubicin", "last_date": "2026-12-05"}])
    ev = window.evaluation()
    assert ev.washout.clears_by_date_alone and ev.washout.earliest_infusion_date.isoformat() == "2026-12-13"
    assert text.startswith("Earliest infusion date: 2026-12-13 (Sun) (planned 2026-12-10 (Thu))")
    assert "only" not in text and "consent 2026-11-20 (Fri): no consent-based window" in text


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_consent_failure_gives_the_earliest_consent_date_and_no_clearing_infusion_date(
        qtbot, window, back_to_english, language):
    from infusecalc.i18n import qt as i18n_qt

    if language != "en":
        i18n_qt.install(language, QApplication.instance())
    text = _line(window, [{"agent": "vaccine", "last_date": "2026-11-10"},
                          {"agent": "daunorubicin", "last_date": "2026-12-05"}])
    w = window.evaluation().washout
    assert not w.clears_by_date_alone
    assert w.earliest_infusion_date.isoformat() == "2026-12-13" and w.earliest_consent_date.isoformat() == "2026-12-09"
    assert "2026-12-13" in text and "2026-12-09" in text and "2026-11-20" in text
    assert "\n" not in text
    if language == "en":
        assert "infusion-based windows only: 2026-12-13" in text
        assert "earliest consent date: 2026-12-09 (Wed), a new consent is needed" in text
        assert "Earliest infusion date: " not in text
    else:
        assert "仅" in text and "重新签署" in text
        assert "Earliest" not in text and "consent" not in text


def test_a_consent_failure_alone_keeps_the_planned_infusion(qtbot, window):
    text = _line(window, [{"agent": "vaccine", "last_date": "2026-11-10"}])
    w = window.evaluation().washout
    assert w.earliest_infusion_date is None and w.earliest_consent_date is not None
    assert text.startswith("Planned infusion 2026-12-10 (Thu): no infusion-based window stands in its way")
    assert "earliest consent date: 2026-12-09 (Wed)" in text


def test_conditioning_to_repeat_says_no_date_clears_by_waiting(qtbot, window):
    text = _line(window, [{"agent": "fludarabine", "last_date": "2026-11-22", "purpose": "lymphodepletion"}])
    w = window.evaluation().washout
    assert w.earliest_infusion_date is None and not w.clears_by_date_alone
    assert "no infusion date clears by waiting" in text and "stands in its way" not in text.split(";")[0]


def test_without_a_consent_date_the_line_says_so(qtbot, window):
    text = _line(window, [], consent_date=None)
    assert "consent date not entered" in text


def test_the_banner_names_an_unacknowledged_warning_by_what_it_says_not_its_code(qtbot, window):
    window.load_case(parse_case(base_case(weight="20 kg")))   # adult below the usual range
    ev = window.evaluation()
    (warning,) = ev.unacknowledged
    reasons = window.results.banner_reasons.text()
    assert warning.code not in reasons
    assert "Warning not acknowledged: " in reasons and "20 kg" in reasons


def test_rule_names_in_the_findings_table_are_words_not_ids(qtbot, window):
    window.load_case(parse_case(base_case(exposures=[
        {"agent": "radiotherapy", "site": "cns", "last_date": "2026-09-20"},
        {"agent": "imatinib", "last_date": "2026-12-01"}])))
    table = window.results.findings
    names = [table.item(r, 1).text() for r in range(table.rowCount())]
    assert names and not [n for n in names if "_" in n]
    assert "CNS radiotherapy" in names
