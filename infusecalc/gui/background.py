"""Slow work off the GUI thread, its outcome back on it (in the manner of Anki's QueryOp).

Loading the core, opening the records database, every scrypt (a password checked at a
signature, a signing key sealed or unsealed) and every database call take from a few hundred
milliseconds to seconds (a PostgreSQL server that is away takes its connect timeout). Run on
the GUI thread they freeze the window; an ``Operation`` runs them on a worker thread instead:

    Operation(window, lambda: find_sheet(store, text), what=self.tr("Opening the sheet"),
              success=self._opened, failure=self._not_opened, actions=[self.open_button]).run()

- ``work`` runs on the worker thread. It must not touch widgets (read what it needs from them
  first, on the GUI thread, and pass it in).
- ``success(result)`` or ``failure(exception)`` then runs on the GUI thread. Without a
  ``failure``, the exception is shown in a message box titled with ``what``; an exception raised
  by a callback itself is shown the same way. Every failure is also logged: none vanishes.
- While it runs, the ``actions`` (QActions or widgets) are disabled, the window's status bar
  shows ``what`` beside a busy bar, and the window's cursor says it is busy (the window itself
  stays usable: typing, scrolling and other actions go on).
- Operations of one lane run one at a time, in the order started: every records call uses the
  "records" lane, so the store never has two operations at once (a SQLite connection is
  handed from thread to thread by SQLAlchemy's pool, never shared by two at once).
- Tests (and benchmarks) wait for what is pending with ``wait_idle()``.

Importing this module imports Qt only.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

RECORDS = "records"   # every call on the records store: one at a time
CORE = "core"         # the core's load at start-up

_lanes: dict[str, QThreadPool] = {}
_pending: list["Operation"] = []
_held: dict[int, int] = {}          # id(action or widget) -> operations holding it disabled


def _lane(name: str) -> QThreadPool:
    pool = _lanes.get(name)
    if pool is None:
        pool = QThreadPool()
        pool.setMaxThreadCount(1)    # one at a time, in order
        _lanes[name] = pool
    return pool


def pending() -> list[str]:
    """What is still running or waiting (the ``what`` of each operation)."""
    return [op.what for op in _pending]


def busy(action: object) -> bool:
    """True while an operation holds this action or widget disabled: code that enables actions
    from the window's state asks this first, so a running operation's action stays disabled."""
    return _held.get(id(action), 0) > 0


def wait_idle(timeout: float = 20.0) -> None:
    """Process events until no operation is pending (including any an outcome started)."""
    app = QCoreApplication.instance()
    deadline = time.monotonic() + timeout
    while _pending:
        if time.monotonic() > deadline:
            raise TimeoutError(f"background operations still pending after {timeout} s: {pending()}")
        if app is not None:
            app.processEvents()
        time.sleep(0.002)
    if app is not None:
        app.processEvents()


def error_text(exc: BaseException) -> str:
    """An exception as the user reads it: a records or input refusal is already a sentence;
    anything else is named by its type (it is a fault to report)."""
    from ..core.errors import InputError

    try:
        from ..records.users import RecordsError
    except ImportError:  # pragma: no cover - a build without the records part
        RecordsError = ()  # type: ignore[assignment,misc]  # noqa: N806
    if isinstance(exc, InputError):
        return "\n".join(p.message for p in exc.problems) or str(exc)
    if isinstance(exc, RecordsError) and str(exc):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


class BusyIndicator(QObject):
    """The status bar's busy bar and what is running, one per main window."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        from PySide6.QtWidgets import QLabel, QProgressBar

        self.window = window
        self.count = 0
        self.label = QLabel()
        self.label.setObjectName("busyLabel")
        self.bar = QProgressBar()
        self.bar.setObjectName("busyIndicator")
        self.bar.setRange(0, 0)           # no known end: a moving bar
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(100)
        self.bar.setMaximumHeight(14)
        status = window.statusBar()
        status.addPermanentWidget(self.label)
        status.addPermanentWidget(self.bar)
        self.label.hide()
        self.bar.hide()
        self.whats: list[str] = []

    @classmethod
    def of(cls, widget: Any) -> "BusyIndicator | None":
        """The indicator of the main window that shows ``widget`` (a dialog shows it in the
        window it belongs to), made on first use; None when there is no status bar."""
        from PySide6.QtWidgets import QMainWindow

        w = widget
        while w is not None:
            top = w.window()
            if isinstance(top, QMainWindow):
                found = top.findChild(BusyIndicator, "", )
                return found if found is not None else cls(top)
            w = top.parentWidget()
        return None

    def start(self, what: str) -> None:
        self.count += 1
        self.whats.append(what)
        self._show()

    def stop(self, what: str) -> None:
        self.count = max(0, self.count - 1)
        if what in self.whats:
            self.whats.remove(what)
        self._show()

    def _show(self) -> None:
        running = self.count > 0
        self.label.setText(self.whats[-1] + "…" if running and self.whats and self.whats[-1] else "")
        self.label.setVisible(running and bool(self.label.text()))
        self.bar.setVisible(running)
        self.bar.setToolTip("\n".join(self.whats))


class Operation(QObject):
    """One piece of slow work; see the module text. ``run()`` starts it and returns at once."""

    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()
    _done = Signal(object, object)   # from the worker thread: (result, exception)

    def __init__(self, parent: Any, work: Callable[[], Any], *, what: str = "",
                 success: Callable[[Any], None] | None = None,
                 failure: Callable[[BaseException], None] | None = None,
                 actions: Iterable[Any] = (), lane: str = RECORDS, quiet: bool = False) -> None:
        # No Qt parent: the operation lives until its outcome is delivered, even if the widget
        # that started it is closed meanwhile (the outcome is then only logged).
        super().__init__()
        self.parent_widget = parent
        self.work = work
        self.what = what
        self.on_success = success
        self.on_failure = failure
        self.actions = list(actions)
        self.lane = lane
        self.quiet = quiet
        self._disabled: list[Any] = []
        self._indicator: BusyIndicator | None = None
        self._done.connect(self._deliver)

    def run(self) -> "Operation":
        for a in self.actions:
            _held[id(a)] = _held.get(id(a), 0) + 1
            if a.isEnabled():
                a.setEnabled(False)
                self._disabled.append(a)
        if not self.quiet and self.parent_widget is not None:
            from PySide6.QtCore import Qt

            self._indicator = BusyIndicator.of(self.parent_widget)
            if self._indicator is not None:
                self._indicator.start(self.what)
            self.parent_widget.window().setCursor(Qt.CursorShape.BusyCursor)
        _pending.append(self)
        _lane(self.lane).start(self._in_worker)
        return self

    def _in_worker(self) -> None:
        try:
            result, error = self.work(), None
        except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread, never lost
            result, error = None, exc
        try:
            self._done.emit(result, error)
        except RuntimeError:   # the program ended while this ran (Qt deleted this object)
            log.info("%s ended after the program quit", self.what, exc_info=error)

    @Slot(object, object)
    def _deliver(self, result: Any, error: BaseException | None) -> None:
        try:
            self._release()
            if not self._alive():
                if error is not None:
                    log.error("%s failed after its window closed", self.what, exc_info=error)
                return
            if error is None:
                try:
                    if self.on_success is not None:
                        self.on_success(result)
                    self.succeeded.emit(result)
                except Exception as exc:  # noqa: BLE001 - a fault in the outcome is shown too
                    self._fail(exc)
            else:
                self._fail(error)
            self.finished.emit()
        finally:
            if self in _pending:
                _pending.remove(self)
            self.deleteLater()

    def _release(self) -> None:
        from shiboken6 import isValid

        for a in self.actions:
            n = _held.get(id(a), 0) - 1
            if n > 0:
                _held[id(a)] = n
            else:
                _held.pop(id(a), None)
        for a in self._disabled:
            if isValid(a) and not busy(a):
                a.setEnabled(True)
        if self._indicator is not None and isValid(self._indicator):
            self._indicator.stop(self.what)
        if not self.quiet and self.parent_widget is not None and self._alive():
            w = self.parent_widget.window()
            if not any(op.parent_widget is not None and op is not self and not op.quiet
                       and op._alive() and op.parent_widget.window() is w for op in _pending):
                w.unsetCursor()

    def _alive(self) -> bool:
        from shiboken6 import isValid

        return self.parent_widget is None or isValid(self.parent_widget)

    def _fail(self, error: BaseException) -> None:
        log.error("%s failed", self.what or "background operation", exc_info=error)
        try:
            if self.on_failure is not None:
                self.on_failure(error)
                self.failed.emit(error)
                return
        except Exception as exc:  # noqa: BLE001 - the handler's own fault is shown instead
            log.error("%s: the failure handler failed", self.what, exc_info=exc)
            error = exc
        self.failed.emit(error)
        show_failure(self.parent_widget, self.what, error)


def show_failure(parent: Any, what: str, error: BaseException) -> None:
    """The default for a failure nobody handled: a message box in the window's words."""
    from PySide6.QtWidgets import QMessageBox

    title = what or QCoreApplication.translate("Operation", "Not done")
    text = QCoreApplication.translate("Operation", "{what} did not finish:\n{error}").format(
        what=title, error=error_text(error))
    explain = getattr(parent, "explain", None)
    if callable(explain):
        explain(title, text)     # the main window's own way (tests record it)
    else:
        QMessageBox.warning(parent, title, text)


def run_in_background(parent: Any, work: Callable[[], Any], **kwargs: Any) -> Operation:
    """``Operation(parent, work, **kwargs).run()``."""
    return Operation(parent, work, **kwargs).run()
