"""Protocol amendments adopted in the records (issue 17 item 6), on a Store.

tests/records_pg/test_protocol_adoption_on_pg.py runs this module unchanged on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from infusecalc.core.errors import ProtocolFileError
from infusecalc.core.protocol import default_protocol
from infusecalc.records.adoption_store import (AdoptionRefused, adopt, history, protocol_for_sheet,
                                               protocol_in_force)
from infusecalc.records.users import Credentials, SignatureError

from .conftest import ADMIN, PHARMACIST

ROOT = Path(__file__).resolve().parents[2]
AMENDMENT = ROOT / "tests" / "fixtures" / "ct1190b-amendment-1.toml"
LABEL = ROOT / "resources" / "protocols" / "labels" / "yescarta.toml"
TODAY = dt.date(2026, 12, 2)


def _adopt(store, path: Path, who=ADMIN, raw: bytes | None = None):
    return adopt(store, raw if raw is not None else path.read_bytes(), str(path), Credentials(*who),
                 today=TODAY)


def test_the_shipped_file_is_in_force_until_one_is_adopted(people):
    assert history(people) == []
    assert protocol_in_force(people).sha256 == default_protocol().sha256


def test_an_adopted_amendment_is_in_force_with_its_exact_bytes(people):
    raw = AMENDMENT.read_bytes()
    done = _adopt(people, AMENDMENT)
    lp = protocol_in_force(people)
    import hashlib

    assert lp.sha256 == done.sha256 == hashlib.sha256(raw).hexdigest()
    assert lp.protocol.version == "amendment 1 (test fixture)"
    # The amended Group B DL2 cap (2.5 × 10^8) is what computes now.
    assert lp.protocol.group("B").level("DL2").cap_cells == 250_000_000
    [a] = history(people)
    assert (a.user_id, a.version, a.effective_date, a.content) == (
        ADMIN[0], "amendment 1 (test fixture)", "2026-12-01", raw)
    assert people.verify().ok


def test_the_newest_adoption_wins_and_the_history_keeps_every_one(people):
    _adopt(people, AMENDMENT)
    _adopt(people, LABEL)
    assert [a.file_name for a in history(people)] == ["ct1190b-amendment-1.toml", "yescarta.toml"]
    assert protocol_in_force(people).protocol.product != "ct1190b"
    # Going back is an adoption too (of the shipped file), recorded like any other.
    _adopt(people, Path(default_protocol().path))
    assert protocol_in_force(people).sha256 == default_protocol().sha256
    assert len(history(people)) == 3


def test_the_same_file_twice_is_refused_and_nothing_recorded(people):
    _adopt(people, AMENDMENT)
    head = people.head()
    with pytest.raises(AdoptionRefused, match="adopted already"):
        _adopt(people, AMENDMENT)
    assert people.head() == head


def test_only_an_admin_adopts(people):
    with pytest.raises(SignatureError, match="admin"):
        _adopt(people, AMENDMENT, who=PHARMACIST)
    with pytest.raises(SignatureError):
        _adopt(people, AMENDMENT, who=(ADMIN[0], "wrong-password-1"))
    assert history(people) == []


def test_an_invalid_file_is_refused_by_the_protocol_loader(people, tmp_path):
    # An amended cap with its old quote: the load-time quote check refuses it (item 4).
    text = AMENDMENT.read_text(encoding="utf-8")
    assert 'cap_cells = "2.5e8"' in text
    stale = text.replace('cap_cells = "2.5e8"', 'cap_cells = "2.4e8"', 1)
    with pytest.raises(ProtocolFileError):
        _adopt(people, tmp_path / "stale.toml", raw=stale.encode("utf-8"))
    with pytest.raises(ProtocolFileError):
        _adopt(people, tmp_path / "x.toml", raw=b"not = [toml")
    assert history(people) == []


def test_a_protocol_not_yet_effective_is_refused(people):
    with pytest.raises(AdoptionRefused, match="on or after"):
        adopt(people, AMENDMENT.read_bytes(), str(AMENDMENT), Credentials(*ADMIN),
              today=dt.date(2026, 11, 30))
    assert history(people) == []


def test_a_sheet_names_its_protocol_and_a_station_without_it_refuses(people):
    shipped = default_protocol()
    assert protocol_for_sheet(people, shipped.sha256, shipped.protocol.version, "IC-X").sha256 == shipped.sha256
    done = _adopt(people, AMENDMENT)
    # After the amendment, a sheet computed under the shipped file still verifies with it.
    assert protocol_for_sheet(people, shipped.sha256, "", "IC-X").sha256 == shipped.sha256
    assert protocol_for_sheet(people, done.sha256, done.version, "IC-X").protocol.version == done.version
    with pytest.raises(AdoptionRefused, match="version amendment 2") as info:
        protocol_for_sheet(people, "ab" * 32, "amendment 2", "IC-7K3M-9QX2")
    assert "IC-7K3M-9QX2" in str(info.value) and "protocol adopt" in str(info.value)


def test_audit_verify_catches_stored_bytes_that_do_not_match_their_hash(people):
    from infusecalc.records.adoption import content_problem
    from infusecalc.records.chain import Event, event_hash

    done = _adopt(people, AMENDMENT)
    ev = people.event(done.seq)
    assert content_problem(ev) is None
    data = json.loads(ev.payload)
    import base64

    data["content_b64"] = base64.b64encode(AMENDMENT.read_bytes().replace(b'"2.5e8"', b'"3.0e8"')).decode()
    from infusecalc.records.canonical import canonical_json

    forged = Event(**{**ev.as_dict(), "payload": canonical_json(data)})
    assert "does not hash" in content_problem(forged)
    # Even with its hash recomputed (an attacker rewriting the chain), the content check names it.
    fields = {k: v for k, v in forged.as_dict().items() if k not in ("hash", "signature")}
    rehashed = Event(**{**forged.as_dict(), "hash": event_hash(**fields, signature=forged.signature)})
    from infusecalc.records.chain import verify_events

    events = [e if e.seq != done.seq else rehashed for e in people.iter_events()]
    report = verify_events(events)
    assert not report.ok and report.bad_seq == done.seq
