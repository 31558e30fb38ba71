"""JSON text as the runtime's Luau ``Json`` module writes and reads it.

Values cross the VM boundary as JSON text. Luau's encoder (HttpService:JSONEncode) writes
``inf``, ``-inf`` and ``nan`` bare and object keys sorted; Python's ``json`` spells the
special numbers differently. These helpers convert at the edge so a value the emulator
writes (a seed, an increment) reads back in Luau exactly as one Luau wrote.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# A JSON string (skipped as a whole) or one of the bare special numbers outside strings.
_LUAU_SPECIALS = re.compile(r'"(?:[^"\\]|\\.)*"|-?\binf\b|\bnan\b')
_PYTHON_SPECIALS = re.compile(r'"(?:[^"\\]|\\.)*"|-?Infinity|NaN')
_TO_PYTHON = {"inf": "Infinity", "-inf": "-Infinity", "nan": "NaN"}
_TO_LUAU = {value: key for key, value in _TO_PYTHON.items()}
# One encoder for every call: json.dumps with options builds a new one each time, which
# costs a third of encoding a small value (a seed encodes one per key).
_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, sort_keys=True, allow_nan=True)


def decode(text: str) -> Any:
    """The value of Luau-written JSON text (``json.JSONDecodeError`` when it is not JSON)."""
    if "inf" in text or "nan" in text:
        text = _LUAU_SPECIALS.sub(lambda match: _TO_PYTHON.get(match.group(0), match.group(0)), text)
    return json.loads(text)


def number_text(value: float | int) -> str:
    """A number as Luau's ``tostring`` writes it: integers without ``.0``."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def encode(value: Any) -> str:
    """Compact JSON with sorted object keys and bare special numbers, as Luau writes it.

    Whole floats keep Python's ``2.0`` spelling and empty objects are ``{}``; Luau reads
    both back as the same values it would have written (``2``, an empty table).
    """
    if type(value) is int:
        # The commonest scalar, written as json writes it, without the encoder's set-up.
        return repr(value)
    text = _ENCODER.encode(value)
    if "Infinity" in text or "NaN" in text:
        text = _PYTHON_SPECIALS.sub(lambda match: _TO_LUAU.get(match.group(0), match.group(0)), text)
    return text
