"""Every picture in docs/, from the program itself: the window, the verify window and the dose sheet.

    python packaging/screenshots.py            # writes docs/*.png (about half a minute)
    python packaging/screenshots.py --only sheet

The window at 1366x768 in English and Chinese, in its three states: NOT CLEARED
(window-{lang}.png, the README's sample), CLEARED - NOT READY TO ISSUE (window-not-ready-{lang}.png)
and READY TO ISSUE (window-ready-{lang}.png); the bedside verification of an issued sheet
(verify-{lang}.png); Tools > Users… (users-dialog.png); the dose sheets as printed, rendered from the PDF with pdftoppm
(sheet-en.png, sheet-en-page2.png, sheet-zh_CN.png, sheet-bilingual.png, sheet-issued-en.png).

Offscreen; a scratch records folder with demonstration users (the status bar shows records
open, never "not opened yet"); the user's settings and records are never read or written.
Needs the CJK font (fonts-noto-cjk) and poppler-utils (pdftoppm). Look at every picture after.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
sys.path.insert(0, str(ROOT))
WIDTH, HEIGHT = 1366, 768
DPI = 110
GENERATED = dt.datetime(2026, 12, 9, 6, 30, tzinfo=dt.timezone.utc)
ADMIN = ("admin", "demo-admin-pass-1")
PHARMACIST = ("wang.fang", "demo-pharm-pass-1")
NURSE = ("li.na", "demo-nurse-pass-1")


def _sample(state: str) -> dict[str, Any]:
    """The README's sample order in the state asked for (gui/screenshot.py's case)."""
    from infusecalc.gui.screenshot import SAMPLE_CASE

    data = copy.deepcopy(SAMPLE_CASE)
    if state in ("not_ready", "ready"):
        # the anthracycline ended 9 days before the infusion: every window passes
        data["exposures"][0].update(first_date="2026-11-27", last_date="2026-12-01")
    if state == "not_ready":
        for key in ("lot", "bag_ids"):
            del data["product"][key]
    return data


def _records(folder: Path):
    """A scratch records database: an administrator, a pharmacist and a nurse, and the joint
    decision that opens the sample's dose level (Group B DL2)."""
    from infusecalc.records.escalation import record_decision
    from infusecalc.records.store import open_store
    from infusecalc.records.users import Credentials, add_user, change_password

    store = open_store(folder)
    add_user(store, ADMIN[0], "admin", ADMIN[1], full_name="Chen Jie")
    by = Credentials(*ADMIN)
    for (user, password), role, name in ((PHARMACIST, "pharmacist", "Wang Fang"), (NURSE, "nurse", "Li Na")):
        temporary = f"temporary-{user}-from-admin"
        add_user(store, user, role, temporary, full_name=name, by=by)
        change_password(store, user, temporary, password)
    record_decision(store, "B", "DL2", True, "SRC minutes 2026-11-30: Group B DL2 opened", by)
    return store


def _settle(app, rounds: int = 30) -> None:
    from infusecalc.gui.background import wait_idle

    for _ in range(rounds):
        app.processEvents()
    wait_idle()
    for _ in range(rounds):
        app.processEvents()


def windows(folder: Path, langs: list[str], issued: dict[str, Any]) -> list[Path]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from infusecalc.core.case import parse_case
    from infusecalc.gui.main_window import MainWindow
    from infusecalc.gui.verify_window import VerifyWindow
    from infusecalc.i18n import qt as i18n_qt
    from infusecalc.records.store import open_store
    from infusecalc.records.users import Credentials

    app = QApplication.instance() or QApplication(sys.argv[:1])
    written = []
    for lang in langs:
        i18n_qt.install(lang, app)
        settings = QSettings(str(folder.parent / f"settings-{lang}.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings=settings)
        window.records.set_data_dir(str(folder))
        window.resize(WIDTH, HEIGHT)
        window.show()
        window.load_core_now()
        window.records.with_store(lambda _store: None, explain=False)   # the status bar: records open
        _settle(app)
        window.records.refresh_level_states()
        for state, name in (("not_cleared", f"window-{lang}.png"), ("not_ready", f"window-not-ready-{lang}.png"),
                            ("ready", f"window-ready-{lang}.png")):
            window.load_case(parse_case(_sample(state)))
            _settle(app)
            window.statusBar().clearMessage()   # no passing message in the picture
            status = window.records.status_label.text()
            if "not opened" in status or "未打开" in status:
                raise SystemExit(f"the records did not open: {status}")
            out = DOCS / name
            window.grab().save(str(out))
            written.append(out)
        if lang == "en":   # Tools > Users…, as an administrator sees it
            from infusecalc.gui.users_dialog import UsersDialog

            users = UsersDialog(window.records.store(), window)
            users.show()
            _settle(app)
            users.select_user(PHARMACIST[0])
            _settle(app)
            out = DOCS / "users-dialog.png"
            users.grab().save(str(out))
            written.append(out)
            users.close()
        window.ask_unsaved = lambda: None  # type: ignore[method-assign,assignment,return-value]
        window.records.close()
        window.close()

        # The nurse's blind entry, signed: the comparison with the issued sheet.
        with open_store(folder) as store:
            nurse = Credentials(*NURSE)
            verify = VerifyWindow(store, ask_credentials=lambda _parent, _meaning, who=nurse: who)
            verify.resize(WIDTH, HEIGHT)
            verify.show()
            verify.scan_edit.setText(issued[lang].sheet.sheet_id)
            verify.open_sheet()
            _settle(app)
            sample = _sample("ready")
            verify.weight_edit.setText("62")
            verify.weight_unit.setCurrentIndex(verify.weight_unit.findData("kg"))
            verify.group_combo.setCurrentIndex(verify.group_combo.findData("B"))
            verify.level_combo.setCurrentIndex(verify.level_combo.findData("DL2"))
            verify.conc_edit.setText("1.3e7")
            verify.volume_edit.setText("10")
            verify.lot_edit.setText(sample["product"]["lot"])
            verify.bags_edit.setText(", ".join(sample["product"]["bag_ids"]))
            verify.verify()
            _settle(app)
            out = DOCS / f"verify-{lang}.png"
            verify.grab().save(str(out))
            written.append(out)
            verify.close()
            _settle(app)
    i18n_qt.install("en", app)
    return written


def _pdf_pages(pdf: Path, prefix: Path) -> list[Path]:
    """The PDF as printed, one PNG a page (poppler's pdftoppm)."""
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), str(pdf), str(prefix)], check=True)
    return sorted(prefix.parent.glob(prefix.name + "-*.png"))


def sheets(tmp: Path, issued: Any) -> list[Path]:
    from benchmarks.sheet_pdf import capped_not_cleared, forty_exposures

    from infusecalc.core.case import parse_case
    from infusecalc.core.evaluate import evaluate
    from infusecalc.sheet.model import SheetOptions
    from infusecalc.sheet.qt import ensure_gui_application
    from infusecalc.sheet.render import write_pdf

    ensure_gui_application()
    written = []
    for name, data, lang, page in (("sheet-en.png", capped_not_cleared(), "en", 0),
                                   ("sheet-en-page2.png", forty_exposures(), "en", -1),
                                   ("sheet-zh_CN.png", capped_not_cleared(), "zh_CN", 0),
                                   ("sheet-bilingual.png", capped_not_cleared(), "bilingual", 0)):
        case = parse_case(data)
        pdf = tmp / f"{name}.pdf"
        write_pdf(evaluate(case), case, pdf, SheetOptions(lang=lang, generated_at=GENERATED))
        shutil.copy(_pdf_pages(pdf, tmp / name.removesuffix(".png"))[page], DOCS / name)
        written.append(DOCS / name)
    # An issued sheet as the pharmacist's signature leaves it (sheet ID, QR code, signature).
    from infusecalc.issuing import write_sheet_pdf

    pdf = tmp / "issued.pdf"
    write_sheet_pdf(issued["en"].sheet, pdf, issued["en"].evaluation)
    shutil.copy(_pdf_pages(pdf, tmp / "issued")[0], DOCS / "sheet-issued-en.png")
    written.append(DOCS / "sheet-issued-en.png")
    return written


def main(argv: list[str] | None = None) -> int:
    global DOCS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=("window", "sheet"))
    parser.add_argument("--lang", action="append", choices=("en", "zh_CN"))
    parser.add_argument("--out", type=Path, default=DOCS, help="folder to write to (default: docs/)")
    args = parser.parse_args(argv)
    DOCS = args.out
    DOCS.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if shutil.which("pdftoppm") is None and args.only != "window":
        print("pdftoppm not found: install poppler-utils", file=sys.stderr)
        return 1
    # The records folder's path is in the pictures' status bar: a plain name, not a random one.
    folder = Path(tempfile.gettempdir()) / "InfuseCalc-demo"
    if folder.exists():
        if not (folder / "infusecalc.sqlite3").exists():
            print(f"{folder} exists and is not a demonstration records folder; remove it", file=sys.stderr)
            return 1
        shutil.rmtree(folder)
    with tempfile.TemporaryDirectory(prefix="infusecalc-docs-") as scratch:
        tmp = Path(scratch)
        os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")   # never the user's settings
        from infusecalc.core.case import parse_case
        from infusecalc.records.service import issue_sheet
        from infusecalc.records.users import Credentials

        with _records(folder) as store:   # a sheet the pharmacist issues for each nurse to verify
            issued = {lang: issue_sheet(store, parse_case(_sample("ready")), Credentials(*PHARMACIST))
                      for lang in ("en", "zh_CN")}
        written = []
        if args.only != "sheet":
            written += windows(folder, args.lang or ["en", "zh_CN"], issued)
        if args.only != "window":
            written += sheets(tmp, issued)
    shutil.rmtree(folder, ignore_errors=True)
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
