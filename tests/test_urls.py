from __future__ import annotations

import pytest

from erfaringsbase.content.urls import (
    UrlScheme,
    absolute,
    absolute_file,
    is_valid_id,
    public_path,
    relative,
    relative_public,
    slugify,
)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Brønnøysundregistrene", "bronnoysundregistrene"),
        ("Sammen for vannet", "sammen-for-vannet"),
        ("Få barn", "fa-barn"),
        ("Ærlig talt", "aerlig-talt"),
        ("Dødsfall og arv", "dodsfall-og-arv"),
        ("NORSTELLA samhandlingsarena #18", "norstella-samhandlingsarena-18"),
        ("Ruter#  nye   kundetjenester", "ruter-nye-kundetjenester"),
        ("Café Müller – «test»", "cafe-muller-test"),
        ("  --Trim--  ", "trim"),
        ("Én digital offentlig sektor", "en-digital-offentlig-sektor"),
        ("eResept", "eresept"),
        ("", ""),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slugify_cuts_long_titles_at_a_word() -> None:
    slug = slugify("ord " * 40, max_length=20)
    assert len(slug) <= 20 and not slug.endswith("-") and slug.startswith("ord-ord")


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("altinn", True),
        ("a-b-c", True),
        ("Altinn", False),
        ("a--b", False),
        ("-a", False),
        ("a_b", False),
        ("index", False),
        ("2017", True),
        ("bronnøy", False),
    ],
)
def test_is_valid_id(value: str, valid: bool) -> None:
    assert is_valid_id(value) is valid


@pytest.mark.parametrize(
    ("kind", "ident", "uri"),
    [
        ("case", "altinn", "erfaringer/altinn.md"),
        ("report", "oecd-2017", "rapporter/oecd-2017.md"),
        ("recommendation", "r1", "anbefalinger/r1.md"),
        ("event", "e1", "arrangementer/e1.md"),
        ("theme", "fornyelse", "tema/fornyelse.md"),
        ("organisation", "digdir", "virksomheter/digdir.md"),
        ("life_event", "fa-barn", "livshendelser/fa-barn.md"),
        ("sector", "helse", "sektorer/helse.md"),
        ("year", 2017, "ar/2017.md"),
    ],
)
def test_default_page_uris(kind: str, ident: str | int, uri: str) -> None:
    assert UrlScheme().page(kind, ident) == uri


def test_prefixes_are_configurable_and_checked() -> None:
    scheme = UrlScheme({"case": "prosjekter"})
    assert scheme.page("case", "x") == "prosjekter/x.md"
    assert scheme.page("report", "y") == "rapporter/y.md"
    with pytest.raises(ValueError, match="slug"):
        UrlScheme({"case": "Prosjekter og mer"})


@pytest.mark.parametrize(
    ("src", "dst", "anchor", "link"),
    [
        ("erfaringer/a.md", "tema/t.md", None, "../tema/t.md"),
        ("erfaringer/a.md", "erfaringer/b.md", None, "b.md"),
        ("index.md", "tema/t.md", None, "tema/t.md"),
        ("anbefalinger/r.md", "rapporter/x.md", "r", "../rapporter/x.md#r"),
    ],
)
def test_relative_links(src: str, dst: str, anchor: str | None, link: str) -> None:
    assert relative(src, dst, anchor) == link


@pytest.mark.parametrize(
    ("src", "public"),
    [
        ("erfaringer/altinn.md", "erfaringer/altinn/"),
        ("erfaringer/index.md", "erfaringer/"),
        ("index.md", ""),
    ],
)
def test_public_paths(src: str, public: str) -> None:
    assert public_path(src) == public


def test_absolute_url() -> None:
    assert absolute("https://x.no", "erfaringer/a.md") == "https://x.no/erfaringer/a/"
    assert absolute("https://x.no/base/", "index.md") == "https://x.no/base/"


def test_calendar_and_feed_paths() -> None:
    urls = UrlScheme()
    assert urls.calendar("arena") == "arrangementer/arena.ics"
    assert urls.calendar() == "arrangementer/kalender.ics"
    assert urls.feed() == "feed/alle.xml"
    assert urls.feed("theme", "fornyelse") == "feed/tema/fornyelse.xml"
    assert urls.feed("organisation", "nav") == "feed/virksomheter/nav.xml"
    assert urls.asset("data", "erfaringer.csv") == "data/erfaringer.csv"


@pytest.mark.parametrize(
    ("src", "dst", "anchor", "link"),
    [
        ("tall/index.md", "virksomheter/digdir.md", None, "../virksomheter/digdir/"),
        ("tall/nettverk.md", "virksomheter/digdir.md", None, "../../virksomheter/digdir/"),
        ("index.md", "virksomheter/digdir.md", None, "virksomheter/digdir/"),
        ("virksomheter/nav.md", "virksomheter/digdir.md", None, "../digdir/"),
        ("tema/a.md", "index.md", None, "../../"),
        ("tall/index.md", "tall/index.md", None, "./"),
        ("tall/index.md", "tema/index.md", "x", "../tema/#x"),
    ],
)
def test_relative_public_links(src: str, dst: str, anchor: str | None, link: str) -> None:
    assert relative_public(src, dst, anchor) == link


def test_home_and_absolute_file_urls() -> None:
    urls = UrlScheme()
    assert urls.home() == "index.md"
    assert absolute("https://x.no/base/", urls.home()) == "https://x.no/base/"
    # A file keeps its name; a page would become a folder.
    assert absolute_file("https://x.no", urls.feed()) == "https://x.no/feed/alle.xml"
    assert absolute_file("https://x.no/base/", urls.calendar()) == (
        "https://x.no/base/arrangementer/kalender.ics"
    )
