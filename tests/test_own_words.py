"""The content is in our own words: no sentence shares 8 consecutive words with a seed.

The entries were written from a few source texts ("seeds") kept outside the repository.
Facts may carry over; wording may not. The seeds are not read here (nothing in the build
or the tests reads ``../shared``): ``scripts/seed_fingerprints.py`` stores a salted hash of
every 8-word run of them in ``tests/data/seed_fingerprints.txt``, and this test hashes every
8-word run of the content the same way (lower case, punctuation dropped).

Names aside. A document title, an event's title or a long official name may be written
exactly as the source writes it. So a run is not counted when

* it touches a quoted span («…», “…”, "…"): that is how we quote a title;
* it touches a known name: the title of a case, report or event, the title of any source,
  and the names in ``taxonomy/`` (organisations with their other names, themes, life
  events), wherever they occur;
* fewer than 5 of its 8 words start with a lower-case letter or a digit in the content:
  a run of mostly capitalised words is a list of names ("Rambøll, Halogen, Agenda
  Kaupang og Holte Consulting"), not a sentence.

Checked: the body of every entry, the free-text fields of the front matter (``summary``,
``recommendation``, ``note``, ``description``) and the title of a recommendation, which is a
sentence of ours. Titles of cases, reports, events and sources are names, and not checked.
"""

from __future__ import annotations

import bisect
import importlib.util
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from erfaringsbase.content.reader import read_markdown, read_yaml_file
from support import REPO, edit


def _load_script() -> ModuleType:
    path = REPO / "scripts" / "seed_fingerprints.py"
    spec = importlib.util.spec_from_file_location("seed_fingerprints", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("seed_fingerprints", module)
    spec.loader.exec_module(module)
    return module


seeds = _load_script()

FOLDERS = ("cases", "reports", "recommendations", "events")
FREE_TEXT_FIELDS = frozenset({"summary", "recommendation", "note", "description"})
#: Kinds whose title names a thing (a case, a document, an event) rather than saying
#: something in our words.
NAMED_KINDS = frozenset({"cases", "reports", "events"})
MIN_ORDINARY_WORDS = 5
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"\n]*\"")
FOOTNOTE_LABEL = re.compile(r"^\[\^[^\]]+\]:|\[\^[^\]]+\]")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Text:
    """A piece of content to check: where it is, and each of its lines as written."""

    path: str
    first_line: int
    text: str
    #: True where every line of ``text`` is on ``first_line`` (a folded YAML value).
    one_line: bool = False


@dataclass(frozen=True)
class Copied:
    """A run of words that a seed has too, as the content writes it."""

    path: str
    line: int
    words: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: «{self.words}»"


def _strings(
    data: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))
    elif isinstance(data, str):
        yield path, data


def _entries(root: Path) -> Iterator[tuple[str, Any]]:
    for folder in FOLDERS:
        for file in sorted((root / folder).glob("*.md")):
            doc, _ = read_markdown(file, f"{folder}/{file.name}")
            if doc.data is not None:
                yield folder, doc


def known_names(root: Path) -> set[tuple[str, ...]]:
    """Names of two words or more, normalised: titles of cases, reports, events and
    sources, and the names in the taxonomy."""
    names: list[str] = []
    for folder, doc in _entries(root):
        if folder in NAMED_KINDS:
            names.append(str(doc.data.get("title", "")))
        names += [str(s.get("title", "")) for s in doc.data.get("sources") or []]
    for file, keys in (
        ("organisations.yml", ("name", "short_name", "other_names")),
        ("themes.yml", ("title",)),
        ("life-events.yml", ("title",)),
    ):
        data, _, _ = read_yaml_file(root / "taxonomy" / file, f"taxonomy/{file}")
        for item in data or []:
            for key in keys:
                value = item.get(key)
                names += value if isinstance(value, list) else [value] if value else []
    normalised = {tuple(seeds.normalise(name)) for name in names}
    return {name for name in normalised if len(name) >= 2}


def _body_texts(path: str, body: str, body_line: int) -> Iterator[Text]:
    """The body's paragraphs (blank-line separated), markdown syntax that is not words
    removed: footnote labels, link targets, bare addresses."""
    block: list[str] = []
    start = body_line
    for number, line in enumerate([*body.split("\n"), ""], start=body_line):
        if line.strip():
            if not block:
                start = number
            clean = FOOTNOTE_LABEL.sub(" ", line)
            clean = URL.sub(" ", LINK.sub(r"\1", clean))
            block.append(clean)
        elif block:
            yield Text(path, start, "\n".join(block))
            block = []


def texts(root: Path) -> Iterator[Text]:
    """Every piece of content the rule applies to."""
    for folder, doc in _entries(root):
        for field_path, value in _strings(doc.data):
            last = field_path[-1]
            is_sentence_title = folder not in NAMED_KINDS and field_path == ("title",)
            if last in FREE_TEXT_FIELDS or is_sentence_title:
                yield Text(doc.path, doc.lines.line(field_path), value, one_line=True)
        yield from _body_texts(doc.path, doc.body, doc.body_line)


def _masked(text: str, words: list[re.Match[str]], names: set[tuple[str, ...]]) -> list[bool]:
    """Which words are part of a quotation or a known name."""
    quoted = [(m.start(), m.end()) for m in QUOTED.finditer(text)]
    masked = [any(a <= w.start() < b for a, b in quoted) for w in words]
    lower = [w.group().lower() for w in words]
    longest = max((len(n) for n in names), default=0)
    for start in range(len(words)):
        for size in range(min(longest, len(words) - start), 1, -1):
            if tuple(lower[start : start + size]) in names:
                masked[start : start + size] = [True] * size
                break
    return masked


def _ordinary(word: str) -> bool:
    return word[0].islower() or word[0].isdigit()


def copies_in(text: Text, fingerprints: set[str], names: set[tuple[str, ...]]) -> list[Copied]:
    """Runs of 8 or more words in ``text`` that a seed has too (overlapping 8-word
    matches merged into one run), names aside."""
    words = list(seeds.words(text.text))
    masked = _masked(text.text, words, names)
    breaks = [i for i, c in enumerate(text.text) if c == "\n"]
    lower = [w.group().lower() for w in words]
    hit = [False] * len(words)
    for start, run in seeds.shingles(lower):
        span = range(start, start + seeds.SHINGLE)
        if any(masked[i] for i in span):
            continue
        if sum(_ordinary(words[i].group()) for i in span) < MIN_ORDINARY_WORDS:
            continue
        if seeds.fingerprint(run) in fingerprints:
            for i in span:
                hit[i] = True
    found: list[Copied] = []
    i = 0
    while i < len(words):
        if not hit[i]:
            i += 1
            continue
        j = i
        while j < len(words) and hit[j]:
            j += 1
        line = text.first_line
        if not text.one_line:
            line += bisect.bisect(breaks, words[i].start())
        found.append(Copied(text.path, line, " ".join(w.group() for w in words[i:j])))
        i = j
    return found


def find_copies(root: Path, fingerprints: set[str]) -> list[Copied]:
    names = known_names(root)
    return [c for text in texts(root) for c in copies_in(text, fingerprints, names)]


# --- the rule on the real content -----------------------------------------------------


def test_the_fingerprints_are_stored_and_hold_no_text() -> None:
    stored = seeds.read_fingerprints()
    assert len(stored) > 5000, "tests/data/seed_fingerprints.txt: kjør scripts/seed_fingerprints.py"
    assert all(re.fullmatch(r"[0-9a-f]{16}", h) for h in stored)


def test_every_sentence_is_in_our_own_words() -> None:
    copies = find_copies(REPO, seeds.read_fingerprints())
    assert not copies, (
        f"{len(copies)} tekststeder har 8 ord eller flere på rad fra en kildetekst. "
        "Skriv dem om med egne ord (fakta kan stå):\n" + "\n".join(map(str, copies))
    )


# --- the detector: it finds what it must, and lets names be ---------------------------

SEED = (
    "Prosjektet skal utforske hvordan etatene kan lykkes med tverretatlig utviklingsarbeid "
    "når de har hver sine oppdrag. Rapporten heter Samarbeid om felles brukere gir bedre "
    "tjenester for alle innbyggere i landet."
)
COPIED = "Prosjektet skal utforske hvordan etatene kan lykkes med tverretatlig utviklingsarbeid"


def _seeded() -> set[str]:
    return seeds.seed_fingerprints([SEED])


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        # a copied sentence in the body, found on its line, whatever the case and punctuation
        (
            "Ordningen dekker inntil halvparten av kostnadene.",
            "Ordningen dekker inntil halvparten av kostnadene.\n\nPROSJEKTET skal – utforske, "
            "hvordan etatene kan lykkes med tverretatlig utviklingsarbeid.",
            ("cases/ordningen.md", 27),
        ),
        # a run over a line break inside one paragraph
        (
            "Ordningen dekker inntil halvparten av kostnadene.",
            "Ordningen dekker inntil halvparten av kostnadene. Prosjektet skal utforske hvordan\n"
            "etatene kan lykkes med tverretatlig utviklingsarbeid her.",
            ("cases/ordningen.md", 25),
        ),
        # in a summary and in a source's note
        (
            "summary: En ordning som finansierer små prosjekter.",
            f"summary: {COPIED}.",
            ("cases/ordningen.md", 4),
        ),
        (
            "    date: 2017\npublished:",
            f"    date: 2017\n    note: {COPIED}\npublished:",
            ("cases/ordningen.md", 20),
        ),
    ],
)
def test_a_copied_run_is_reported_with_file_line_and_words(
    mini: Path, old: str, new: str, where: tuple[str, int]
) -> None:
    edit(mini / "cases" / "ordningen.md", old, new)
    copies = find_copies(mini, _seeded())
    assert [(c.path, c.line) for c in copies] == [where]
    assert seeds.normalise(copies[0].words)[:8] == seeds.normalise(COPIED)[:8]


@pytest.mark.parametrize(
    "sentence",
    [
        # seven words in a row are not a copy
        "Prosjektet skal utforske hvordan etatene kan lykkes, men annerledes.",
        # a quoted title may be written as the source writes it
        "Rapporten «Samarbeid om felles brukere gir bedre tjenester for alle» kom i 2019.",
        # a run of mostly capitalised words is a list of names
        "Hver Sine Oppdrag Rapporten Heter Samarbeid om felles.",
    ],
)
def test_names_and_short_runs_are_not_copies(mini: Path, sentence: str) -> None:
    seeded = seeds.seed_fingerprints(
        [SEED, "hver sine oppdrag rapporten heter samarbeid om felles"]
    )
    edit(mini / "cases" / "ordningen.md", "av kostnadene.", f"av kostnadene. {sentence}")
    assert find_copies(mini, seeded) == []


def test_a_known_name_may_be_written_as_the_source_writes_it(mini: Path) -> None:
    title = "Samarbeid om felles brukere gir bedre tjenester for alle innbyggere"
    body = f"av kostnadene. Arbeidet het {title} i landet."
    edit(mini / "cases" / "ordningen.md", "av kostnadene.", body)
    assert [c.line for c in find_copies(mini, _seeded())] == [25]
    # once it is the title of a source, it is a name
    edit(mini / "cases" / "ordningen.md", "title: Om ordningen", f"title: {title}")
    assert find_copies(mini, _seeded()) == []


def test_a_recommendation_title_is_ours_but_a_case_title_is_a_name(mini: Path) -> None:
    rec = mini / "recommendations" / "rad-2017-brukere.md"
    old_title = next(
        line for line in rec.read_text("utf-8").splitlines() if line.startswith("title:")
    )
    edit(rec, old_title, f"title: {COPIED}")
    assert [c.path for c in find_copies(mini, _seeded())] == ["recommendations/rad-2017-brukere.md"]
    edit(rec, f"title: {COPIED}", old_title)
    edit(mini / "cases" / "ordningen.md", "title: Ordningen", f"title: {COPIED}")
    assert find_copies(mini, _seeded()) == []
    assert tuple(seeds.normalise(COPIED)) in known_names(mini)
