"""Search that understands Norwegian, for the site's search box and the command line.

Material's search (lunr in the reader's browser) matches the *beginning* of words: a query
for «realisering» does not find «gevinstrealisering», «Difi» does not find Digdir's pages,
and the nynorsk «livshending» does not find «livshendelse». Without a server, the fix has
to be in the index: every search document gets a ``keywords`` field (indexed, never shown)
with

* the later parts of its compound words (decompounded against the corpus's own words),
* the names a reader may use for what the page is about, from the taxonomy: short names,
  former names of organisations, nynorsk titles and synonyms,
* nynorsk forms of the site's own words (and bokmål forms of nynorsk ones).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from .index import CrossIndex
from .model import Entry, Organisation, Recommendation, VocabItem

_WORD: Final = re.compile(r"[^\W\d_]+", re.UNICODE)

#: A known word that starts or ends a compound has at least this many letters.
MIN_PART: Final = 4
#: A part found only because the word before it is known needs more letters than that.
MIN_UNKNOWN_PART: Final = 5
#: Only words this long are tried as compounds.
MIN_COMPOUND: Final = 8
LINKING: Final = ("s", "e")

#: Bokmål and nynorsk forms of the words the site itself uses (labels, headings, the
#: vocabulary of the field). Either form finds the other. Taxonomy titles in nynorsk and
#: synonyms come from taxonomy/*.yml; this is the site's own language.
NYNORSK_PAIRS: Final[tuple[tuple[str, str], ...]] = (
    ("livshendelse", "livshending"),
    ("livshendelser", "livshendingar"),
    ("virksomhet", "verksemd"),
    ("virksomheter", "verksemder"),
    ("anbefaling", "tilråding"),
    ("anbefalinger", "tilrådingar"),
    ("erfaringer", "erfaringar"),
    ("rapporter", "rapportar"),
    ("arrangementer", "arrangement"),
    ("tjeneste", "teneste"),
    ("tjenester", "tenester"),
    ("sammenhengende", "samanhengande"),
    ("offentlig", "offentleg"),
    ("fornyelse", "fornying"),
    ("ledelse", "leiing"),
    ("ledere", "leiarar"),
    ("brukere", "brukarar"),
    ("utfordringer", "utfordringar"),
    ("gevinster", "gevinstar"),
    ("kommunene", "kommunane"),
    ("departementene", "departementa"),
    ("forvaltningen", "forvaltninga"),
    ("digitaliseringen", "digitaliseringa"),
    ("samarbeidet", "samarbeidet"),
    ("styringen", "styringa"),
    ("erfaringen", "erfaringa"),
    ("mellom", "mellom"),
    ("hvordan", "korleis"),
    ("hva", "kva"),
    ("hvem", "kven"),
    ("ikke", "ikkje"),
    ("også", "òg"),
)


def _pairs() -> dict[str, set[str]]:
    table: dict[str, set[str]] = {}
    for bokmal, nynorsk in NYNORSK_PAIRS:
        if bokmal != nynorsk:
            table.setdefault(bokmal, set()).add(nynorsk)
            table.setdefault(nynorsk, set()).add(bokmal)
    return table


VARIANTS: Final = _pairs()


def words(text: str) -> list[str]:
    """Lower-case words, split as the site's search splits them (letters only)."""
    return [w.casefold() for w in _WORD.findall(text)]


#: Function words that begin many words without being their first part («samme|nhengende»).
FUNCTION_WORDS: Final = frozenset(
    [
        "alle",
        "andre",
        "blant",
        "eller",
        "etter",
        "hele",
        "ikke",
        "mange",
        "mellom",
        "noen",
        "over",
        "samme",
        "sine",
        "slik",
        "som",
        "under",
        "uten",
        "ved",
        "være",
        "andre",
        "deres",
        "disse",
        "dette",
        "eget",
        "egne",
        "hver",
        "mest",
        "mindre",
    ]
)
#: A part that this many words end with is an ending («isering», «else»), not a word.
ENDING_WORDS: Final = 3


class Decompounder:
    """Finds the later parts of compound words, using the corpus's own words as lexicon."""

    def __init__(self, lexicon: Iterable[str]) -> None:
        self.lexicon = frozenset(w for w in lexicon if len(w) >= MIN_PART)
        # Sorted words (and reversed words): "does a word begin (end) with x" is a lookup.
        self._sorted = sorted(self.lexicon)
        self._reversed = sorted(w[::-1] for w in self.lexicon)
        self._parts = lru_cache(maxsize=200_000)(self._compute)

    def parts(self, word: str) -> tuple[str, ...]:
        return self._parts(word)

    def _begins_a_word(self, part: str) -> bool:
        """Does some known word begin as ``part`` does? («real…» yes; «iser…», «ings…» no)."""
        start = part[:MIN_PART]
        at = bisect_left(self._sorted, start)
        return at < len(self._sorted) and self._sorted[at].startswith(start)

    def _ending_count(self, part: str) -> int:
        key = part[::-1]
        low = bisect_left(self._reversed, key)
        high = bisect_left(self._reversed, key + "\U0010ffff")
        return high - low

    def _compute(self, word: str) -> tuple[str, ...]:
        if len(word) < MIN_COMPOUND:
            return ()
        found: list[str] = []
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            left, right = word[:cut], word[cut:]
            if right in self.lexicon:
                # «styrings|modell», «nytte|styring»: both sides long enough to be words.
                found.append(right)
            elif (
                len(right) >= MIN_UNKNOWN_PART + 1
                and len(left) >= MIN_UNKNOWN_PART
                and left in self.lexicon
                and left not in FUNCTION_WORDS
                and self._ending_count(right) < ENDING_WORDS
                and self._begins_a_word(right)
            ):
                # «gevinst|realisering»: a word, then something long that is no mere ending.
                found.append(right)
        # «samarbeid|sprosjekt» next to «samarbeids|prosjekt»: drop the linking-letter ghost.
        kept = [p for p in found if not (p[0] in LINKING and p[1:] in found)]
        # The parts of the parts («porteføljestyringsmodell» → «styringsmodell», «modell»).
        more = [q for p in kept for q in self._compute(p) if q not in kept]
        return tuple(dict.fromkeys(kept + more))


def vocabulary_names(item: VocabItem, ix: CrossIndex) -> list[str]:
    """Every name a reader might use for a theme, organisation, life event or sector."""
    names = list(item.search_names())
    if isinstance(item, Organisation):
        # «Difi» must find Digdir and its entries; «Digdir» the pages of the Difi years.
        for other in (*ix.predecessors(item.id), ix.successor(item.id)):
            if other is not None:
                names.extend(other.search_names())
    return names


def entry_names(entry: Entry, ix: CrossIndex) -> list[str]:
    """Names of everything an entry is about, in every form a reader might search."""
    vocab = ix.vocabulary
    names: list[str] = []
    for theme in entry.themes:
        if theme in vocab.themes:
            names.extend(vocabulary_names(vocab.themes[theme], ix))
    for org_id in entry.organisation_ids():
        org = vocab.organisations.get(org_id)
        if org is not None:
            names.extend(vocabulary_names(org, ix))
    for life_event in entry.life_events:
        if life_event in vocab.life_events:
            names.extend(vocabulary_names(vocab.life_events[life_event], ix))
    for sector in ix.sectors_of(entry):
        if sector in vocab.sectors:
            names.extend(vocabulary_names(vocab.sectors[sector], ix))
    return names


def keywords(text: str, decompounder: Decompounder, names: Sequence[str] = ()) -> list[str]:
    """The words to add to a search document: what its own words do not already start."""
    own = words(text)
    present = set(own)
    extra: set[str] = set()
    for word in present:
        extra.update(decompounder.parts(word))
        extra.update(VARIANTS.get(word, ()))
    for name in names:
        for word in words(name):
            extra.add(word)
            extra.update(decompounder.parts(word))
            extra.update(VARIANTS.get(word, ()))
    # A keyword that a word on the page already starts with is found without it (the
    # site's search matches the beginning of words).
    ordered = sorted(present)
    return sorted(w for w in extra if len(w) >= 2 and not _starts_some(ordered, w))


def _starts_some(ordered: Sequence[str], prefix: str) -> bool:
    at = bisect_left(ordered, prefix)
    return at < len(ordered) and ordered[at].startswith(prefix)


def enrich(index: dict[str, Any], page_names: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """Add a ``keywords`` field to the documents of Material's ``search_index.json``.

    ``page_names`` maps a page's location (``erfaringer/altinn/``) to the names of what it
    is about; they go on the page's first document, which stands for the whole page.
    """
    # Under `mkdocs serve --dirty`, Material keeps the previous index and appends the pages
    # it rebuilt, assuming there is only one: keep the newest document for each location.
    latest = {str(doc.get("location", "")): doc for doc in index.get("docs", [])}
    docs: list[dict[str, Any]] = list(latest.values())
    index["docs"] = docs
    lexicon = {w for doc in docs for w in words(f"{doc.get('title', '')} {doc.get('text', '')}")}
    lexicon |= {w for names in page_names.values() for name in names for w in words(name)}
    decompounder = Decompounder(lexicon)
    for doc in docs:
        location = str(doc.get("location", ""))
        names = page_names.get(location, ()) if "#" not in location else ()
        found = keywords(f"{doc.get('title', '')} {doc.get('text', '')}", decompounder, names)
        if found:
            doc["keywords"] = " ".join(found)
    return index


# --- the command line: erfaringsbase search -------------------------------------------------

#: Bokmål and nynorsk function words left out of queries.
QUERY_STOPWORDS: Final = frozenset(
    [
        "i",
        "og",
        "på",
        "av",
        "for",
        "med",
        "til",
        "fra",
        "om",
        "en",
        "et",
        "ei",
        "den",
        "det",
        "de",
        "som",
        "er",
        "var",
        "har",
        "å",
        "at",
        "ikke",
        "ikkje",
        "eller",
        "men",
        "så",
        "seg",
        "sin",
        "sitt",
        "sine",
        "hos",
        "ved",
        "under",
        "over",
        "etter",
        "mellom",
        "frå",
        "eit",
        "ein",
        "dei",
        "vi",
        "du",
        "jeg",
        "eg",
        "hva",
        "kva",
        "hvordan",
        "korleis",
        "hvem",
        "kven",
        "når",
        "kor",
        "hvor",
    ]
)


@dataclass(frozen=True, slots=True)
class Hit:
    entry: Entry
    score: float


class EntrySearch:
    """A lunr index over the entries, matched the way the site's search box matches.

    Built only when ``erfaringsbase search`` runs, never during the site build. The lunr
    pipeline is empty on purpose: no English stemmer or stop words; words are indexed as
    lower-case tokens (with the same keywords as the site) and queried as prefixes.
    """

    FIELDS: Final = (("title", 10), ("summary", 3), ("keywords", 3), ("text", 1))

    def __init__(self, ix: CrossIndex) -> None:
        from lunr.builder import Builder  # only the command line needs lunr

        self.ix = ix
        texts = {e.key: (e.title, _summary(e), e.body) for e in ix.entries}
        lexicon = {w for parts in texts.values() for part in parts for w in words(part)}
        decompounder = Decompounder(lexicon)
        builder = Builder()
        builder.ref("ref")
        for name, boost in self.FIELDS:
            builder.field(name, boost=boost)
        self._by_ref: dict[str, Entry] = {}
        for entry in ix.entries:
            title, summary, body = texts[entry.key]
            ref = f"{entry.kind}/{entry.id}"
            self._by_ref[ref] = entry
            extra = keywords(f"{title} {summary} {body}", decompounder, entry_names(entry, ix))
            builder.add(
                {
                    "ref": ref,
                    "title": " ".join(words(title)),
                    "summary": " ".join(words(summary)),
                    "keywords": " ".join(extra),
                    "text": " ".join(words(body)),
                }
            )
        self._index = builder.build()

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        # Function words would match nearly everything as prefixes («i*»), as in the site's
        # search, which drops stop words too.
        terms = [t for t in words(query) if t and t not in QUERY_STOPWORDS]
        if not terms:
            return []
        # Every term first (as a prefix, like the site); if nothing has them all, any term.
        results = self._index.search(" ".join(f"+{t}*" for t in terms))
        if not results:
            results = self._index.search(" ".join(f"{t}*" for t in terms))
        hits = [Hit(self._by_ref[r["ref"]], float(r["score"])) for r in results]
        return hits[:limit]


def _summary(entry: Entry) -> str:
    return entry.recommendation if isinstance(entry, Recommendation) else entry.summary or ""
