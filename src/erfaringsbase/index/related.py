"""Related entries through an inverted index, never by comparing all pairs.

Every entry is described by *features*: its themes, organisations (a former name counts as
the organisation it became), life events, and its most distinctive words. An inverted
index maps each feature to the entries that have it; an entry's candidates are the union
of its features' posting lists, scored by the rarity of what they share (IDF). A feature
shared by more than a set share of the corpus says little and would make the work
quadratic, so it is skipped: the cost stays proportional to the number of features.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Final

import snowballstemmer  # type: ignore[import-untyped]  # pure Python, no stubs

from ..content.model import Entry, Recommendation
from .cross import CrossIndex, collation_key

MAX_RELATED: Final = 5
#: A feature on more than this share of the entries (and more than MIN_POSTINGS) is too
#: common to discriminate, and too long a list to walk for every entry.
COMMON_SHARE: Final = 0.05
MIN_POSTINGS: Final = 60
#: ... and never longer than this, however large the corpus: each entry then walks the same
#: bounded number of candidates at 1 000 entries as at 10 000, so the whole step stays
#: linear. (With 200, measured: 10 times the entries took 67 times as long. A feature on
#: more than 60 of 10 000 entries still relates them; it just no longer finds candidates.)
MAX_POSTINGS: Final = MIN_POSTINGS
#: Distinctive words kept per entry.
WORDS_PER_ENTRY: Final = 12

#: Matched in folded text (``_fold``: lower case), so without IGNORECASE, which made it a
#: third slower (0.49 s → 0.31 s for 10,000 entries). The one letter it found besides
#: those it now finds is Turkish dotless «ı» (Python matches it to «i» when ignoring case).
_WORD: Final = re.compile(r"[a-zæøåäöüéèó]{5,}")

#: Frequent Norwegian (bokmål and nynorsk) words that carry no topic.
STOPWORDS: Final = frozenset(
    [
        "alle",
        "andre",
        "annen",
        "annet",
        "arbeidet",
        "bare",
        "blant",
        "blir",
        "ble",
        "bedre",
        "begge",
        "blitt",
        "både",
        "dette",
        "disse",
        "eller",
        "etter",
        "fordi",
        "flere",
        "første",
        "gjennom",
        "gjøre",
        "godt",
        "hadde",
        "hvordan",
        "hvilke",
        "hvilken",
        "hvis",
        "ikke",
        "inntil",
        "kunne",
        "kommer",
        "langt",
        "løsning",
        "løsningen",
        "mange",
        "mellom",
        "minst",
        "måtte",
        "noen",
        "nytt",
        "også",
        "offentlig",
        "offentlige",
        "omfatter",
        "over",
        "prosjektet",
        "prosjekter",
        "prosjektene",
        "samme",
        "sammen",
        "selve",
        "siden",
        "sine",
        "skulle",
        "slik",
        "store",
        "stort",
        "svært",
        "særlig",
        "tidlig",
        "under",
        "ulike",
        "uten",
        "viktig",
        "viktige",
        "ville",
        "vårt",
        "våre",
        "være",
        "vært",
        "første",
        "andre",
        "tredje",
        "fjerde",
        "femte",
        "mellom",
        "gjennom",
        "dessuten",
        "derfor",
        "hvorfor",
        "likevel",
        "ganske",
        "rundt",
        "omtrent",
        "kanskje",
        "arbeid",
        "gjelder",
        "gjort",
        "fått",
        "finnes",
        "ønsker",
        "trenger",
        "tilbake",
        "videre",
        "samtidig",
        "erfaring",
        "erfaringer",
        "erfaringa",
        "erfaringar",
        "rapport",
        "rapporten",
        "anbefaling",
        "anbefalingen",
    ]
)


@dataclass(frozen=True, slots=True)
class Related:
    entry: Entry
    score: float
    reason: str


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word.casefold())


_STEMMER: Final = snowballstemmer.stemmer("norwegian")


#: Word → its feature, the pair (stem, word), or None for a word that is no feature (a
#: stop word, or a stem under five letters). Snowball is pure Python and slow, and a
#: corpus repeats its words: each word is looked at once. Every occurrence of a word then
#: shares one pair: at 10,000 entries the 1.1 million pairs of the cached texts
#: (``_distinctive_words``) took 125 MB as a pair and a string each, 9 MB as references.
_FEATURES: dict[str, tuple[str, str] | None] = {}
_MAX_WORDS: Final = 200_000


def _feature(word: str) -> tuple[str, str] | None:
    if word in STOPWORDS:
        return None
    stem = _STEMMER.stemWord(word)
    return (stem, word) if len(stem) >= 5 else None


def distinctive_words(entry: Entry) -> tuple[tuple[str, str], ...]:
    """(stem, word) pairs: stems so that «samarbeidet» and «samarbeid» are one feature.

    Title and summary count twice as much as the body.
    """
    recommendation = entry.recommendation if isinstance(entry, Recommendation) else None
    return _distinctive_words(entry.title, entry.summary or "", recommendation, entry.body)


@lru_cache(maxsize=20_000)
def _distinctive_words(
    title: str, summary: str, recommendation: str | None, body: str
) -> tuple[tuple[str, str], ...]:
    # Cached by text: under `mkdocs serve` each rebuild indexes every entry again, and
    # all but the edited one have the same text (a tenth of a rebuild at 1,000 entries).
    text_parts = [title, title, summary, summary]
    if recommendation is not None:
        text_parts.append(recommendation)
    text_parts.append(body)
    # Folded as one text, not word by word (1.4 million calls at 10,000 entries); a letter
    # written as two code points (NFD) is then one letter of its word, as it should be.
    words = _WORD.findall(_fold(" ".join(text_parts)))
    if len(_FEATURES) >= _MAX_WORDS:
        _FEATURES.clear()
    for word in set(words).difference(_FEATURES):
        _FEATURES[word] = _feature(word)
    # Looked up and filtered in C (map, filter): no Python step for each of the words.
    return tuple(filter(None, map(_FEATURES.__getitem__, words)))


class RelatedIndex:
    """Computes the related entries of every entry once, in time linear in the features."""

    def __init__(self, ix: CrossIndex) -> None:
        self.ix = ix
        self._features: dict[tuple[str, str], set[tuple[str, str]]] = {}
        self._named: dict[tuple[str, str], defaultdict[str, set[str]]] = {}
        postings: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        words_of: dict[tuple[str, str], Counter[str]] = {}
        df: Counter[str] = Counter()
        # Counted by Counter itself, not pair by pair in Python (1.1 million at 10,000).
        pair_counts: Counter[tuple[str, str]] = Counter()
        stem_of = itemgetter(0)
        for entry in ix.entries:
            pairs = distinctive_words(entry)
            pair_counts.update(pairs)
            counts = Counter(map(stem_of, pairs))
            words_of[entry.key] = counts
            df.update(counts.keys())
        surfaces: dict[str, Counter[str]] = defaultdict(Counter)
        for (stem, word), count in pair_counts.items():
            surfaces[stem][word] += count
        # A stem is shown as the word it most often stands for ("webinar", not "webin").
        self._surface = {
            stem: min(words.items(), key=lambda item: (-item[1], item[0]))[0]
            for stem, words in surfaces.items()
        }
        n = max(len(ix.entries), 1)
        idf = {stem: math.log(n / count) for stem, count in df.items()}
        for entry in ix.entries:
            features = set(self._structured(entry))
            counts = words_of[entry.key]
            # TF-IDF picks the words that set this entry apart from the rest.
            ranked = sorted(counts, key=lambda w: (-counts[w] * idf[w], w))
            features |= {("word", w) for w in ranked[:WORDS_PER_ENTRY] if df[w] > 1}
            self._features[entry.key] = features
            for feature in features:
                postings[feature].append(entry.key)
        limit = min(MAX_POSTINGS, max(MIN_POSTINGS, int(COMMON_SHARE * n)))
        self._postings = {f: keys for f, keys in postings.items() if len(keys) <= limit}
        self._weight = {f: math.log(1 + n / len(keys)) for f, keys in self._postings.items()}
        self._weight |= {f: w * 2 for f, w in self._weight.items() if f[0] == "organisation"}
        self._weight |= {f: w * 1.5 for f, w in self._weight.items() if f[0] == "life_event"}

    def _structured(self, entry: Entry) -> Iterable[tuple[str, str]]:
        for theme in entry.themes:
            yield ("theme", theme)
        for life_event in entry.life_events:
            yield ("life_event", life_event)
        for org in entry.organisation_ids():
            current = self.ix.successor(org)
            canonical = current.id if current else org
            # Remember the name the entry itself uses (Difi), to speak of it in the reason.
            self._named.setdefault(entry.key, defaultdict(set))[canonical].add(org)
            yield ("organisation", canonical)

    def linked(self, entry: Entry) -> set[tuple[str, str]]:
        """Entries the page already links to (they need no second mention)."""
        keys = {b.source.key for b in self.ix.backlinks_to(entry)}
        for ref in entry.references():
            if ref.target in ("case", "report", "recommendation", "event") and ref.id:
                target = self.ix.get(ref.target, ref.id)
                if target is not None:
                    keys.add(target.key)
        return keys

    def related(self, entry: Entry, limit: int = MAX_RELATED) -> list[Related]:
        shared: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        own = entry.key  # a property: taken once, not for each of thousands of candidates
        postings = self._postings
        for feature in self._features.get(own, ()):
            for candidate in postings.get(feature, ()):
                shared[candidate].append(feature)
        shared.pop(own, None)  # the entry itself, in every one of its postings
        skip = self.linked(entry)
        # fsum: exactly rounded, so a score does not depend on the order the features come
        # in (set order changes with the hash seed, and a tie broken the other way made the
        # worker process list related entries in another order than the main process).
        weight = self._weight.__getitem__
        scores = [
            (math.fsum(map(weight, features)), key)
            for key, features in shared.items()
            if key not in skip
        ]
        if len(scores) > limit:
            # Only the best few need their titles compared (ties are broken by title):
            # keep those that score at least as well as the limit-th best.
            lowest = heapq.nlargest(limit, (score for score, _ in scores))[-1]
            scores = [(score, key) for score, key in scores if score >= lowest]
        scored = []
        for score, key in scores:
            other = self.ix.by_key[key]
            scored.append((-score, collation_key(other.title), other.id, key, shared[key]))
        scored.sort()
        return [
            Related(self.ix.by_key[key], -neg, self.reason(features, entry.key, key))
            for neg, _, _, key, features in scored[:limit]
        ]

    def _org_label(self, canonical: str, one: tuple[str, str], other: tuple[str, str]) -> str:
        """The name both entries use if they use the same one (Difi), else today's (Digdir)."""
        orgs = self.ix.vocabulary.organisations
        empty: set[str] = set()
        mine = self._named[one].get(canonical, empty) if one in self._named else empty
        theirs = self._named[other].get(canonical, empty) if other in self._named else empty
        both = mine & theirs
        ident = min(both) if both else canonical
        org = orgs.get(ident)
        return (org.short_name or org.name) if org else ident

    def reason(
        self,
        features: Sequence[tuple[str, str]],
        one: tuple[str, str] = ("", ""),
        other: tuple[str, str] = ("", ""),
    ) -> str:
        """``begge nevner NAV; samme tema: Samarbeid på tvers``: what the two share."""
        vocab = self.ix.vocabulary
        names: Mapping[str, Mapping[str, object]] = {
            "theme": vocab.themes,
            "life_event": vocab.life_events,
        }
        labels = {"theme": "tema", "organisation": "virksomhet", "life_event": "livshendelse"}
        parts: dict[str, list[str]] = defaultdict(list)
        for kind, ident in sorted(features, key=lambda f: (-self._weight[f], f)):
            if kind == "word":
                parts["word"].append(self._surface.get(ident, ident))
                continue
            if kind == "organisation":
                parts[kind].append(self._org_label(ident, one, other))
                continue
            item = names[kind].get(ident)
            label = getattr(item, "short_name", None) or getattr(item, "label", ident)
            parts[kind].append(str(label))
        # In words a reader understands: what the two are both about. The distinctive
        # words that also tie them are named only when nothing else does.
        phrases = []
        if parts["organisation"]:
            phrases.append("begge nevner " + _and(parts["organisation"][:3]))
        for kind in ("life_event", "theme"):
            if parts[kind]:
                phrases.append(f"samme {labels[kind]}: " + _and(parts[kind][:3]))
        if not phrases and parts["word"]:
            phrases.append("handler også om " + _and([f"«{w}»" for w in parts["word"][:3]]))
        return "; ".join(phrases)


def _and(items: Sequence[str]) -> str:
    """«a», «a og b», «a, b og c»."""
    return ", ".join(items[:-1]) + " og " + items[-1] if len(items) > 1 else items[0]
