"""Loads the core (pint's registry, pydantic models, protocol and formulary) off the GUI
thread, after the window is shown: building them takes most of a second."""

from __future__ import annotations

import threading
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
    """Emits ``loaded(CoreSources)`` or ``failed(message)`` in the GUI thread."""

    loaded = Signal(object)
    failed = Signal(str)
    protocol_path: str | None = None

    def start(self) -> None:
        threading.Thread(target=self._run, name="infusecalc-core-loader", daemon=True).start()

    def _run(self) -> None:
        try:
            sources = load_sources(self.protocol_path)
        except Exception as exc:  # shown to the user: the window cannot compute without it
            self.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.loaded.emit(sources)
