"""Tools > Adopt protocol… and Help > Protocol files…: which protocol the window computes with.

Adopting (an administrator signs) records the file in the records (records/adoption.py) and the
window computes with it at once; the Help names the protocol in use and says what the label
files under resources/protocols/labels/ are: examples of the format and test data, not a claim
that InfuseCalc is cleared for those products.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from ..core.protocol import LoadedProtocol
    from ..records.adoption import Adoption


class ProtocolActions(QObject):
    """Owned by the main window (after its records actions, whose Tools menu it joins)."""

    adopted = Signal(object)       # the Adoption, once recorded
    not_adopted = Signal(str)      # why the records refused it

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        # Replaceable for tests: which file to adopt, and the confirmation before signing.
        self.choose_file: Callable[[], str] = self._choose_file
        self.confirm: Callable[[str, str], bool] = self._confirm
        self.adopt_action = QAction(window)
        self.adopt_action.setObjectName("adoptProtocol")
        self.adopt_action.triggered.connect(lambda _checked=False: self.adopt_protocol())
        tools = window.records.tools_menu
        tools.addSeparator()
        tools.addAction(self.adopt_action)
        self.help_menu = window.menuBar().addMenu("")
        self.help_action = QAction(window)
        self.help_action.setObjectName("protocolHelp")
        self.help_action.triggered.connect(lambda _checked=False: self.show_protocol_help())
        self.help_menu.addAction(self.help_action)

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.adopt_action.setText(self.tr("&Adopt protocol…"))
        self.adopt_action.setStatusTip(self.tr(
            "Make a protocol file (an amendment) the one in force for these records; an "
            "administrator signs"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.help_action.setText(self.tr("&Protocol files…"))

    # -- words ------------------------------------------------------------------------------

    def origin_words(self, origin: str) -> str:
        return {"adopted": self.tr("adopted in the records"),
                "file": self.tr("trial file, not adopted"),
                "shipped": self.tr("shipped with the program")}.get(origin, origin)

    def help_text(self) -> str:
        sources = self.window.core_sources()
        lines = []
        if sources is not None:
            lp = sources.protocol
            lines.append(self.tr("Protocol in use: {id}, version {version} (effective {date}), file "
                                 "{file}, {origin}.\nSHA-256 {sha}").format(
                id=lp.protocol.id, version=lp.protocol.version,
                date=lp.protocol.effective_date.isoformat(), file=lp.file_name,
                origin=self.origin_words(getattr(sources, "origin", "shipped")), sha=lp.sha256))
        lines.append(self.tr(
            "The protocol files under resources/protocols/labels/ (Yescarta, Tecartus, Carvykti, "
            "Kymriah, Breyanzi, Abecma) write the dosing of commercial CAR-T product labels in "
            "InfuseCalc's protocol format. They are examples of the format and test data, not a "
            "claim that InfuseCalc is cleared for those products: InfuseCalc is made for ct1190b "
            "in trial NCT07470073."))
        lines.append(self.tr(
            "A protocol amendment is a data file. An administrator adopts it under Tools > Adopt "
            "protocol… (or 'infusecalc protocol adopt FILE --by ADMIN'); from then on cases are "
            "computed and issued with it, and a sheet is verified with the protocol it names. "
            "'infusecalc --protocol FILE' tries a file without adopting it."))
        return "\n\n".join(lines)

    def show_protocol_help(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self.window, self.tr("Protocol files"), self.help_text())

    # -- adopting ---------------------------------------------------------------------------

    def _choose_file(self) -> str:
        from PySide6.QtWidgets import QFileDialog

        path, _f = QFileDialog.getOpenFileName(self.window, self.tr("Adopt a protocol file"),
                                               self.window.start_dir(),
                                               self.tr("Protocol files (*.toml);;All files (*)"))
        return path

    def _confirm(self, title: str, text: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        # The default button is the action the question is for (issue 15 item 5); what guards
        # the adoption is the administrator's signature asked next, not a default of Cancel.
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self.window)
        adopt = box.button(QMessageBox.StandardButton.Yes)
        adopt.setText(self.tr("Adopt and sign…"))
        box.setDefaultButton(adopt)
        try:
            return box.exec() == QMessageBox.StandardButton.Yes
        finally:
            box.deleteLater()

    def adopt_protocol(self) -> bool:
        """Validate a file as --protocol does, confirm, let an administrator sign, record it (in
        the background, as every records call) and compute with it from now on. False when
        nothing was asked of the records (the reason was shown); the outcome is shown later and
        ``adopted`` (the Adoption) or ``not_adopted`` (the reason) is emitted."""
        from ..core.datafile import read_data_file
        from ..core.errors import ProtocolFileError
        from ..core.protocol import protocol_from_bytes

        w = self.window
        path = self.choose_file()
        if not path:
            return False
        title = self.tr("Protocol not adopted")
        try:
            raw = read_data_file(Path(path))   # a regular file of bounded size: never a FIFO's wait
            lp = protocol_from_bytes(raw, Path(path).name, path)
        except ProtocolFileError as exc:
            w.explain(title, self.tr("{file} is not a valid protocol file; nothing was adopted:\n{error}")
                      .format(file=Path(path).name, error=exc))
            return False
        w.records.with_store(lambda store: self._adopt_in(store, lp, raw, path),
                             actions=[self.adopt_action])
        return True

    def _adopt_in(self, store: Any, lp: "LoadedProtocol", raw: bytes, path: str) -> None:
        from ..core.errors import ProtocolFileError
        from ..records.adoption_store import adopt
        from ..records.users import RecordsError

        w = self.window
        p = lp.protocol
        summary = self.tr(
            "Adopt {file} as the protocol in force?\n\nProtocol {id}, version {version}, effective "
            "{date}\n{amendment}SHA-256 {sha}\n\nEvery case computed, issued and verified with "
            "these records ({where}) uses it from now on. An administrator signs.").format(
            file=lp.file_name, id=p.id, version=p.version, date=p.effective_date.isoformat(),
            amendment=(p.amendment + "\n") if p.amendment else "", sha=lp.sha256,
            where=store.describe())
        if not self.confirm(self.tr("Adopt protocol"), summary):
            return
        creds = w.records.ask_credentials(w, self.tr(
            "Meaning: protocol adopted. I adopt {file} (version {version}) as the protocol in "
            "force for these records.").format(file=lp.file_name, version=p.version))
        if creds is None:
            return

        def done(adoption: "Adoption") -> None:
            if not getattr(w, "protocol_path", None):
                self.use_protocol(adoption.loaded(), "adopted")
            w.statusBar().showMessage(self.tr("Protocol version {version} adopted and in force.")
                                      .format(version=adoption.version), 10000)
            self.adopted.emit(adoption)

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, (RecordsError, ProtocolFileError)):
                raise exc   # a fault: the background operation shows it as one
            w.explain(self.tr("Protocol not adopted"),
                      self.tr("Nothing was adopted: {error}").format(error=exc))
            self.not_adopted.emit(str(exc))

        # The administrator's password (scrypt) and the signed append run in the background.
        w.records._run(lambda: adopt(store, raw, path, creds), self.tr("Adopting the protocol"),
                       done, refused, actions=[self.adopt_action])

    def use_protocol(self, protocol: "LoadedProtocol", origin: str) -> None:
        """Compute with this protocol from now on (the case on screen is evaluated again)."""
        from .core_loader import CoreSources

        sources = self.window.core_sources()
        if sources is None:
            return
        self.window._core_loaded(CoreSources(protocol, sources.formulary, origin))
