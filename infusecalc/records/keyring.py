"""Public signing keys moved between installations: the pharmacy exports, a ward station imports.

``infusecalc keys export --out FILE`` writes the public keys of this chain's own users (every key
any of them has held, with their ID, name and role) as JSON, each with its fingerprint.
``infusecalc keys import FILE --by ADMIN`` records them at the station in one signed event; from
then on the station verifies sheets signed by those keys from the paper alone. The file holds no
secret; what makes it trustworthy is the admin who signs its import (compare the fingerprints it
prints with the ones the pharmacy's export printed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from . import keys
from .canonical import canonical_json
from .chain import Kind
from .store import Store, utc_text
from .users import Credentials, RecordsError, authenticate, confirm_signer

FORMAT = "infusecalc-keys-1"


def export_keys(store: Store) -> dict[str, Any]:
    ledger = store.ledger()
    own = [k for k in ledger.known_keys.values() if not k.source]
    return {"format": FORMAT, "site": store.describe(),
            "exported_utc": utc_text(dt.datetime.now(dt.timezone.utc)),
            "keys": [{"user_id": k.user_id, "full_name": k.full_name, "role": k.role,
                      "public_key": k.public_key, "fingerprint": keys.fingerprint(k.public_key)}
                     for k in sorted(own, key=lambda k: (k.user_id, k.public_key))]}


def _checked(data: Any) -> list[dict[str, str]]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RecordsError(f"not an InfuseCalc key file (its format should be '{FORMAT}'; make it "
                           f"with 'infusecalc keys export --out FILE' at the pharmacy)")
    out = []
    for i, k in enumerate(data.get("keys") or []):
        try:
            public = str(k["public_key"])
            entry = {"user_id": str(k["user_id"]), "full_name": str(k.get("full_name", "")),
                     "role": str(k["role"]), "public_key": public}
            raw = keys._unb64(public)
        except (KeyError, TypeError, ValueError):
            raise RecordsError(f"key {i + 1} of the file is incomplete or damaged") from None
        if len(raw) != 32:
            raise RecordsError(f"key {i + 1} of the file is not an Ed25519 public key")
        if k.get("fingerprint") not in (None, keys.fingerprint(public)):
            raise RecordsError(f"key {i + 1} of the file does not match its fingerprint (damaged)")
        out.append(entry)
    if not out:
        raise RecordsError("the key file holds no keys")
    return out


def import_keys(store: Store, text: str, by: Credentials, source: str = "") -> list[dict[str, str]]:
    """Trust the keys of a file (signed by an admin here); returns those that were new."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise RecordsError(f"the key file is not JSON ({exc})") from None
    entries = _checked(data)
    admin = authenticate(store, by, "keys_imported", ("admin",))
    with store.write() as w:
        admin = confirm_signer(w, admin)
        known = w.ledger().known_keys
        new = [e for e in entries if e["public_key"] not in known]
        if not new:
            raise RecordsError("every key in the file is trusted here already; nothing was recorded")
        w.append_signed(Kind.KEYS_IMPORTED, {
            "source": source or str(data.get("site") or "imported"),
            "file_sha256": hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest(),
            "keys": new, "by": admin.user_id}, admin)
    return new
