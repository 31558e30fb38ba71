"""Numbers as rbx_xml reads and writes them: Rust's float parsing and shortest positional display.

Rust prints floats with the fewest digits that read back to the same value, never with an
exponent (``1e-7`` is ``0.0000001``, ``1.0`` is ``1``). Float32 values are kept in Python floats
rounded to single precision, so the digits must round-trip through f32, not f64.
"""

from __future__ import annotations

import math
import re
import struct
from decimal import Decimal, localcontext
from functools import lru_cache

_F32 = struct.Struct("<f")
_U32 = struct.Struct("<I")

# Rust's float grammar (no underscores, no hex, no surrounding space); inf/nan in any case.
_FLOAT = re.compile(r"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)", re.IGNORECASE)
_INT = re.compile(r"[+-]?\d+")
_F32_MAX = 3.4028234663852886e38
_OVERFLOW_EDGE = 2.0**128 - 2.0**103


def is_float_text(text: str) -> bool:
    return _FLOAT.fullmatch(text) is not None


def is_int_text(text: str) -> bool:
    return _INT.fullmatch(text) is not None


def to_f32(value: float) -> float:
    """Round a double to the nearest single (ties to even); out-of-range values become infinities."""
    try:
        return float(_F32.unpack(_F32.pack(value))[0])
    except OverflowError:
        return math.copysign(math.inf, value)


def _f32_neighbour(value: float, upward: bool) -> float:
    """The next single-precision value above or below a finite single ``value``."""
    if value == 0.0:
        bits = 1
        return float(_F32.unpack(_U32.pack(bits))[0]) * (1.0 if upward else -1.0)
    bits = _U32.unpack(_F32.pack(value))[0]
    away_from_zero = upward == (value > 0)
    bits += 1 if away_from_zero else -1
    return float(_F32.unpack(_U32.pack(bits))[0])


def parse_f32(text: str) -> float:
    """Parse decimal ``text`` straight to the nearest single, as Rust's ``str::parse::<f32>`` does.

    Going through a double rounds twice; that only matters when the double lands exactly
    halfway between two singles, and then the exact decimal decides.
    """
    wide = float(text)
    narrow = to_f32(wide)
    if math.isinf(narrow) and abs(wide) == _OVERFLOW_EDGE:
        # Halfway between the largest single and 2**128: only a decimal above it overflows.
        return narrow if abs(Decimal(text)) >= _OVERFLOW_EDGE else math.copysign(_F32_MAX, wide)
    if narrow == wide or not math.isfinite(narrow) or not math.isfinite(wide):
        return narrow
    other = _f32_neighbour(narrow, upward=wide > narrow)
    if not math.isfinite(other) or (narrow + other) / 2 != wide:
        return narrow
    exact = Decimal(text)
    if exact == Decimal(wide):
        return narrow
    upper, lower = max(narrow, other), min(narrow, other)
    return upper if exact > Decimal(wide) else lower


def _positional(digits: str, exponent: int, negative: bool) -> str:
    """``0.<digits> x 10**exponent`` written without an exponent or trailing zeros."""
    digits = digits.rstrip("0") or "0"
    if digits == "0":
        text = "0"
    elif exponent <= 0:
        text = "0." + "0" * -exponent + digits
    elif exponent >= len(digits):
        text = digits + "0" * (exponent - len(digits))
    else:
        text = digits[:exponent] + "." + digits[exponent:]
    return "-" + text if negative else text


def _split(scientific: str) -> tuple[str, int]:
    """``"1.2345e-07"`` -> (``"12345"``, -6): digits and the exponent for ``0.<digits>``."""
    mantissa, _, exp = scientific.partition("e")
    return mantissa.replace(".", ""), int(exp) + 1


def _bump(digits: str, exponent: int, step: int) -> tuple[str, int]:
    """The decimal one unit away in the last digit, re-normalised if it gains or loses a digit."""
    text = str(int(digits) + step)
    return text, exponent + len(text) - len(digits)


def _closest(candidates: list[tuple[str, int]], magnitude: float) -> tuple[str, int]:
    with localcontext() as context:
        context.prec = 200
        exact = Decimal(magnitude)
        # On an exact tie Rust's digit generation rounds the last digit up.
        return min(candidates, key=lambda c: (abs(Decimal(f"0.{c[0]}e{c[1]}") - exact), -int(c[0])))


def _reads_back(magnitude: float, precision: int) -> bool:
    return parse_f32(f"{magnitude:.{precision - 1}e}") == magnitude


def _fewest_digits(magnitude: float) -> int:
    """The least precision whose nearest decimal reads back; more digits never stop reading back."""
    low, high = 1, 9
    while low < high:
        middle = (low + high) // 2
        if _reads_back(magnitude, middle):
            high = middle
        else:
            low = middle + 1
    return low


def _at_precision(magnitude: float, precision: int) -> str:
    digits, exponent = _split(f"{magnitude:.{precision - 1}e}")
    # A tie needs the value to end in a 5 one digit further on; check the cheap text first.
    longer, _, _ = f"{magnitude:.{precision}e}".partition("e")
    exact = Decimal(magnitude).as_tuple().digits if longer.endswith("5") else ()
    if len(exact) == precision + 1 and exact[-1] == 5:
        # Exactly halfway: Python rounded to even, Rust rounds up.
        upper = _bump(digits, exponent, 1)
        if parse_f32(f"0.{upper[0]}e{upper[1]}") == magnitude:
            digits, exponent = _closest([(digits, exponent), upper], magnitude)
    return _positional(digits, exponent, False)


def _power_of_two(magnitude: float) -> str:
    # The gap below a power of two is half the gap above, so the nearest decimal can miss while
    # its neighbour on the wide side still reads back: try both at each precision.
    for precision in range(1, 10):
        if _reads_back(magnitude, precision):
            return _at_precision(magnitude, precision)
        digits, exponent = _split(f"{magnitude:.{precision - 1}e}")
        near = [_bump(digits, exponent, step) for step in (-1, 1) if int(digits) + step > 0]
        fits = [c for c in near if parse_f32(f"0.{c[0]}e{c[1]}") == magnitude]
        if fits:
            return _positional(*_closest(fits, magnitude), False)
    return _at_precision(magnitude, 9)


@lru_cache(maxsize=65536)
def _shortest_f32(magnitude: float) -> str:
    """Shortest digits that parse back to ``magnitude`` as a single; the closest of them on a tie."""
    if _U32.unpack(_F32.pack(magnitude))[0] & 0x7FFFFF == 0:
        return _power_of_two(magnitude)
    return _at_precision(magnitude, _fewest_digits(magnitude))


def display_f32(value: float) -> str:
    """Rust's ``Display`` for f32: shortest round-trip digits, positional; ``inf``, ``-inf``, ``NaN``.

    ``value`` is first rounded to single precision, as storing it in an f32 would.
    """
    value = to_f32(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    negative = math.copysign(1.0, value) < 0
    text = "0" if value == 0 else _shortest_f32(abs(value))
    return "-" + text if negative else text


def display_f64(value: float) -> str:
    """Rust's ``Display`` for f64 (Python's repr already picks the shortest round-trip digits)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    negative = math.copysign(1.0, value) < 0
    if value == 0:
        return "-0" if negative else "0"
    magnitude = abs(value)
    text = repr(magnitude)
    digits, exponent = _split(text if "e" in text else _as_scientific(magnitude))
    digits, exponent = _round_tie_up(digits, exponent, magnitude)
    return _positional(digits, exponent, negative)


def _round_tie_up(digits: str, exponent: int, magnitude: float) -> tuple[str, int]:
    """Python breaks an exact tie between two shortest candidates to even, Rust upwards."""
    digits = digits.rstrip("0") or "0"
    with localcontext() as context:
        context.prec = 800
        exact = Decimal(magnitude)
        below = Decimal(f"0.{digits}e{exponent}")
        if below >= exact:
            return digits, exponent
        above_digits = str(int(digits) + 1)
        above_exponent = exponent + len(above_digits) - len(digits)
        above = Decimal(f"0.{above_digits}e{above_exponent}")
        if above - exact == exact - below and float(above) == magnitude:
            return above_digits, above_exponent
    return digits, exponent


def _as_scientific(magnitude: float) -> str:
    """Python's repr digits of ``magnitude`` in ``d.ddde±x`` form."""
    text = repr(magnitude)
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    if whole != "0":
        digits = (whole + fraction).lstrip("0") or "0"
        return f"{digits[0]}.{digits[1:] or '0'}e{len(whole) - 1}"
    stripped = fraction.lstrip("0")
    leading = len(fraction) - len(stripped)
    return f"{stripped[0]}.{stripped[1:] or '0'}e{-(leading + 1)}"


def xml_f32(value: float) -> str:
    """A ``float`` element's text: ``INF``, ``-INF`` and ``NAN`` spelt as Roblox spells them."""
    if math.isnan(value):
        return "NAN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    return display_f32(value)


def xml_f64(value: float) -> str:
    if math.isnan(value):
        return "NAN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    return display_f64(value)
