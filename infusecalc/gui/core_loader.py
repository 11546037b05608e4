"""Loads the core (pint's registry, pydantic models, protocol and formulary) off the GUI
thread, after the window is shown: building them takes most of a second.

In two parts on the same worker, with the window's own work between them: the protocol and
formulary first (what the order form's choices are made from), then, once the window has
built, filled and shown its form, what computing needs (pint's registry, the case and
evaluation models, a first evaluation). Python runs one thread at a time: work on both
threads at once would make each wait for the other (MainWindow.start_loading)."""

from __future__ import annotations

import logging
from importlib import import_module
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

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
    # A whole case (the protocol's first group and level, an exposure, a label) takes every
    # path the first real case will: its code and words are loaded here, in the worker, not
    # on the GUI thread while the user opens a case.
    from ..core.readiness import missing_for_issue
    from ..text import report  # noqa: F401

    group = sources.protocol.protocol.groups[0]
    age = group.min_age_years if group.min_age_years is not None else 30
    whole = {"subject_id": "0", "group": group.id, "dose_level": group.levels[0].id,
             "weight": "40 kg", "age_years": age, "infusion_date": "2000-01-10",
             "consent_date": "2000-01-01",
             "exposures": [{"agent": "dexamethasone", "last_date": "2000-01-05",
                            "daily_dose": "10 mg", "route": "oral"}],
             "product": {"concentration": "1.3e7 cell/mL", "container_volume": "10 mL",
                         "lot": "0", "bag_ids": ["0"]}}
    try:
        case = parse_case(whole)
        missing_for_issue(case, evaluate(case, sources.protocol, sources.formulary))
    except InputError:
        pass   # an amended protocol this case does not fit: the first real case pays instead
    return sources


def load_sources(protocol_path: str | None = None, data_dir: str | None = None,
                 database: str | None = None) -> CoreSources:
    """Both parts at once (tests, benchmarks, ``MainWindow.load_core_now``)."""
    return prepare_computing(load_protocol_sources(protocol_path, data_dir, database))


class CoreLoader(QObject):
    """Two background operations (``background.Operation``, one lane, the window's busy bar):
    ``start()`` reads the protocol and formulary and emits ``protocol_loaded(CoreSources)``;
    ``compute()``, called by the window once it has put the form on screen, prepares computing
    (pint, the evaluation code) and emits ``loaded(CoreSources)``. Either may emit
    ``failed(message)`` instead, once; every signal arrives in the GUI thread."""

    protocol_loaded = Signal(object)
    loaded = Signal(object)
    failed = Signal(str)
    protocol_path: str | None = None
    data_dir: str | None = None
    database: str | None = None
    # Modules of the window imported by the first part too (MainWindow.start_loading says why).
    modules: tuple[str, ...] = ()
    _read: CoreSources | None = None
    _computing = False

    def start(self) -> None:
        from .background import CORE, Operation

        path, data_dir, database = self.protocol_path, self.data_dir, self.database
        modules = self.modules

        def first() -> CoreSources:
            sources = load_protocol_sources(path, data_dir, database)
            # The form's choices are named by the text layer (Qt-free; it imports the result
            # models): imported here, so the GUI thread filling the form finds it loaded.
            from ..text import eligibility  # noqa: F401
            try:
                for name in modules:
                    import_module(name, __package__)
            except Exception:   # noqa: BLE001 - not the protocol's failure: the GUI thread
                log.exception("preloading the window's modules")   # imports them and says
            return sources

        def read(sources: CoreSources) -> None:
            self._read = sources
            self.protocol_loaded.emit(sources)

        Operation(self.parent(), first, lane=CORE, what=self._what(), success=read,
                  failure=self._failed).run()

    def compute(self) -> None:
        """The second part, once (the protocol must be read: ``protocol_loaded`` was emitted)."""
        from .background import CORE, Operation

        sources = self._read
        if sources is None or self._computing:
            return
        self._computing = True
        Operation(self.parent(), lambda: prepare_computing(sources), lane=CORE, what=self._what(),
                  success=self.loaded.emit, failure=self._failed).run()

    def _what(self) -> str:
        return self.tr("Loading protocol")

    def _failed(self, exc: BaseException) -> None:
        # shown to the user by the window: it cannot compute without its protocol
        self.failed.emit(f"{type(exc).__name__}: {exc}")
