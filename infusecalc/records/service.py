"""Issue, verify, void and reprint dose sheets: what the CLI and the window call.

Every operation that changes something checks the signature first (outside any write
transaction), then appends its events and updates the current state in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from ..core.case import Case, parse_case
from ..core.errors import InputError, Problem
from ..core.evaluate import evaluate
from ..core.result import Evaluation
from .canonical import sha256_of
from .chain import Anchor, Kind
from .escalation import require_open
from .qr import PayloadError, decode_payload, encode_payload, looks_like_payload
from .sheetid import new_sheet_id, normalise_sheet_id
from .store import SheetRow, Store
from .users import (Credentials, Manifest, RecordsError, _fail, authenticate,
                    confirm_signer, manifest)
from .values import CheckedValues, Difference, compare

ISSUERS = ("pharmacist",)
VERIFIERS = ("nurse", "pharmacist")
VOIDERS = ("pharmacist", "admin")


class NotCleared(RecordsError):
    def __init__(self, reasons: list[str]) -> None:
        super().__init__("the case is not cleared for infusion; no sheet was issued: "
                         + "; ".join(reasons))
        self.reasons = reasons


class Refused(RecordsError):
    """Unknown or voided sheet, or any other reason a verification cannot start."""


@dataclass(frozen=True)
class IssuedSheet:
    """Everything the QR carries: enough to verify with no database at all."""

    sheet_id: str
    case: Case
    values: CheckedValues
    protocol_sha256: str
    anchor: str
    signature: Manifest
    payload: str

    @property
    def content_sha256(self) -> str:
        return _content_sha(self.sheet_id, self.case, self.values, self.protocol_sha256)

    @classmethod
    def from_payload(cls, text: str) -> IssuedSheet:
        sheet_id, body = decode_payload(text)
        try:
            sheet = cls(sheet_id=sheet_id, case=parse_case(body["case"]),
                        values=CheckedValues.from_dict(body["values"]),
                        protocol_sha256=body["protocol_sha256"], anchor=body["anchor"],
                        signature=Manifest(**body["signature"]), payload=text.strip().upper())
        except (KeyError, TypeError, InputError) as exc:
            raise PayloadError(f"the sheet code is not a complete sheet ({exc})") from None
        if sheet.signature.signed_sha256 != sheet.content_sha256:
            raise PayloadError("the sheet code's signature is not bound to its content")
        return sheet


def _content_sha(sheet_id: str, case: Case, values: CheckedValues, protocol_sha256: str) -> str:
    return sha256_of({"sheet_id": sheet_id, "case": json.loads(case.canonical_json()),
                      "values": values.as_dict(), "protocol_sha256": protocol_sha256})


@dataclass(frozen=True)
class IssueOutcome:
    sheet: IssuedSheet
    evaluation: Evaluation
    event_seq: int


def issue_sheet(store: Store, case: Case, creds: Credentials, protocol=None,
                formulary=None) -> IssueOutcome:
    """Compute, refuse if not cleared, sign and record. Raises InputError, NotCleared,
    SignatureError or RecordsError; nothing is recorded but failed signatures."""
    ev = evaluate(case, protocol, formulary)
    if not ev.cleared:
        from ..text import Words

        english = Words("en")
        raise NotCleared([*english.not_cleared(ev), *english.outlook(ev)])
    if ev.product is None:
        raise InputError(Problem("PRODUCT_REQUIRED", "product", "",
                                 "An issued sheet needs the product label values: add \"product\" "
                                 "with \"concentration\" and \"container_volume\"."))
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
        require_open(w.conn, protocol, case.group, case.dose_level)
        order = w.append_signed(Kind.ORDER_SAVED, {"subject_id": case.subject_id, "case": case_data,
                                                   "case_sha256": ev.case_sha256},
                                signer, protocol_sha256=proto)
        anchor = str(Anchor(order.seq, order.hash))  # the chain head printed on the sheet
        sheet_id = new_sheet_id()
        while w.sheet(sheet_id) is not None:
            sheet_id = new_sheet_id()
        sig = manifest(signer, "issued", _content_sha(sheet_id, case, values, proto))
        body = {"sheet_id": sheet_id, "case": case_data, "values": values.as_dict(),
                "protocol_sha256": proto, "anchor": anchor, "signature": sig.as_dict()}
        payload = encode_payload(sheet_id, body)
        issued = w.append(Kind.SHEET_ISSUED, {"sheet_id": sheet_id, "subject_id": case.subject_id,
                                              "case_sha256": ev.case_sha256,
                                              "values": values.as_dict(), "signature": sig.as_dict(),
                                              "anchor": anchor, "qr_payload": payload},
                          signer=signer, protocol_sha256=proto)
        w.add_sheet(SheetRow(sheet_id=sheet_id, subject_id=case.subject_id, issued_by=signer.user_id,
                             issued_event=issued.seq, issued_utc=sig.signed_utc, anchor=anchor,
                             voided_event=None, void_reason=None))
    sheet = IssuedSheet(sheet_id, case, values, proto, anchor, sig, payload)
    return IssueOutcome(sheet, ev, issued.seq)


def _void_reason(store: Store, sheet_id: str) -> str | None:
    # The sheets table says so; the chain is checked as well, so that editing the table alone
    # cannot bring a voided sheet back.
    row = store.sheet(sheet_id)
    if row is not None and row.voided_event is not None:
        return row.void_reason or "voided"
    for ev in store.events_of_kind(Kind.SHEET_VOIDED):
        data = json.loads(ev.payload)
        if data.get("sheet_id") == sheet_id:
            return data.get("reason") or "voided"
    return None


def find_sheet(store: Store, ref: str) -> IssuedSheet:
    """A sheet from its QR text (no database needed) or its ID (this database). Raises Refused."""
    text = ref.strip()
    if looks_like_payload(text):
        try:
            sheet = IssuedSheet.from_payload(text)
        except PayloadError as exc:
            raise Refused(str(exc)) from None
    else:
        try:
            sheet_id = normalise_sheet_id(text)
        except ValueError as exc:
            raise Refused(str(exc)) from None
        row = store.sheet(sheet_id)
        if row is None:
            raise Refused(f"sheet {sheet_id} is not in {store.describe()}; scan its QR code instead")
        ev = store.event(row.issued_event)
        if ev is None or ev.expected_hash() != ev.hash or ev.kind != Kind.SHEET_ISSUED:
            raise Refused(f"the record of sheet {sheet_id} fails its integrity check; run "
                          f"'infusecalc audit verify'")
        sheet = IssuedSheet.from_payload(json.loads(ev.payload)["qr_payload"])
        if sheet.sheet_id != sheet_id:
            raise Refused(f"the record of sheet {sheet_id} does not match its ID")
    reason = _void_reason(store, sheet.sheet_id)
    if reason is not None:
        raise Refused(f"sheet {sheet.sheet_id} was voided ({reason}); it cannot be verified or "
                      f"reprinted")
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


def verify_sheet(store: Store, sheet: IssuedSheet, entry: NurseEntry, creds: Credentials,
                 protocol=None, formulary=None) -> VerifyOutcome:
    """Compute the verifier's entry, compare it with the sheet and record the signed result.

    Raises Refused / SignatureError (refused: nothing compared) or InputError (bad entry).
    """
    if _void_reason(store, sheet.sheet_id) is not None:
        raise Refused(f"sheet {sheet.sheet_id} was voided; it cannot be verified")
    if creds.user_id.strip().casefold() == sheet.signature.user_id.strip().casefold():
        raise _fail(store, creds.user_id, "verified", "preparer",
                    f"'{creds.user_id}' prepared sheet {sheet.sheet_id}: a verifier can never be "
                    f"the preparer; ask another colleague")
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
        sig = manifest(signer, "verified" if not diffs else "verification_mismatch", signed)
        common = {"sheet_id": sheet.sheet_id, "subject_id": sheet.case.subject_id,
                  "issued_sha256": sheet.content_sha256, "issued_by": sheet.signature.user_id,
                  "entered": entered.as_dict(), "signature": sig.as_dict()}
        if diffs:
            event = w.append(Kind.VERIFICATION_MISMATCH,
                             {**common, "differences": [d.__dict__ for d in diffs]},
                             signer=signer, protocol_sha256=ev.source.protocol_sha256)
        else:
            event = w.append(Kind.SHEET_VERIFIED, common, signer=signer,
                             protocol_sha256=ev.source.protocol_sha256)
    return VerifyOutcome(sheet, not diffs, diffs, ev, sig, event.seq, entered)


def void_sheet(store: Store, sheet_id: str, reason: str, creds: Credentials) -> int:
    sheet_id = _sheet_id_or_refuse(sheet_id)
    if not reason.strip():
        raise RecordsError("a void needs its reason (--reason TEXT)")
    row = store.sheet(sheet_id)
    if row is None:
        raise Refused(f"sheet {sheet_id} is not in {store.describe()}")
    if _void_reason(store, sheet_id) is not None:
        raise Refused(f"sheet {sheet_id} is voided already")
    signer = authenticate(store, creds, "voided", VOIDERS)
    with store.write() as w:
        signer = confirm_signer(w, signer)
        sig = manifest(signer, "voided", sha256_of({"sheet_id": sheet_id, "reason": reason.strip()}))
        ev = w.append(Kind.SHEET_VOIDED, {"sheet_id": sheet_id, "reason": reason.strip(),
                                          "signature": sig.as_dict()}, signer=signer)
        w.void_sheet(sheet_id, ev.seq, reason.strip())
    return ev.seq


def reprint_sheet(store: Store, sheet_id: str, creds: Credentials) -> IssuedSheet:
    """Record a signed reprint of a sheet of this database (voided sheets are refused)."""
    sheet = find_sheet(store, _sheet_id_or_refuse(sheet_id))
    signer = authenticate(store, creds, "reprinted", ISSUERS)
    with store.write() as w:
        signer = confirm_signer(w, signer)
        sig = manifest(signer, "reprinted", sheet.content_sha256)
        w.append(Kind.SHEET_REPRINTED, {"sheet_id": sheet.sheet_id, "signature": sig.as_dict()},
                 signer=signer, protocol_sha256=sheet.protocol_sha256)
    return sheet


def _sheet_id_or_refuse(text: str) -> str:
    try:
        return normalise_sheet_id(text)
    except ValueError as exc:
        raise Refused(str(exc)) from None


def sheet_options(sheet: IssuedSheet, reprint: bool = False, lang: str = "en"):
    """SheetOptions for infusecalc.sheet (imported lazily: it needs QtGui)."""
    from ..sheet.model import SheetOptions, Signature
    from .qr import qr_modules

    s = sheet.signature
    signed_at = dt.datetime.strptime(s.signed_utc, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)
    return SheetOptions(sheet_id=sheet.sheet_id, qr_modules=qr_modules(sheet.payload),
                        qr_text=sheet.payload, chain_anchor=sheet.anchor,
                        signatures=(Signature(meaning="issued", name=s.full_name, user_id=s.user_id,
                                              signed_at=signed_at),),
                        reprint_of=sheet.sheet_id if reprint else None, lang=lang)


def write_sheet_pdf(sheet: IssuedSheet, path, reprint: bool = False, protocol=None,
                    formulary=None, lang: str = "en") -> int:
    from ..sheet.render import write_pdf

    ev = evaluate(sheet.case, protocol, formulary)
    return write_pdf(ev, sheet.case, path, sheet_options(sheet, reprint, lang))
