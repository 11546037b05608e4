"""The main window: order entry on the left, live results on the right.

Every edit builds a ``Case`` from the widgets and hands it to ``infusecalc.core.evaluate``;
the window shows what comes back and never computes or clears anything itself.

This module imports Qt only. The core (pint, pydantic, the protocol) is loaded after the
window is shown, by ``CoreLoader``, so start-up does not wait for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

# Only what the first paint needs is imported here. PySide6 builds Python enums for a Qt
# class on first use, and the Qt namespace alone costs about 100 ms: the form, the results and
# the dialogs are imported when the body of the window is built, just after it is shown.
from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from .core_loader import CoreLoader, CoreSources
from .language import add_language_menu, problem_listing, problem_message

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QCloseEvent, QPaintEvent
    from PySide6.QtWidgets import QMessageBox

    from ..core.case import Case
    from ..core.errors import Problem
    from ..core.result import Evaluation
    from .order_form import OrderForm
    from .results import ResultsPanel

# The lightest debounce: the evaluation runs once the events already queued (a paste, a burst
# of auto-repeat) are handled, so a burst is evaluated once and a key stroke at once.
DEBOUNCE_MS = 0
MAX_RECENT = 8
_MISSING_CODES = {"FIELD_MISSING", "AGE_MISSING"}


class MainWindow(QMainWindow):
    core_ready = Signal()
    evaluated = Signal()
    first_painted = Signal()
    body_built = Signal()

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None,
                 build: bool = True):
        """``build=False`` shows a shell (menus, tool bar, status "Loading…") and leaves the
        order form and results to ``build_body()``, which the app calls right after show()."""
        super().__init__(parent)
        self.setObjectName("InfuseCalcMainWindow")
        self._settings = settings if settings is not None else QSettings("InfuseCalc", "InfuseCalc")
        self._sources: CoreSources | None = None
        self._loader: CoreLoader | None = None
        self._path: str | None = None
        self._acked: list[str] = []
        # Acknowledgement is of a warning as it read when acknowledged: if its text changes
        # (another weight, another deviation), the acknowledgement lapses.
        self._acked_text: dict[str, str | None] = {}
        self._case: Case | None = None
        self._case_data: dict[str, Any] | None = None
        self._ev: Evaluation | None = None
        self._problems: list[Problem] = []
        self._touched: set[str] = set()
        self._show_all_problems = False
        self._loading = False
        self._painted = False
        self.form: OrderForm | None = None       # type: ignore[assignment]
        self.results: ResultsPanel | None = None  # type: ignore[assignment]
        self._saved = ""

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.evaluate_now)

        self._build_actions()
        self.protocol_label = QLabel()
        self.statusBar().addPermanentWidget(self.protocol_label)
        self.retranslateUi()
        self._update_state()
        screen = QGuiApplication.primaryScreen()
        avail = screen.availableGeometry() if screen else None
        self.resize(min(1366, avail.width()) if avail else 1366, min(768, avail.height()) if avail else 768)
        if build:
            self.build_body()

    def build_body(self) -> None:
        """The order form and the results panel (once)."""
        if self.form is not None:
            return
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QScrollArea, QSplitter

        from .order_form import OrderForm
        from .results import ResultsPanel
        from .widgets import EnterMovesOn

        standard = {"New": QKeySequence.StandardKey.New, "Open": QKeySequence.StandardKey.Open,
                    "Save": QKeySequence.StandardKey.Save, "SaveAs": QKeySequence.StandardKey.SaveAs,
                    "Print": QKeySequence.StandardKey.Print, "Quit": QKeySequence.StandardKey.Quit}
        for a, key in self._shortcuts:
            a.setShortcut(QKeySequence(standard.get(key, key)))

        self.form = OrderForm()
        self.results = ResultsPanel()
        left = QScrollArea()
        left.setWidgetResizable(True)
        left.setWidget(self.form)
        left.setMinimumWidth(420)
        right = QScrollArea()
        right.setWidgetResizable(True)
        right.setWidget(self.results)
        right.setMinimumWidth(380)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([700, 666])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)

        self.form.edited.connect(self._on_edited)
        self.results.ack_toggled.connect(self._on_ack)
        self._enter = EnterMovesOn(self._enter_pressed, self)
        self.form.exposures.rows_changed.connect(self._install_enter)
        self._install_enter()

        self.retranslateUi()
        self._saved = self._snapshot()
        if self._sources is not None:
            self._core_loaded(self._sources)
        self._update_state()
        self.body_built.emit()

    # -- construction ---------------------------------------------------------------------

    def _build_actions(self) -> None:
        # Shortcuts are set in build_body(): converting a key sequence makes PySide6 build the
        # Python enums of the whole Qt namespace (about 100 ms), which the first paint need not wait for.
        self._shortcuts: list[tuple[QAction, Any]] = []

        def action(shortcut: Any, slot: Any) -> QAction:
            a = QAction(self)
            if shortcut is not None:
                self._shortcuts.append((a, shortcut))
            a.triggered.connect(lambda _checked=False: slot())
            return a

        self.new_action = action("New", self.new_case)
        self.open_action = action("Open", self.open_case)
        self.save_action = action("Save", self.save)
        self.save_as_action = action("SaveAs", self.save_as)
        self.preview_action = action("Ctrl+Shift+P", self.preview_sheet)
        self.print_action = action("Print", self.print_sheet)
        self.pdf_action = action("Ctrl+E", self.export_pdf)
        self.quit_action = action("Quit", self.close)
        self.calculate_action = action("F5", self._calculate_all)
        self.sheet_actions = [self.preview_action, self.print_action, self.pdf_action]

        self.file_menu = self.menuBar().addMenu("")
        self.recent_menu = self.file_menu.addMenu("")
        for a in (self.new_action, self.open_action):
            self.file_menu.insertAction(self.recent_menu.menuAction(), a)
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.save_action, self.save_as_action])
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.preview_action, self.print_action, self.pdf_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.case_menu = self.menuBar().addMenu("")
        self.case_menu.addAction(self.calculate_action)
        from .records_actions import RecordsActions  # signed sheets, verification, users
        self.records = RecordsActions(self)
        self.language_menu = add_language_menu(self)

        self.toolbar = self.addToolBar("")
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.addActions([self.new_action, self.open_action, self.save_action])
        self.toolbar.addSeparator()
        self.toolbar.addActions(self.sheet_actions)
        self._rebuild_recent()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.file_menu.setTitle(self.tr("&File"))
        self.recent_menu.setTitle(self.tr("Open &Recent"))
        self.case_menu.setTitle(self.tr("&Case"))
        self.toolbar.setWindowTitle(self.tr("Main toolbar"))
        texts = {
            self.new_action: self.tr("&New case"), self.open_action: self.tr("&Open…"),
            self.save_action: self.tr("&Save"), self.save_as_action: self.tr("Save &As…"),
            self.preview_action: self.tr("Print pre&view…"), self.print_action: self.tr("&Print…"),
            self.pdf_action: self.tr("&Export PDF…"), self.quit_action: self.tr("&Quit"),
            self.calculate_action: self.tr("&Calculate now (show every missing field)"),
        }
        for a, text in texts.items():
            a.setText(text)
        tip = self.tr("Available once the case has no errors and every warning is acknowledged.")
        for a in self.sheet_actions:
            a.setStatusTip(tip)
            a.setToolTip(a.text().replace("&", "") + " — " + tip)
        if self.form is not None:
            self.form.retranslateUi()
            self.results.retranslateUi()
            self._show_problems_inline(self._problems)
        self._update_protocol_label()
        self.records.retranslateUi()
        self._rebuild_recent()
        self._update_title()

    def _install_enter(self) -> None:
        for w in self.form.inputs():
            w.installEventFilter(self._enter)

    # -- start-up -------------------------------------------------------------------------

    def changeEvent(self, event: "QEvent") -> None:  # noqa: N802 - Qt naming
        # Installing another QTranslator re-runs every text: language switching needs no restart.
        from PySide6.QtCore import QEvent
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def paintEvent(self, event: "QPaintEvent") -> None:  # noqa: N802 - Qt naming
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def start_loading(self) -> None:
        """Load the core in a worker thread; the window stays usable meanwhile."""
        self.build_body()
        if self._sources is not None or self._loader is not None:
            return
        self.statusBar().showMessage(self.tr("Loading protocol…"))
        self._loader = CoreLoader(self)
        self._loader.loaded.connect(self._core_loaded)
        self._loader.failed.connect(self._core_failed)
        self._loader.start()

    def load_core_now(self) -> None:
        """Load the core in this thread (tests and benchmarks)."""
        from .core_loader import load_sources
        self._core_loaded(load_sources())

    def _core_loaded(self, sources: CoreSources) -> None:
        self._sources = sources
        if self.form is None:
            return   # build_body() comes back here
        self.form.set_sources(sources.protocol, sources.formulary)
        self.statusBar().showMessage(self.tr("Protocol loaded."), 3000)
        self._update_protocol_label()
        self._saved = self._snapshot() if not self.is_modified() else self._saved
        self.evaluate_now()
        self.core_ready.emit()

    def _core_failed(self, message: str) -> None:
        self.statusBar().showMessage(self.tr("The protocol could not be loaded."))
        if self.results is not None:
            self.results.show_failure(self.tr("The protocol or formulary could not be loaded: {error}")
                                      .format(error=message))
        from PySide6.QtWidgets import QMessageBox
        QMessageBox.critical(self, self.tr("Protocol not loaded"),
                             self.tr("InfuseCalc cannot compute without its protocol data:\n{error}")
                             .format(error=message))

    def is_ready(self) -> bool:
        return self._sources is not None

    def _update_protocol_label(self) -> None:
        if self._sources is None:
            self.protocol_label.setText(self.tr("Loading protocol…"))
            return
        lp = self._sources.protocol
        self.protocol_label.setText(self.tr("Protocol {id} · {file} · SHA-256 {sha}…").format(
            id=lp.protocol.id, file=lp.file_name, sha=lp.sha256[:12]))
        self.protocol_label.setToolTip(lp.sha256)

    # -- evaluation -----------------------------------------------------------------------

    def _on_edited(self, field: str) -> None:
        if self._loading:
            return
        self._touched.add("exposures" if field.startswith("exposures") else field)
        self._timer.start()

    def _on_ack(self, code: str, on: bool) -> None:
        if on and code not in self._acked:
            self._acked.append(code)
            current = next((w.message for w in self._ev.warnings if w.code == code), None) if self._ev else None
            self._acked_text[code] = current
        elif not on and code in self._acked:
            self._acked.remove(code)
            self._acked_text.pop(code, None)
        self._timer.start()

    def current_data(self) -> dict[str, Any]:
        if self.form is None:
            return {}
        data = self.form.to_data()
        data["acknowledged_warnings"] = list(self._acked)
        return data

    def evaluate_now(self) -> None:
        self._timer.stop()
        if self._sources is None or self.form is None:
            return
        from ..core.case import parse_case
        from ..core.errors import InputError
        from ..core.evaluate import evaluate

        data = self.current_data()
        case = ev = None
        problems: list[Problem] = []
        failure = None
        try:
            case = parse_case(data)
            ev = evaluate(case, self._sources.protocol, self._sources.formulary)
        except InputError as exc:
            problems = exc.problems
        except Exception as exc:  # a bug must show as a failure, never as a result
            failure = f"{type(exc).__name__}: {exc}"
        if ev is not None and self._drop_stale_acks(ev):
            self.evaluate_now()
            return
        self._case, self._case_data, self._ev, self._problems = case, data, ev, problems
        self._show_problems_inline(problems)
        if failure is not None:
            self.results.show_failure(failure)
        elif ev is not None:
            self.results.show_evaluation(ev, set(self._acked))
        else:
            shown_general = [p for p in problems if self.form.error_label_for(p.field) is None]
            self.results.show_problems(shown_general, [self.form.field_title(p.field) for p in problems])
        self._update_state()
        self.evaluated.emit()

    def _drop_stale_acks(self, ev: "Evaluation") -> bool:
        dropped = False
        for w in ev.warnings:
            if w.code in self._acked:
                bound = self._acked_text.get(w.code)
                if bound is None:
                    self._acked_text[w.code] = w.message
                elif bound != w.message:
                    self._acked.remove(w.code)
                    del self._acked_text[w.code]
                    dropped = True
        return dropped

    def _visible(self, p: "Problem") -> bool:
        """A field left empty is flagged once the user has been there (or asked to calculate);
        every other problem is shown at once."""
        if self._show_all_problems or p.code not in _MISSING_CODES:
            return True
        key = "exposures" if p.field.startswith("exposures") else p.field
        if p.code == "AGE_MISSING":
            return bool({"age_years", "date_of_birth"} & self._touched)
        return key in self._touched or key.split(".")[0] in self._touched

    def _show_problems_inline(self, problems: list["Problem"]) -> None:
        by_label: dict[int, list[str]] = {}
        for p in problems:
            label = self.form.error_label_for(p.field)
            if label is not None and self._visible(p):
                by_label.setdefault(id(label), []).append(problem_message(p))
        for label in self.form.error_labels():
            label.set_messages(by_label.get(id(label), []))

    def _calculate_all(self) -> None:
        self._show_all_problems = True
        self.evaluate_now()

    def _enter_pressed(self, widget: QWidget) -> None:
        inputs = [w for w in self.form.inputs() if w.isEnabled()]
        if inputs and widget is inputs[-1]:
            self._calculate_all()
        else:
            self.focusNextChild()

    # -- state ----------------------------------------------------------------------------

    def evaluation(self) -> "Evaluation | None":
        return self._ev

    def sheet_allowed(self) -> bool:
        """A sheet only for a computed case with every warning acknowledged (a NOT CLEARED
        case gets its sheet too, marked so by the sheet)."""
        return self._ev is not None and self._case is not None and not self._ev.unacknowledged

    def _snapshot(self, data: dict[str, Any] | None = None) -> str:
        import json  # here, not at the top: nothing before the first paint needs it
        return json.dumps(self.current_data() if data is None else data, sort_keys=True, ensure_ascii=False)

    def is_modified(self, data: dict[str, Any] | None = None) -> bool:
        if self.form is None:
            return False
        return self._snapshot(data) != self._saved

    def _update_state(self) -> None:
        allowed = self.sheet_allowed()
        for a in self.sheet_actions:
            a.setEnabled(allowed)
        self.records.update_state()
        ready = self._sources is not None and self.form is not None
        for a in (self.open_action, self.save_action, self.save_as_action, self.new_action):
            a.setEnabled(ready)
        self.recent_menu.setEnabled(ready)
        self._update_title()

    def _update_title(self) -> None:
        name = Path(self._path).name if self._path else self.tr("New case")
        self.setWindowTitle(self.tr("{name}[*] — InfuseCalc").format(name=name))
        self.setWindowModified(self.is_modified(self._case_data) if hasattr(self, "_saved") else False)

    # -- files ----------------------------------------------------------------------------

    def ask_unsaved(self) -> "QMessageBox.StandardButton":
        """Save / Discard / Cancel for unsaved changes (tests replace this)."""
        from PySide6.QtWidgets import QMessageBox
        return QMessageBox.question(
            self, self.tr("Unsaved changes"),
            self.tr("This case has changes that are not saved. Save them first?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)

    def ask_save_with_errors(self, problems: list["Problem"]) -> bool:
        from PySide6.QtWidgets import QMessageBox
        listing = problem_listing(problems)
        answer = QMessageBox.warning(
            self, self.tr("Save a case with errors?"),
            self.tr("No dose can be computed from this case yet:\n{problems}\n\nSave it anyway? "
                    "`infusecalc check` will report the same errors until they are fixed.")
            .format(problems=listing),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Save

    def explain(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox
        QMessageBox.warning(self, title, text)

    def choose_open_path(self) -> str:
        from PySide6.QtWidgets import QFileDialog
        path, _f = QFileDialog.getOpenFileName(self, self.tr("Open case"), self._start_dir(),
                                               self.tr("Case files (*.json);;All files (*)"))
        return path

    def choose_save_path(self) -> str:
        suggested = self._path or str(Path(self._start_dir()) / (self._safe_subject() + ".json"))
        from PySide6.QtWidgets import QFileDialog
        path, _f = QFileDialog.getSaveFileName(self, self.tr("Save case"), suggested,
                                               self.tr("Case files (*.json)"))
        if path and not path.lower().endswith(".json"):
            path += ".json"
        return path

    def _start_dir(self) -> str:
        return str(Path(self._path).parent) if self._path else str(Path.home())

    def _safe_subject(self) -> str:
        text = self.form.subject_id.text().strip() or "case"
        return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)

    def maybe_save(self) -> bool:
        """True when it is safe to drop the current case."""
        if not self.is_modified():
            return True
        from PySide6.QtWidgets import QMessageBox
        answer = self.ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_case(self) -> None:
        if not self.maybe_save():
            return
        self._loading = True
        try:
            self.form.clear()
        finally:
            self._loading = False
        self._acked, self._acked_text = [], {}
        self._path = None
        self._touched.clear()
        self._show_all_problems = False
        self._saved = self._snapshot()
        self.evaluate_now()
        self.form.subject_id.setFocus()

    def open_case(self, path: str | None = None) -> bool:
        if not self.maybe_save():
            return False
        path = path or self.choose_open_path()
        if not path:
            return False
        return self.open_path(path)

    def open_path(self, path: str) -> bool:
        from ..core.errors import InputError
        from .casefile import read_case

        try:
            case = read_case(path)
        except OSError as exc:
            self.explain(self.tr("Cannot open the case"), self.tr("{path} cannot be read: {error}")
                         .format(path=path, error=exc.strerror or exc))
            self._forget_recent(path)
            return False
        except InputError as exc:
            self.explain(self.tr("Not a valid case file"),
                         self.tr("{path} is not a valid case file:\n{problems}").format(
                             path=path, problems=problem_listing(exc.problems, len(exc.problems))))
            return False
        self.load_case(case)
        self._path = str(Path(path).resolve())
        self._add_recent(self._path)
        self._saved = self._snapshot()
        self._update_title()
        self.statusBar().showMessage(self.tr("Opened {path}").format(path=path), 5000)
        return True

    def load_case(self, case: "Case") -> None:
        self._loading = True
        try:
            self.form.load(case)
        finally:
            self._loading = False
        self._acked = list(case.acknowledged_warnings)
        self._acked_text = {code: None for code in self._acked}
        self._touched.clear()
        self._show_all_problems = True
        self._install_enter()
        self.evaluate_now()

    def save(self) -> bool:
        if self._path is None:
            return self.save_as()
        return self.save_to(self._path)

    def save_as(self) -> bool:
        path = self.choose_save_path()
        return self.save_to(path) if path else False

    def save_to(self, path: str) -> bool:
        """Write the case file; only a file ``infusecalc check`` can read is ever written."""
        from ..core.case import parse_case
        from ..core.errors import InputError
        from .casefile import write_case

        self.evaluate_now()
        try:
            case = parse_case(self.current_data())
        except InputError as exc:
            self._calculate_all()
            self.explain(self.tr("The case cannot be saved yet"), self.tr(
                "A case file needs these fields first (they are marked in red; nothing you typed "
                "is lost, the window keeps it):\n{problems}").format(
                    problems=problem_listing(exc.problems, len(exc.problems))))
            return False
        if self._ev is None and self._problems and not self.ask_save_with_errors(self._problems):
            return False
        try:
            write_case(path, case)
        except OSError as exc:
            self.explain(self.tr("Save failed"), self.tr("{path} could not be written: {error}")
                         .format(path=path, error=exc.strerror or exc))
            return False
        self._path = str(Path(path).resolve())
        self._add_recent(self._path)
        self._saved = self._snapshot()
        self._update_state()
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)
        return True

    def closeEvent(self, event: "QCloseEvent") -> None:  # noqa: N802 - Qt naming
        if self.maybe_save():
            event.accept()
        else:
            event.ignore()

    # -- recent files ---------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = self._settings.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _add_recent(self, path: str) -> None:
        files = [path, *[p for p in self.recent_files() if p != path]][:MAX_RECENT]
        self._settings.setValue("recent_files", files)
        self._rebuild_recent()

    def _forget_recent(self, path: str) -> None:
        self._settings.setValue("recent_files", [p for p in self.recent_files()
                                                 if p != str(Path(path).resolve()) and p != path])
        self._rebuild_recent()

    def _rebuild_recent(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for i, path in enumerate(files, 1):
            a = self.recent_menu.addAction(f"&{i} {Path(path).name}")
            a.setToolTip(path)
            a.triggered.connect(lambda _c=False, p=path: self.open_case(p))
        if not files:
            empty = self.recent_menu.addAction(self.tr("(no recent files)"))
            empty.setEnabled(False)

    # -- the dose sheet -------------------------------------------------------------------

    def _sheet_inputs(self) -> tuple["Evaluation", "Case"] | None:
        self.evaluate_now()
        if not self.sheet_allowed():
            return None
        assert self._ev is not None and self._case is not None
        return self._ev, self._case

    def preview_sheet(self) -> None:
        from . import sheet_actions
        inputs = self._sheet_inputs()
        if inputs:
            sheet_actions.preview_sheet(self, *inputs)

    def print_sheet(self) -> None:
        from . import sheet_actions
        inputs = self._sheet_inputs()
        if inputs:
            sheet_actions.print_sheet(self, *inputs)

    def export_pdf(self) -> None:
        from . import sheet_actions
        inputs = self._sheet_inputs()
        if inputs:
            suggested = str(Path(self._start_dir()) / f"dose-sheet-{self._safe_subject()}.pdf")
            path = sheet_actions.export_pdf(self, *inputs, suggested)
            if path:
                self.statusBar().showMessage(self.tr("Dose sheet written to {path}").format(path=path), 8000)
