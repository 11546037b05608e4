"""Tools > Users…: list users, add one, disable, unlock or reset the password of one.

Every change is signed by an administrator (user ID and password at that moment) and recorded
by ``infusecalc.records.users``, which checks the rules (roles, the last admin, password
length) and appends the event; this dialog only collects and shows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox,
                               QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ..records.store import Store, UserRow
from ..records.users import (ROLES, Credentials, RecordsError, add_user, disable_user,
                              reset_password, unlock_user)

from .signing import CredentialsProvider  # noqa: E402 - the one provider type of the GUI
from .signing import ask_credentials as _dialog_provider  # noqa: E402
from .signing import change_password_now
from .widgets import action_buttons, message_label, secret_edit

# (parent, user ID) -> the temporary password typed twice, or None when cancelled.
PasswordProvider = Callable[[QWidget, str], "str | None"]


class TemporaryPasswordDialog(QDialog):
    """The temporary password an admin gives when resetting an account, typed twice."""

    def __init__(self, user_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reset password"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("A temporary password for '{user}'. A new signing key is made with "
                               "it, and '{user}' must choose their own password before signing "
                               "anything.").format(user=user_id))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.password_edit = secret_edit("temporary_password")
        self.repeat_edit = secret_edit("repeat_temporary_password")
        form.addRow(self.tr("Temporary password"), self.password_edit)
        form.addRow(self.tr("Repeat the password"), self.repeat_edit)
        layout.addLayout(form)
        self.message = message_label()
        layout.addWidget(self.message)
        self.buttons = action_buttons(self, self.tr("Next: sign…"), self.check)
        layout.addWidget(self.buttons)
        self.password_edit.setFocus()

    def check(self) -> bool:
        # The policy itself is checked by records.users when the reset is recorded.
        if not self.password_edit.text():
            self.message.setText(self.tr("Type the temporary password."))
            return False
        if self.password_edit.text() != self.repeat_edit.text():
            self.message.setText(self.tr("The two passwords differ; type them again."))
            self.repeat_edit.clear()
            return False
        self.accept()
        return True


def ask_temporary_password(parent: QWidget, user_id: str) -> str | None:
    """The default ``PasswordProvider``: the dialog above."""
    dialog = TemporaryPasswordDialog(user_id, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.password_edit.text()
    finally:
        dialog.password_edit.clear()
        dialog.repeat_edit.clear()
        dialog.deleteLater()


class UsersDialog(QDialog):
    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None,
                 ask_credentials: CredentialsProvider | None = None,
                 ask_password: PasswordProvider | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._rows: list[UserRow] = []   # read in the background (refresh)
        self.ask_credentials = ask_credentials or _dialog_provider
        self.ask_password = ask_password or ask_temporary_password
        self.setWindowTitle(self.tr("Users"))
        root = QVBoxLayout(self)
        where = QLabel(self.tr("Records database: {path}").format(path=store.describe()))
        where.setWordWrap(True)
        root.addWidget(where)

        self.table = QTableWidget(0, 4)
        self.table.setObjectName("users")
        self.table.setHorizontalHeaderLabels([self.tr("User ID"), self.tr("Full name"),
                                              self.tr("Role"), self.tr("State")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        root.addWidget(self.table, 1)

        row_buttons = QHBoxLayout()
        self.disable_button = QPushButton(self.tr("Disable…"))
        self.disable_button.clicked.connect(self.disable_selected)
        self.unlock_button = QPushButton(self.tr("Unlock…"))
        self.unlock_button.clicked.connect(self.unlock_selected)
        self.reset_button = QPushButton(self.tr("Reset password…"))
        self.reset_button.setObjectName("reset_password")
        self.reset_button.clicked.connect(self.reset_selected)
        row_buttons.addWidget(self.disable_button)
        row_buttons.addWidget(self.unlock_button)
        row_buttons.addWidget(self.reset_button)
        row_buttons.addStretch(1)
        root.addLayout(row_buttons)

        add_box = QGroupBox(self.tr("Add a user"))
        form = QFormLayout(add_box)
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("new_user_id")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("new_full_name")
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("new_role")
        names = {"pharmacist": self.tr("pharmacist"), "nurse": self.tr("nurse"),
                 "admin": self.tr("admin")}
        for role in ROLES:
            self.role_combo.addItem(names.get(role, role), role)
        self.password_edit = secret_edit()
        self.repeat_edit = secret_edit()
        form.addRow(self.tr("User ID"), self.user_edit)
        form.addRow(self.tr("Full name (printed with signatures)"), self.name_edit)
        form.addRow(self.tr("Role"), self.role_combo)
        form.addRow(self.tr("Initial password"), self.password_edit)
        form.addRow(self.tr("Repeat the password"), self.repeat_edit)
        self.add_button = QPushButton(self.tr("Add and sign…"))
        self.add_button.setObjectName("add_user")
        self.add_button.clicked.connect(self.add)
        form.addRow("", self.add_button)
        # Enter in any field of the dialog adds the user (never disables the selected one).
        self.add_button.setDefault(True)
        root.addWidget(add_box)

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        root.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        root.addWidget(buttons)
        for edit in (self.user_edit, self.password_edit, self.repeat_edit):
            edit.textChanged.connect(self._update_buttons)
        self._names = names
        self.refresh()
        self.resize(640, 560)

    # -- state ----------------------------------------------------------------------------

    def _state(self, row: UserRow) -> str:
        if row.disabled:
            return self.tr("disabled")
        if row.locked:
            return self.tr("locked after {count} failed signatures").format(
                count=row.failed_signatures)
        if row.failed_signatures:
            return self.tr("active ({count} failed signature(s) in a row)").format(
                count=row.failed_signatures)
        return self.tr("active")

    def refresh(self, then: "Callable[[], None] | None" = None) -> None:
        """Read the users (in the background: ``background.Operation``), then show them."""
        from .background import RECORDS, Operation

        store = self.store

        def shown(rows: list[UserRow]) -> None:
            self._fill(rows)
            if then is not None:
                then()

        Operation(self, store.users, what=self.tr("Reading the records"), success=shown,
                  lane=RECORDS).run()

    def _fill(self, rows: list[UserRow]) -> None:
        selected = self.selected_user()
        self._rows = rows
        self.table.setRowCount(len(self._rows))
        for i, row in enumerate(self._rows):
            for j, text in enumerate((row.user_id, row.full_name,
                                      self._names.get(row.role, row.role), self._state(row))):
                self.table.setItem(i, j, QTableWidgetItem(text))
            if row.user_id == selected:
                self.table.selectRow(i)
        self._update_buttons()

    def selected_user(self) -> str | None:
        rows = {i.row() for i in self.table.selectedIndexes()} 
        return self._rows[min(rows)].user_id if rows else None

    def _selected_row(self) -> UserRow | None:
        uid = self.selected_user()
        return next((r for r in self._rows if r.user_id == uid), None)

    def select_user(self, user_id: str) -> None:
        for i, row in enumerate(self._rows):
            if row.user_id == user_id:
                self.table.selectRow(i)

    def _update_buttons(self) -> None:
        row = self._selected_row()
        self.disable_button.setEnabled(row is not None and not row.disabled)
        self.unlock_button.setEnabled(row is not None and row.locked)
        self.reset_button.setEnabled(row is not None and not row.disabled)
        self.add_button.setEnabled(bool(self.user_edit.text().strip() and self.password_edit.text()
                                        and self.repeat_edit.text()))

    def _show(self, text: str, ok: bool) -> None:
        self.message.setStyleSheet("color: #1b5e20;" if ok else "color: #b71c1c;")
        self.message.setText(text)

    def _sign(self, meaning: str) -> Credentials | None:
        return self.ask_credentials(self, meaning)

    # -- changes, each signed by an admin -------------------------------------------------

    def add(self) -> bool:
        user_id = self.user_edit.text().strip()
        role = self.role_combo.currentData()
        if self.password_edit.text() != self.repeat_edit.text():
            self._show(self.tr("The two passwords differ; type them again."), False)
            self.repeat_edit.clear()
            return False
        creds = self._sign(self.tr("Meaning: user added. As an administrator I add '{user}' with "
                                   "the role {role}.").format(user=user_id,
                                                              role=self._names.get(role, role)))
        if creds is None:
            return False
        store, password = self.store, self.password_edit.text()
        name = self.name_edit.text().strip() or None

        def added(_row: UserRow) -> None:
            for edit in (self.user_edit, self.name_edit, self.password_edit, self.repeat_edit):
                edit.clear()
            self._show(self.tr("User '{user}' added and recorded.").format(user=user_id), True)
            self.refresh(lambda: self.select_user(user_id))
            self.changed.emit()

        self._change(creds, lambda by: add_user(store, user_id, role, password, name, by=by),
                     self.tr("Adding the user"), added, self.tr("Not added: {error}"))
        return True

    def _change(self, creds: Credentials, work: "Callable[[Credentials], object]", what: str,
                done: "Callable[[object], None]", refused_text: str) -> None:
        """A change signed with creds (the admin's password checked by scrypt, the event
        appended) in the background; the dialog's buttons are disabled until it is done. An
        admin whose password someone else set chooses their own there and then
        (signing.change_password_now), and the change is signed with it."""
        from .background import RECORDS, Operation

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, RecordsError):
                raise exc   # a fault: the background operation shows it as one
            again = change_password_now(self, self.store, creds, exc)
            if again is not None:
                self._change(again, work, what, done, refused_text)
                return
            self._show(refused_text.format(error=exc), False)
            self.refresh()

        Operation(self, lambda: work(creds), what=what, success=done, failure=refused,
                  lane=RECORDS, actions=[self.add_button, self.disable_button,
                                         self.unlock_button, self.reset_button]).run()

    def disable_selected(self) -> bool:
        row = self._selected_row()
        if row is None:
            return False
        creds = self._sign(self.tr("Meaning: user disabled. As an administrator I disable "
                                   "'{user}'; they can no longer sign.").format(user=row.user_id))
        if creds is None:
            return False
        store, user_id = self.store, row.user_id

        def disabled(_result: object) -> None:
            self._show(self.tr("User '{user}' disabled and recorded.").format(user=user_id), True)
            self.refresh()
            self.changed.emit()

        self._change(creds, lambda by: disable_user(store, user_id, by), self.tr("Disabling the user"),
                     disabled, self.tr("Not disabled: {error}"))
        return True

    def unlock_selected(self) -> bool:
        row = self._selected_row()
        if row is None:
            return False
        creds = self._sign(self.tr("Meaning: user unlocked. As an administrator I unlock "
                                   "'{user}' after failed signatures.").format(user=row.user_id))
        if creds is None:
            return False
        store, user_id = self.store, row.user_id

        def unlocked(_result: object) -> None:
            self._show(self.tr("User '{user}' unlocked and recorded.").format(user=user_id), True)
            self.refresh()
            self.changed.emit()

        self._change(creds, lambda by: unlock_user(store, user_id, by), self.tr("Unlocking the user"),
                     unlocked, self.tr("Not unlocked: {error}"))
        return True

    def reset_selected(self) -> bool:
        """A temporary password for the selected user: a new key pair, recorded in an event the
        admin signs; the user must choose their own password before signing anything."""
        row = self._selected_row()
        if row is None:
            return False
        new = self.ask_password(self, row.user_id)
        if new is None:
            return False
        creds = self._sign(self.tr("Meaning: password reset. As an administrator I give '{user}' "
                                   "a temporary password and a new signing key; they must "
                                   "choose their own before signing.").format(user=row.user_id))
        if creds is None:
            return False
        store, user_id = self.store, row.user_id

        def reset(_result: object) -> None:
            self._show(self.tr("Password of '{user}' reset and recorded, with a new signing key; "
                               "they choose their own at their next signature.").format(user=user_id),
                       True)
            self.refresh()
            self.changed.emit()

        self._change(creds, lambda by: reset_password(store, user_id, new, by),
                     self.tr("Resetting the password"), reset, self.tr("Not reset: {error}"))
        return True
