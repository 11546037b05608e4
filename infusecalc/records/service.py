"""Issue, verify, void and reprint dose sheets: what the CLI and the window call.

Every operation that changes something checks the signature first (outside any write
transaction), then appends its signed events and updates the cached tables in one transaction.
What a sheet is, and what happened to it (verified, mismatch, voided), is read from the chain
only: the ``sheets`` table is a cache that no decision reads.

One double check per sheet: a recorded MISMATCH blocks the sheet for everyone (the pharmacist
voids it and issues a new one), and a VERIFIED sheet is not verified again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from ..core.case import Case, parse_case
from ..core.errors import InputError, Problem
from ..core.evaluate import evaluate
from ..core.readiness import issue_problems, missing_for_issue
from ..core.result import Evaluation
from . import keys
from .canonical import sha256_of
from .chain import Event, Kind
from .escalation import require_open
from .identity import comparable
from .ledger import SIGNER_ROLES, KnownKey, Ledger
from .qr import PayloadError, decode_payload, encode_payload, looks_like_payload, sheet_message
from .sheetid import new_sheet_id, normalise_sheet_id
from .store import SheetRow, Store
from .users import (Credentials, Manifest, RecordsError, _fail, authenticate,
                    confirm_signer, manifest)
from .values import CheckedValues, Difference, compare

ISSUERS = ("pharmacist",)
VERIFIERS = ("nurse", "pharmacist")
VOIDERS = ("pharmacist", "admin")
SHEET_KINDS = (Kind.SHEET_ISSUED, Kind.SHEET_VERIFIED, Kind.VERIFICATION_MISMATCH,
               Kind.SHEET_VOIDED, Kind.SHEET_REPRINTED)


class NotCleared(RecordsError):
    def __init__(self, reasons: list[str], evaluation: Evaluation) -> None:
        super().__init__("the case is not cleared for infusion; no sheet was issued: "
                         + "; ".join(reasons))
        self.reasons = reasons
        # The evaluation that was not cleared: a front end says why in its own language from it,
        # without computing the case again.
        self.evaluation = evaluation


class EvaluationMismatch(RecordsError):
    """The evaluation handed to issue_sheet is not the core's result for the case and protocol
    being issued (computed for another case, or under a protocol or formulary since replaced)."""


class Refused(RecordsError):
    """Unknown, voided, already checked or untrusted sheet, or any other reason a verification
    cannot start."""


@dataclass(frozen=True)
class IssuedSheet:
    """Everything the QR carries (enough to verify with a station's trusted keys alone), and,
    where the issuing database holds it, where it sits in the chain."""

    sheet_id: str
    case: Case
    values: CheckedValues
    protocol_sha256: str
    signature: Manifest
    preparer_key: str
    payload: str
    anchor: str = ""        # "N:HASH" of the sheet's own issue event (printed on the sheet)
    offline: bool = False   # from a QR at a station that cannot see the issuing database
    # The protocol's version, so that a station without that protocol can say which it needs
    # (records/adoption.py); "" on sheets issued before it was carried.
    protocol_version: str = ""

    @property
    def content_sha256(self) -> str:
        return _content_sha(self.sheet_id, self.case, self.values, self.protocol_sha256)

    @classmethod
    def from_payload(cls, text: str) -> IssuedSheet:
        """Read a QR text; PayloadError unless it is intact and signed by the key it names
        (whether that key is trusted is the caller's question: see trusted_preparer)."""
        sheet_id, body, signature = decode_payload(text)
        try:
            sheet = cls(sheet_id=sheet_id, case=parse_case(body["case"]),
                        values=CheckedValues.from_dict(body["values"]),
                        protocol_sha256=body["protocol_sha256"],
                        signature=Manifest(**body["signature"]),
                        preparer_key=str(body["preparer_key"]), payload=text.strip().upper(),
                        protocol_version=str(body.get("protocol_version") or ""))
        except (KeyError, TypeError, InputError) as exc:
            raise PayloadError(f"the sheet code is not a complete sheet ({exc})") from None
        if sheet.signature.signed_sha256 != sheet.content_sha256:
            raise PayloadError("the sheet code's signature is not bound to its content")
        if not keys.verify(sheet.preparer_key, signature, sheet_message(body)):
            raise PayloadError("the sheet code's signature does not verify: the sheet was altered "
                               "or forged")
        return sheet


def _content_sha(sheet_id: str, case: Case, values: CheckedValues, protocol_sha256: str) -> str:
    return sha256_of({"sheet_id": sheet_id, "case": json.loads(case.canonical_json()),
                      "values": values.as_dict(), "protocol_sha256": protocol_sha256})


@dataclass(frozen=True)
class IssueOutcome:
    sheet: IssuedSheet
    evaluation: Evaluation
    event_seq: int


def issuable(case: Case, protocol=None, formulary=None) -> Evaluation:
    """The case's evaluation if a sheet may be issued from it; else NotCleared, or InputError
    naming what the sheet still needs. Asks nothing of anyone: a front end calls it before it
    asks for a password, so a case that cannot be issued never costs a signature."""
    ev = evaluate(case, protocol, formulary)
    _refuse_unless_issuable(case, ev)
    return ev


def _refuse_unless_issuable(case: Case, ev: Evaluation) -> None:
    if not ev.cleared:
        from ..text import Words

        english = Words("en")
        raise NotCleared([*english.not_cleared(ev), *english.outlook(ev)], ev)
    missing = missing_for_issue(case, ev)
    if missing:   # the same list the window's "not ready to issue" shows
        raise InputError(issue_problems(missing))


def _require_evaluation_of(ev: Evaluation, case: Case, protocol, formulary) -> None:
    """What is signed must be the evaluation of this very case under this protocol and
    formulary: a stale or foreign evaluation is refused before anyone is asked to sign."""
    from ..core.formulary import default_formulary
    from ..core.protocol import default_protocol

    if ev.case_sha256 != case.sha256():
        raise EvaluationMismatch("the evaluation to be signed is not of this case (the case changed "
                                 "after it was computed); nothing was issued: compute the case again")
    lp, lf = protocol or default_protocol(), formulary or default_formulary()
    if (ev.source.protocol_sha256, ev.source.formulary_sha256) != (lp.sha256, lf.sha256):
        raise EvaluationMismatch("the evaluation to be signed was computed under another protocol or "
                                 "formulary file than the one the sheet is issued under; nothing was "
                                 "issued: compute the case again")


def issue_sheet(store: Store, case: Case, creds: Credentials, protocol=None,
                formulary=None, *, in_force: bool = False,
                evaluation: Evaluation | None = None) -> IssueOutcome:
    """Refuse if not issuable (see ``issuable``), sign and record. Raises InputError,
    NotCleared, SignatureError or RecordsError; nothing is recorded but failed signatures.

    ``evaluation``: the case's evaluation as the caller computed it (``issuable``'s result, or
    the one the window shows), so that an issue computes the case once and signs exactly what
    was checked; it must be of this case, protocol and formulary (else EvaluationMismatch).
    Without it the case is computed here.

    ``in_force``: the protocol was read as the one in force in these records (not a file tried
    with --protocol); inside the write transaction it must still be, or ProtocolSuperseded is
    raised and nothing is issued (another workstation may have adopted an amendment since)."""
    if evaluation is None:
        ev = issuable(case, protocol, formulary)
    else:
        _require_evaluation_of(evaluation, case, protocol, formulary)
        _refuse_unless_issuable(case, evaluation)
        ev = evaluation
    values = CheckedValues.from_evaluation(ev)
    # Levels open only by a recorded decision (issue 13): asked before the signature, and again
    # inside the transaction, where no decision can slip in between the check and the issue.
    with store.read() as conn:
        require_open(conn, protocol, case.group, case.dose_level)
    signer = authenticate(store, creds, "issued", ISSUERS)
    proto = ev.source.protocol_sha256
    case_data = json.loads(case.canonical_json())
    with store.write() as w:
        signer = confirm_signer(w, signer)
        if in_force:
            from ..core.protocol import default_protocol
            from .adoption_store import require_in_force_in

            require_in_force_in(w.conn, protocol or default_protocol())
        require_open(w.conn, protocol, case.group, case.dose_level)
        w.append_signed(Kind.ORDER_SAVED, {"subject_id": case.subject_id, "case": case_data,
                                           "case_sha256": ev.case_sha256},
                        signer, protocol_sha256=proto)
        sheet_id = new_sheet_id()
        while w.sheet(sheet_id) is not None or w.events_about(SHEET_KINDS, sheet_id):
            sheet_id = new_sheet_id()
        sig = manifest(signer, "issued", _content_sha(sheet_id, case, values, proto))
        body = {"sheet_id": sheet_id, "case": case_data, "values": values.as_dict(),
                "protocol_sha256": proto, "signature": sig.as_dict(),
                "preparer_key": signer.state.public_key,
                "protocol_version": ev.source.protocol_version or ""}
        payload = encode_payload(sheet_id, body, signer.sign(sheet_message(body)))
        # What was signed is stored whole: a reprint prints exactly this, whatever protocol is
        # loaded by then (the evaluation, its values, and the protocol's SHA-256 on the event).
        issued = w.append_signed(Kind.SHEET_ISSUED, {
            "sheet_id": sheet_id, "subject_id": case.subject_id, "case_sha256": ev.case_sha256,
            "values": values.as_dict(), "signature": sig.as_dict(), "qr_payload": payload,
            "evaluation": ev.model_dump(mode="json")}, signer, protocol_sha256=proto)
        # The anchor printed on the sheet is its own issue event: it covers the issue itself.
        anchor = f"{issued.seq}:{issued.hash}"
        w.add_sheet(SheetRow(sheet_id=sheet_id, subject_id=case.subject_id, issued_by=signer.user_id,
                             issued_event=issued.seq, issued_utc=sig.signed_utc, anchor=anchor,
                             voided_event=None, void_reason=None))
    sheet = IssuedSheet(sheet_id, case, values, proto, sig, signer.state.public_key or "", payload,
                        anchor=anchor, protocol_version=ev.source.protocol_version or "")
    return IssueOutcome(sheet, ev, issued.seq)


# --- what the chain says about a sheet ---------------------------------------------------------

@dataclass(frozen=True)
class SheetStatus:
    issued: Event | None = None
    verified: Event | None = None
    mismatch: Event | None = None
    voided: Event | None = None


def _intact(ev: Event, ledger: Ledger) -> bool:
    """Hash and signature of one sheet event, checked against its signer's keys and role."""
    if ev.expected_hash() != ev.hash or not ev.signature:
        return False
    roles = SIGNER_ROLES.get(ev.kind)
    for k in ledger.known_keys.values():
        if (not k.source and comparable(k.user_id) == comparable(ev.user_id)
                and (roles is None or k.role in roles)
                and keys.verify(k.public_key, ev.signature, ev.signed_message())):
            return True
    return False


def _status(found: list[Event], sheet_id: str, ledger: Ledger) -> SheetStatus:
    out: dict[str, Event] = {}
    for ev in found:
        if json.loads(ev.payload).get("sheet_id") != sheet_id or not _intact(ev, ledger):
            continue   # another sheet's text that happened to match, or a forged row
        name = {Kind.SHEET_ISSUED: "issued", Kind.SHEET_VERIFIED: "verified",
                Kind.VERIFICATION_MISMATCH: "mismatch", Kind.SHEET_VOIDED: "voided"}.get(ev.kind)
        if name and name not in out:
            out[name] = ev
    return SheetStatus(**out)


def sheet_status(store: Store, sheet_id: str, ledger: Ledger | None = None) -> SheetStatus:
    return _status(store.events_about(SHEET_KINDS, sheet_id), sheet_id, ledger or store.ledger())


def _who(ev: Event) -> str:
    sig = json.loads(ev.payload).get("signature") or {}
    return f"{sig.get('full_name') or ev.user_id} ({ev.user_id}) at {ev.utc}"


def _refuse_if_done(status: SheetStatus, sheet_id: str) -> None:
    if status.voided is not None:
        reason = json.loads(status.voided.payload).get("reason") or "voided"
        raise Refused(f"sheet {sheet_id} was voided ({reason}); it cannot be verified or reprinted")
    if status.mismatch is not None:
        diffs = json.loads(status.mismatch.payload).get("differences") or []
        fields = ", ".join(d.get("field", "?") for d in diffs) or "values"
        raise Refused(f"sheet {sheet_id} is blocked: a MISMATCH ({fields}) was recorded by "
                      f"{_who(status.mismatch)}. It cannot be verified again; the pharmacist voids "
                      f"it and issues a new sheet")
    if status.verified is not None:
        raise Refused(f"sheet {sheet_id} was already verified by {_who(status.verified)}; a sheet "
                      f"is double-checked once")


def trusted_preparer(ledger: Ledger, sheet: IssuedSheet) -> KnownKey:
    """The trusted key that signed the sheet, or Refused (another installation, forged...)."""
    k = ledger.known_keys.get(sheet.preparer_key)
    if k is None:
        raise Refused(f"sheet {sheet.sheet_id} is signed by a key this station does not trust "
                      f"(fingerprint {keys.fingerprint(sheet.preparer_key)}): a sheet from another "
                      f"installation, or forged. If it comes from your own pharmacy, an admin imports "
                      f"its keys ('infusecalc keys import FILE --by ADMIN')")
    if comparable(k.user_id) != comparable(sheet.signature.user_id) or k.role not in ISSUERS:
        raise Refused(f"sheet {sheet.sheet_id} names '{sheet.signature.user_id}' as its preparer "
                      f"but is signed by the key of '{k.user_id}' ({k.role}): refused")
    return k


def _issued_record(store: Store, status: SheetStatus) -> IssuedSheet:
    ev = status.issued
    assert ev is not None
    sheet = IssuedSheet.from_payload(json.loads(ev.payload)["qr_payload"])
    return replace(sheet, anchor=f"{ev.seq}:{ev.hash}")


def find_sheet(store: Store, ref: str) -> IssuedSheet:
    """A sheet to verify, from its QR text or its ID; Refused unless it can be verified now.

    Whatever the form, the sheet must be signed by a key this chain trusts, and the chain must
    not show it voided, blocked by a mismatch or verified already. Where the issuing database is
    this one (the preparer is one of its own users), the sheet must also be recorded in it,
    exactly as scanned. At a ward station that imported the pharmacy's keys, a QR sheet that is
    not in its own records is accepted as ``offline``: no void can be seen from there.
    """
    text = ref.strip()
    ledger = store.ledger()
    if looks_like_payload(text):
        try:
            sheet = IssuedSheet.from_payload(text)
        except PayloadError as exc:
            raise Refused(str(exc)) from None
        key = trusted_preparer(ledger, sheet)
        status = sheet_status(store, sheet.sheet_id, ledger)
        if status.issued is None:
            if not key.source:
                raise Refused(f"sheet {sheet.sheet_id} is signed by a user of this site but is not "
                              f"in its records ({store.describe()}): it was never issued here. "
                              f"Do not infuse; call the pharmacy")
            sheet = replace(sheet, offline=True)
        else:
            recorded = _issued_record(store, status)
            if recorded.payload != sheet.payload:
                raise Refused(f"the scanned sheet {sheet.sheet_id} differs from the one issued; do "
                              f"not infuse, call the pharmacy")
            sheet = recorded
    else:
        sheet_id = _sheet_id_or_refuse(text)
        status = sheet_status(store, sheet_id, ledger)
        sheet = _trusted_record(store, ledger, status, sheet_id, "; scan its QR code instead")
    _refuse_if_done(status, sheet.sheet_id)
    return sheet


def _trusted_record(store: Store, ledger: Ledger, status: SheetStatus, sheet_id: str,
                    hint: str) -> IssuedSheet:
    """The sheet as its issue event records it, refused when the chain has no such sheet, when
    the record fails its own check, or when its preparer's key is not trusted here."""
    if status.issued is None:
        raise Refused(f"sheet {sheet_id} is not in {store.describe()}{hint}")
    try:
        sheet = _issued_record(store, status)
    except PayloadError as exc:
        raise Refused(f"the record of sheet {sheet_id} fails its check ({exc}); run "
                      f"'infusecalc audit verify'") from None
    trusted_preparer(ledger, sheet)
    return sheet


def recorded_sheet(store: Store, ref: str) -> IssuedSheet:
    """A sheet issued in this database, by ID or QR text, as the chain records it: refused if
    unknown, altered, untrusted or voided (not if verified: for what follows a verification,
    such as a DLT outcome)."""
    sheet_id = _sheet_id_or_refuse(ref.strip().split(".")[1] if looks_like_payload(ref) else ref)
    ledger = store.ledger()
    status = sheet_status(store, sheet_id, ledger)
    sheet = _trusted_record(store, ledger, status, sheet_id, "")
    if status.voided is not None:
        reason = json.loads(status.voided.payload).get("reason") or "voided"
        raise Refused(f"sheet {sheet_id} was voided ({reason})")
    return sheet


@dataclass(frozen=True)
class NurseEntry:
    """What the verifier enters independently, from the label, the chart and the wristband."""

    subject_id: str
    weight: str
    group: str
    dose_level: str
    concentration: str
    container_volume: str
    lot: str | None = None
    bag_ids: tuple[str, ...] = ()

    REQUIRED = ("subject_id", "weight", "group", "dose_level", "product.concentration",
                "product.container_volume")

    @classmethod
    def from_case_data(cls, data: Any) -> NurseEntry:
        """From a case file's JSON: the fields the check compares must all be there."""
        if not isinstance(data, dict):
            raise InputError(Problem("CASE_NOT_OBJECT", "(case)", "", "A case file must hold one JSON object { ... }."))
        product = data.get("product") if isinstance(data.get("product"), dict) else {}
        missing = [f for f in cls.REQUIRED
                   if not str((product if f.startswith("product.") else data)
                              .get(f.removeprefix("product."), "") or "").strip()]
        if missing:
            raise InputError([Problem("FIELD_MISSING", f, "", f"'{f}' is required for an independent "
                                      f"check: enter it from the label, the chart or the wristband.")
                              for f in missing])
        # Typed by the same pydantic models as `check`: "lot": 5 or "bag_ids": "B1,B2" is refused.
        from ..core.case import parse_nurse_case

        entry = parse_nurse_case(data)
        return cls(subject_id=entry.subject_id, weight=entry.weight, group=entry.group,
                   dose_level=entry.dose_level, concentration=entry.product.concentration,
                   container_volume=entry.product.container_volume, lot=entry.product.lot,
                   bag_ids=tuple(entry.product.bag_ids))

    def to_case(self, issued: Case) -> Case:
        """The issued case with the verifier's values in place of every compared input.

        Fields the check does not compare (age, dates, exposures, acknowledgements) come from
        the issued case, so the core computes the same kind of result for both.
        """
        data = issued.model_dump(mode="json", by_alias=True, exclude_none=True)
        data.update(subject_id=self.subject_id, weight=self.weight, group=self.group,
                    dose_level=self.dose_level)
        data["product"] = {"concentration": self.concentration,
                           "container_volume": self.container_volume,
                           "bag_ids": [b for b in self.bag_ids if b.strip()]}
        if self.lot and self.lot.strip():
            data["product"]["lot"] = self.lot
        return parse_case(data)


@dataclass(frozen=True)
class VerifyOutcome:
    sheet: IssuedSheet
    verified: bool
    differences: list[Difference]
    evaluation: Evaluation
    signature: Manifest
    event_seq: int
    entered: CheckedValues = field(repr=False)

    @property
    def offline(self) -> bool:
        """True when no void could be checked (a ward station away from the issuing records)."""
        return self.sheet.offline


def verify_sheet(store: Store, sheet: IssuedSheet, entry: NurseEntry, creds: Credentials,
                 protocol=None, formulary=None) -> VerifyOutcome:
    """Compute the verifier's entry, compare it with the sheet and record the signed result.

    Raises Refused / SignatureError (refused: nothing compared) or InputError (bad entry).
    """
    ledger = store.ledger()
    trusted_preparer(ledger, sheet)
    _refuse_if_done(sheet_status(store, sheet.sheet_id, ledger), sheet.sheet_id)
    if comparable(creds.user_id.strip()) == comparable(sheet.signature.user_id.strip()):
        raise _fail(store, creds.user_id, "verified", "preparer",
                    f"'{creds.user_id}' prepared sheet {sheet.sheet_id}: a verifier can never be "
                    f"the preparer; ask another colleague")
    # The sheet's own case, computed again here: a NOT CLEARED case is never verified, however
    # its sheet came to exist.
    again = evaluate(sheet.case, protocol, formulary)
    if not again.cleared:
        raise Refused(f"sheet {sheet.sheet_id}: its case computes as NOT CLEARED here; DO NOT "
                      f"INFUSE. Call the pharmacy")
    ev = evaluate(entry.to_case(sheet.case), protocol, formulary)
    entered = CheckedValues.from_evaluation(ev)
    signer = authenticate(store, creds, "verified", VERIFIERS)
    diffs = compare(entered, sheet.values)
    if ev.source.protocol_sha256 != sheet.protocol_sha256:
        # Computed under other rules than the sheet (an amended protocol file on one side):
        # never call that verified, whatever the numbers say.
        diffs.append(Difference("protocol_sha256", "protocol file (sha256)",
                                ev.source.protocol_sha256[:16], sheet.protocol_sha256[:16]))
    signed = sha256_of({"sheet_id": sheet.sheet_id, "issued_sha256": sheet.content_sha256,
                        "entered": entered.as_dict()})
    with store.write() as w:
        signer = confirm_signer(w, signer)
        # Inside the write lock: nobody checked this sheet meanwhile (one check per sheet).
        _refuse_if_done(_status(w.events_about(SHEET_KINDS, sheet.sheet_id), sheet.sheet_id,
                                w.ledger()), sheet.sheet_id)
        sig = manifest(signer, "verified" if not diffs else "verification_mismatch", signed)
        common = {"sheet_id": sheet.sheet_id, "subject_id": sheet.case.subject_id,
                  "issued_sha256": sheet.content_sha256, "issued_by": sheet.signature.user_id,
                  "entered": entered.as_dict(), "signature": sig.as_dict(),
                  "void_checked": not sheet.offline}
        if diffs:
            event = w.append_signed(Kind.VERIFICATION_MISMATCH,
                                    {**common, "differences": [d.__dict__ for d in diffs]},
                                    signer, protocol_sha256=ev.source.protocol_sha256)
        else:
            event = w.append_signed(Kind.SHEET_VERIFIED, common, signer,
                                    protocol_sha256=ev.source.protocol_sha256)
    return VerifyOutcome(sheet, not diffs, diffs, ev, sig, event.seq, entered)


def void_sheet(store: Store, sheet_id: str, reason: str, creds: Credentials) -> int:
    sheet_id = _sheet_id_or_refuse(sheet_id)
    if not reason.strip():
        raise RecordsError("a void needs its reason (--reason TEXT)")
    status = sheet_status(store, sheet_id)
    if status.issued is None:
        raise Refused(f"sheet {sheet_id} is not in {store.describe()}")
    if status.voided is not None:
        raise Refused(f"sheet {sheet_id} is voided already")
    signer = authenticate(store, creds, "voided", VOIDERS)
    with store.write() as w:
        signer = confirm_signer(w, signer)
        sig = manifest(signer, "voided", sha256_of({"sheet_id": sheet_id, "reason": reason.strip()}))
        ev = w.append_signed(Kind.SHEET_VOIDED, {"sheet_id": sheet_id, "reason": reason.strip(),
                                                 "signature": sig.as_dict()}, signer)
        w.void_sheet(sheet_id, ev.seq, reason.strip())
    return ev.seq


@dataclass(frozen=True)
class Reprint:
    """What a reprint prints: the sheet and the evaluation exactly as they were signed."""

    sheet: IssuedSheet
    evaluation: Evaluation


def stored_evaluation(store: Store, sheet_id: str) -> tuple[IssuedSheet, Evaluation]:
    """The issued sheet and the evaluation that was signed with it, from the chain."""
    status = sheet_status(store, sheet_id)
    if status.issued is None:
        raise Refused(f"sheet {sheet_id} is not in {store.describe()}")
    sheet = _issued_record(store, status)
    data = json.loads(status.issued.payload).get("evaluation")
    if data is None:
        raise Refused(f"sheet {sheet_id} was issued before sheets were stored whole; it cannot be "
                      f"reprinted faithfully: void it and issue a new one")
    try:
        ev = Evaluation.model_validate(data)
    except ValueError as exc:
        raise Refused(f"the stored evaluation of sheet {sheet_id} cannot be read by this version "
                      f"({exc.__class__.__name__}); nothing was reprinted") from None
    if CheckedValues.from_evaluation(ev) != sheet.values or ev.source.protocol_sha256 != sheet.protocol_sha256:
        raise Refused(f"the stored evaluation of sheet {sheet_id} does not match its signed values; "
                      f"run 'infusecalc audit verify'")
    return sheet, ev


def reprint_sheet(store: Store, sheet_id: str, creds: Credentials) -> Reprint:
    """Record a signed reprint of a sheet of this database (voided sheets are refused); the
    reprint prints what was signed, never a new computation."""
    sheet_id = _sheet_id_or_refuse(sheet_id)
    status = sheet_status(store, sheet_id)
    if status.voided is not None:
        reason = json.loads(status.voided.payload).get("reason") or "voided"
        raise Refused(f"sheet {sheet_id} was voided ({reason}); it cannot be verified or reprinted")
    sheet, ev = stored_evaluation(store, sheet_id)
    signer = authenticate(store, creds, "reprinted", ISSUERS)
    with store.write() as w:
        signer = confirm_signer(w, signer)
        sig = manifest(signer, "reprinted", sheet.content_sha256)
        w.append_signed(Kind.SHEET_REPRINTED, {"sheet_id": sheet.sheet_id, "signature": sig.as_dict()},
                        signer, protocol_sha256=sheet.protocol_sha256)
    return Reprint(sheet, ev)


def _sheet_id_or_refuse(text: str) -> str:
    try:
        return normalise_sheet_id(text)
    except ValueError as exc:
        raise Refused(str(exc)) from None
