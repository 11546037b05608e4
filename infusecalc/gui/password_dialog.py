"""Change your own password (21 CFR Part 11 §11.300): the same signing key, sealed again.

Needed before signing anything when someone else set the password (an admin added or reset the
account, or it was recovered), and when the site's password ageing says it has expired. The
dialog only collects the three fields; the records package checks and records the change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from .widgets import action_buttons, message_label, secret_edit

if TYPE_CHECKING:
    from ..records.users import Credentials


class ChangePasswordDialog(QDialog):
    def __init__(self, store, parent: QWidget | None = None, user_id: str = "",
                 current: str = "", reason: str = "") -> None:
        """``current`` and ``reason``: opened at a signature that was refused because the
        password must be changed (signing.change_password_now), with the password just typed."""
        super().__init__(parent)
        self.store = store
        # The credentials to sign with once the change is recorded (read once, then cleared).
        self.changed_to: Credentials | None = None
        self.setWindowTitle(self.tr("Change password"))
        layout = QVBoxLayout(self)
        if reason:
            why = QLabel(self.tr("Nothing was signed yet: {reason}. Choose your own password now; "
                                 "the signature is then made with it.").format(reason=reason))
            why.setObjectName("reason")
            why.setWordWrap(True)
            layout.addWidget(why)
        intro = QLabel(self.tr("At least 12 characters, not your user ID and not a common "
                               "password. Your signatures stay valid: the same key is kept."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.user_edit = QLineEdit(user_id)
        self.user_edit.setObjectName("user_id")
        self.current_edit = secret_edit("current_password")
        self.new_edit = secret_edit("new_password")
        self.repeat_edit = secret_edit("repeat_password")
        form.addRow(self.tr("User ID"), self.user_edit)
        form.addRow(self.tr("Current password"), self.current_edit)
        form.addRow(self.tr("New password"), self.new_edit)
        form.addRow(self.tr("Repeat the new password"), self.repeat_edit)
        layout.addLayout(form)
        self.message = message_label()
        layout.addWidget(self.message)
        self.buttons = action_buttons(self, self.tr("Change"), self.change)
        layout.addWidget(self.buttons)
        self.current_edit.setText(current)
        (self.new_edit if current else self.current_edit if user_id else self.user_edit).setFocus()

    def change(self) -> bool:
        """False when refused at once (the new passwords differ); else the change runs in the
        background (scrypt, twice) and the dialog closes once it is recorded, or says why not."""
        from ..records.users import Credentials, RecordsError, change_password
        from .background import RECORDS, Operation

        try:
            if self.new_edit.text() != self.repeat_edit.text():
                self.message.setText(self.tr("The two new passwords differ; type them again."))
                return False
            store, user_id = self.store, self.user_edit.text().strip()
            current, new = self.current_edit.text(), self.new_edit.text()

            def refused(exc: BaseException) -> None:
                if not isinstance(exc, RecordsError):
                    raise exc   # a fault: the background operation shows it as one
                self.message.setText(self.tr("Not changed: {reason}").format(reason=str(exc)))

            def changed(_result: object) -> None:
                self.changed_to = Credentials(user_id, new)
                self.accept()

            self.message.clear()
            Operation(self, lambda: change_password(store, user_id, current, new),
                      what=self.tr("Changing the password"), success=changed,
                      failure=refused, lane=RECORDS,
                      actions=[self.buttons.button(QDialogButtonBox.StandardButton.Ok)]).run()
            return True
        finally:
            for edit in (self.current_edit, self.new_edit, self.repeat_edit):
                edit.clear()
