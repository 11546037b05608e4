"""The main window's records actions: issue a signed sheet, bedside verification, users.

The window holds no records logic: these actions collect a signature (``SignDialog``), call
``infusecalc.records.service`` / ``users`` and show what they answer. The records database is
opened lazily (after the window is shown, or when an action first needs it) by the CLI's
rules (``infusecalc.records.pg_url.open_records``): ``--database URL``, else ``--data-dir``, else
INFUSECALC_DATABASE_URL, else INFUSECALC_DATA_DIR, else the user data folder.

Only Qt is imported here: SQLAlchemy, the records and the sheet are imported when used, so the
window's first paint does not wait for them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QWidget

# The widest the records' path is shown in the status bar (pixels; shortened in the middle).
STATUS_PATH_PX = 220
# After start-up the records open once the window has been quiet this long (no evaluation)...
QUIET_MS = 300
# ...or this long after they were first due, whatever the user is doing.
LATEST_MS = 3000

if TYPE_CHECKING:
    from .signing import CredentialsProvider
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QMenu, QStatusBar

    from ..core.case import Case
    from ..core.result import Evaluation
    from ..records.service import IssueOutcome
    from ..records.store import Store
    from .core_loader import CoreSources
    from .session import CaseSession


def _set_if_changed(label: QLabel, text: str) -> None:
    if label.text() != text:
        label.setText(text)


class RecordsHost(Protocol):
    """What the records actions need of the window that owns them (the main window is one);
    declared here so this module never imports the main window."""

    file_menu: "QMenu"
    pdf_action: QAction
    session: "CaseSession"

    def menuBar(self) -> Any: ...  # noqa: N802 - Qt naming
    def statusBar(self) -> "QStatusBar": ...  # noqa: N802 - Qt naming
    def add_shortcut(self, action: QAction, key: Any) -> None: ...
    def sheet_inputs(self) -> "tuple[Evaluation, Case] | None": ...
    def core_sources(self) -> "CoreSources | None": ...
    def start_dir(self) -> str: ...
    def safe_subject(self) -> str: ...
    def explain(self, title: str, text: str) -> None: ...


class RecordsActions(QObject):
    """Owned by the main window; created with its other actions (see ``MainWindow._build_actions``)."""

    def __init__(self, window: "RecordsHost") -> None:
        super().__init__(window)
        self.window = window
        self.data_dir: str | None = None      # None (both): the environment, else the user data folder
        self.database: str | None = None
        self.database_status: QObject | None = None
        self._store: Store | None = None
        self._store_error: str | None = None
        # The store opens in the background (background.Operation): who waits for it, and the
        # user count read with it (the status bar shows it without a database call of its own).
        self._opening = False
        self._waiters: list[tuple[Callable[["Store"], Any], bool]] = []
        self._user_count: int | None = None
        self._count_error: str | None = None
        self.verify_windows: list[QWidget] = []
        self.last_issue: IssueOutcome | None = None
        self.last_pdf: str | None = None
        # Replaceable for tests: what asks a signature, and where the PDF goes.
        self.ask_credentials: CredentialsProvider = _ask_credentials
        self.choose_pdf_path: Callable[[str], str] = self._choose_pdf_path

        def action(shortcut: str, slot: Callable[[], Any]) -> QAction:
            a = QAction(window)
            window.add_shortcut(a, shortcut)  # set with the window's other shortcuts
            a.triggered.connect(lambda _checked=False: slot())
            return a

        self.issue_action = action("Ctrl+Shift+I", self.issue_signed_sheet)
        self.issue_action.setObjectName("issueSignedSheet")
        self.verify_action = action("Ctrl+Shift+V", self.open_verify_window)
        self.users_action = QAction(window)
        self.users_action.triggered.connect(lambda _checked=False: self.open_users_dialog())
        self._insert_after(window.file_menu, window.pdf_action, self.issue_action)
        self.tools_menu = window.menuBar().addMenu("")
        self.tools_menu.addAction(self.verify_action)
        self.tools_menu.addSeparator()
        self.tools_menu.addAction(self.users_action)
        self.password_action = QAction(window)
        self.password_action.triggered.connect(lambda _checked=False: self.open_password_dialog())
        self.tools_menu.addAction(self.password_action)
        # Trial > Dose escalation: the i3+3 ledger (outcomes, decisions, which levels are open).
        self.escalation_view: QWidget | None = None
        self.escalation_action = QAction(window)
        self.escalation_action.setObjectName("doseEscalation")
        self.escalation_action.triggered.connect(lambda _checked=False: self.open_escalation_view())
        self.trial_menu = window.menuBar().addMenu("")
        self.trial_menu.addAction(self.escalation_action)
        self.status_label = QLabel()
        self.status_label.setObjectName("recordsStatus")
        self.issue_state_label = QLabel()
        self.issue_state_label.setObjectName("issueState")
        window.statusBar().addPermanentWidget(self.issue_state_label)
        window.statusBar().addPermanentWidget(self.status_label)
        # While the status bar shows a message ("Signed sheet … written to …", a menu item's
        # help), the records' name steps aside for it: at 1366 pixels the message was cut
        # after 50 characters. The issue state stays.
        window.statusBar().messageChanged.connect(
            lambda text: self.status_label.setVisible(not text))

    @staticmethod
    def _insert_after(menu: Any, anchor: QAction, new: QAction) -> None:
        actions = menu.actions()
        i = actions.index(anchor) if anchor in actions else -1
        if 0 <= i < len(actions) - 1:
            menu.insertAction(actions[i + 1], new)
        else:
            menu.addAction(new)

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.tools_menu.setTitle(self.tr("&Tools"))
        self.trial_menu.setTitle(self.tr("T&rial"))
        self.escalation_action.setText(self.tr("Dose &escalation…"))
        self.escalation_action.setStatusTip(self.tr("i3+3 decision table, DLT outcomes and the "
                                                    "decisions that open dose levels"))
        self.issue_action.setText(self.tr("&Issue signed sheet…"))
        self._issue_tip = self.tr("Records the pharmacist's signature and writes the signed sheet "
                                  "with its sheet ID and QR code.")
        self.update_state()
        self.verify_action.setText(self.tr("&Bedside verification…"))
        self.verify_action.setStatusTip(self.tr("Blind double check of an issued sheet by a "
                                                "second person"))
        self.users_action.setText(self.tr("&Users…"))
        self.password_action.setText(self.tr("&Change password…"))
        self.users_action.setStatusTip(self.tr("Add, disable or unlock users (an administrator "
                                               "signs each change)"))
        self._update_status()

    def update_state(self) -> None:
        """Issuing needs a case the core clears and a complete label (READY TO ISSUE); until
        then the action is disabled and its tooltip and the status bar say why."""
        from .status_words import issue_blocked_reason, issue_state_name

        from .background import busy

        reason = issue_blocked_reason(self.window.session)
        # While an issue is under way its action stays disabled (background.Operation holds it).
        self.issue_action.setEnabled(reason is None and not busy(self.issue_action))
        tip = getattr(self, "_issue_tip", "")
        text = tip if reason is None else f"{reason}\n{tip}"
        self.issue_action.setToolTip(text)
        self.issue_action.setStatusTip(reason or tip)
        _set_if_changed(self.issue_state_label, issue_state_name(self.window.session))
        self.issue_state_label.setToolTip(reason or tip)

    def forget_case(self) -> None:
        """A new or opened case: the last issued sheet belongs to the previous one."""
        self.last_issue = None
        self.last_pdf = None

    # -- the database ---------------------------------------------------------------------

    def set_data_dir(self, data_dir: str | None, database: str | None = None) -> None:
        """Where the records are (``--data-dir`` / ``--database``); opened later, on first use."""
        self.data_dir, self.database = data_dir, database
        self._update_status()

    def _run(self, work: Callable[[], Any], what: str, success: Callable[[Any], None] | None = None,
             failure: Callable[[BaseException], None] | None = None, actions: Any = (),
             quiet: bool = False) -> Any:
        """A records call off the GUI thread, one at a time (``background.Operation``)."""
        from .background import RECORDS, Operation

        return Operation(self.window, work, what=what, success=success, failure=failure,
                         actions=actions, lane=RECORDS, quiet=quiet).run()

    def with_store(self, then: Callable[["Store"], Any], explain: bool = True,
                   actions: Any = ()) -> None:
        """Call ``then(store)`` on the GUI thread once the records store is open; it is opened in
        the background on first use. If it cannot open, ``then`` is not called and (with
        ``explain``) the user is told why; the calculator goes on either way."""
        if self._store is not None:
            then(self._store)
            return
        self._waiters.append((then, explain))
        if self._opening:
            return
        self._opening = True
        database, data_dir = self.database, self.data_dir

        def work() -> "tuple[Store, int | None, str | None]":
            from ..records.pg_url import open_records

            store = open_records(database, data_dir)
            count, error = self._count(store)
            return store, count, error

        self._run(work, self.tr("Opening the records"), self._opened, self._open_failed, actions)

    @staticmethod
    def _count(store: "Store") -> tuple[int | None, str | None]:
        """Worker thread: the number of users, or why it cannot be read (a server away)."""
        try:
            return len(store.users()), None
        except Exception as exc:  # noqa: BLE001 - shown in the status bar's tooltip
            return None, f"{type(exc).__name__}: {exc}"

    def _opened(self, result: "tuple[Store, int | None, str | None]") -> None:
        self._opening = False
        self._store, self._user_count, self._count_error = result
        self._store_error = None
        self._update_status()
        if self._store.backend.name != "sqlite":
            from .db_status import attach_database_status  # a site server is watched

            self.database_status = attach_database_status(self.window, self._store)
        # Which dose levels the ledger has open: read first (the lane keeps the order), so an
        # action waiting for the store (an issue) sees the level's state before it asks anyone.
        self.refresh_level_states()
        waiters, self._waiters = self._waiters, []
        for then, _explain in waiters:
            then(self._store)

    def _open_failed(self, exc: BaseException) -> None:
        # A database that cannot open must never stop the calculator: the status bar says so,
        # and an action that needed it says why.
        self._opening = False
        self._store_error = f"{type(exc).__name__}: {exc}"
        self._update_status()
        waiters, self._waiters = self._waiters, []
        if any(explain for _then, explain in waiters):
            self.window.explain(self.tr("Records unavailable"), self.tr(
                "The records database could not be opened:\n{error}").format(error=self._store_error))

    def store(self) -> "Store | None":
        """The records store once it is open (``with_store`` opens it), else None."""
        return self._store

    def refresh_status(self) -> None:
        """Read the user count again (after a change) and show it."""
        store = self._store
        if store is None:
            self._update_status()
            return

        def shown(result: tuple[int | None, str | None]) -> None:
            self._user_count, self._count_error = result
            self._update_status()

        self._run(lambda: self._count(store), self.tr("Reading the records"), shown, quiet=True)

    def open_when_quiet(self, activity: "SignalInstance", quiet_ms: int = QUIET_MS,
                        latest_ms: int = LATEST_MS) -> None:
        """``open_and_welcome`` once the window has been quiet (no ``activity``) for
        ``quiet_ms``, and ``latest_ms`` from now at the latest (give or take one ``quiet_ms``).

        Opening the records is Python work in the background (SQLAlchemy's import alone is a
        few hundred milliseconds), and Python runs one thread at a time: opened while the user
        puts a case in, it made the window's work on that case take three times as long. An
        action that needs the records sooner (issue, verify, users) opens them at once."""
        from PySide6.QtCore import QTimer

        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(quiet_ms)
        deadline = time.monotonic() + latest_ms / 1000

        def again() -> None:
            if time.monotonic() < deadline:
                timer.start()

        def now() -> None:
            activity.disconnect(again)
            timer.deleteLater()
            self.open_and_welcome()

        activity.connect(again)
        timer.timeout.connect(now)
        timer.start()

    def open_and_welcome(self) -> None:
        """After the window is shown: open the records and, on an empty database, offer to
        create the first administrator (the user may cancel and keep using the calculator)."""
        if self._store is not None:   # open already (else _opened reads it): the protocol may
            self.refresh_level_states()   # have changed (an adoption), and its levels with it
        self.with_store(self._welcome, explain=False)

    def _welcome(self, store: "Store") -> None:
        if self._user_count == 0:
            from .signing import ensure_first_admin

            ensure_first_admin(store, self.window)
            self.refresh_status()

    def refresh_level_states(self) -> None:
        """Tell the order form which dose levels the ledger has open (it marks the others)."""
        form = getattr(self.window, "form", None)
        store = self._store
        if form is None or store is None:
            return
        from ..records.escalation import ledger
        from ..records.users import RecordsError

        sources = self.window.core_sources()
        protocol = sources.protocol if sources else None

        def shown(book: Any) -> None:
            form.set_level_states({(s.group.casefold(), s.level.casefold()): s.open
                                   for s in book.levels})

        def not_read(exc: BaseException) -> None:
            if isinstance(exc, RecordsError):
                form.set_level_states(None)   # a protocol without a ledger: nothing to mark
            # else a site server away: the status bar says so (it is logged); keep what is shown

        self._run(lambda: ledger(store, protocol), self.tr("Reading the escalation ledger"),
                  shown, not_read, quiet=True)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def _update_status(self) -> None:
        if self._store_error is not None:
            self.status_label.setText(self.tr("Records unavailable"))
            self.status_label.setToolTip(self._store_error)
        elif self._store is None:
            self.status_label.setText(self.tr("Records: not opened yet"))
            self.status_label.setToolTip(self.database or self.data_dir or "")
        else:
            where = self._store.describe()
            # Shortened in the middle (the tooltip has it whole): a data folder's full path
            # left the status bar's own messages ("Saved …", "Protocol loaded.") no room.
            from PySide6.QtCore import Qt

            shown = self.status_label.fontMetrics().elidedText(
                where, Qt.TextElideMode.ElideMiddle, STATUS_PATH_PX)
            n = self._user_count
            if n is None:  # a site server may be away: the status says so, no crash
                self.status_label.setText(self.tr("Records: {path} · not reachable").format(path=shown))
                self.status_label.setToolTip(where + "\n" + (self._count_error or ""))
                return
            text = (self.tr("Records: {path} · no users yet") if n == 0
                    else self.tr("Records: {path} · 1 user") if n == 1
                    else self.tr("Records: {path} · {count} users")).format(path=shown, count=n)
            self.status_label.setText(text)
            self.status_label.setToolTip(where)

    # -- issue ----------------------------------------------------------------------------

    def _choose_pdf_path(self, suggested: str) -> str:
        from PySide6.QtWidgets import QFileDialog

        path, _f = QFileDialog.getSaveFileName(self.window, self.tr("Write the signed dose sheet"),
                                               suggested, self.tr("PDF files (*.pdf)"))
        if path and not path.lower().endswith(".pdf"):
            path += ".pdf"
        return path

    def issue_signed_sheet(self) -> bool:
        """Sign, record and write an issued sheet. False when refused at once (the reason is
        shown); True when the records were asked: the outcome (the sheet ID, or why nothing
        was issued) is shown when they answer."""
        w = self.window
        inputs = w.sheet_inputs()
        from .language import not_cleared_reasons

        if inputs is None:
            w.explain(self.tr("Not issued"), self.tr(
                "A signed sheet needs a computed case with every warning acknowledged."))
            return False
        ev, case = inputs
        if not ev.cleared:
            w.explain(self.tr("Not issued"), self.tr(
                "Only a case the core reports CLEARED FOR INFUSION can be issued; nothing was "
                "issued:\n{reasons}").format(reasons="\n".join(f"• {r}" for r in not_cleared_reasons(ev))))
            return False
        from .status_words import issue_blocked_reason

        blocked = issue_blocked_reason(w.session)   # refused before any file or password is asked
        if blocked is not None:
            w.explain(self.tr("Not issued"), blocked)
            return False
        # From here on the records are asked (in the background, one call at a time): the store
        # is opened if need be, then its users read, then the signature checked and the sheet
        # recorded. The action stays disabled until the outcome is shown.
        self.with_store(lambda store: self._issue_needs_users(store, ev, case),
                        actions=[self.issue_action])
        return True

    def _issue_needs_users(self, store: "Store", ev: "Evaluation", case: "Case") -> None:
        def counted(result: tuple[int | None, str | None]) -> None:
            self._user_count, self._count_error = result
            self._update_status()
            if result[0] is None:
                self.window.explain(self.tr("Records unavailable"), self.tr(
                    "The records database could not be read, so no sheet can be issued:\n{error}")
                    .format(error=result[1]))
            elif result[0] == 0:
                self._issue_without_users(store)
            else:
                from .status_words import issue_blocked_reason

                # The ledger was read meanwhile (_opened): a level it has closed stops the issue
                # here, before a file or a password is asked.
                blocked = issue_blocked_reason(self.window.session)
                if blocked is not None:
                    self.window.explain(self.tr("Not issued"), blocked)
                else:
                    self._issue_signed(store, ev, case)

        self._run(lambda: self._count(store), self.tr("Reading the records"), counted,
                  actions=[self.issue_action])

    def _issue_without_users(self, store: "Store") -> None:
        from .signing import ensure_first_admin

        ensure_first_admin(store, self.window)
        self.refresh_status()
        self.window.explain(self.tr("A user is needed"), self.tr(
            "Issuing a signed sheet needs a pharmacist's user ID and password, and {path} had "
            "no users. An administrator adds pharmacists under Tools > Users…; then issue "
            "the sheet again. Nothing was issued.").format(path=store.describe()))

    def _issue_signed(self, store: "Store", ev: "Evaluation", case: "Case") -> None:
        from .language import cells

        w = self.window
        suggested = str(Path(w.start_dir()) / f"dose-sheet-{w.safe_subject()}-signed.pdf")
        path = self.choose_pdf_path(suggested)
        if not path:
            return
        creds = self.ask_credentials(w, self.tr(
            "Meaning: issued. I prepared the dose for subject {subject} ({dose}) and issue this "
            "dose sheet.").format(subject=case.subject_id, dose=cells(ev.dose.cells)))
        if creds is None:
            return
        from ..records.service import issue_sheet

        sources = w.core_sources()
        protocol = sources.protocol if sources else None
        formulary = sources.formulary if sources else None

        def issued(outcome: "IssueOutcome") -> None:
            self._after_issue()
            self.last_issue = outcome
            self.last_pdf = self._write(outcome, path)
            self.show_issued(outcome.sheet.sheet_id, self.last_pdf)

        # Never under a protocol another workstation's adoption has replaced since this window
        # loaded it (a file tried with --protocol is the user's explicit choice).
        in_force = sources is not None and sources.origin != "file"

        def work(creds: Any) -> "IssueOutcome":
            if in_force and protocol is not None:
                from ..records.adoption_store import require_in_force

                require_in_force(store, protocol)   # before the scrypt; again inside the write
            # The evaluation shown, and named in the signature's meaning, is the one signed.
            return issue_sheet(store, case, creds, protocol, formulary,
                               in_force=in_force and protocol is not None, evaluation=ev)

        def sign(creds: Any) -> None:   # users.Credentials
            def refused(exc: BaseException) -> None:
                from .signing import change_password_now

                again = change_password_now(w, store, creds, exc)   # must change it first
                if again is not None:
                    sign(again)
                else:
                    self._not_issued(exc)

            # The password is checked (scrypt) and the sheet recorded in the background.
            self._run(lambda: work(creds),
                      self.tr("Issuing the signed sheet"), issued, refused,
                      actions=[self.issue_action])

        sign(creds)

    def _not_issued(self, exc: BaseException) -> None:
        from ..core.errors import InputError
        from ..records.users import RecordsError
        from .language import problem_listing

        from ..records.adoption_store import ProtocolSuperseded

        self._after_issue()
        if isinstance(exc, ProtocolSuperseded):
            self.window.protocol_actions.use_protocol(exc.now, "adopted")
            self.window.explain(self.tr("Not issued"), self.tr(
                "The protocol in force changed: version {version} was adopted in the records since "
                "this window loaded version {old}. The case has been computed again with it; check "
                "the result, then issue again. Nothing was issued.").format(
                version=exc.now.protocol.version, old=exc.was.protocol.version))
        elif isinstance(exc, InputError):
            self.window.explain(self.tr("Not issued"), self.tr("No sheet was issued:\n{problems}")
                                .format(problems=problem_listing(exc.problems, len(exc.problems))))
        elif isinstance(exc, RecordsError):
            self.window.explain(self.tr("Not issued"),
                                self.tr("No sheet was issued: {error}").format(error=exc))
        else:
            raise exc   # a fault: shown by the background operation as one

    def _after_issue(self) -> None:
        self.refresh_status()
        self.refresh_level_states()

    def _write(self, outcome: "IssueOutcome", path: str) -> str | None:
        from ..i18n.qt import sheet_language
        from ..issuing import sheet_options

        sheet_id = outcome.sheet.sheet_id
        try:
            from ..sheet.render import write_pdf

            write_pdf(outcome.evaluation, outcome.sheet.case, path, sheet_options(outcome.sheet, lang=sheet_language()))
        except Exception as exc:  # the sheet is issued and recorded: say so, and how to print it
            self.window.explain(self.tr("Sheet issued, PDF not written"), self.tr(
                "Sheet {id} is issued and recorded, but its PDF could not be written to {path}: "
                "{error}\nPrint it with 'infusecalc reprint {id} --pdf FILE --user NAME'.")
                .format(id=sheet_id, path=path, error=exc))
            return None
        self.window.statusBar().showMessage(
            self.tr("Signed sheet {id} written to {path}").format(id=sheet_id, path=path), 10000)
        return path

    def show_issued(self, sheet_id: str, path: str | None) -> None:
        """The sheet ID, large, so it can be read out and written on the order."""
        import html

        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self.window)
        box.setWindowTitle(self.tr("Sheet issued"))
        box.setTextFormat(Qt.TextFormat.RichText)
        where = (self.tr("Written to {path}").format(path=html.escape(path)) if path
                 else self.tr("The PDF was not written."))
        intro = html.escape(self.tr("Signed sheet issued and recorded:"))
        box.setText(f"<p>{intro}</p>"
                    f"<p style='font-size:28pt; font-weight:bold; font-family:monospace'>"
                    f"{html.escape(sheet_id)}</p><p>{where}</p>")
        box.setIcon(QMessageBox.Icon.Information)
        box.exec()
        box.deleteLater()

    # -- verification and users -----------------------------------------------------------

    def open_verify_window(self) -> None:
        """Tools > Bedside verification: opens once the records are open."""
        self.with_store(self._open_verify_window, actions=[self.verify_action])

    def _open_verify_window(self, store: "Store") -> QWidget:
        from .verify_window import VerifyWindow

        sources = self.window.core_sources()
        vw = VerifyWindow(store, protocol=sources.protocol if sources else None,
                          formulary=sources.formulary if sources else None)
        self.verify_windows = [v for v in self.verify_windows if v.isVisible()] + [vw]
        # A blind check: the pharmacist's numbers are not on screen while it is open.
        self._show_order_results(False)
        vw.closed.connect(lambda closing=vw: self._show_order_results(
            not any(v.isVisible() for v in self.verify_windows if v is not closing)))
        vw.show()
        vw.raise_()
        return vw

    def open_password_dialog(self) -> None:
        self.with_store(self._open_password_dialog, actions=[self.password_action])

    def _open_password_dialog(self, store: "Store") -> QWidget:
        from .password_dialog import ChangePasswordDialog

        dialog = ChangePasswordDialog(store, self.window)
        dialog.exec()
        dialog.deleteLater()
        return dialog

    def _show_order_results(self, visible: bool) -> None:
        results = getattr(self.window, "results", None)
        if results is not None:
            results.setVisible(visible)

    def open_escalation_view(self) -> None:
        """Trial > Dose escalation: non-modal, beside the order."""
        sources = self.window.core_sources()
        protocol = sources.protocol if sources else None
        if (protocol.protocol.escalation if protocol else True) is None:
            self.window.explain(self.tr("No dose-escalation ledger"), self.tr(
                "The protocol file in use has no [escalation] section: it keeps no ledger."))
            return
        if self.escalation_view is not None and self.escalation_view.isVisible():
            self.escalation_view.raise_()
            return
        self.with_store(lambda store: self._open_escalation_view(store, protocol),
                        actions=[self.escalation_action])

    def _open_escalation_view(self, store: "Store", protocol: Any) -> QWidget:
        from .escalation_view import EscalationView

        view = EscalationView(store, protocol, self.window, ask_credentials=self.ask_credentials)
        view.changed.connect(self.refresh_level_states)
        view.changed.connect(self.refresh_status)
        self.escalation_view = view
        self.refresh_level_states()
        view.show()
        return view

    def open_users_dialog(self) -> None:
        self.with_store(self._users_dialog_needs_users, actions=[self.users_action])

    def _users_dialog_needs_users(self, store: "Store") -> None:
        def counted(result: tuple[int | None, str | None]) -> None:
            self._user_count, self._count_error = result
            self._update_status()
            if result[0] is None:
                self.window.explain(self.tr("Records unavailable"), self.tr(
                    "The records database could not be opened:\n{error}").format(error=result[1]))
                return
            if result[0] == 0:
                from .signing import ensure_first_admin

                if not ensure_first_admin(store, self.window):
                    return
                self.refresh_status()
            self._open_users_dialog(store)

        self._run(lambda: self._count(store), self.tr("Reading the records"), counted,
                  actions=[self.users_action])

    def _open_users_dialog(self, store: "Store") -> QWidget:
        from .users_dialog import UsersDialog

        dialog = UsersDialog(store, self.window, ask_credentials=self.ask_credentials)
        dialog.changed.connect(self.refresh_status)
        dialog.exec()
        dialog.deleteLater()
        return dialog


def start_verify_mode(data_dir: str | None, database: str | None = None) -> QObject:
    """``infusecalc --verify-mode``: a nurse station opens the verification window directly.

    The records open (and the protocol loads) in the background; the verification window
    appears when they are ready, or a message says why they could not open (and the program
    ends). Returns the operation (kept by the caller while the event loop runs)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QMessageBox

    from .background import RECORDS, Operation
    from .widgets import DialogDefaults, FocusRing, WheelGuard

    app = QApplication.instance()
    WheelGuard.install(app)      # the nurse station too: no wheel changes a value unseen
    DialogDefaults.install(app)
    FocusRing.install(app)
    shown: list[QWidget] = []

    def work() -> tuple[Any, Any, int | None]:
        from ..core.protocol import default_protocol
        from ..records.pg_url import open_records

        store = open_records(database, data_dir)
        count, _error = RecordsActions._count(store)
        return store, default_protocol(), count

    def opened(result: tuple[Any, Any, int | None]) -> None:
        from .signing import ensure_first_admin
        from .verify_window import VerifyWindow

        store, protocol, count = result
        if count == 0:
            ensure_first_admin(store)
        window = VerifyWindow(store, protocol=protocol)  # its status bar names the records
        shown.append(window)
        window.show()

    def failed(exc: BaseException) -> None:
        QMessageBox.critical(None, QCoreApplication.translate("RecordsActions", "Records unavailable"),
                             QCoreApplication.translate("RecordsActions", "The records database could not be opened:\n{error}")
                             .format(error=f"{type(exc).__name__}: {exc}"))
        QApplication.exit(2)   # refused: the program ends with the records' exit code

    op = Operation(None, work, what=QCoreApplication.translate("RecordsActions", "Opening the records"),
                   success=opened, failure=failed, lane=RECORDS)
    op.windows = shown   # type: ignore[attr-defined]
    return op.run()


def _ask_credentials(*args: Any, **kwargs: Any) -> Any:
    """``signing.ask_credentials``, imported when first asked: the records actions are made
    before the window's first paint, the signature dialog and its widgets are not needed then."""
    from .signing import ask_credentials

    return ask_credentials(*args, **kwargs)
