"""Search that understands Norwegian, for the site's search box and the command line.

A static site's search (Pagefind in the reader's browser; lunr for ``erfaringsbase
search``) matches the *beginning* of words: a query for «realisering» does not find
«gevinstrealisering», «Difi» does not find Digdir's pages, and the nynorsk «livshending»
does not find «livshendelse». Without a server, the fix is in the index: every page gets
keywords (indexed, never shown; ``documents``) with

* the later parts of its compound words (decompounded against the corpus's own words),
* the names a reader may use for what the page is about, from the taxonomy: short names,
  former names of organisations, nynorsk and English titles and synonyms,
* nynorsk forms of the site's own words (and bokmål forms of nynorsk ones).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from ..content.model import Entry, Recommendation
from ..content.vocabulary import Concept, Organisation, TitledItem, VocabItem
from ..index.cross import CrossIndex

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
    return list(map(str.casefold, _WORD.findall(text)))


@lru_cache(maxsize=1 << 16)
def name_words(name: str) -> tuple[str, ...]:
    """``words`` of a name. The same few thousand names (organisations, themes, sectors)
    come back on every entry that has them: 200,000 times at 10,000 entries."""
    return tuple(words(name))


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
        "ingen",
        "ingenting",
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
        self._expansions: dict[str, tuple[str, ...]] = {}

    def parts(self, word: str) -> tuple[str, ...]:
        return self._parts(word)

    def expansions(self, words: Collection[str]) -> Mapping[str, tuple[str, ...]]:
        """A table with each of ``words`` → its parts and its other written form, each
        word made once. (A search index has about 1.7 million words in 36,000 documents at
        10,000 entries: looked up in one table, they cost a third of what a call per word
        cost.)"""
        table = self._expansions
        for word in set(words).difference(table):
            table[word] = (*self.parts(word), *VARIANTS.get(word, ()))
        return table

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
            if right in FUNCTION_WORDS:
                # «styr|ingen», «prosjekt|under»: a function word is no part of a compound.
                continue
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


def entry_names(entry: Entry, ix: CrossIndex, *, synonyms: bool = True) -> list[str]:
    """Names of everything an entry is about, in every form a reader might search.

    Without ``synonyms`` (the site's search index), a theme, life event or sector adds only
    its titles in bokmål, nynorsk and English: its synonyms are on its own page, once, instead of on
    every entry that has it. Organisations keep every name (short and former names find
    their entries: «Difi», «Brreg»).
    """
    vocab = ix.vocabulary
    names: list[str] = []

    def titled(item: VocabItem) -> Iterable[str]:
        if synonyms or not isinstance(item, TitledItem):
            return vocabulary_names(item, ix)
        return [n for n in (item.title, item.title_nn, item.title_en) if n]

    for theme in entry.themes:
        if theme in vocab.themes:
            names.extend(titled(vocab.themes[theme]))
    for org_id in entry.organisation_ids():
        org = vocab.organisations.get(org_id)
        if org is not None:
            names.extend(vocabulary_names(org, ix))
    for life_event in entry.life_events:
        if life_event in vocab.life_events:
            names.extend(titled(vocab.life_events[life_event]))
    for sector in ix.sectors_of(entry):
        if sector in vocab.sectors:
            names.extend(titled(vocab.sectors[sector]))
    return names


_FACT_BOX: Final = re.compile(
    r'<div class="admonition info">\s*<p class="admonition-title">([^<]*)</p>'
)
_VALUE: Final = re.compile(r"<dd>(.*?)</dd>", re.DOTALL)
_TAG: Final = re.compile(r"<[^>]*>")
_LINK: Final = re.compile(r'<a [^>]*?href="([^"]*)"[^>]*>.*?</a>', re.DOTALL)


def fact_box_for_keywords(
    page_html: str, title: str, keep_link: Callable[[str], bool] = lambda href: True
) -> tuple[str, str]:
    """Take the fact box out of the search text of ``page_html`` (a page, or the fragment
    that holds the box); its values go to the facts field.

    The fact box repeats a dozen labels and the full names of everything the entry links
    to; as text of the page's first search document it made that document about twice as
    large. Its values stay searchable, as the page's facts (each word once, and only words
    the page does not already have; see ``documents``). A link for which ``keep_link(href)``
    is false is left out with its text: the titles of other entries (which have their own
    pages, like related entries), addresses and calendar files are no words a reader
    searches this page by. Returns the HTML with the box marked ``data-pagefind-ignore`` (the site
    search skips it; readers see no difference) and the text of its values.
    """
    for match in _FACT_BOX.finditer(page_html):
        if html.unescape(match.group(1)).strip() != title:
            continue
        end = page_html.find("</div>", match.end())
        if end < 0:
            break
        values = " ".join(_VALUE.findall(page_html, match.end(), end))
        values = _LINK.sub(
            lambda m: m.group(0) if keep_link(html.unescape(m.group(1))) else " ", values
        )
        text = html.unescape(_TAG.sub(" ", values))
        marked = page_html[: match.start()] + '<div class="admonition info" data-pagefind-ignore>'
        return marked + page_html[match.start() + len('<div class="admonition info">') :], text
    return page_html, ""


def keywords(
    text: str,
    decompounder: Decompounder,
    names: Sequence[str] = (),
    present: Collection[str] | None = None,
    ordered: Sequence[str] | None = None,
) -> list[str]:
    """The words to add to a search document: what its own words do not already start.
    (``present``: the words of ``text``, and ``ordered`` the same sorted, where the caller
    has them already.)"""
    present = set(words(text)) if present is None else present
    extra: set[str] = set().union(*map(decompounder.expansions(present).__getitem__, present))
    named = {w for name in names for w in name_words(name)}
    extra.update(named)
    extra.update(*map(decompounder.expansions(named).__getitem__, named))
    # The other written form of a part, too: «kundetjenester» finds «tenester» as it does
    # «tjenester».
    extra.update({v for word in extra for v in VARIANTS.get(word, ())})
    # A keyword that a word on the page already starts with is found without it (the
    # site's search matches the beginning of words), and so is one that begins another
    # keyword («arbeid» in «arbeidstilsynet»). Function words are never searched for.
    return _unfound(extra, sorted(present) if ordered is None else ordered)


def concept_names(ordered: Sequence[str], concepts: Iterable[Concept]) -> list[str]:
    """Every name of each concept a page uses: one whose Norwegian name has all its words
    begin words of the page (``ordered``: its words, sorted), so that «anskaffelsene»
    makes the page found by «procurement» and «innkjøp» too."""
    return ConceptNames(concepts).used_by(ordered)


class ConceptNames:
    """``concept_names`` for page after page: each concept's Norwegian names split into
    words once, not for every page (a million look-ups at 10,000 pages)."""

    def __init__(self, concepts: Iterable[Concept]) -> None:
        #: For each concept: the words of each name it is used by, and all its names.
        self._table = [
            (
                [
                    tuple(w for w in name_words(name) if w not in FUNCTION_WORDS)
                    for name in concept.used_as()
                ],
                concept.search_names(),
            )
            for concept in concepts
        ]

    def used_by(self, ordered: Sequence[str]) -> list[str]:
        """The names of the concepts a page uses (``ordered``: its words, sorted)."""
        begins: dict[str, bool] = {}  # the same few words start many concepts' names

        def begins_some(prefix: str) -> bool:
            hit = begins.get(prefix)
            if hit is None:
                hit = begins[prefix] = _starts_some(ordered, prefix)
            return hit

        found: list[str] = []
        for used_as, names in self._table:
            if any(all(map(begins_some, name)) for name in used_as):
                found.extend(names)
        return found


def _starts_some(ordered: Sequence[str], prefix: str) -> bool:
    """Does a word in ``ordered`` (sorted) begin with ``prefix``? Only the first word not
    before it can."""
    at = bisect_left(ordered, prefix)
    return at < len(ordered) and ordered[at].startswith(prefix)


def fact_words(text: str, facts: str) -> list[str]:
    """The words of ``facts`` that a prefix search on ``text`` would not find, each once."""
    return _unfound(set(words(facts)), sorted(set(words(text))))


def _unfound(candidates: Iterable[str], ordered_own: Sequence[str]) -> list[str]:
    """Sorted words, without those a prefix search finds anyway: those that a word of the
    page (``ordered_own``, sorted) or another of the words begins, and function words."""
    found = sorted(
        w
        for w in candidates
        if len(w) >= 2 and w not in QUERY_STOPWORDS and not _starts_some(ordered_own, w)
    )
    # Sorted, a word is followed by the words it begins, if there are any.
    return [w for i, w in enumerate(found, 1) if i == len(found) or not found[i].startswith(w)]


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
