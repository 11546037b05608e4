"""`audit checkpoint --by ADMIN` and `audit verify` from the newest checkpoint, on the command line."""

from __future__ import annotations

import json
import re

from infusecalc.records.chain import Kind
from infusecalc.records.store import open_store
from infusecalc.records.users import REJECTED

from .test_cli_records import Cli, _alter_the_order_in_the_file, _issue, cli, site  # noqa: F401 - fixtures

ANCHOR = re.compile(r"\A(\d+):([0-9a-f]{64})\n\Z")


def _checkpoints(cli):
    with open_store(cli.data_dir) as store:
        return store.events_of_kind(Kind.AUDIT_CHECKPOINT)


def test_an_admin_records_a_checkpoint_after_a_full_check(cli, site):
    _issue(cli, site)
    code, out, err = cli("audit", "checkpoint", "--by", "admin", "--password-stdin", stdin="admin-pass-1\n")
    assert code == 0, err
    m = ANCHOR.match(out)      # stdout: the anchor alone, to keep elsewhere
    assert m, out
    seq = int(m.group(1))
    (cp,) = _checkpoints(cli)
    assert (cp.seq, cp.hash, cp.user_id) == (seq, m.group(2), "admin") and cp.signature
    payload = json.loads(cp.payload)
    assert payload["covers_seq"] == seq - 1 and payload["covers_hash"] == cp.prev_hash
    assert payload["all_signatures_verified"] is True
    assert f"checkpoint recorded as event {seq}" in err
    # Three more signed events after it: verify checks those, the checkpoint and the key events.
    for _ in range(3):
        _issue(cli, site)
    code, out, _ = cli("audit", "verify", "--anchor", out.strip())
    assert code == 0 and "chain verified:" in out
    assert re.search(rf"signatures: \d+ checked after checkpoint {seq} \(signed by admin 'admin' at "
                     rf"{re.escape(cp.utc)};", out), out
    code, out, _ = cli("audit", "verify", "--json")
    data = json.loads(out)
    assert code == 0 and data["ok"] is True
    assert data["checkpoint"]["seq"] == seq and data["checkpoint"]["signed_by"] == "admin"
    with open_store(cli.data_dir) as store:
        signed = sum(1 for ev in store.iter_events() if ev.signature)
        total = store.head().seq
    assert data["events_checked"] == total
    assert data["signatures_checked"] + data["checkpoint"]["signatures_not_checked_again"] == signed
    assert data["signatures_checked"] < signed
    code, out, _ = cli("audit", "verify", "--full", "--json")
    data = json.loads(out)
    assert code == 0 and data["checkpoint"] is None and data["signatures_checked"] == signed
    code, out, _ = cli("audit", "verify", "--full")
    assert code == 0 and f"signatures: {signed:,} checked (all); hash chain: {total:,} events checked" in out


def test_only_an_admin_with_the_right_password_records_a_checkpoint(cli, site):
    head = open_store(cli.data_dir).head()
    code, out, err = cli("audit", "checkpoint", "--by", "li", "--password-stdin", stdin="nurse-pass-1\n")
    assert code == 2 and out == "" and "'li' is a nurse" in err and "admin" in err
    code, out, wrong = cli("audit", "checkpoint", "--by", "admin", "--password-stdin", stdin="admin-pass-2\n")
    assert code == 2 and out == "" and REJECTED in wrong
    code, out, unknown = cli("audit", "checkpoint", "--by", "nobody", "--password-stdin", stdin="admin-pass-1\n")
    assert code == 2 and out == ""
    assert unknown == wrong        # an unknown ID and a wrong password read the same
    assert _checkpoints(cli) == []
    with open_store(cli.data_dir) as store:
        failed = [ev for ev in store.iter_events() if ev.seq > head.seq]
    assert [ev.kind for ev in failed] == [Kind.SIGNATURE_FAILED] * 3   # each refusal recorded


def test_no_checkpoint_over_a_broken_chain(cli, site):
    _issue(cli, site)
    seq = _alter_the_order_in_the_file(cli.data_dir)
    code, out, _ = cli("audit", "checkpoint", "--by", "admin", "--password-stdin", stdin="admin-pass-1\n")
    assert code == 1 and f"CHAIN BROKEN at event {seq}:" in out and "no checkpoint recorded" in out
    assert _checkpoints(cli) == []
