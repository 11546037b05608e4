"""Password hashing: scrypt (OWASP: n=2**17, r=8, p=1), salted, parameters stored with the hash.

Stored form: ``scrypt$n=131072,r=8,p=1$<salt base64>$<hash base64>``. A hash is checked with
the parameters stored beside it, so raising the cost later leaves old hashes valid.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass


@dataclass(frozen=True)
class KdfParams:
    n: int
    r: int
    p: int

    @property
    def maxmem(self) -> int:
        # scrypt needs 128 * r * (n + p + 2) bytes; allow that and a little more, no more.
        return 128 * self.r * (self.n + self.p + 2) + 1024 * 1024


PRODUCTION = KdfParams(n=2**17, r=8, p=1)
SALT_BYTES = 16
KEY_BYTES = 32

# Internal hook: tests swap in cheap parameters here (never a user-facing option).
_params: KdfParams = PRODUCTION


def current_params() -> KdfParams:
    return _params


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def derive(password: str, salt: bytes, k: KdfParams) -> bytes:
    # "surrogatepass": a password read from a byte stream that was not UTF-8 (Python decodes it
    # with lone surrogates) still derives a key, after the same work, instead of raising: an
    # unknown user ID then answered with an internal error and a known one at once, telling
    # them apart. Every other string encodes exactly as in UTF-8, so stored hashes still match.
    return hashlib.scrypt(password.encode("utf-8", "surrogatepass"), salt=salt, n=k.n, r=k.r, p=k.p,
                          maxmem=k.maxmem, dklen=KEY_BYTES)


def hash_password(password: str) -> str:
    k = current_params()
    salt = secrets.token_bytes(SALT_BYTES)
    return f"scrypt$n={k.n},r={k.r},p={k.p}${_b64(salt)}${_b64(derive(password, salt, k))}"


def parse_params(stored: str) -> KdfParams:
    algo, params, _, _ = stored.split("$")
    if algo != "scrypt":
        raise ValueError(f"unknown password hash '{algo}'")
    return parse_param_text(params)


def parse_param_text(params: str) -> KdfParams:
    """``n=..,r=..,p=..`` back into KdfParams; ValueError/KeyError if it is not that."""
    values = dict(part.split("=") for part in params.split(","))
    k = KdfParams(n=int(values["n"]), r=int(values["r"]), p=int(values["p"]))
    if k.n < 2 or k.n & (k.n - 1) or not (1 <= k.r <= 64 and 1 <= k.p <= 16) or k.n > 2**22:
        raise ValueError(f"unusable scrypt parameters {params}")
    return k


def check_password(password: str, stored: str) -> bool:
    k = parse_params(stored)
    _, _, salt, expected = stored.split("$")
    actual = derive(password, base64.b64decode(salt), k)
    return hmac.compare_digest(actual, base64.b64decode(expected))
