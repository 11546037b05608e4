"""The bedside verification window in Simplified Chinese: no English left, same figures."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")


from infusecalc.i18n import qt as i18n_qt  # noqa: E402

from ..records.conftest import NURSE, cheap_kdf, data_dir, people, store  # noqa: E402,F401 - fixtures
from ..records.test_verify_window import _compare, _enter, _scan, issued  # noqa: E402,F401 - fixtures
from .test_window_zh import english_left, shown_texts  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def zh_window(qtbot, people):
    from infusecalc.gui.verify_window import VerifyWindow
    from infusecalc.records.users import Credentials

    i18n_qt.install("zh_CN")
    w = VerifyWindow(people, ask_credentials=lambda parent, meaning: Credentials(*NURSE))
    qtbot.addWidget(w)
    w.show()
    yield w
    i18n_qt.install("en")


def assert_chinese(w, typed: set[str]) -> None:
    bad = [(where, text, words) for where, text in shown_texts(w) if (words := english_left(text, typed))]
    assert not bad, "\n".join(f"{where}: {text!r} -> {words}" for where, text, words in bad)


def test_verify_window_in_chinese_from_scan_to_verified(qtbot, zh_window, issued):
    w = zh_window
    assert w.windowTitle() == "InfuseCalc — 床旁核对"
    assert_chinese(w, set())
    _scan(qtbot, w, issued.payload)
    assert_chinese(w, {issued.sheet_id})
    _enter(qtbot, w)
    assert_chinese(w, {issued.sheet_id, "L7", "B-02", "B-01"})
    _compare(qtbot, w)
    result = w.result_label.text()
    assert result.startswith("核对一致")
    assert "252,000,000 CAR-T 细胞" in result and "19.3 mL" in result
    assert_chinese(w, {issued.sheet_id, "L7", "B-02", "B-01", "Li Na", "li.nurse", "UTC"})


def test_a_mismatch_is_unmistakable_in_chinese(qtbot, zh_window, issued):
    w = zh_window
    _scan(qtbot, w, issued.payload)
    _enter(qtbot, w, weight="52")
    _compare(qtbot, w)
    result = w.result_label.text()
    assert result.startswith("不一致 — 核对未通过。禁止输注") and "体重（kg）" in result
