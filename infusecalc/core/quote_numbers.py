"""Which numbers a rule's quote states, so that an amended figure cannot keep a stale quote.

A quote writes its figures as people do: "3.0 × 10^8", "1×10^8", "0.5–1.0×10^6" (a range
sharing one power of ten), "50 to 110 × 10^6", "10\\^8" (the registry's escaped caret),
"2.0e8", "150,000,000". Each becomes the exact Decimal it stands for; a rule's figure
"appears" in its quote when one of these equals it exactly.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_POWER = r"(?:\s*[×xX*·]\s*10\s*(?:\\?\^|\*\*)\s*(?P<{name}>[+-]?\d+)|\s*[×xX*·]\s*10(?P<{name}s>[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+)|[eE](?P<{name}e>[+-]?\d+))"
_FIGURE = re.compile(
    rf"(?<![\w.])(?P<a>{_NUMBER})"
    rf"(?:\s*(?:to|–|—|-)\s*(?P<b>{_NUMBER}))?"
    rf"(?:{_POWER.format(name='p')})?"
)


def _value(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def stated_numbers(quote: str) -> set[Decimal]:
    """Every figure the quote states, exactly (a shared power of ten applies to both ends of a range)."""
    out: set[Decimal] = set()
    for m in _FIGURE.finditer(quote):
        power = m.group("p") or m.group("pe") or (m.group("ps") or "").translate(_SUPERSCRIPT) or None
        try:
            scale = Decimal(10) ** int(power) if power is not None else Decimal(1)
            for part in ("a", "b"):
                if m.group(part):
                    out.add(_value(m.group(part)) * scale)
        except (InvalidOperation, ArithmeticError, ValueError):
            # a power no context can hold (1e99999999, found by fuzzing) states no usable figure:
            # the level's own numbers are then missing from its quote and the file is refused
            continue
    return out


def missing_from_quote(quote: str, numbers: list[tuple[str, Decimal]]) -> list[tuple[str, Decimal]]:
    """The (field, figure) pairs the quote does not state."""
    stated = stated_numbers(quote)
    return [(name, value) for name, value in numbers if value not in stated]
