"""Loads the core (pint's registry, pydantic models, protocol and formulary) off the GUI
thread, after the window is shown: building them takes most of a second."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from ..core.formulary import LoadedFormulary
    from ..core.protocol import LoadedProtocol


class CoreSources(NamedTuple):
    # A NamedTuple, not a dataclass: importing dataclasses would delay the first paint.
    protocol: "LoadedProtocol"
    formulary: "LoadedFormulary"
    # "shipped", "adopted" (in force in the records: records/adoption.py) or "file" (--protocol)
    origin: str = "shipped"


def load_sources(protocol_path: str | None = None, data_dir: str | None = None,
                 database: str | None = None) -> CoreSources:
    """The protocol in force in the window's records (the newest adopted, else the shipped
    file; read-only, records/adoption.py), or the file given with ``infusecalc --protocol FILE``
    (to try an amendment or a label example without adopting it)."""
    from ..core.case import parse_case
    from ..core.errors import InputError
    from ..core.evaluate import evaluate
    from ..core.formulary import default_formulary
    from ..core.protocol import load_protocol
    from ..core.units import registry

    registry()
    if protocol_path:
        protocol, origin = load_protocol(protocol_path), "file"
    else:
        from ..records.adoption import protocol_in_force_at

        protocol, origin = protocol_in_force_at(database, data_dir)
    formulary = default_formulary()
    from ..core.crosscheck import cross_check

    cross_check(protocol, formulary)
    # Warm pydantic's validators and the evaluation path once, so the first edit is fast.
    try:
        evaluate(parse_case({"subject_id": "0", "group": "?", "weight": "1 kg", "dose_level": "?",
                             "infusion_date": "2000-01-01"}), protocol, formulary)
    except InputError:
        pass
    return CoreSources(protocol, formulary, origin)


class CoreLoader(QObject):
    """Emits ``loaded(CoreSources)`` or ``failed(message)`` in the GUI thread; the load runs as
    a background operation (``background.Operation``, its own lane) with the window's busy bar."""

    loaded = Signal(object)
    failed = Signal(str)
    protocol_path: str | None = None
    data_dir: str | None = None
    database: str | None = None

    def start(self) -> None:
        from .background import CORE, Operation

        path, data_dir, database = self.protocol_path, self.data_dir, self.database
        parent = self.parent()
        Operation(parent, lambda: load_sources(path, data_dir, database), lane=CORE,
                  what=self.tr("Loading protocol"), success=self.loaded.emit,
                  # shown to the user by the window: it cannot compute without its protocol
                  failure=lambda exc: self.failed.emit(f"{type(exc).__name__}: {exc}")).run()
