"""The signature dialog: user ID and password at the moment of signing, with its meaning shown.

Part 11 §11.200: both components, every time. The dialog only collects them; checking them,
counting failures and recording the signature is the records package's work.

``ask_credentials`` is the one credentials provider of the GUI: the main window's records
actions, the verify window and the users dialog all take it (tests pass their own).
Importing this module imports Qt only; the records package is imported when a signature is
actually collected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from .widgets import action_buttons, message_label, secret_edit

if TYPE_CHECKING:
    from ..records.users import Credentials

# (parent, meaning of the signature) -> the credentials typed, or None when cancelled.
CredentialsProvider = Callable[[QWidget, str], "Credentials | None"]


class SignDialog(QDialog):
    def __init__(self, meaning: str, parent: QWidget | None = None, user_id: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign"))
        layout = QVBoxLayout(self)
        self.meaning_label = QLabel(meaning)
        self.meaning_label.setWordWrap(True)
        self.meaning_label.setObjectName("meaning")
        layout.addWidget(self.meaning_label)
        note = QLabel(self.tr("Your user ID and password, entered now, are your electronic "
                              "signature. The signature records your printed name, the date and "
                              "time, and this meaning."))
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.user_edit = QLineEdit(user_id)
        self.user_edit.setObjectName("user_id")
        self.password_edit = secret_edit("password")
        form.addRow(self.tr("User ID"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        layout.addLayout(form)
        self.buttons = action_buttons(self, self.tr("Sign"), self.accept)
        layout.addWidget(self.buttons)
        self.user_edit.textChanged.connect(self._update)
        self.password_edit.textChanged.connect(self._update)
        (self.password_edit if user_id else self.user_edit).setFocus()
        self._update()

    def _update(self) -> None:
        ok = bool(self.user_edit.text().strip()) and bool(self.password_edit.text())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def credentials(self) -> "Credentials":
        from ..records.users import Credentials

        return Credentials(self.user_edit.text().strip(), self.password_edit.text())


def ask_signature(parent: QWidget | None, meaning: str) -> "Credentials | None":
    """Modal: the credentials, or None when the user cancels."""
    dialog = SignDialog(meaning, parent)
    try:
        return dialog.credentials() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.password_edit.clear()
        dialog.deleteLater()


def ask_credentials(parent: QWidget, meaning: str) -> "Credentials | None":
    """The default ``CredentialsProvider``: the signature dialog."""
    return ask_signature(parent, meaning)


# Refusals the signer clears at once by choosing their own password (users.SignatureError.reason).
CHANGE_FIRST = frozenset({"must_change", "password_expired"})


def change_password_now(parent: QWidget | None, store, creds: "Credentials",
                        refusal: BaseException) -> "Credentials | None":
    """A signature refused only because someone else set the password (or it expired): open the
    password change dialog there and then, instead of only refusing. The user ID and current
    password come filled in: records gives these reasons only after the password opened the key,
    so nothing is shown to someone who does not know it. Returns the credentials to sign again
    with, or None (another refusal, or the change cancelled)."""
    if getattr(refusal, "reason", None) not in CHANGE_FIRST:
        return None
    from PySide6.QtWidgets import QApplication

    from .password_dialog import ChangePasswordDialog

    waiting = QApplication.overrideCursor()
    if waiting is not None:
        QApplication.restoreOverrideCursor()     # a wait cursor over a dialog that waits for you
    dialog = ChangePasswordDialog(store, parent, user_id=creds.user_id, current=creds.password,
                                  reason=str(refusal))
    try:
        return dialog.changed_to if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.changed_to = None
        dialog.deleteLater()
        if waiting is not None:
            QApplication.setOverrideCursor(waiting.shape())


class FirstAdminDialog(QDialog):
    """First run, no users yet: create the first admin here instead of blocking the user."""

    def __init__(self, store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("Create the first administrator"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("This records database has no users yet. Create the first "
                               "administrator; they then add the pharmacists and nurses."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.user_edit = QLineEdit()
        self.name_edit = QLineEdit()
        self.password_edit = secret_edit()
        self.repeat_edit = secret_edit()
        form.addRow(self.tr("User ID"), self.user_edit)
        form.addRow(self.tr("Full name (printed with signatures)"), self.name_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow(self.tr("Repeat the password"), self.repeat_edit)
        layout.addLayout(form)
        self.error_label = message_label()
        layout.addWidget(self.error_label)
        self.buttons = action_buttons(self, self.tr("Create"), self.create)
        layout.addWidget(self.buttons)
        self.created_user_id: str | None = None

    def create(self) -> None:
        """Creating the key seals it with the password (scrypt, about a second): in the
        background, the Create button disabled meanwhile; the dialog closes once it is recorded."""
        from ..records.users import RecordsError, add_user
        from .background import RECORDS, Operation

        if self.password_edit.text() != self.repeat_edit.text():
            self.error_label.setText(self.tr("The two passwords differ; repeat it again."))
            self.repeat_edit.clear()
            return
        store, user_id = self.store, self.user_edit.text().strip()
        password, name = self.password_edit.text(), self.name_edit.text().strip() or None
        self.repeat_edit.clear()
        self.error_label.clear()

        def created(row) -> None:
            self.password_edit.clear()
            self.created_user_id = row.user_id
            self.accept()

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, RecordsError):
                raise exc   # a fault: the background operation shows it as one
            self.error_label.setText(str(exc))

        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        Operation(self, lambda: add_user(store, user_id, "admin", password, name),
                  what=self.tr("Creating the administrator"), success=created, failure=refused,
                  actions=[ok, self.user_edit, self.password_edit, self.repeat_edit],
                  lane=RECORDS).run()


def ensure_first_admin(store, parent: QWidget | None = None) -> bool:
    """The records have no users yet (the caller read that in the background): offer to
    create the first administrator. True when one was created; False if cancelled."""
    dialog = FirstAdminDialog(store, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
