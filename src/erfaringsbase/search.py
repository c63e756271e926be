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

import hashlib
import html
import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from .index import CrossIndex
from .model import Entry, Organisation, Recommendation, TitledItem, VocabItem

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
    its titles in bokmål and nynorsk: its synonyms are on its own page, once, instead of on
    every entry that has it. Organisations keep every name (short and former names find
    their entries: «Difi», «Brreg»).
    """
    vocab = ix.vocabulary
    names: list[str] = []

    def titled(item: VocabItem) -> Iterable[str]:
        if synonyms or not isinstance(item, TitledItem):
            return vocabulary_names(item, ix)
        return [n for n in (item.title, item.title_nn) if n]

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
    """Take a page's fact box out of its search text; its values go to the facts field.

    The fact box repeats a dozen labels and the full names of everything the entry links
    to; as text of the page's first search document it made that document about twice as
    large. Its values stay searchable, as the page's facts (each word once, and only words
    the page does not already have; see ``enrich``). A link for which ``keep_link(href)``
    is false is left out with its text: the titles of other entries (which have their own
    pages, like related entries), addresses and calendar files are no words a reader
    searches this page by. Returns the HTML with the box marked ``data-search-exclude`` (Material's
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
        marked = page_html[: match.start()] + '<div class="admonition info" data-search-exclude>'
        return marked + page_html[match.start() + len('<div class="admonition info">') :], text
    return page_html, ""


def keywords(
    text: str,
    decompounder: Decompounder,
    names: Sequence[str] = (),
    present: Collection[str] | None = None,
) -> list[str]:
    """The words to add to a search document: what its own words do not already start.
    (``present``: the words of ``text``, where the caller has them already.)"""
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
    return _unfound(extra, sorted(present))


def _starts_some(ordered: Sequence[str], prefix: str) -> bool:
    at = bisect_left(ordered, prefix)
    return at < len(ordered) and ordered[at].startswith(prefix)


#: What ``enrich`` found for one search document: its words, keywords and facts.
EnrichCache = dict[tuple[str, ...], tuple[frozenset[str], str, str, str]]

#: The search field for a page's facts, words only: as findable as its text (the fact box
#: was part of the text before), at a fraction of the size.
FACTS_FIELD: Final = "facts"
#: The later parts of the compounds in a document's title («styring» for «Dynamisk
#: nyttestyring»), weighed like the title: a page whose title is about the thing comes
#: before the pages that only mention it.
TITLE_PARTS_FIELD: Final = "title_parts"
EXTRA_FIELDS: Final = {FACTS_FIELD: 1.0, TITLE_PARTS_FIELD: 1000.0}


def enrich(
    index: dict[str, Any],
    page_names: Mapping[str, Sequence[str]],
    cache: EnrichCache | None = None,
    facts: Mapping[str, str] | None = None,
    own_names: Mapping[str, Sequence[str]] | None = None,
    ahead: Ahead | None = None,
) -> dict[str, Any]:
    """Add a ``keywords`` field to the documents of Material's ``search_index.json``.

    ``page_names`` maps a page's location (``erfaringer/altinn/``) to the names of what it
    is about; they go on the page's first document, which stands for the whole page.

    ``facts`` maps a location to the text of the page's facts (the values in its fact
    box), which the page leaves out of its search text. Each of their words that the
    page's text does not already begin goes, once, into a ``facts`` field that is searched
    like the text (boost 1); compound parts and nynorsk forms of them go to the keywords
    as for the text. The later parts of compounds in a document's title go to a
    ``title_parts`` field, weighed like the title.

    ``own_names`` maps a location to the names of what the page itself is (an
    organisation's names, former ones included): they are keywords even where the text
    has them too, so that the page of Digdir comes before the entries that mention Difi.

    With a ``cache`` (kept between rebuilds by ``mkdocs serve``), a document whose
    location, title, text, facts and names are unchanged keeps what it got last time:
    after one edit only the edited page's documents are decompounded again. (A new word
    could in principle make a part of a compound elsewhere; a full build sees it.)

    ``ahead``: what another process found for the documents it knew (``enrich_ahead``),
    taken only if they are exactly the site's documents (so compounds were split against
    the same words): the index is the same as without it.
    """
    # Under `mkdocs serve --dirty`, Material keeps the previous index and appends the pages
    # it rebuilt, assuming there is only one: keep the newest document for each location.
    latest = {str(doc.get("location", "")): doc for doc in index.get("docs", [])}
    docs: list[dict[str, Any]] = list(latest.values())
    index["docs"] = docs
    keys = _keys(docs, page_names, facts or {}, own_names or {})
    known = ahead.lookup(keys) if ahead is not None else None
    if known is not None:
        results = known
        if cache is not None:
            cache.clear()  # (a build's: ``mkdocs serve`` finds its keywords itself)
    else:
        results = _found(keys, page_names, cache)
    used: set[str] = set()
    for doc, (found, compact, parts) in zip(docs, results, strict=True):
        for name, value in (
            ("keywords", found),
            (FACTS_FIELD, compact),
            (TITLE_PARTS_FIELD, parts),
        ):
            if value:
                doc[name] = value
                used.add(name)
    fields = index.setdefault("config", {}).setdefault("fields", {})
    for name, boost in EXTRA_FIELDS.items():
        if name in used:
            fields.setdefault(name, {"boost": boost})
    return index


def _found(
    keys: list[tuple[str, ...]],
    page_names: Mapping[str, Sequence[str]],
    cache: EnrichCache | None,
) -> list[tuple[str, str, str]]:
    """What ``enrich`` finds for each document: from the cache if its key is there."""
    previous: EnrichCache = cache if cache is not None else {}
    own = [previous[k][0] if k in previous else _own(k) for k in keys]
    decompounder: Decompounder | None = None
    done: EnrichCache = {}
    results: list[tuple[str, str, str]] = []
    for key, seen in zip(keys, own, strict=True):
        if key in previous:
            found = previous[key][1:]
        else:
            if decompounder is None:
                decompounder = Decompounder(_lexicon(own, page_names))
            found = _enriched(key, seen, decompounder)
        done[key] = (seen, *found)
        results.append(found)
    if cache is not None:
        cache.clear()
        cache.update(done)
    return results


@dataclass
class Ahead:
    """What ``enrich`` finds for a site's documents, found ahead of it (``enrich_ahead``)."""

    #: A document's key (``_digest``) → its keywords, facts and title parts.
    found: dict[bytes, tuple[str, str, str]]
    #: Set by ``enrich``: whether these were the site's documents, and it took them.
    taken: bool = False

    def lookup(self, keys: Sequence[tuple[str, ...]]) -> list[tuple[str, str, str]] | None:
        """What was found for each of ``keys``, if they are those of the documents found
        for, all of them and no others (then the compounds were split against the same
        words, and the keywords are the same); None otherwise."""
        found = [self.found.get(_digest(key)) for key in keys]
        self.taken = len(keys) == len(self.found) and None not in found
        return [f for f in found if f is not None] if self.taken else None


def enrich_ahead(
    docs: Sequence[dict[str, Any]],
    page_names: Mapping[str, Sequence[str]],
    facts: Mapping[str, str],
    own_names: Mapping[str, Sequence[str]],
) -> Ahead:
    """What ``enrich`` would find for ``docs`` if they were all of the site's documents
    (and it were given the same ``page_names``).

    The worker that makes the search documents of a large site's generated pages
    (``pagework``) has them all once MkDocs has converted every page, and MkDocs then
    takes as long again to render the templates: meanwhile the worker does what took
    ``enrich`` 2.8 s at 10,000 entries, and ``enrich`` takes it if it fits.
    """
    keys = _keys(docs, page_names, facts, own_names)
    found = _found(keys, page_names, None)
    return Ahead({_digest(key): result for key, result in zip(keys, found, strict=True)})


def _digest(key: tuple[str, ...]) -> bytes:
    # Each part with its length: no two keys give the same text.
    text = "".join(f"{len(part)}:{part}" for part in key)
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def _keys(
    docs: Iterable[dict[str, Any]],
    page_names: Mapping[str, Sequence[str]],
    facts: Mapping[str, str],
    own_names: Mapping[str, Sequence[str]],
) -> list[tuple[str, ...]]:
    """Everything ``enrich`` finds for a document depends on: its location, its title and
    text, its facts, title and own names, and the names of what it is about."""
    keys: list[tuple[str, ...]] = []
    for doc in docs:
        location = str(doc.get("location", ""))
        first = "#" not in location
        names = page_names.get(location, ()) if first else ()
        fact = facts.get(location, "") if first else ""
        itself = " ".join(own_names.get(location, ())) if first else ""
        title = str(doc.get("title", ""))
        keys.append((location, f"{title} {doc.get('text', '')}", fact, title, itself, *names))
    return keys


def _own(key: tuple[str, ...]) -> frozenset[str]:
    """A document's own words: its title, text and facts."""
    return frozenset(words(f"{key[1]} {key[2]}"))


def _lexicon(own: Iterable[frozenset[str]], page_names: Mapping[str, Sequence[str]]) -> set[str]:
    """The words compounds are split against: the documents' and the names'."""
    lexicon: set[str] = set().union(*own)
    lexicon |= {w for names in page_names.values() for n in names for w in name_words(n)}
    return lexicon


def _enriched(
    key: tuple[str, ...], seen: frozenset[str], decompounder: Decompounder
) -> tuple[str, str, str]:
    """A document's keywords, facts and title parts (see ``enrich``)."""
    title_words = sorted(set(words(key[3])))
    # The parts, and their other written form («tjenester» and «tenester» for
    # «Kundetjenester»): either form finds what the other finds.
    title_parts = {p for w in title_words for p in decompounder.parts(w)}
    title_parts |= {v for p in title_parts for v in VARIANTS.get(p, ())}
    in_title = _unfound(title_parts, title_words)
    found_words = keywords(f"{key[1]} {key[2]}", decompounder, key[5:], seen)
    found_words = sorted(set(found_words).union(_unfound(words(key[4]), ())).difference(in_title))
    found = " ".join(_unfound(found_words, ()))
    compact = " ".join(fact_words(key[1], key[2])) if key[2] else ""
    return found, compact, " ".join(in_title)


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
