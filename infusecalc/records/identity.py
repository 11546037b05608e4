"""User IDs, full names and the password policy (21 CFR Part 11 §11.100, §11.300).

- User IDs are compared after NFKC and case folding, so "Wang" and "wang" are one person; a new
  ID must be plain lower-case ASCII letters, digits and '. _ - @' (matched with \\A...\\Z, so a
  trailing newline is refused), start and end with a letter or digit, and must not look like an
  existing ID (same skeleton: separators dropped, 0/o, 1/l/i and 5/s read alike).
- Full names carry no control or format characters (they are printed on every signature).
- Passwords: at least 12 characters, not the user ID, not a common password
  (resources/security/common_passwords.toml, also with digits and symbols around it removed).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MIN_PASSWORD = 12
MAX_USER_ID = 64
_USER_ID = re.compile(r"\A[a-z0-9](?:[a-z0-9._@-]{0,62}[a-z0-9])?\Z")
_SEPARATORS = re.compile(r"[._@-]")
_LOOKALIKE = str.maketrans({"0": "o", "1": "l", "i": "l", "5": "s", "8": "b", "2": "z"})


class IdentityError(ValueError):
    """A user ID, name or password that the policy refuses; the message says why."""


def comparable(user_id: str) -> str:
    """The form two user IDs are compared in: NFKC, case-folded, surrounding blanks kept (so a
    trailing newline or space never silently matches)."""
    return unicodedata.normalize("NFKC", user_id or "").casefold()


def skeleton(user_id: str) -> str:
    """What an ID looks like to a reader: separators dropped, look-alike characters merged."""
    return _SEPARATORS.sub("", comparable(user_id)).translate(_LOOKALIKE)


def normalise_user_id(user_id: str) -> str:
    """The stored form of a new user ID, or IdentityError naming what is wrong."""
    text = comparable(user_id)
    if not _USER_ID.match(text):
        shown = (user_id or "").encode("unicode_escape").decode("ascii")
        raise IdentityError(
            f"'{shown}' is not a usable user ID: use lower-case letters a-z, digits and '.', '_', "
            f"'-' or '@' (at most {MAX_USER_ID}), starting and ending with a letter or digit")
    return text


def check_distinct(user_id: str, existing: list[str]) -> None:
    """Refuse an ID that is, or looks like, one already in use."""
    mine = skeleton(user_id)
    for other in existing:
        if comparable(other) == comparable(user_id):
            raise IdentityError(f"user '{other}' exists already")
        if skeleton(other) == mine:
            raise IdentityError(f"'{user_id}' looks too much like the existing user '{other}'; "
                                f"choose an ID that cannot be mistaken for it")


def check_full_name(name: str) -> str:
    text = unicodedata.normalize("NFC", (name or "").strip())
    if not text:
        raise IdentityError("the full name is empty")
    if len(text) > 200:
        raise IdentityError("the full name is longer than 200 characters")
    bad = [ch for ch in text if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")]
    if bad:
        raise IdentityError(f"the full name contains a control character "
                            f"(U+{ord(bad[0]):04X}); type the name as it is printed")
    return text


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    import tomllib

    from ..core.datafile import resource_path

    with open(resource_path("security", "common_passwords.toml"), "rb") as fh:
        return frozenset(p.casefold() for p in tomllib.load(fh)["passwords"])


def check_password_policy(password: str, user_id: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise IdentityError(f"the password must have at least {MIN_PASSWORD} characters")
    lowered = password.casefold()
    uid = comparable(user_id)
    if uid and (lowered.strip() == uid or skeleton(password) == skeleton(user_id)):
        raise IdentityError("the password must not be the user ID")
    core = re.sub(r"\A[\W\d_]+|[\W\d_]+\Z", "", lowered)
    common = common_passwords()
    if lowered in common or core in common:
        raise IdentityError("this password is on the list of common passwords; choose another")
    if len(set(lowered)) < 5:
        raise IdentityError("the password repeats too few different characters; choose another")
