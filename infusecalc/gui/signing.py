"""The signature dialog: user ID and password at the moment of signing, with its meaning shown.

Part 11 §11.200: both components, every time. The dialog only collects them; checking them,
counting failures and recording the signature is the records package's work.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from ..records.users import Credentials


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
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("User ID"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.user_edit.textChanged.connect(self._update)
        self.password_edit.textChanged.connect(self._update)
        (self.password_edit if user_id else self.user_edit).setFocus()
        self._update()

    def _update(self) -> None:
        ok = bool(self.user_edit.text().strip()) and bool(self.password_edit.text())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def credentials(self) -> Credentials:
        return Credentials(self.user_edit.text().strip(), self.password_edit.text())


def ask_signature(parent: QWidget | None, meaning: str) -> Credentials | None:
    """Modal: the credentials, or None when the user cancels."""
    dialog = SignDialog(meaning, parent)
    try:
        return dialog.credentials() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.password_edit.clear()
        dialog.deleteLater()
