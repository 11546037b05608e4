"""Screenshots of the Chinese window and sheet for the README (issue 7, "Look at it").

    python packaging/zh_screenshots.py      # writes docs/window-zh_CN.png (+ the sheets once built)

Runs offscreen; needs the CJK font (fonts-noto-cjk) like the app itself.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EXAMPLE = ROOT / "examples" / "issue-example.json"


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Never touch the user's remembered settings.
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="infusecalc-shots-")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from infusecalc.i18n import qt as i18n_qt

    app = QApplication.instance() or QApplication(sys.argv[:1])
    i18n_qt.install("zh_CN", app)
    from infusecalc.gui.main_window import MainWindow

    settings = QSettings(str(Path(os.environ["XDG_CONFIG_HOME"]) / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings)
    w.resize(1366, 768)
    w.show()
    w.load_core_now()
    assert w.open_path(str(EXAMPLE))
    w.form.lot.setText("CT1190B-2611-03")
    w.evaluate_now()
    w.statusBar().clearMessage()   # no local path in the picture
    for _ in range(20):
        app.processEvents()
    DOCS.mkdir(exist_ok=True)
    out = DOCS / "window-zh_CN.png"
    w.grab().save(str(out))
    print(f"wrote {out}")
    try:
        from infusecalc.core.case import parse_case_json
        from infusecalc.core.evaluate import evaluate
        from infusecalc.sheet.model import SheetOptions
        from infusecalc.sheet.render import render_png
    except ImportError:
        print("the sheet is not built yet: no sheet screenshots", file=sys.stderr)
        return 0
    case = parse_case_json(EXAMPLE.read_text(encoding="utf-8"))
    ev = evaluate(case)
    for lang, name in (("zh_CN", "sheet-zh_CN.png"), ("bilingual", "sheet-bilingual.png")):
        with tempfile.TemporaryDirectory() as tmp:
            pages = render_png(ev, case, Path(tmp), SheetOptions(lang=lang), dpi=110)
            (DOCS / name).write_bytes(pages[0].read_bytes())
        print(f"wrote {DOCS / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
