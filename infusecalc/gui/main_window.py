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
from collections.abc import Callable, Iterator
from importlib import import_module

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget

from .core_loader import CoreLoader, CoreSources
from .language import add_language_menu, problem_listing, problem_message
from .loading_page import LoadingPage
from .session import CaseSession, Readiness

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QCloseEvent, QKeyEvent, QPaintEvent
    from PySide6.QtWidgets import QMessageBox, QSplitter

    from ..core.case import Case
    from ..core.errors import Problem
    from ..core.result import Evaluation
    from .order_form import OrderForm
    from .results import ResultsPanel

# The lightest debounce: the evaluation runs once the events already queued (a paste, a burst
# of auto-repeat) are handled, so a burst is evaluated once and a key stroke at once.
DEBOUNCE_MS = 0
MAX_RECENT = 8
# What the body is built from, in the order they import each other (one per step).
_BODY_MODULES = (".widgets", ".exposures", ".eligibility_form", ".checklist_form", ".order_form",
                 ".eligibility_results", ".results")
# How long after the core is in the application-wide guards are installed (build_body says why).
GUARDS_AFTER_MS = 1000
# Exposure rows used up by a case are built again this long after, one per turn of the event
# loop: not in the turns that lay out and paint the case just opened.
SPARES_AFTER_MS = 400


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
        self._sources: CoreSources | None = None     # computing is ready
        self._protocol: CoreSources | None = None    # the protocol and formulary are read
        self._filled_with: object | None = None      # the protocol the form's choices come from
        self._loader: CoreLoader | None = None
        # `infusecalc --protocol FILE`: an amendment or label example instead of the shipped file.
        self.protocol_path: str | None = None
        # The case itself (acknowledgements, visited fields, evaluation, file): not widgets.
        self.session = CaseSession()
        self._loading = False
        self._painted = False
        self._guards_after_ms = 0   # see _core_loaded
        self.form: OrderForm | None = None       # type: ignore[assignment]
        self.results: ResultsPanel | None = None  # type: ignore[assignment]
        self.splitter: QSplitter | None = None  # type: ignore[assignment]   # form | results
        # The body being built one step per turn of the event loop (start_loading), and the
        # built form and results waiting, not yet on screen, for the protocol to fill them.
        self._build: Iterator[None] | None = None
        self._stepped = False   # the body is built in steps (start-up), not at once
        self._body: tuple[OrderForm, ResultsPanel] | None = None
        self._core_error: str | None = None
        self._loading_page: LoadingPage | None = None

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._spare_timer = QTimer(self)
        self._spare_timer.setSingleShot(True)
        self._spare_timer.timeout.connect(self._spare_step)
        self._timer.timeout.connect(self.evaluate_now)

        self._build_actions()
        self.protocol_label = QLabel()
        self.statusBar().addPermanentWidget(self.protocol_label)
        # The protocol's name steps aside while a message is shown, as the records' does
        # (records_actions): at 1024 pixels it left a message about 150 pixels. It is back as
        # soon as the message goes (at most 10 s).
        self.statusBar().messageChanged.connect(lambda text: self.protocol_label.setVisible(not text))
        self.retranslateUi()
        self._update_state()
        screen = QGuiApplication.primaryScreen()
        avail = screen.availableGeometry() if screen else None
        self.resize(min(1366, avail.width()) if avail else 1366, min(768, avail.height()) if avail else 768)
        if build:
            self.build_body()
        else:   # until the form is in place: "Loading…", and the keys typed meanwhile are kept
            self._loading_page = LoadingPage(self)
            self.setCentralWidget(self._loading_page)   # it takes the keys from start_loading on

    def build_body(self) -> None:
        """The order form and the results panel, at once, on screen (once): a window made with
        ``build=True`` (tests, screenshots). A build under way in steps is finished now."""
        if self.form is not None:
            return
        if self._build is None:
            self._build = self._body_steps()
        steps, self._build = self._build, None
        for _ in steps:
            pass
        if self.form is None:    # built, waiting for the protocol: put it on screen unfilled
            for _ in self._fill_and_attach():
                pass

    def _build_step(self) -> None:
        """One step of the body; the next on the next turn of the event loop, so the window
        paints, and takes keys and clicks, between steps (each is a few tens of ms at most)."""
        steps = self._build
        if steps is None:
            return
        try:
            next(steps)
        except StopIteration:
            if self._build is steps:
                self._build = None
            return
        QTimer.singleShot(0, self._build_step)

    def _body_steps(self) -> Iterator[None]:
        """Build the form and the results panel off screen, then (if the protocol is in) fill
        and attach them; without the protocol, _core_loaded or _core_failed does the rest."""
        # Imported by the loader's worker already (start_loading), unless the protocol could not
        # be read: then one module per step.
        for module in _BODY_MODULES:
            import_module(module, __package__)
            yield
        from .order_form import OrderForm
        from .results import ResultsPanel

        form = OrderForm(later=True)
        yield from form.build_steps()
        yield
        results = ResultsPanel()
        self._body = (form, results)
        yield
        if self._protocol is not None or self._core_error is not None:
            yield from self._fill_and_attach()

    def _fill_and_attach(self) -> Iterator[None]:
        """Fill the built form from the protocol while it is off screen (on screen, every
        change re-lays out the whole form), then put it in place whole: one layout pass (showing
        its boxes one per step took three times as long in all)."""
        assert self._body is not None
        form, _results = self._body
        if self._protocol is not None:
            self._filled_with = self._protocol.protocol
            yield from form.set_sources_steps(self._protocol.protocol, self._protocol.formulary)
            yield
            # Rows for the first case's exposures, built here among the other steps rather than
            # all in the one turn that puts the case in (a window built at once builds them later).
            while self._stepped and form.exposures.prepare_spare():
                yield
        from .widgets import FocusRing

        FocusRing.install(QApplication.instance())
        standard = {"New": QKeySequence.StandardKey.New, "Open": QKeySequence.StandardKey.Open,
                    "Save": QKeySequence.StandardKey.Save, "SaveAs": QKeySequence.StandardKey.SaveAs,
                    "Print": QKeySequence.StandardKey.Print, "Quit": QKeySequence.StandardKey.Quit}
        for a, key in self._shortcuts:
            a.setShortcut(QKeySequence(standard.get(key, key)))
        self._shortcuts = []
        yield
        self._frame_body()
        yield
        typed, focused = self._attach_body()
        self.body_built.emit()
        if focused or typed:   # the keyboard goes on where the form starts
            self.form.subject_id.setFocus()
        if typed:
            LoadingPage.replay(typed, lambda: self.focusWidget() or self.form.subject_id)
        if self._sources is not None:
            self._core_in_place()
        elif self._loader is not None and self._core_error is None:
            # The rest of the core (pint, the evaluation code) loads once the form is on screen
            # and painted, not while it is built or painted: see start_loading.
            _AfterPaint(self.splitter, self._loader.compute)
        elif self._core_error is not None and self.results is not None:
            self.results.show_failure(self.tr("The protocol or formulary could not be loaded: {error}")
                                      .format(error=self._core_error))

    def _attach_body(self) -> tuple[list["QKeyEvent"], bool]:
        """Put the built form and results on screen and wire them; returns the keys typed while
        they were being built and whether the loading page had the focus."""
        from PySide6.QtCore import Qt

        from .widgets import EnterMovesOn, WheelGuard

        assert self._body is not None and self.splitter is not None
        self.form, self.results = self._body
        self._body = None
        page, self._loading_page = self._loading_page, None
        typed = page.take_keys() if page is not None else []
        focused = page is not None and self.focusWidget() is page
        self.setCentralWidget(self.splitter)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)

        self.form.edited.connect(self._on_edited)
        # A level the ledger has closed holds the case back from READY TO ISSUE: said again as
        # soon as the records have read the ledger.
        self.session.level_closed = self.form.level_closed
        self.form.level_states_changed.connect(self.evaluate_now)
        self.form.notice.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.results.ack_toggled.connect(self._on_ack)
        self._enter = EnterMovesOn(self._enter_pressed, self)
        self.form.exposures.rows_changed.connect(self._install_enter)
        self.form.exposures.rows_changed.connect(lambda: WheelGuard.guard_children(self.form.exposures))
        self.form.exposures.rows_changed.connect(self._spares_later)
        self._install_enter()

        self.retranslateUi()
        self.session.mark_saved(self.form.to_data())
        self._update_state()
        self.splitter.show()   # now, not on the next turn: Tab in the keys typed needs it shown
        return typed, focused

    def _frame_body(self) -> None:
        """The built form and results in their scroll areas and splitter, still off screen (a
        step of its own: it polishes every widget of the form)."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QScrollArea, QSplitter

        from .widgets import FittingScrollArea, WheelGuard

        assert self._body is not None
        form, results = self._body
        # The application-wide guards are Python event filters that see every event of every
        # widget: under them, building this form and filling it from the protocol took several
        # times longer on the GUI thread. The form's own combo, spin and date boxes are guarded
        # one by one as soon as they exist (below); the application-wide filters follow once the
        # core is in (_install_guards), and then guard everything that exists and is made later.
        WheelGuard.guard_children(form)
        # The form is never squeezed below its own minimum width (no sideways scrolling hides
        # an input); the results give way instead, down to a width a 1024-pixel screen allows.
        left = FittingScrollArea()
        left.setWidgetResizable(True)
        left.setWidget(form)
        right = QScrollArea()
        right.setWidgetResizable(True)
        right.setWidget(results)
        right.setMinimumWidth(300)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([700, 666])
        self.splitter.setChildrenCollapsible(False)
        # Where the user last put the divider (a 1280-pixel screen may want more form or more
        # result), kept between sessions.
        state = self._settings.value("splitter")
        if state is not None:
            self.splitter.restoreState(state)
        self.splitter.splitterMoved.connect(
            lambda _pos, _index: self._settings.setValue("splitter", self.splitter.saveState()))

    # -- construction ---------------------------------------------------------------------

    def _build_actions(self) -> None:
        # Shortcuts are set in build_body(): converting a key sequence makes PySide6 build the
        # Python enums of the whole Qt namespace (about 100 ms), which the first paint need not wait for.
        self._shortcuts: list[tuple[QAction, Any]] = []

        def action(shortcut: Any, slot: Any) -> QAction:
            a = QAction(self)
            if shortcut is not None:
                self.add_shortcut(a, shortcut)
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
        from .protocol_actions import ProtocolActions  # Tools > Adopt protocol, Help
        self.protocol_actions = ProtocolActions(self)
        self.language_menu = add_language_menu(self)

        self.toolbar = self.addToolBar("")
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.addActions([self.new_action, self.open_action, self.save_action])
        self.toolbar.addSeparator()
        self.toolbar.addActions(self.sheet_actions)
        self._rebuild_recent()

    def add_shortcut(self, action: QAction, key: Any) -> None:
        """Give ``action`` its shortcut when the body is built (see ``_build_actions``)."""
        if self.form is not None:
            action.setShortcut(QKeySequence(key))
        else:
            self._shortcuts.append((action, key))

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
            self._show_problems_inline(self.session.problems)
        self._update_protocol_label()
        self.records.retranslateUi()
        self.protocol_actions.retranslateUi()
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
        """After the first paint, one piece of Python work at a time, the window painting and
        taking keys throughout: the protocol is read in a worker thread; then the body is built
        off screen one step per turn of the event loop, filled and put on screen whole; then the
        rest of the core (pint, the evaluation code) loads in the worker.

        Why not all at once: Python runs one thread at a time (the interpreter's lock), so a
        worker importing pint while the GUI thread lays out the form makes both take two to
        three times as long, and the window stalled for 100-300 ms at a time; on its own, each
        step of the GUI thread is a few tens of milliseconds at most (benchmarks/startup.py).
        The worker also imports the modules the body is built from: PySide6 makes each Qt
        class's Python type on its first use, and the Qt namespace's 130 enums at once (tens of
        milliseconds in one piece), while the GUI thread only waits for the protocol anyway."""
        if self._sources is None and self._loader is None and self._core_error is None:
            self.statusBar().showMessage(self.tr("Loading protocol…"))
            self._guards_after_ms = GUARDS_AFTER_MS
            self._loader = CoreLoader(self)
            self._loader.protocol_path = self.protocol_path
            self._loader.modules = _BODY_MODULES
            self._loader.data_dir, self._loader.database = self.records.data_dir, self.records.database
            self._loader.protocol_loaded.connect(self._protocol_loaded)
            self._loader.loaded.connect(self._core_loaded)
            self._loader.failed.connect(self._core_failed)
            self._loader.start()
        if self._loading_page is not None:
            self._loading_page.hold_keys()

    def _build_in_steps(self) -> None:
        """Build (or, built, fill and attach) the body one step per turn of the event loop,
        unless it is on screen or under way."""
        if self.form is not None or self._build is not None:
            return
        self._build = self._body_steps() if self._body is None else self._fill_and_attach()
        self._stepped = True
        QTimer.singleShot(0, self._build_step)

    def load_core_now(self) -> None:
        """Load the core in this thread (tests and benchmarks)."""
        from .core_loader import load_sources
        self._core_loaded(load_sources(self.protocol_path, self.records.data_dir, self.records.database))

    def _protocol_loaded(self, sources: CoreSources) -> None:
        """The protocol and formulary are read (computing is still being prepared): the form
        can be filled and shown."""
        self._protocol = sources
        if self.form is not None:   # built at once (build_body): _core_loaded fills it
            assert self._loader is not None
            QTimer.singleShot(0, self._loader.compute)
        else:   # the rest of the core loads once the form is on screen (_fill_and_attach)
            self._build_in_steps()

    def _core_loaded(self, sources: CoreSources) -> None:
        self._sources = sources
        if self._protocol is None or self._protocol.protocol is not sources.protocol:
            self._protocol = sources
        self.session.set_sources(sources.protocol, sources.formulary)
        if self._build is not None:
            return   # a build is under way: it fills, shows and computes when it is done
        if self.form is not None:   # on screen already
            if self._filled_with is not sources.protocol:   # built at once: fill it where it is
                self._filled_with = sources.protocol
                self.form.set_sources(sources.protocol, sources.formulary)
            self._core_in_place()
        else:   # not on screen yet: it computes once it is
            self._build_in_steps()

    def _core_in_place(self) -> None:
        """The core is in and the filled form on screen: compute, and say so."""
        from .widgets import WheelGuard

        WheelGuard.guard_children(self.form)   # the boxes the protocol just added
        if self._guards_after_ms:   # at start-up: once the filled form is laid out and painted
            QTimer.singleShot(self._guards_after_ms, self._install_guards)
        else:
            self._install_guards()
        self.statusBar().showMessage(self.tr("Protocol loaded."), 3000)
        self._update_protocol_label()
        if not self.is_modified():
            self.session.mark_saved(self.form.to_data())
        self.evaluate_now()
        self._spares_later()
        self.core_ready.emit()

    def _spares_later(self) -> None:
        if not self._spare_timer.isActive():
            self._spare_timer.start(SPARES_AFTER_MS)

    def _spare_step(self) -> None:
        # The window's own timer, not QTimer.singleShot(callable): that would call this after
        # the window is deleted.
        if self.form is not None and self.form.exposures.prepare_spare():
            self._spare_timer.start(0)

    def _install_guards(self) -> None:
        """No wheel changes an unfocused field, Enter presses a dialog's own button: for every
        widget of the application from now on (see build_body)."""
        from PySide6.QtWidgets import QApplication

        from .widgets import DialogDefaults, WheelGuard

        WheelGuard.install(QApplication.instance())
        DialogDefaults.install(QApplication.instance())

    def _core_failed(self, message: str) -> None:
        self._core_error = message
        self._install_guards()
        self._build_in_steps()   # the form on screen, with the failure shown
        self.statusBar().showMessage(self.tr("The protocol could not be loaded."))
        if self.results is not None:
            self.results.show_failure(self.tr("The protocol or formulary could not be loaded: {error}")
                                      .format(error=message))
        from PySide6.QtWidgets import QMessageBox
        QMessageBox.critical(self, self.tr("Protocol not loaded"),
                             self.tr("InfuseCalc cannot compute without its protocol data:\n{error}")
                             .format(error=message))

    def is_ready(self) -> bool:
        """The core is in and the filled form is on screen, taking input."""
        return self._sources is not None and self.form is not None

    def core_sources(self) -> CoreSources | None:
        """The loaded protocol and formulary, or None while they load."""
        return self._sources

    def _update_protocol_label(self) -> None:
        if self._sources is None:
            self.protocol_label.setText(self.tr("Loading protocol…"))
            return
        lp = self._sources.protocol
        # The file's name is in the tooltip: the status bar's own messages need the width.
        self.protocol_label.setText(self.tr("Protocol {id} · SHA-256 {sha}…").format(
            id=lp.protocol.id, sha=lp.sha256[:12]) + f" · {lp.protocol.version}"
            + " · " + self.protocol_actions.origin_words(self._sources.origin))
        self.protocol_label.setToolTip(f"{lp.file_name}\nSHA-256 {lp.sha256}")

    # -- evaluation -----------------------------------------------------------------------

    def _on_edited(self, field: str) -> None:
        if self._loading:
            return
        self.session.touch(field)
        self._timer.start()

    def _on_ack(self, code: str, on: bool) -> None:
        self.session.acknowledge(code, on)
        self._timer.start()

    def current_data(self) -> dict[str, Any]:
        if self.form is None:
            return {}
        return self.session.with_acks(self.form.to_data())

    def evaluate_now(self) -> None:
        self._timer.stop()
        if self.form is None:
            return
        outcome = self.session.evaluate(self.form.to_data())
        if outcome is None:
            return
        self._show_problems_inline(outcome.problems)
        if outcome.failure is not None:
            self.results.show_failure(outcome.failure)
        elif outcome.evaluation is not None:
            self.results.show_evaluation(outcome.evaluation, set(self.session.acked),
                                         self.session.missing_for_issue())
        else:
            problems = outcome.problems
            shown_general = [p for p in problems if self.form.error_label_for(p.field) is None]
            self.results.show_problems(shown_general, [self.form.field_title(p.field) for p in problems])
        self._update_state()
        self.evaluated.emit()

    def _show_problems_inline(self, problems: list["Problem"]) -> None:
        by_label: dict[int, list[str]] = {}
        for p in problems:
            label = self.form.error_label_for(p.field)
            if label is not None and self.session.visible(p):
                by_label.setdefault(id(label), []).append(self._message(p))
        for label in self.form.error_labels():
            label.set_messages(by_label.get(id(label), []))

    def _message(self, p: "Problem") -> str:
        """A problem as shown beside its field. A missing field is named by its label on
        screen ("Last date of exposure 2 is required"), never by its case-file key with JSON
        syntax; everything else is the core's message through the text layer."""
        if p.code == "FIELD_MISSING":
            return self.tr("{field}: required; fill it in.").format(field=self.form.field_title(p.field))
        return problem_message(p)

    def _calculate_all(self) -> None:
        self.session.ask_everything()
        self.evaluate_now()

    def _enter_pressed(self, widget: QWidget) -> None:
        inputs = [w for w in self.form.inputs() if w.isEnabled()]
        if inputs and widget is inputs[-1]:
            self._calculate_all()
        else:
            self.focusNextChild()

    # -- state ----------------------------------------------------------------------------

    def evaluation(self) -> "Evaluation | None":
        return self.session.evaluation

    def sheet_allowed(self) -> bool:
        return self.session.sheet_allowed()

    def readiness(self) -> Readiness:
        return self.session.readiness()

    def is_modified(self, data: dict[str, Any] | None = None) -> bool:
        """``data``: the form's data as last read (saves reading the form again)."""
        if self.form is None:
            return False
        return self.session.is_modified(self.form.to_data() if data is None else data)

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
        path = self.session.path
        name = Path(path).name if path else self.tr("New case")
        self.setWindowTitle(self.tr("{name}[*] — InfuseCalc").format(name=name))
        outcome = self.session.outcome
        self.setWindowModified(self.is_modified(outcome.data if outcome is not None else None))

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
        path, _f = QFileDialog.getOpenFileName(self, self.tr("Open case"), self.start_dir(),
                                               self.tr("Case files (*.json);;All files (*)"))
        return path

    def choose_save_path(self) -> str:
        suggested = self.session.path or str(Path(self.start_dir()) / (self.safe_subject() + ".json"))
        from PySide6.QtWidgets import QFileDialog
        path, _f = QFileDialog.getSaveFileName(self, self.tr("Save case"), suggested,
                                               self.tr("Case files (*.json)"))
        if path and not path.lower().endswith(".json"):
            path += ".json"
        return path

    def start_dir(self) -> str:
        """Where file dialogs start: the case's folder, else the home folder."""
        path = self.session.path
        return str(Path(path).parent) if path else str(Path.home())

    def safe_subject(self) -> str:
        """The subject ID as a file name part."""
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
        # Nothing of the last case survives: acknowledgements, visited fields, its file, the
        # dose shown (no "changed" flash against another patient's dose), the last issued sheet.
        self.session.reset()
        self.results.forget_dose()
        self.records.forget_case()
        self.session.mark_saved(self.form.to_data())
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
        from .casefile import read_case, refusal_text

        try:
            case = read_case(path)
        except OSError as exc:   # a FIFO or device is refused unopened (core/regular_file.py)
            self.explain(self.tr("Cannot open the case"), self.tr("{path}: {error}")
                         .format(path=path, error=refusal_text(exc, path)))
            self._forget_recent(path)
            return False
        except InputError as exc:
            self.explain(self.tr("Not a valid case file"),
                         self.tr("{path} is not a valid case file:\n{problems}").format(
                             path=path, problems=problem_listing(exc.problems, len(exc.problems))))
            return False
        self.load_case(case)
        self.session.mark_saved(self.form.to_data(), str(Path(path).resolve()))
        self._add_recent(self.session.path)
        self._update_title()
        self.statusBar().showMessage(self.tr("Opened {path}").format(path=path), 5000)
        return True

    def load_case(self, case: "Case") -> None:
        self._loading = True
        try:
            self.form.load(case)
        finally:
            self._loading = False
        self.session.loaded(case)
        self.results.forget_dose()
        self.records.forget_case()
        self._install_enter()
        self.evaluate_now()

    def save(self) -> bool:
        if self.session.path is None:
            return self.save_as()
        return self.save_to(self.session.path)

    def save_as(self) -> bool:
        path = self.choose_save_path()
        return self.save_to(path) if path else False

    def save_to(self, path: str) -> bool:
        """Write the case file; only a file ``infusecalc check`` can read is ever written."""
        from ..core.case import parse_case
        from ..core.errors import InputError
        from .casefile import refusal_text, write_case

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
        if (self.session.evaluation is None and self.session.problems
                and not self.ask_save_with_errors(self.session.problems)):
            return False
        try:
            write_case(path, case)
        except OSError as exc:
            self.explain(self.tr("Save failed"), self.tr("{path} could not be written: {error}")
                         .format(path=path, error=refusal_text(exc, path)))
            return False
        self.session.mark_saved(self.form.to_data(), str(Path(path).resolve()))
        self._add_recent(self.session.path)
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

    def sheet_inputs(self) -> tuple["Evaluation", "Case"] | None:
        """The evaluation and case for a sheet, evaluated afresh; None when no sheet may be made."""
        self.evaluate_now()
        if not self.sheet_allowed():
            return None
        ev, case = self.session.evaluation, self.session.case
        assert ev is not None and case is not None
        return ev, case

    def preview_sheet(self) -> None:
        from . import sheet_actions
        inputs = self.sheet_inputs()
        if inputs:
            sheet_actions.preview_sheet(self, *inputs)

    def print_sheet(self) -> None:
        from . import sheet_actions
        inputs = self.sheet_inputs()
        if inputs:
            sheet_actions.print_sheet(self, *inputs)

    def export_pdf(self) -> None:
        from . import sheet_actions
        inputs = self.sheet_inputs()
        if inputs:
            suggested = str(Path(self.start_dir()) / f"dose-sheet-{self.safe_subject()}.pdf")
            path = sheet_actions.export_pdf(self, *inputs, suggested)
            if path:
                self.statusBar().showMessage(self.tr("Dose sheet written to {path}").format(path=path), 8000)


class _AfterPaint(QObject):
    """Calls ``then`` once, on the turn of the event loop after ``widget`` first paints (or
    after 500 ms if it never does: a window that is not exposed). Painting the form calls
    Python event filters dozens of times; with a worker importing meanwhile, each call waited
    for the interpreter's lock, and the first paint of the form took 90 ms instead of 15."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)
        QTimer.singleShot(500, self._go)

    def eventFilter(self, obj: QObject, event: "QEvent") -> bool:  # noqa: N802 - Qt naming
        from PySide6.QtCore import QEvent

        if obj is self._widget and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self._go)
        return False

    def _go(self) -> None:
        then, self._then = self._then, None
        if then is None:
            return
        self._widget.removeEventFilter(self)
        self.deleteLater()
        then()
