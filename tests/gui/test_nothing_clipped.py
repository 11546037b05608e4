"""Nothing on screen is cut, found by trying the window under a real X server as a pharmacist
and a nurse would (issue 15, item 6: "nothing clipped in Chinese"; item 5: the verify window)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from .test_fits_screens import _settle, back_to_english  # noqa: F401 - a fixture

pytestmark = pytest.mark.gui


def _cut_labels(window) -> list[str]:
    """Checklist names drawn shorter than their wrapped text needs (lines cut top and bottom)."""
    cut = []
    for label, _combo in window.form.checklist.items.values():
        need = label.heightForWidth(label.width())
        if label.height() < need:
            cut.append(f"{label.text()!r}: {label.height()} < {need}")
    return cut


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
def test_every_checklist_name_is_drawn_whole(qtbot, window, back_to_english, language, size):  # noqa: F811
    from infusecalc.i18n import qt as i18n_qt

    if language != "en":
        i18n_qt.install(language, QApplication.instance())
    _settle(qtbot, window, *size)
    labels = [label for label, _c in window.form.checklist.items.values()]
    assert len(labels) > 20
    # Some names need two lines here (not in Chinese at 1366, where every name fits on one):
    # the test would prove nothing otherwise.
    assert (language, size) == ("zh_CN", (1366, 768)) or any(label.heightForWidth(label.width()) > label.fontMetrics().lineSpacing() * 1.5
               for label in labels)
    assert _cut_labels(window) == []
