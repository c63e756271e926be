"""Which characters a text field may hold, and how to name the ones it may not.

A title ends up in places where a line break or an invisible character is not just ugly
but changes meaning: a line break in a calendar file starts a new property (an attendee,
an alarm), a bidi control makes «txt.exe» read as «exe.txt», and a zero-width space
makes two names that look the same differ. So a one-line field (titles, names, labels,
short notes) holds none of them, and a multi-line field (a summary, a description) holds
line breaks and tabs only.

The schemas name the rule as a ``format`` (``single-line`` or ``multi-line``); the
checks and the messages for it are here, and ``outputs.calendar`` uses ``one_line`` and
``block`` to keep what still gets through (a lenient build) from breaking a file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

#: Characters that change the direction text is shown in, without being seen.
BIDI_CONTROLS: Final = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
#: Characters with no width: a word with one inside looks like the word without it.
ZERO_WIDTH: Final = frozenset("\u180e\u200b\u200c\u200d\u2060\ufeff")

_NAMES: Final = {
    "\n": "et linjeskift",
    "\r": "et linjeskift (CR)",
    "\u2028": "et linjeskift (U+2028)",
    "\u2029": "et avsnittsskift (U+2029)",
    "\t": "et tabulatortegn",
}
_BREAKS: Final = frozenset("\n\r\u2028\u2029\x0b\x0c\x85")

#: The formats the schemas use for text, with the characters each allows that the other
#: rules would refuse.
SINGLE_LINE: Final = "single-line"
MULTI_LINE: Final = "multi-line"
_ALLOWED: Final = {SINGLE_LINE: frozenset(), MULTI_LINE: frozenset("\n\t")}

# Everything that can be refused, in one class, so that a valid text (nearly all of them)
# costs one regular-expression search: C0 and C1 controls, DEL, line and paragraph
# separators, bidi controls and zero-width characters.
_REFUSED: Final = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029" + "".join(sorted(BIDI_CONTROLS | ZERO_WIDTH)) + "]"
)


def character_name(ch: str) -> str:
    """«et linjeskift», «et usynlig tegn U+200B»: what the contributor is told was found."""
    if ch in _NAMES:
        return _NAMES[ch]
    code = f"U+{ord(ch):04X}"
    if ch in BIDI_CONTROLS:
        return f"et usynlig retningstegn {code}"
    if ch in ZERO_WIDTH:
        return f"et usynlig tegn {code}"
    return f"et kontrolltegn {code}"


def text_problem(value: object, text_format: str = SINGLE_LINE) -> str | None:
    """Why a text may not be used as it is, with the fix; None if it may (or is no text)."""
    if not isinstance(value, str):
        return None
    allowed = _ALLOWED[text_format]
    found = [m for m in _REFUSED.finditer(value) if m.group() not in allowed]
    if not found:
        return None
    names = list(dict.fromkeys(character_name(m.group()) for m in found))
    first = found[0].start()
    before = " ".join(value[:first].split()[-4:])
    where = f" etter «{before[-40:]}»" if before else " først i teksten"
    what = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
    chars = {m.group() for m in found}
    hints = []
    if chars & _BREAKS and text_format == SINGLE_LINE:
        hints.append(
            "Feltet skal stå på én linje: skriv hele teksten på samme linje, uten \\n, "
            "og uten | eller > foran."
        )
    elif chars & _BREAKS:
        hints.append("Del teksten med vanlige linjeskift (Enter), ikke med \\r.")
    if "\t" in chars:
        hints.append("Bytt tabulatortegnet mot et vanlig mellomrom.")
    if chars - _BREAKS - {"\t"}:
        hints.append(
            "Tegnet synes ikke, men følger ofte med når tekst limes inn fra et annet "
            "program: slett tegnene rundt stedet og skriv dem på nytt."
        )
    return " ".join([f"Teksten har {what}{where}.", *hints])


def text_ok(text_format: str) -> Callable[[object], bool]:
    """The ``format`` check for the schemas: does a value follow the rule?"""
    allowed = _ALLOWED[text_format]
    if not allowed:
        return lambda value: not isinstance(value, str) or _REFUSED.search(value) is None

    def ok(value: object) -> bool:
        if not isinstance(value, str):
            return True
        return all(m.group() in allowed for m in _REFUSED.finditer(value))

    return ok


def visible(text: str) -> str:
    """``text`` with each refused character written as its escape (``\\n``, ``\\u200b``),
    to quote a value in a message without breaking the message's own line."""
    return _REFUSED.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def one_line(text: str) -> str:
    """``text`` safe to write where a line break would end the value: a line break or tab
    becomes a space, every other refused character goes, and spaces are folded."""
    kept = _REFUSED.sub(lambda m: " " if m.group() in _BREAKS or m.group() == "\t" else "", text)
    return " ".join(kept.split())


def block(text: str) -> str:
    """``text`` with its line breaks as ``\\n`` and every other refused character (a tab
    apart) gone."""
    text = text.replace("\r\n", "\n")
    return _REFUSED.sub(
        lambda m: "\n" if m.group() in _BREAKS else m.group() if m.group() == "\t" else "", text
    )
