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


def load_sources(protocol_path: str | None = None) -> CoreSources:
    """The shipped protocol, or the file given with ``infusecalc --protocol FILE`` (to try an
    amendment or a label example in the window without changing the shipped data)."""
    from ..core.case import parse_case
    from ..core.errors import InputError
    from ..core.evaluate import evaluate
    from ..core.formulary import default_formulary
    from ..core.protocol import default_protocol, load_protocol
    from ..core.units import registry

    registry()
    protocol = load_protocol(protocol_path) if protocol_path else default_protocol()
    formulary = default_formulary()
    from ..core.crosscheck import cross_check

    cross_check(protocol, formulary)
    # Warm pydantic's validators and the evaluation path once, so the first edit is fast.
    try:
        evaluate(parse_case({"subject_id": "0", "group": "?", "weight": "1 kg", "dose_level": "?",
                             "infusion_date": "2000-01-01"}), protocol, formulary)
    except InputError:
        pass
    return CoreSources(protocol, formulary)


class CoreLoader(QObject):
    """Emits ``loaded(CoreSources)`` or ``failed(message)`` in the GUI thread; the load runs as
    a background operation (``background.Operation``, its own lane) with the window's busy bar."""

    loaded = Signal(object)
    failed = Signal(str)
    protocol_path: str | None = None

    def start(self) -> None:
        from .background import CORE, Operation

        path = self.protocol_path
        parent = self.parent()
        Operation(parent, lambda: load_sources(path), lane=CORE,
                  what=self.tr("Loading protocol"), success=self.loaded.emit,
                  # shown to the user by the window: it cannot compute without its protocol
                  failure=lambda exc: self.failed.emit(f"{type(exc).__name__}: {exc}")).run()
