"""Trial > Dose escalation in Simplified Chinese: no English left but the design's own codes."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from infusecalc.gui.background import wait_idle  # noqa: E402
from infusecalc.i18n import qt as i18n_qt  # noqa: E402

from ..records.conftest import ADMIN, cheap_kdf, data_dir, people, store  # noqa: E402,F401 - fixtures
from .test_verify_window_zh import assert_chinese  # noqa: E402

pytestmark = pytest.mark.gui

# The design's codes and terms are written as the registry and the i3+3 literature write them.
CODES = {"i3+3", "DLT", "DU", "pT", "Pr", "UTC"}


def test_the_escalation_view_in_chinese(qtbot, people):
    from infusecalc.gui.escalation_view import EscalationView
    from infusecalc.records.users import Credentials

    i18n_qt.install("zh_CN")
    try:
        v = EscalationView(people, ask_credentials=lambda parent, meaning: Credentials(*ADMIN))
        qtbot.addWidget(v)
        v.show()
        wait_idle()   # the ledger is read in the background
        assert v.windowTitle() == "剂量递增（i3+3）"
        assert "待申办方确认" in v.parameters_label.text() and "pT = 0.3" in v.parameters_label.text()
        assert [v.levels.item(0, 5).text(), v.levels.item(1, 5).text()] == ["开放", "未开放"]
        assert_chinese(v, CODES)
        v.record_decision()   # no reference: refused, in Chinese
        assert v.message.text() == "请输入记录该决定的文件。"
    finally:
        i18n_qt.install("en")
