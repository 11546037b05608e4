"""Per-user Ed25519 signing keys, sealed under the user's password.

Each account holds one Ed25519 key pair. The public key is written into the chain (in the signed
user event); the private key is stored only sealed: scrypt turns the password into a 32-byte key
(the same KDF and cost as ``passwords``), and ChaCha20-Poly1305 encrypts the private key with the
user ID and the public key as associated data, so a sealed key moved to another account or paired
with another public key does not open. A wrong password is simply a failed decryption.

Sealed form: ``ed25519-v1$n=..,r=..,p=..$<salt b64>$<nonce b64>$<ciphertext b64>``.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import secrets
from collections.abc import Sequence

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.serialization import Encoding, PrivateFormat, PublicFormat, NoEncryption

from . import passwords

SEALED = "ed25519-v1"
_NONCE_BYTES = 12


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_text(key: Ed25519PrivateKey) -> str:
    """The public key as base64 of its 32 raw bytes (what the chain and key files carry)."""
    return _b64(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def fingerprint(public: str) -> str:
    """A short, readable name for a public key (first 16 hex digits of its SHA-256)."""
    return hashlib.sha256(public.encode("ascii")).hexdigest()[:16]


def _aad(user_id: str, public: str) -> bytes:
    return f"infusecalc-key|{user_id}|{public}".encode("utf-8")


def seal(key: Ed25519PrivateKey, password: str, user_id: str) -> str:
    """The private key encrypted under a key derived from the password (slow: the KDF runs)."""
    k = passwords.current_params()
    salt = secrets.token_bytes(passwords.SALT_BYTES)
    nonce = secrets.token_bytes(_NONCE_BYTES)
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    wrap = passwords.derive(password, salt, k)
    ct = ChaCha20Poly1305(wrap).encrypt(nonce, raw, _aad(user_id, public_text(key)))
    return f"{SEALED}$n={k.n},r={k.r},p={k.p}${_b64(salt)}${_b64(nonce)}${_b64(ct)}"


def unseal(sealed: str, password: str, user_id: str, public: str) -> Ed25519PrivateKey | None:
    """The private key, or None when the password (or anything sealed with it) is wrong."""
    try:
        algo, params, salt, nonce, ct = sealed.split("$")
        if algo != SEALED:
            return None
        k = passwords.parse_param_text(params)
        wrap = passwords.derive(password, _unb64(salt), k)
        raw = ChaCha20Poly1305(wrap).decrypt(_unb64(nonce), _unb64(ct), _aad(user_id, public))
    except (ValueError, KeyError, InvalidTag):
        return None
    key = Ed25519PrivateKey.from_private_bytes(raw)
    return key if public_text(key) == public else None


def dummy_unseal(password: str) -> None:
    """Spend the time a real unseal would, for an unknown user (no timing tells IDs apart)."""
    passwords.derive(password, b"\0" * passwords.SALT_BYTES, passwords.current_params())


def sealed_sha256(sealed: str) -> str:
    return hashlib.sha256(sealed.encode("ascii")).hexdigest()


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    return _b64(key.sign(message))


@functools.lru_cache(maxsize=256)
def _public_key(public: str) -> Ed25519PublicKey:
    # A chain has a few keys and many signatures: decode each key once.
    return Ed25519PublicKey.from_public_bytes(_unb64(public))


def verify(public: str, signature: str, message: bytes) -> bool:
    try:
        _public_key(public).verify(_unb64(signature), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def first_unverified(items: Sequence[tuple[str, str, bytes]]) -> int:
    """The index of the first (public key, signature, message) that does not verify, or -1.
    Module-level and plain-data so that a worker process can run it on a chunk."""
    for i, (public, signature, message) in enumerate(items):
        if not verify(public, signature, message):
            return i
    return -1
