"""Clinical number formatting (ISMP, conventions.md), shared by the CLI, the window and the sheet.

Pure text: no Qt, no locale. Numbers, units and dates are written the same in every language.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def plain_decimal(value: Decimal) -> str:
    """Leading zero, no trailing zero, never exponent form: 0.5, 5, 19.3."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.startswith("."):
        text = "0" + text
    return text if text not in ("-0", "") else "0"


def volume_ml(value: Decimal) -> str:
    return f"{plain_decimal(value)} mL"


def whole(n: int) -> str:
    return f"{n:,}"


def scientific(n: int, ascii_only: bool = False) -> str:
    """Up to three significant digits, no trailing zero: 3 × 10⁸, 1.5 × 10⁸, 2.52 × 10⁸.

    A count that three digits cannot show exactly is marked with ≈; the exact whole number is
    always shown beside it.
    """
    if n == 0:
        return "0"
    d = Decimal(n)
    exponent = d.adjusted()
    mantissa = (d.scaleb(-exponent)).quantize(Decimal("0.01"))
    if mantissa >= 10:  # 9.995 rounds up to 10.00
        exponent += 1
        mantissa = (d.scaleb(-exponent)).quantize(Decimal("0.01"))
    exact = mantissa.scaleb(exponent) == d
    power = f"10^{exponent}" if ascii_only else f"10{str(exponent).translate(_SUPERSCRIPT)}"
    return f"{'' if exact else '≈'}{plain_decimal(mantissa)} × {power}"


def cells(n: int, ascii_only: bool = False) -> str:
    return f"{scientific(n, ascii_only)} = {whole(n)} CAR-T cells"


def iso_with_weekday(day: dt.date) -> str:
    return f"{day.isoformat()} ({day.strftime('%a')})"


def beside_limit(value: Decimal, limit: Decimal) -> str:
    """A number shown next to the limit it was compared with, with the digits that decide.

    Never rounded onto (or across) the limit (conventions.md): 15.0025 against 15 is shown as
    15.0025, not 15. A value with at most four decimals is shown exactly; a longer one (a
    repeating quotient) to two decimals, or as many more as keep its side of the limit.
    """
    exact = value.normalize()
    if exact.as_tuple().exponent >= -4:   # type: ignore[operator]
        return plain_decimal(exact)
    side = (value > limit) - (value < limit)
    places = 2
    while places < 28:
        shown = value.quantize(Decimal(1).scaleb(-places))
        if (shown > limit) - (shown < limit) == side:
            return plain_decimal(shown)
        places += 1
    return plain_decimal(exact)


def weight_kg(kg: Decimal, limits: tuple[Decimal, ...] = ()) -> str:
    """A body weight in kg as read on screen and on the sheet: exact up to two decimals; a
    longer value (a pound conversion has eight) to two decimals, or as many more as keep it on
    the same side of every limit it was judged against (a weight band's bound), so that a
    shown weight never contradicts the band it fell in. The dose uses the exact value."""
    exact = kg.normalize()
    if exact.as_tuple().exponent >= -2:   # type: ignore[operator]
        return plain_decimal(exact)
    places = 2
    while places < 28:
        shown = kg.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if all((shown > lim) - (shown < lim) == (kg > lim) - (kg < lim) for lim in limits):
            return plain_decimal(shown)
        places += 1
    return plain_decimal(exact)
