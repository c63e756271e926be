#!/usr/bin/env python3
"""Fingerprint the seed texts, so a test can tell copied wording without the texts.

    .venv/bin/python scripts/seed_fingerprints.py        # ../shared/seeds → tests/data/

The content was written from a few source texts kept outside the repository
(``../shared/seeds/*.txt``). The rule is: facts carry over, every sentence is our own.
``tests/test_own_words.py`` checks that rule, but it must not read ``../shared`` (the
build and the tests work on the repository alone), and the repository must not hold the
seed text either. So this script stores only a salted hash of every 8-word run
("shingle") of the seeds, and the test hashes the content's 8-word runs the same way.
Run it again when a seed is added or changed.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

REPO: Final = Path(__file__).resolve().parents[1]
SEEDS: Final = REPO.parent / "shared" / "seeds"
FINGERPRINTS: Final = REPO / "tests" / "data" / "seed_fingerprints.txt"

#: How many consecutive words make a match. Eight words in the same order are rare by
#: chance in Norwegian prose, but common when a sentence has only been lightly reworded.
SHINGLE: Final = 8
#: The key of the hash. Not a secret: it only keeps the file from being a plain list of
#: hashes of phrases that could be looked up elsewhere.
SALT: Final = b"erfaringsbase:egne-ord:1"
#: A word is a run of letters and digits; everything else (punctuation, dashes, quotes,
#: the hyphen in «IKT-kompetanse») separates words and is dropped.
WORD: Final = re.compile(r"[^\W_]+")


def words(text: str) -> Iterator[re.Match[str]]:
    """The words of ``text`` with their positions (so a caller can find their lines)."""
    return WORD.finditer(text)


def normalise(text: str) -> list[str]:
    """Lower-case words without punctuation: the form both sides are compared in."""
    return [m.group().lower() for m in words(text)]


def fingerprint(shingle: Iterable[str]) -> str:
    """The salted hash of one run of normalised words (8 bytes, hex)."""
    joined = " ".join(shingle).encode("utf-8")
    return hashlib.blake2b(joined, digest_size=8, key=SALT).hexdigest()


def shingles(tokens: list[str]) -> Iterator[tuple[int, list[str]]]:
    """Every run of ``SHINGLE`` consecutive tokens, with the index of its first token."""
    for start in range(len(tokens) - SHINGLE + 1):
        yield start, tokens[start : start + SHINGLE]


def seed_fingerprints(texts: Iterable[str]) -> set[str]:
    """The fingerprints of every 8-word run of every text, each text read as one stream
    (a sentence that runs over a line break in a seed is still found)."""
    found: set[str] = set()
    for text in texts:
        for _, run in shingles(normalise(text)):
            found.add(fingerprint(run))
    return found


def read_fingerprints(path: Path = FINGERPRINTS) -> set[str]:
    """The fingerprints stored by ``main`` (comment lines skipped)."""
    lines = path.read_text("utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="folder with the *.txt seeds")
    parser.add_argument("--out", type=Path, default=FINGERPRINTS, help="file to write")
    args = parser.parse_args(argv)
    files = sorted(args.seeds.glob("*.txt"))
    if not files:
        print(f"Fant ingen *.txt i {args.seeds}.", file=sys.stderr)
        return 1
    found = seed_fingerprints(f.read_text("utf-8") for f in files)
    header = (
        f"# {SHINGLE}-ordsrekker fra {len(files)} kildetekster, normalisert (små bokstaver,"
        " uten tegnsetting)\n"
        "# og hashet med blake2b (8 byte, nøkkel i scripts/seed_fingerprints.py). Lages av\n"
        "# scripts/seed_fingerprints.py; rediger ikke for hånd.\n"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(header + "".join(f"{h}\n" for h in sorted(found)), "utf-8")
    print(f"{len(found)} fingeravtrykk fra {len(files)} filer skrevet til {args.out}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
