"""Human-friendly sheet IDs: IC-7K3M-9QX2, with no 0/O or 1/I to misread.

Seven random characters (35 bits) and a Luhn mod 32 check character, so that a typed ID with
one wrong character or two swapped neighbours is refused instead of finding another sheet.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_INDEX = {c: i for i, c in enumerate(ALPHABET)}
PREFIX = "IC"


def _luhn_sum(chars: str, start_factor: int) -> int:
    total, factor, n = 0, start_factor, len(ALPHABET)
    for ch in reversed(chars):
        addend = factor * _INDEX[ch]
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return total


def check_char(body: str) -> str:
    n = len(ALPHABET)
    return ALPHABET[(n - _luhn_sum(body, 2) % n) % n]


def new_sheet_id() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(7))
    code = body + check_char(body)
    return f"{PREFIX}-{code[:4]}-{code[4:]}"


def normalise_sheet_id(text: str) -> str:
    """The canonical form of a typed ID (any case, spaces or dashes); ValueError if not one."""
    raw = "".join(ch for ch in text.upper() if ch not in " -\t")
    if raw.startswith(PREFIX):
        raw = raw[len(PREFIX):]
    if len(raw) != 8 or any(ch not in _INDEX for ch in raw):
        raise ValueError(f"'{text.strip()}' is not a sheet ID (like IC-7K3M-9QX2: 8 characters "
                         f"from {ALPHABET})")
    if _luhn_sum(raw, 1) % len(ALPHABET) != 0:
        raise ValueError(f"'{text.strip()}' is not a valid sheet ID: its check character does not "
                         f"match (a typing error?)")
    return f"{PREFIX}-{raw[:4]}-{raw[4:]}"
