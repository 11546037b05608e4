"""Screenshots of the Chinese window and sheet for the README (issue 7, "Look at it").

    python packaging/zh_screenshots.py      # writes docs/window-en.png, docs/window-zh_CN.png and the sheets

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
    from infusecalc.gui.screenshot import render

    DOCS.mkdir(exist_ok=True)
    # The window in both languages from one sample case (with eligibility entries), 1366x768.
    for lang in ("en", "zh_CN"):
        out = DOCS / f"window-{lang}.png"
        if not render(str(out), lang):
            print(f"could not write {out}", file=sys.stderr)
            return 1
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
