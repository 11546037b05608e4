"""Before a chain's first signature, events written before signatures existed are kept as they
were; the kinds that came after signatures (escalation, DLT outcomes, protocol adoption,
checkpoints) never count unsigned, there or anywhere."""

from __future__ import annotations

import pytest

from infusecalc.records.escalation import ledger, record_decision
from infusecalc.records.store import open_store
from infusecalc.records.users import Credentials, RecordsError

from .attacks import forge_event
from .conftest import ADMIN


def _decision_payload(people) -> dict:
    """What a real, signed decision opening Group B DL2 records."""
    import json

    record_decision(people, "B", "DL2", True, "SRC minutes 2026-12-01", Credentials(*ADMIN))
    (ev,) = people.events_of_kind("escalation_decision")
    return json.loads(ev.payload)


@pytest.mark.parametrize("users_first", [False, True], ids=["no users yet", "signed chain"])
def test_an_unsigned_escalation_decision_opens_nothing_and_fails_the_audit(
        people, tmp_path, users_first):
    payload = _decision_payload(people)
    target_dir = tmp_path / "target"
    with open_store(target_dir) as target:
        if users_first:
            from .conftest import add_people
            add_people(target)
        assert not ledger(target).level("B", "DL2").open
        ev = forge_event(target, "escalation_decision", payload, "mallory")   # no signature
        # The level does not open: the ledger is not read at all until the audit is clean (and
        # issuing, which reads it, is refused meanwhile).
        with pytest.raises(RecordsError, match="carries no signature"):
            ledger(target)
    with open_store(target_dir) as again:
        report = again.verify()
    assert not report.ok and report.bad_seq == ev.seq and "no signature" in report.problem
