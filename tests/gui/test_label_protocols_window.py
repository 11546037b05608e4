"""A label example and the amended ct1190b protocol compute in the window with no code of their
own (`infusecalc --protocol FILE`, issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from infusecalc.gui.main_window import MainWindow

from .conftest import tick, type_order, wait_result

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window_with(qtbot, tmp_path):
    def make(protocol: Path) -> MainWindow:
        w = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        w.protocol_path = str(protocol)
        # No modal question may block a test (closing a modified window asks to save).
        w.ask_unsaved = lambda: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
        w.explain = lambda title, text: None  # type: ignore[method-assign]
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        w.load_core_now()
        return w
    return make


def test_kymriah_band_range_in_the_window(qtbot, window_with):
    w = window_with(ROOT / "resources" / "protocols" / "labels" / "kymriah-ball.toml")
    type_order(qtbot, w, group="BALL", level="label", weight="30", age="12")
    w.form.age.spin.setValue(12)   # this group's ages start at 0, so the box did not start empty
    wait_result(qtbot, w)
    text = w.results.dose_label.text()
    assert "6,000,000" in text and "150,000,000" in text, text
    assert "≤ 50 kg" in w.results.level_label.text()
    assert "USPI 2024" in w.protocol_label.text()


def test_amended_dl4_is_opened_by_the_escalation_decision_in_the_window(qtbot, window_with):
    w = window_with(ROOT / "tests" / "fixtures" / "ct1190b-amendment-1.toml")
    assert "DL4" not in [w.form.dose_level.itemData(i) for i in range(w.form.dose_level.count())]
    type_order(qtbot, w, group="A", level="DL1", weight="70", age="40")
    tick(qtbot, w.form.deescalation)
    assert "Escalation" in w.form.deescalation.text() and "DL4" in w.form.deescalation.text()
    from .conftest import choose
    choose(qtbot, w.form.dose_level, "DL4")
    wait_result(qtbot, w)
    data = w.form.to_data()
    assert data["decision_confirmed"] == "escalation" and data["deescalation_confirmed"] is False
    assert "900,000,000" in w.results.dose_label.text()
