"""Render the main window, filled with a sample case, to a PNG (for docs/ and reviews).

    python -m infusecalc.gui.screenshot docs/window-en.png [--lang zh_CN] [--width 1366 --height 768]

The sample is a capped Group B order with a washout failure (NOT CLEARED), a course, a
glucocorticoid, radiotherapy and the eligibility values and checklist entered: the state a
reviewer most needs to read at a glance. Offscreen unless a display is asked for; the user's
remembered settings are never read or written.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

SAMPLE_CASE = {
    "subject_id": "0101-012", "group": "B", "age_years": 15, "sex": "male", "weight": "62 kg",
    "weight_date": "2026-12-07", "dose_level": "DL2",
    "infusion_date": "2026-12-10", "consent_date": "2026-11-20",
    "exposures": [
        {"agent": "daunorubicin", "first_date": "2026-12-03", "last_date": "2026-12-05"},
        {"agent": "dexamethasone", "last_date": "2026-12-06", "daily_dose": "10 mg", "route": "oral"},
        {"agent": "radiotherapy", "site": "cns", "last_date": "2026-09-20"},
    ],
    "labs": {"creatinine": {"value": "62 umol/L", "date": "2026-12-08"},
             "alt": {"value": "35 U/L", "date": "2026-12-08", "uln": "40 U/L"},
             "ast": {"value": "30 U/L", "date": "2026-12-08", "uln": "40 U/L"},
             "bilirubin": {"value": "0.9 mg/dL", "date": "2026-12-08", "uln": "1.2 mg/dL"},
             "inr": {"value": "1.1", "date": "2026-12-08", "uln": "1.2"},
             "spo2": {"value": "97 %", "date": "2026-12-09"},
             "lvef": {"value": "58 %", "date": "2026-12-04"}},
    "hepatobiliary_invasion": False,
    "attestations": {"INFORMED_CONSENT": "met", "RELAPSED_REFRACTORY_B_ALL": "met",
                     "PH_POSITIVE_TKI": "not_applicable", "CD19_CD20_POSITIVE": "met",
                     "BLASTS_AT_LEAST_5_PERCENT": "met", "SURVIVAL_OVER_12_WEEKS": "met",
                     "NOT_PREGNANT_OR_LACTATING": "not_applicable", "NO_CNS_DISEASE": "met"},
    "attested_by": "Dr Li (investigator)", "attested_on": "2026-12-08",
    "product": {"concentration": "1.3e7 cell/mL", "container_volume": "10 mL",
                "lot": "CT1190B-2611-04", "bag_ids": ["B-001", "B-002", "B-003"]},
}


def render(out: str, lang: str = "en", width: int = 1366, height: int = 768) -> bool:
    """Draw the window with the sample case in ``lang`` and save it to ``out``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ..core.case import parse_case
    from ..i18n import qt as i18n_qt
    from .main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    i18n_qt.install(lang, app)
    settings = QSettings(os.path.join(tempfile.mkdtemp(prefix="infusecalc-shot-"), "s.ini"),
                         QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    window.resize(width, height)
    window.show()
    window.load_core_now()
    window.load_case(parse_case(SAMPLE_CASE))
    window.statusBar().clearMessage()   # no local path or passing message in the picture
    for _ in range(20):
        app.processEvents()
    ok = window.grab().save(out)
    window.ask_unsaved = lambda: None  # type: ignore[method-assign,assignment,return-value]
    window.hide()
    window.deleteLater()
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render the InfuseCalc window to a PNG.")
    parser.add_argument("out")
    parser.add_argument("--lang", choices=("en", "zh_CN"), default="en")
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--height", type=int, default=768)
    args = parser.parse_args(argv)
    return 0 if render(args.out, args.lang, args.width, args.height) else 1


if __name__ == "__main__":
    sys.exit(main())
