"""The i3+3 dose-escalation ledger: DLT outcomes and joint decisions as signed events.

The chain is the record of truth: the state of every level (n, y, the table's decision, open
or closed) is recomputed from the events each time it is read, never kept in a table that
could drift from them. Outcomes, corrections and decisions are appended through the same
signing path as issue and verify (authenticate, then confirm_signer, manifest and
Writer.append in one write transaction), so they are in the same hash chain.

Registry: "the investigator and the funder will jointly discuss and decide whether to enter
the decreasing dose" and "the investigator and the funder can jointly decide whether to
increase it to a higher dose": a level opens (or closes) only by such a recorded decision;
which levels are open before any decision is protocol data (``escalation.open_at_start``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from ..core.escalation import Decision, EscalationDesign, I3Plus3, decide
from ..core.protocol import LoadedProtocol, default_protocol
from .canonical import sha256_of
from .chain import Event, Kind
from .ledger import SIGNER_ROLES, STATE_KINDS, judged
from .schema import events
from .store import Store
from .users import Credentials, RecordsError, authenticate, confirm_signer, manifest

# Who may sign, as the chain's fold (records/ledger.py) enforces it for these kinds.
OUTCOME_RECORDERS = SIGNER_ROLES[Kind.DLT_OUTCOME]
DECIDERS = SIGNER_ROLES[Kind.ESCALATION_DECISION]
LEDGER_KINDS = (Kind.DLT_OUTCOME, Kind.DLT_OUTCOME_CORRECTED, Kind.ESCALATION_DECISION)


class LedgerRefused(RecordsError):
    """An outcome or decision that cannot be recorded; the message says what to do instead."""


class LevelClosed(RecordsError):
    """Issuing at a level that no recorded decision has opened."""

    def __init__(self, message: str, group: str, level: str) -> None:
        super().__init__(message)
        self.group = group
        self.level = level


@dataclass(frozen=True)
class Outcome:
    sheet_id: str
    subject_id: str
    group: str
    level: str
    dlt: bool
    event_seq: int            # the first outcome event
    corrected_by: tuple[int, ...] = ()   # later correction events, oldest first


@dataclass(frozen=True)
class DecisionRecord:
    seq: int
    utc: str
    group: str
    level: str
    action: str               # "open" or "close"
    reference: str
    user_id: str
    full_name: str
    table: dict               # the counts and decisions the signer saw, as recorded


@dataclass(frozen=True)
class LevelState:
    group: str
    level: str
    n: int
    y: int
    decision: Decision | None     # None while no outcome is recorded at the level
    open: bool

    def as_json(self) -> dict:
        return {"group": self.group, "level": self.level, "n": self.n, "y": self.y,
                "decision": self.decision.value if self.decision else None, "open": self.open}


@dataclass(frozen=True)
class Ledger:
    design: EscalationDesign
    protocol_sha256: str
    levels: list[LevelState]
    decisions: list[DecisionRecord]
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def rule(self) -> I3Plus3:
        return self.design.rule()

    def level(self, group: str, level: str) -> LevelState | None:
        key = (group.strip().casefold(), level.strip().casefold())
        for s in self.levels:
            if (s.group.casefold(), s.level.casefold()) == key:
                return s
        return None

    def outcome_of(self, sheet_id: str) -> Outcome | None:
        for o in self.outcomes:
            if o.sheet_id == sheet_id:
                return o
        return None

    def as_json(self) -> dict:
        return {"levels": [s.as_json() for s in self.levels]}


def _design(protocol: LoadedProtocol | None) -> tuple[LoadedProtocol, EscalationDesign]:
    lp = protocol or default_protocol()
    design = lp.protocol.escalation
    if design is None:
        raise LedgerRefused(f"the protocol file {lp.file_name} has no [escalation] section: it keeps "
                            f"no dose-escalation ledger")
    return lp, design


def _events(conn: Connection, kinds: Iterable[str]) -> list[Event]:
    """The events of ``kinds`` in chain order, each intact and validly signed by a user whose role
    may sign it (folded with the signers' state, records/ledger.py, exactly as ``audit verify``
    does). One that is not makes the ledger unreadable rather than silently miscounted."""
    wanted = {str(k) for k in kinds}
    rows = conn.execute(select(*events.c).where(events.c.kind.in_(sorted(wanted | STATE_KINDS)))
                        .order_by(events.c.seq)).all()
    out = []
    for ev, problem in judged((Event(**r._mapping) for r in rows), wanted):
        if problem is not None:
            raise RecordsError(f"{problem}; the dose-escalation ledger cannot be read until "
                               f"'infusecalc audit verify' is clean")
        out.append(ev)
    return out


def read_ledger(conn: Connection, protocol: LoadedProtocol | None = None) -> Ledger:
    """The ledger as the events say, on an open connection (a read or the write transaction)."""
    lp, design = _design(protocol)
    rule = design.rule()
    outcomes: dict[str, Outcome] = {}
    opened: dict[tuple[str, str], bool] = {}
    decisions: list[DecisionRecord] = []
    for ev in _events(conn, LEDGER_KINDS):
        data = json.loads(ev.payload)
        if ev.kind == Kind.DLT_OUTCOME:
            outcomes[data["sheet_id"]] = Outcome(data["sheet_id"], data["subject_id"], data["group"],
                                                 data["dose_level"], bool(data["dlt"]), ev.seq)
        elif ev.kind == Kind.DLT_OUTCOME_CORRECTED:
            old = outcomes[data["sheet_id"]]
            outcomes[data["sheet_id"]] = Outcome(old.sheet_id, old.subject_id, old.group, old.level,
                                                 bool(data["dlt"]), old.event_seq,
                                                 old.corrected_by + (ev.seq,))
        else:
            key = (data["group"].casefold(), data["level"].casefold())
            opened[key] = data["action"] == "open"
            sig = data.get("signature", {})
            decisions.append(DecisionRecord(ev.seq, ev.utc, data["group"], data["level"], data["action"],
                                            data["reference"], ev.user_id, sig.get("full_name", ev.user_id),
                                            data.get("table", {})))
    levels = []
    for g in lp.protocol.groups:
        for lv in g.levels:
            at = [o for o in outcomes.values()
                  if (o.group.casefold(), o.level.casefold()) == (g.id.casefold(), lv.id.casefold())]
            n, y = len(at), sum(1 for o in at if o.dlt)
            key = (g.id.casefold(), lv.id.casefold())
            is_open = opened.get(key, design.open_at_start_for(g.id, lv.id))
            levels.append(LevelState(g.id, lv.id, n, y, decide(n, y, rule) if n else None, is_open))
    return Ledger(design, lp.sha256, levels, decisions, list(outcomes.values()))


def ledger(store: Store, protocol: LoadedProtocol | None = None) -> Ledger:
    with store.read() as conn:
        return read_ledger(conn, protocol)


def how_to_open(group: str, level: str) -> str:
    return (f"record the joint decision with 'infusecalc escalation decide --group {group} "
            f"--level {level} --open --reference TEXT --user ADMIN' (or Trial > Dose escalation in "
            f"the window)")


def require_open(conn: Connection, protocol: LoadedProtocol | None, group: str, level: str) -> None:
    """Refuse (LevelClosed) issuing at a level no recorded decision has opened.

    A protocol without an ``[escalation]`` section keeps no ledger: every level may be issued.
    """
    lp = protocol or default_protocol()
    if lp.protocol.escalation is None:
        return
    state = read_ledger(conn, lp).level(group, level)
    if state is None or state.open:
        return  # an unknown level is the core's to refuse, with its own message
    raise LevelClosed(f"dose level {state.level} of group {state.group} is not open: levels open only "
                      f"by a recorded decision of the investigator and the sponsor; {how_to_open(state.group, state.level)}",
                      state.group, state.level)


# ---------------------------------------------------------------- outcomes


def _verified(conn: Connection, sheet_id: str) -> bool:
    for ev in _events(conn, (Kind.SHEET_VERIFIED,)):
        if json.loads(ev.payload).get("sheet_id") == sheet_id:
            return True
    return False


def record_outcome(store: Store, sheet_ref: str, dlt: bool, creds: Credentials,
                   protocol: LoadedProtocol | None = None, correct: bool = False,
                   reason: str | None = None) -> int:
    """Record (or, with ``correct``, correct) the DLT outcome of the patient of a verified sheet.

    Once per sheet and once per patient; a correction is its own signed event with a reason.
    Returns the event number. Raises LedgerRefused, SignatureError or RecordsError.
    """
    from .service import Refused, recorded_sheet
    from .sheetid import normalise_sheet_id

    lp, design = _design(protocol)
    reason = (reason or "").strip()
    if correct and not reason:
        raise LedgerRefused("a correction needs its reason (--reason TEXT)")
    if not correct and reason:
        raise LedgerRefused("--reason goes with --correct: a first outcome has no reason to give")
    try:
        sheet_id = normalise_sheet_id(sheet_ref)
    except ValueError as exc:
        raise LedgerRefused(str(exc)) from None
    if store.sheet(sheet_id) is None:
        raise LedgerRefused(f"sheet {sheet_id} is not in {store.describe()}")
    try:
        sheet = recorded_sheet(store, sheet_id)   # refuses a voided sheet or a damaged record
    except Refused as exc:
        raise LedgerRefused(str(exc)) from None
    meaning = "dlt_outcome_corrected" if correct else "dlt_outcome"
    _outcome_allowed(store, sheet, lp, dlt, correct)   # before the signature: nothing to sign for
    signer = authenticate(store, creds, meaning, OUTCOME_RECORDERS)
    with store.write() as w:
        signer = confirm_signer(w, signer)
        previous = _outcome_allowed(w.conn, sheet, lp, dlt, correct)
        case = sheet.case
        body = {"sheet_id": sheet.sheet_id, "subject_id": case.subject_id, "group": case.group,
                "dose_level": case.dose_level, "dlt": dlt,
                "parameters": design.reading_line()}
        if correct:
            assert previous is not None
            body.update(reason=reason, corrects_event=previous.corrected_by[-1] if previous.corrected_by
                        else previous.event_seq, previous_dlt=previous.dlt)
        sig = manifest(signer, meaning, sha256_of(body))
        ev = w.append_signed(Kind.DLT_OUTCOME_CORRECTED if correct else Kind.DLT_OUTCOME,
                             {**body, "signature": sig.as_dict()}, signer, protocol_sha256=lp.sha256)
    return ev.seq


def _outcome_allowed(conn_or_store, sheet, lp: LoadedProtocol, dlt: bool, correct: bool) -> Outcome | None:
    if isinstance(conn_or_store, Store):
        with conn_or_store.read() as conn:
            return _outcome_allowed(conn, sheet, lp, dlt, correct)
    conn = conn_or_store
    if not _verified(conn, sheet.sheet_id):
        raise LedgerRefused(f"sheet {sheet.sheet_id} has no bedside verification on record: a DLT "
                            f"outcome is recorded only for a verified sheet ('infusecalc verify')")
    book = read_ledger(conn, lp)
    existing = book.outcome_of(sheet.sheet_id)
    if correct:
        if existing is None:
            raise LedgerRefused(f"sheet {sheet.sheet_id} has no DLT outcome to correct; record it "
                                f"without --correct")
        if existing.dlt == dlt:
            raise LedgerRefused(f"the DLT outcome of sheet {sheet.sheet_id} is already "
                                f"{'yes' if dlt else 'no'}; nothing to correct")
        return existing
    if existing is not None:
        raise LedgerRefused(f"sheet {sheet.sheet_id} already has a DLT outcome ("
                            f"{'yes' if existing.dlt else 'no'}, event {existing.event_seq}); a correction "
                            f"is a separate signed event: add --correct --reason TEXT")
    subject = sheet.case.subject_id.strip().casefold()
    for o in book.outcomes:
        if o.subject_id.strip().casefold() == subject:
            raise LedgerRefused(f"subject {sheet.case.subject_id} already has a DLT outcome (sheet "
                                f"{o.sheet_id}, event {o.event_seq}): a patient counts once; correct "
                                f"that outcome with --correct --reason TEXT if it is wrong")
    if book.level(sheet.case.group, sheet.case.dose_level) is None:
        raise LedgerRefused(f"sheet {sheet.sheet_id} is at {sheet.case.dose_level} of group "
                            f"{sheet.case.group}, which the protocol {lp.file_name} does not have")
    return None


# ---------------------------------------------------------------- decisions


def record_decision(store: Store, group: str, level: str, open_level: bool, reference: str,
                    creds: Credentials, protocol: LoadedProtocol | None = None) -> int:
    """Record a joint decision to open or close a level (an admin signs). Returns the event number."""
    lp, design = _design(protocol)
    reference = reference.strip()
    if not reference:
        raise LedgerRefused("a decision needs the document it is recorded in (--reference TEXT)")
    g = lp.protocol.group(group)
    if g is None:
        raise LedgerRefused(f"group '{group}' is not in the protocol; use one of "
                            f"{', '.join(x.id for x in lp.protocol.groups)}")
    lv = g.level(level)
    if lv is None:
        raise LedgerRefused(f"level '{level}' is not a level of group {g.id}; use one of "
                            f"{', '.join(x.id for x in g.levels)}")
    action = "open" if open_level else "close"
    with store.read() as conn:
        _decision_allowed(read_ledger(conn, lp), g.id, lv.id, open_level)
    signer = authenticate(store, creds, "escalation_decision", DECIDERS)
    with store.write() as w:
        signer = confirm_signer(w, signer)
        book = read_ledger(w.conn, lp)
        table = _decision_allowed(book, g.id, lv.id, open_level)
        body = {"group": g.id, "level": lv.id, "action": action, "reference": reference,
                "table": table, "parameters": design.reading_line()}
        sig = manifest(signer, "escalation_decision", sha256_of(body))
        ev = w.append_signed(Kind.ESCALATION_DECISION, {**body, "signature": sig.as_dict()},
                             signer, protocol_sha256=lp.sha256)
    return ev.seq


def _decision_allowed(book: Ledger, group: str, level: str, open_level: bool) -> dict:
    """Refuse a decision the ledger does not allow; return the table the signer decides on."""
    state = book.level(group, level)
    assert state is not None
    if open_level and state.open:
        raise LedgerRefused(f"{level} of group {group} is open already")
    if not open_level and not state.open:
        raise LedgerRefused(f"{level} of group {group} is not open; nothing to close")
    table = {state.level: state.as_json()}
    gate = book.design.gate_for(group, level)
    if open_level and gate is not None:
        at = book.level(group, gate.after_level)
        assert at is not None
        table[at.level] = at.as_json()
        allowed = [d.value for d in gate.after_decisions]
        if at.decision is None or at.decision.value not in allowed:
            says = (f"says {at.decision.value} (n = {at.n}, y = {at.y})" if at.decision
                    else "has no outcomes yet")
            raise LedgerRefused(f"{level} of group {group} can be opened only after the i3+3 table at "
                                f"{at.level} says {' or '.join(allowed)}; it {says} "
                                f"({book.design.reading_line()})")
    return table
