"""Norwegian search: compound parts, former names and nynorsk forms reach the index; what
Pagefind indexes of a page, and what the browser gets beside it.

The browser tests (``browser/test_search_box.py``) type real queries into the site's
search box, on Pagefind's real index; these check our part of it.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from erfaringsbase.content.config import find_settings
from erfaringsbase.content.urls import public_path
from erfaringsbase.content.vocabulary import Concept
from erfaringsbase.search import Decompounder, EntrySearch, concept_names, keywords
from erfaringsbase.search.documents import KEYWORDS_MARK, SearchDocument, search_html, searched_html
from erfaringsbase.search.writer import ALPHABET, SearchIndexer, word_files, word_list
from erfaringsbase.site import check
from support import REPO

LEXICON = [
    "gevinst",
    "styring",
    "nytte",
    "modell",
    "portefølje",
    "samarbeid",
    "prosjekt",
    "realisere",
    "digital",
    "sammen",
    "samme",
    "effektiv",
    "nettverk",
    "forvaltning",
    "nivå",
]


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("gevinstrealisering", ("realisering",)),
        ("nyttestyring", ("styring",)),
        ("nettverksstyring", ("styring",)),
        ("porteføljestyringsmodell", ("styringsmodell", "modell")),
        ("samarbeidsprosjekt", ("prosjekt",)),  # not «sprosjekt»
        ("forvaltningsnivå", ("nivå",)),
        ("digitalisering", ()),  # «isering» is an ending, not a word
        ("sammenhengende", ()),  # «samme» is a function word; «hengende» is unknown here
        ("styring", ()),
    ],
)
def test_decompounding(word: str, parts: tuple[str, ...]) -> None:
    assert Decompounder(LEXICON).parts(word) == parts


def test_keywords_add_parts_names_and_nynorsk_but_not_what_prefix_search_finds() -> None:
    found = keywords(
        "Gevinstrealisering i livshendelser. Styringsmodell for virksomheter.",
        Decompounder(LEXICON),
        ["Digitaliseringsdirektoratet", "Difi"],
    )
    assert "realisering" in found and "difi" in found
    assert "livshendingar" in found and "verksemder" in found
    assert "modell" in found
    assert "styring" not in found  # «styringsmodell» on the page already starts with it


@pytest.mark.parametrize(
    ("html", "kept", "left_out"),
    [
        # A heading marked data-search-exclude leaves its section out, to the next heading
        # of its level or higher; deeper headings go with it.
        (
            "<h1>T</h1><p>tekst</p><h2 data-search-exclude>Kilder</h2><p>lenker</p>"
            "<h3>Under</h3><p>mer</p><h2>Bakgrunn</h2><p>videre</p>",
            ["tekst", "Bakgrunn", "videre"],
            ["Kilder", "lenker", "Under", "mer"],
        ),
        # To the end of the page when no heading follows.
        (
            "<p>a</p><h2 data-search-exclude>Relatert</h2><ul><li>b</li></ul>",
            ["a"],
            ["Relatert", "b"],
        ),
        # A feed link, the fact box and the toc extension's permalinks are never text.
        (
            '<p>om</p><p class="eb-feed"><a href="f.xml">Følg nye (Atom-strøm)</a></p>'
            '<div class="admonition info" data-pagefind-ignore><p>Fakta</p><dl><dd>x</dd></dl></div>'
            '<h2 id="a">Del<a class="headerlink" href="#a" title="Lenke">¶</a></h2>',
            ["om", "Del"],
            ["Atom", "Fakta", "¶"],
        ),
    ],
)
def test_what_the_search_reads_of_an_article(
    html: str, kept: list[str], left_out: list[str]
) -> None:
    text = searched_html(html)
    assert all(word in text for word in kept), text
    assert not any(word in text for word in left_out), text


def document(**fields: object) -> SearchDocument:
    values: dict[str, object] = {
        "url": "erfaringer/a/",
        "title": "Gevinstrealisering i NAV",
        "article": "<h1>Gevinstrealisering i NAV</h1><p>Om styringsmodeller.</p>",
        "rank": "innhold",
    }
    values.update(fields)
    return SearchDocument(**values)  # type: ignore[arg-type]


def test_keywords_come_after_the_mark_and_every_value_is_escaped() -> None:
    evil = '"><script>alert(1)</script>'
    doc = document(
        title=evil,
        article="<h1>x</h1><p>tekst</p>",
        filters={"tema": [evil, evil]},
        other_titles=[evil],
    )
    html = search_html(doc, ["realisering", "<b>"], "nb")
    assert "<script>" not in html and "<b>" not in html
    assert html.count('data-pagefind-filter="tema[content]"') == 1  # each value once
    own, _, after = html.partition(KEYWORDS_MARK)
    assert "tekst" in own and "realisering" not in own
    assert "realisering" in after and 'data-pagefind-weight="7"' in after  # other titles
    assert '<html lang="nb">' in html and 'data-pagefind-meta="rank" content="innhold"' in html


def test_a_page_gets_the_parts_of_its_compounds_its_names_and_its_facts() -> None:
    docs = [
        document(names=["Arbeids- og velferdsetaten", "NAV", "Benefit realisation"], facts="Difi"),
        document(url="b/", title="Realisering", article="<p>Realisering av modeller.</p>"),
    ]
    indexer = SearchIndexer("nb")
    first, _ = indexer.keywords(docs)
    assert {"realisering", "benefit", "realisation", "difi", "velferdsetaten"} <= set(first)
    assert "nav" not in first  # the page's own text has it: a prefix search finds it
    # Under serve, an unchanged page keeps what it got; a changed one is found again.
    again = indexer.keywords([docs[0], document(url="b/", title="Annet", article="<p>x</p>")])
    assert again[0] is first


def test_a_page_is_found_by_the_values_of_its_fact_box_not_by_the_box(
    mini: Path, tmp_path: Path
) -> None:
    """The fact box is left out of the page's searched text; its values come back as the
    page's facts, without the titles of other entries it links to (they have pages of
    their own). A real build: the box is taken where the page is made."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(
        config_file=str(mini / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True
    )
    plugin = config.plugins["erfaringsbase"]
    plugin.on_startup(command="build", dirty=False)
    build(config)
    document = plugin.search_docs["erfaringer/samspill.md"]
    assert "Fakta" not in document.html and "admonition" not in document.html
    for value in ("Arbeids- og velferdsetaten (NAV)", "Difi", "Gevinstrealisering"):
        assert value in document.facts
    for other_entry in ("Rådets rapport 2019", "Ordningen", "Brukerne først"):
        assert other_entry not in document.facts
    page = (tmp_path / "site" / "erfaringer" / "samspill" / "index.html").read_text("utf-8")
    assert page.count('<div class="admonition info" data-pagefind-ignore>') == 1


def test_the_word_lists_have_a_file_for_every_letter_and_the_most_frequent_words_first() -> None:
    docs = [
        document(url=f"{i}/", title=f"Side {i}", article="<p>tolketjenester og tolker</p>")
        for i in range(3)
    ] + [document(url="x/", title="Engang", article="<p>sjeldent</p>")]
    listed = word_list(docs, [[], [], [], ["navnet"]])
    assert "sjeldent" not in listed  # on one page only, and in no title or name
    assert {"tolketjenester", "engang", "navnet"} <= set(listed)
    files = word_files(listed)
    assert set(files) == {f"{ord(c):04x}.json" for c in ALPHABET} | {
        f"{ord(w[0]):04x}.json" for w in listed
    }
    assert files["0074.json"][:2] == ["tolker", "tolketjenester"]  # 3 pages, then by name


@pytest.mark.slow
def test_the_built_site_has_the_search_and_the_word_lists(real_site: Path) -> None:
    assert (real_site / "pagefind" / "pagefind.js").is_file()
    entry = json.loads((real_site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert "nb" in entry["languages"]  # Norwegian stemming
    g = json.loads((real_site / "pagefind" / "ord" / "0067.json").read_text("utf-8"))
    assert "gevinstrealisering" in g
    home = (real_site / "index.html").read_text("utf-8")
    assert 'role="search"' in home and "search.js" in home
    assert "search/search_index.json" not in home and not (real_site / "search").exists()


def test_no_module_reaches_into_materials_search() -> None:
    """The search is ours: nothing imports Material's plugins."""
    offenders = []
    for path in sorted((REPO / "src" / "erfaringsbase").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith("material.plugins"):
                    offenders.append(f"{path.name}: {node.module}")
            elif isinstance(node, ast.Import):
                offenders += [
                    f"{path.name}: {a.name}"
                    for a in node.names
                    if a.name.startswith("material.plugins")
                ]
    assert offenders == []


QUERIES = yaml.safe_load((REPO / "tests" / "data" / "search_queries.yml").read_text("utf-8"))


def test_command_line_search_finds_the_right_page_in_the_top_three(
    capsys: pytest.CaptureFixture[str],
) -> None:
    site = check(find_settings(REPO), include_drafts=False)
    engine = EntrySearch(site.index)
    urls = site.index.settings.urls
    found = 0
    for q in QUERIES:
        top = [
            public_path(urls.page(h.entry.kind, h.entry.id)) for h in engine.search(q["query"], 3)
        ]
        found += any(t in q["expect"] for t in top)
    with capsys.disabled():
        print(
            f"\nerfaringsbase search: {found} av {len(QUERIES)} spørringer med riktig side blant de tre første"
        )
    assert found >= 0.9 * len(QUERIES)


def test_search_command_prints_urls_and_files(run_cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = run_cli("search", "elektronisk resept", "--limit", "2")
    assert code == 0
    lines = out.splitlines()
    assert "erfaring" in lines[0] and "eResept" in lines[0]
    assert lines[1].strip() == "https://erfaringsbasen.no/erfaringer/eresept/"
    assert lines[2].strip() == "cases/eresept.md"
    code, out, _ = run_cli("search", "qqqxyz")
    assert code == 1 and "Ingen treff" in out


@pytest.mark.slow
def test_the_preview_search_has_an_edit_soon_after_the_page(mini: Path) -> None:
    """Under `mkdocs serve` the search index is written after the reload (it would double
    the wait for the edited page): a new word in a title reaches the site's word list."""
    import http.client
    import os
    import socket
    import subprocess
    import sys
    import time

    from support import edit

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    def word_list(letter: str) -> list[str]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("GET", f"/pagefind/ord/{ord(letter):04x}.json")
            response = conn.getresponse()
            body = response.read()
            return json.loads(body) if response.status == 200 else []
        except (OSError, ValueError):
            return []
        finally:
            conn.close()

    def soon(condition: Callable[[], bool], seconds: float = 120) -> bool:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline or process.poll() is not None:
                return False
            time.sleep(0.2)
        return True

    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=mini,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert soon(lambda: "samspill" in word_list("s")), "no search in the preview"
        assert "zebrafiskprosjekt" not in word_list("z")
        edit(mini / "cases" / "samspill.md", "title: Samspill om jobb", "title: Zebrafiskprosjekt")
        assert soon(lambda: "zebrafiskprosjekt" in word_list("z")), "the edit never reached it"
    finally:
        process.terminate()
        process.wait(30)


PROCUREMENT = Concept(
    id="anskaffelse",
    title="anskaffelse",
    title_nn="innkjøp",
    title_en="procurement",
    synonyms=("offentlige anskaffelser",),
    synonyms_en=("public procurement",),
)
DATA_SHARING = Concept(
    id="datadeling", title="datadeling", title_en="data sharing", synonyms=("deling av data",)
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A word that begins as a name does: the inflected and compound forms too.
        ("Anskaffelsene tok tid.", ["procurement", "innkjøp"]),
        ("Anskaffelsesstrategien var ny.", ["procurement"]),
        # Every word of a name of several words, the function words aside.
        ("Deling av data mellom etatene.", ["data sharing"]),
        ("Vi delte data.", []),  # «delte» is not «deling»
        ("Datadelingen gikk bra.", ["data sharing"]),
        # Only the Norwegian names count: an English word in the text is no use of it.
        ("The procurement was slow.", []),
    ],
)
def test_a_page_that_uses_a_concept_gets_its_other_names(text: str, found: list[str]) -> None:
    from erfaringsbase.search import words

    names = concept_names(sorted(set(words(text))), [PROCUREMENT, DATA_SHARING])
    for name in found:
        assert name in names
    if not found:
        assert names == []


def test_the_concepts_file_is_read_and_checked() -> None:
    from erfaringsbase.content.loader import load

    corpus = load(find_settings(REPO))
    concepts = corpus.vocabulary.concepts
    assert concepts["medfinansiering"].title_en == "co-financing"
    assert not [p for p in corpus.problems.errors if "concepts" in p.path]


@pytest.mark.parametrize(
    ("memory_exists", "spare_beyond_free", "in_memory"),
    [
        (True, False, True),  # room there: Pagefind's input is written in memory
        (True, True, False),  # not room enough: the system's temporary folder
        (False, False, False),  # no such folder (macOS, Windows)
    ],
)
def test_pagefind_input_goes_in_memory_only_where_there_is_room(
    tmp_path: Path, memory_exists: bool, spare_beyond_free: bool, in_memory: bool
) -> None:
    import os
    import shutil

    from erfaringsbase.search.writer import input_folder

    memory = tmp_path / "shm"
    if memory_exists:
        memory.mkdir()
    free = shutil.disk_usage(tmp_path).free
    spare = free + 1 if spare_beyond_free else 0
    folder = input_folder([document(), document(url="erfaringer/b/")], memory, spare)
    try:
        assert folder.is_dir() and not any(folder.iterdir())
        assert (folder.parent == memory) is in_memory
        assert os.access(folder, os.W_OK)
    finally:
        shutil.rmtree(folder)


def test_the_program_that_indexes_removes_its_input(tmp_path: Path) -> None:
    """The search's copy becomes this program: Pagefind, then its input folder removed
    (the build need not remove 10,000 files at its end)."""
    import subprocess

    docs = [document(), document(url="erfaringer/b/", title="Annen side")]
    folder = tmp_path / "input"
    prepared = SearchIndexer("nb").prepare(docs, tmp_path / "site", folder)
    assert (folder / "erfaringer" / "b" / "index.html").is_file()
    subprocess.run(prepared.command(), check=True, capture_output=True)
    assert (tmp_path / "site" / "pagefind" / "pagefind-entry.json").is_file()
    assert not folder.exists()
