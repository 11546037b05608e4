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
import math
from pathlib import Path
from typing import Any

from ..core.casefile import nesting_depth
from ..core.regular_file import read_regular_file
from . import keys
from .canonical import canonical_json
from .chain import Kind
from .identity import IdentityError, check_full_name, normalise_user_id
from .store import Store, utc_text
from .users import ROLES, Credentials, RecordsError, authenticate, confirm_signer

FORMAT = "infusecalc-keys-1"
# A site's export is a few hundred bytes a key and three levels deep; far more is not an export.
MAX_KEY_FILE_BYTES = 2_000_000
MAX_KEYS = 2_000
MAX_DEPTH = 8
_REMAKE = "make a new one with 'infusecalc keys export --out FILE' at the pharmacy"


def export_keys(store: Store) -> dict[str, Any]:
    ledger = store.ledger()
    own = [k for k in ledger.known_keys.values() if not k.source]
    return {"format": FORMAT, "site": store.describe(),
            "exported_utc": utc_text(dt.datetime.now(dt.timezone.utc)),
            "keys": [{"user_id": k.user_id, "full_name": k.full_name, "role": k.role,
                      "public_key": k.public_key, "fingerprint": keys.fingerprint(k.public_key)}
                     for k in sorted(own, key=lambda k: (k.user_id, k.public_key))]}


def read_key_file(path: str | Path) -> str:
    """The text of a key file: a regular file (a FIFO or device is refused before it is opened,
    core/regular_file.py) of bounded size, in UTF-8 (a byte-order mark is fine)."""
    try:
        raw = read_regular_file(path, MAX_KEY_FILE_BYTES)
    except OSError as exc:
        raise RecordsError(f"{path}: cannot read the key file: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RecordsError(f"{path}: not an InfuseCalc key file: byte {exc.start} is not UTF-8 (an "
                           f"export is UTF-8 JSON); {_REMAKE}") from None


class _Refused(Exception):
    pass


def _pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in items:
        if key in out:   # JSON would keep the last one silently
            raise _Refused(f"the key file gives '{key[:40]}' twice in one object (damaged or edited); "
                           f"{_REMAKE}")
        out[key] = value
    return out


def _constant(name: str) -> Any:
    raise _Refused(f"the key file holds {name}, which is not a JSON value (damaged); {_REMAKE}")


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"the key file holds the number {text[:20]}, too large for JSON (damaged); {_REMAKE}")
    return value


def _loads(text: str) -> Any:
    """JSON refusing what an export never holds and JSON would accept silently or crash on:
    a key given twice, NaN or Infinity, a number beyond a float, nesting deeper than ``MAX_DEPTH``."""
    deep = RecordsError(f"the key file is nested far deeper than an export is (damaged); {_REMAKE}")
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_number)
    except _Refused as exc:
        raise RecordsError(str(exc)) from None
    except RecursionError:
        raise deep from None
    except ValueError as exc:   # JSONDecodeError, or an integer of more than 4,300 digits
        raise RecordsError(f"the key file is not JSON ({exc})") from None
    if nesting_depth(data) > MAX_DEPTH:
        raise deep
    return data


def _text(k: dict[str, Any], field: str, i: int) -> str:
    value = k.get(field)
    if not isinstance(value, str):
        raise RecordsError(f"key {i + 1} of the file is incomplete or damaged: its {field} is not text")
    return value


def _checked(data: Any) -> list[dict[str, str]]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RecordsError(f"not an InfuseCalc key file (its format should be '{FORMAT}'; {_REMAKE})")
    listed = data.get("keys")
    if listed is None:
        listed = []
    if not isinstance(listed, list):
        raise RecordsError(f"the key file's 'keys' is not a list (damaged); {_REMAKE}")
    if len(listed) > MAX_KEYS:
        raise RecordsError(f"the key file lists {len(listed):,} keys, more than any site has "
                           f"({MAX_KEYS:,}); check that this is the right file")
    out = []
    for i, k in enumerate(listed):
        if not isinstance(k, dict):
            raise RecordsError(f"key {i + 1} of the file is incomplete or damaged")
        public = _text(k, "public_key", i)
        user_id, role = _text(k, "user_id", i), _text(k, "role", i)
        full_name = k.get("full_name", "")
        if not isinstance(full_name, str):
            raise RecordsError(f"key {i + 1} of the file is incomplete or damaged: its full_name is not text")
        try:
            normalise_user_id(user_id)   # what the pharmacy's own users were given; printed below
            if full_name:
                check_full_name(full_name)
        except IdentityError as exc:
            raise RecordsError(f"key {i + 1} of the file: {exc}") from None
        if role not in ROLES:
            raise RecordsError(f"key {i + 1} of the file names the role {role[:20]!r}; an export "
                               f"names {', '.join(ROLES)}")
        try:
            raw = keys._unb64(public)
        except (TypeError, ValueError):
            raise RecordsError(f"key {i + 1} of the file is incomplete or damaged") from None
        if len(raw) != 32:
            raise RecordsError(f"key {i + 1} of the file is not an Ed25519 public key")
        if k.get("fingerprint") not in (None, keys.fingerprint(public)):
            raise RecordsError(f"key {i + 1} of the file does not match its fingerprint (damaged)")
        out.append({"user_id": user_id, "full_name": full_name, "role": role, "public_key": public})
    if not out:
        raise RecordsError("the key file holds no keys")
    return out


def _site(site: Any) -> str:
    """The exporting site as the export names it (its database), for the record; "imported"
    when it is missing or not plain text."""
    if not isinstance(site, str) or not site.strip() or len(site) > 500 or not site.isprintable():
        return "imported"
    return site


def import_keys(store: Store, text: str, by: Credentials, source: str = "") -> list[dict[str, str]]:
    """Trust the keys of a file (signed by an admin here); returns those that were new."""
    data = _loads(text)
    entries = _checked(data)
    admin = authenticate(store, by, "keys_imported", ("admin",))
    with store.write() as w:
        admin = confirm_signer(w, admin)
        known = w.ledger().known_keys
        new = [e for e in entries if e["public_key"] not in known]
        if not new:
            raise RecordsError("every key in the file is trusted here already; nothing was recorded")
        w.append_signed(Kind.KEYS_IMPORTED, {
            "source": source or _site(data.get("site")),
            "file_sha256": hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest(),
            "keys": new, "by": admin.user_id}, admin)
    return new
