"""The schemas' ``pattern`` keywords, run by Python with the meaning JSON Schema gives them.

JSON Schema patterns are ECMA-262 regular expressions, where ``$`` matches only at the
very end of the text. In Python's ``re``, ``$`` also matches just before a final line
break, so ``^[a-z0-9]+$`` would let ``"altinn\\n"`` through as an id (and a file name,
a URL and a calendar line with it). Every pattern is therefore translated once: a ``$``
that is an anchor (not escaped, not inside ``[…]``) becomes ``\\Z``.
"""

from __future__ import annotations

import re
from functools import cache


def python_pattern(ecma: str) -> str:
    """The Python spelling of an ECMA-262 pattern: each anchor ``$`` as ``\\Z``."""
    out: list[str] = []
    in_class = False
    escaped = False
    for ch in ecma:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "$":
            out.append(r"\Z")
            continue
        out.append(ch)
    return "".join(out)


@cache
def ecma_regex(ecma: str) -> re.Pattern[str]:
    """``ecma`` compiled to match what it matches in JSON Schema (and in an editor)."""
    return re.compile(python_pattern(ecma))
