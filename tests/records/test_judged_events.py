"""ledger.judged: the one reading of "does this signed record count" that the dose-escalation
ledger and the protocol adoption history share (records/escalation.py, records/adoption.py)."""

from __future__ import annotations

import pytest

from infusecalc.records import keys
from infusecalc.records.adoption_store import AdoptionRefused, history
from infusecalc.records.chain import Kind
from infusecalc.records.escalation import ledger
from infusecalc.records.ledger import judged
from infusecalc.records.users import Credentials, RecordsError, authenticate, disable_user

from .attacks import forge_event
from .conftest import ADMIN, PHARMACIST


def test_the_asked_kinds_come_in_chain_order_with_what_the_signers_fold_says(people):
    signer = authenticate(people, Credentials(*PHARMACIST), "saved", ("pharmacist",))
    with people.write() as w:
        first = w.append_signed(Kind.ORDER_SAVED, {"subject_id": "0101-007", "i": 1}, signer)
        w.append_signed(Kind.SHEET_VOIDED, {"sheet_id": "IC-X", "reason": "r"}, signer)
    disable_user(people, PHARMACIST[0], Credentials(*ADMIN))
    # Her own key, after she was disabled: the fold of the users' state before it says no.
    late = forge_event(people, Kind.ORDER_SAVED, {"subject_id": "0101-007", "i": 2}, PHARMACIST[0],
                       sign_with=signer.key)
    out = list(judged(people.iter_events(), {Kind.ORDER_SAVED}))
    assert [ev.seq for ev, _problem in out] == [first.seq, late.seq]     # nothing else
    assert out[0][1] is None and "was disabled" in out[1][1]
    # Without the users' state changes to fold, no signer is known: nothing counts.
    alone = [ev for ev in people.iter_events() if ev.kind == Kind.ORDER_SAVED]
    assert all("no user of this chain" in problem for _ev, problem in judged(alone, {Kind.ORDER_SAVED}))


def test_a_forged_decision_makes_the_escalation_ledger_unreadable(people):
    forge_event(people, Kind.ESCALATION_DECISION, {"group": "B", "level": "DL2", "action": "open",
                                                   "reference": "forged", "table": {}},
                ADMIN[0], sign_with=keys.new_private_key())
    with pytest.raises(RecordsError, match="does not verify.*dose-escalation ledger cannot be read"):
        ledger(people)


def test_a_forged_adoption_makes_the_protocol_history_unreadable(people):
    forge_event(people, Kind.PROTOCOL_ADOPTED, {"sha256": "0" * 64, "content_b64": ""}, ADMIN[0],
                sign_with=keys.new_private_key())
    with pytest.raises(AdoptionRefused, match="does not verify.*protocol in force cannot be read"):
        history(people)
