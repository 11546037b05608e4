"""Render the main window, filled with a sample case, to a PNG (for docs/ and reviews).

    python -m infusecalc.gui.screenshot docs/window-en.png [--width 1366 --height 768]

The sample is a capped Group B order with a washout failure (NOT CLEARED): the state a
reviewer most needs to read at a glance. Offscreen unless a display is asked for.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

SAMPLE_CASE = {
    "subject_id": "0101-012", "group": "B", "age_years": 15, "weight": "62 kg",
    "weight_date": "2026-12-07", "dose_level": "DL2",
    "infusion_date": "2026-12-10", "consent_date": "2026-11-20",
    "exposures": [
        {"agent": "daunorubicin", "last_date": "2026-12-05"},
        {"agent": "dexamethasone", "last_date": "2026-12-08", "daily_dose": "10 mg", "route": "oral"},
        {"agent": "radiotherapy", "site": "cns", "last_date": "2026-09-20"},
    ],
    "product": {"concentration": "1.3e7 cell/mL", "container_volume": "10 mL",
                "lot": "CT1190B-2611-04", "bag_ids": ["B-001", "B-002", "B-003"]},
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render the InfuseCalc window to a PNG.")
    parser.add_argument("out")
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--height", type=int, default=768)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ..core.case import parse_case
    from .main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    settings = QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    window.load_core_now()
    window.load_case(parse_case(SAMPLE_CASE))
    window.resize(args.width, args.height)
    window.show()
    app.processEvents()
    ok = window.grab().save(args.out)
    window.ask_unsaved = lambda: None  # type: ignore[method-assign,assignment,return-value]
    window.hide()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
