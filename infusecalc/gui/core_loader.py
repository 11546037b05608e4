"""Loads the core (pint's registry, pydantic models, protocol and formulary) off the GUI
thread, after the window is shown: building them takes most of a second.

In two parts, one after the other on the same worker: the protocol and formulary first (what
the order form's choices are made from: the window fills and shows its form meanwhile), then
what computing needs (pint's registry, the case and evaluation models, a first evaluation)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

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


def load_protocol_sources(protocol_path: str | None = None, data_dir: str | None = None,
                          database: str | None = None) -> CoreSources:
    """The protocol in force in the window's records (the newest adopted, else the shipped
    file; read-only, records/adoption.py), or the file given with ``infusecalc --protocol FILE``
    (to try an amendment or a label example without adopting it), and the formulary, checked
    against each other."""
    from ..core.formulary import default_formulary
    from ..core.protocol import load_protocol

    if protocol_path:
        protocol, origin = load_protocol(protocol_path), "file"
    else:
        from ..records.adoption import protocol_in_force_at

        protocol, origin = protocol_in_force_at(database, data_dir)
    formulary = default_formulary()
    from ..core.crosscheck import cross_check

    cross_check(protocol, formulary)
    return CoreSources(protocol, formulary, origin)


def prepare_computing(sources: CoreSources) -> CoreSources:
    """Everything an evaluation needs besides the protocol: pint's registry, the case and
    evaluation code; one evaluation warms pydantic's validators, so the first edit is fast."""
    from ..core.case import parse_case
    from ..core.errors import InputError
    from ..core.evaluate import evaluate
    from ..core.units import registry

    registry()
    try:
        evaluate(parse_case({"subject_id": "0", "group": "?", "weight": "1 kg", "dose_level": "?",
                             "infusion_date": "2000-01-01"}), sources.protocol, sources.formulary)
    except InputError:
        pass
    return sources


def load_sources(protocol_path: str | None = None, data_dir: str | None = None,
                 database: str | None = None) -> CoreSources:
    """Both parts at once (tests, benchmarks, ``MainWindow.load_core_now``)."""
    return prepare_computing(load_protocol_sources(protocol_path, data_dir, database))


class CoreLoader(QObject):
    """Emits ``protocol_loaded(CoreSources)`` when the protocol and formulary are read, then
    ``loaded(CoreSources)`` when computing is ready, or ``failed(message)`` once, in the GUI
    thread; the load runs as two background operations (``background.Operation``, its own
    lane, one after the other) with the window's busy bar."""

    protocol_loaded = Signal(object)
    loaded = Signal(object)
    failed = Signal(str)
    protocol_path: str | None = None
    data_dir: str | None = None
    database: str | None = None

    def start(self) -> None:
        from .background import CORE, Operation

        path, data_dir, database = self.protocol_path, self.data_dir, self.database
        parent = self.parent()
        read: dict[str, CoreSources] = {}   # the first part's result, for the second (same worker)

        def first() -> CoreSources:
            read["sources"] = load_protocol_sources(path, data_dir, database)
            # The form's choices are named by the text layer (Qt-free; it imports the result
            # models): imported here, so the GUI thread filling the form finds it loaded.
            from ..text import eligibility  # noqa: F401
            return read["sources"]

        def second() -> CoreSources | None:
            sources = read.get("sources")
            return None if sources is None else prepare_computing(sources)   # None: said already

        def failed(exc: BaseException) -> None:
            # shown to the user by the window: it cannot compute without its protocol
            self.failed.emit(f"{type(exc).__name__}: {exc}")

        def computed(sources: Any) -> None:
            if sources is not None:
                self.loaded.emit(sources)

        what = self.tr("Loading protocol")
        Operation(parent, first, lane=CORE, what=what, success=self.protocol_loaded.emit,
                  failure=failed).run()
        # Queued behind the first on the same one-thread lane: it starts as soon as the first ends.
        Operation(parent, second, lane=CORE, what=what, success=computed, failure=failed).run()
