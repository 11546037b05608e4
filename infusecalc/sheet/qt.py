"""Qt set-up the sheet needs: a QGuiApplication (fonts) and the font families to draw with."""

from __future__ import annotations

import os
import sys
from functools import cache

# Latin text first: Qt's PDF writer loses the text mapping of the digits of Noto Sans CJK
# (a PDF reader or pypdf then reads "19.3 mL" as ". mL"), so numbers are drawn with a Latin
# face and only the glyphs it lacks (Chinese) fall back to the CJK face. Both are embedded.
LATIN_SANS = ("DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica")
LATIN_MONO = ("DejaVu Sans Mono", "Liberation Mono", "Noto Sans Mono", "Consolas", "Courier New")
CJK_SANS = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Microsoft YaHei",
            "PingFang SC", "WenQuanYi Micro Hei", "SimHei", "SimSun")
CJK_MONO = ("Noto Sans Mono CJK SC",)


def ensure_gui_application():
    """The running QGuiApplication, or a new one (offscreen when there is no display)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication

    app = QCoreApplication.instance()
    if app is None:
        if (sys.platform.startswith("linux") and not os.environ.get("DISPLAY")
                and not os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([sys.argv[0] if sys.argv else "infusecalc"])
    elif not isinstance(app, QGuiApplication):
        raise RuntimeError("the dose sheet needs a QGuiApplication (fonts); a QCoreApplication is running")
    return app


@cache
def families(role: str) -> tuple[str, ...]:
    """Installed families for 'sans' or 'mono', Latin first, then CJK, in order of preference."""
    from PySide6.QtGui import QFontDatabase

    installed = set(QFontDatabase.families())
    latin, cjk = (LATIN_MONO, CJK_MONO + CJK_SANS) if role == "mono" else (LATIN_SANS, CJK_SANS)
    chosen = [f for f in latin if f in installed][:1] + [f for f in cjk if f in installed][:2]
    if not chosen:  # nothing we know: let Qt pick its default and its own fallbacks
        default = QFontDatabase.systemFont(
            QFontDatabase.SystemFont.FixedFont if role == "mono" else QFontDatabase.SystemFont.GeneralFont)
        chosen = [default.family()]
    return tuple(chosen)
