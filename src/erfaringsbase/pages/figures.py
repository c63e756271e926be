"""Figures on pages: tables, sentences that count, and the small «I tall» block at the end
of a theme, organisation or life-event page (entries per kind and per year, drawn by
``charts`` and repeated in a table for anyone who cannot or will not read the picture)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from markupsafe import Markup

from ..content.model import Entry
from ..index.cross import CrossIndex
from . import charts, html
from .writer import PageWriter

Cell = str | int | Markup
K = TypeVar("K")


def and_list(items: Sequence[str]) -> str:
    """``A``, ``A og B``, ``A, B og C``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def leaders(counts: Mapping[K, int]) -> list[K]:
    """The keys with the highest count above zero (ties included), in the mapping's order."""
    top = max(counts.values(), default=0)
    return [k for k, v in counts.items() if v == top and top > 0]


def table(header: Sequence[Cell], rows: Iterable[Sequence[Cell]], numeric: Iterable[int]) -> Markup:
    """A table; text cells escaped, links as they are, numeric columns right-aligned."""
    right = set(numeric)

    def row(tag: str, values: Sequence[Cell]) -> str:
        cells = "\n".join(
            (f'<{tag} style="text-align: right;">' if i in right else f"<{tag}>")
            + f"{html.text(value if isinstance(value, Markup) else str(value))}</{tag}>"
            for i, value in enumerate(values)
        )
        return f"<tr>\n{cells}\n</tr>"

    body = "\n".join(row("td", r) for r in rows)
    return Markup(
        f"<table>\n<thead>\n{row('th', header)}\n</thead>\n<tbody>\n{body}\n</tbody>\n</table>"
    )


def entries_of(ix: CrossIndex, kind: str, ident: str) -> list[Entry]:
    """The entries a theme, organisation or life-event page lists (with former names)."""
    if kind == "theme":
        return list(ix.by_theme.get(ident, []))
    if kind == "life_event":
        return list(ix.by_life_event.get(ident, []))
    if kind == "organisation":
        return list({m.entry.key: m.entry for m in ix.mentions(ident)}.values())
    raise ValueError(f"no small chart for {kind!r}")


def entry_figures(
    ix: CrossIndex, entries: Sequence[Entry]
) -> tuple[dict[str, int], dict[int, int]]:
    """Entries per kind (in the site's order of kinds, only kinds present) and per year.

    Years count as on the year pages: a case counts in every year it ran. Years between
    the first and the last with nothing in them are there with 0, so the gaps show.
    """
    kinds: Counter[str] = Counter(e.kind for e in entries)
    per_kind = {k: kinds[k] for k in ix.kinds() if kinds[k]}
    years = Counter(y for e in entries for y in ix.years_of(e))
    per_year = {y: years[y] for y in range(min(years), max(years) + 1)} if years else {}
    return per_kind, per_year


def mini_summary(
    t: Mapping[str, str], per_kind: Mapping[str, int], per_year: Mapping[int, int]
) -> str:
    total = sum(per_kind.values())
    parts = [counted(n, t[k].lower(), t[k + "s"].lower()) for k, n in per_kind.items()]
    text = f"{counted(total, 'oppføring', 'oppføringer')}: {and_list(parts)}."
    if len(per_year) == 1:
        text += f" De gjelder {min(per_year)}."
    elif per_year:
        busiest = leaders(per_year)
        text += (
            f" De gjelder årene fra {min(per_year)} til {max(per_year)}, flest aktive i"
            f" {and_list([str(y) for y in busiest])} ({per_year[busiest[0]]})."
        )
    return text


def mini_chart(w: PageWriter, kind: str, ident: str) -> list[str]:
    """The markdown blocks of a small «I tall» section (none when nothing refers to the
    item: there is nothing to draw)."""
    ix, t = w.ix, w.t
    entries = entries_of(ix, kind, ident)
    if not entries:
        return []
    per_kind, per_year = entry_figures(ix, entries)
    summary = mini_summary(t, per_kind, per_year)
    key = f"{w.urls.prefix(kind)}-{ident}"
    kinds_title = "Oppføringer per type"
    # The same colour for a kind on every page: its place among all kinds, not among these.
    series = {k: i for i, k in enumerate(ix.kinds())}
    bars = [charts.Bar(t[k + "s"], n, series=series[k]) for k, n in per_kind.items()]
    rows: list[list[Cell]] = [[t[k + "s"], n] for k, n in per_kind.items()]
    blocks = [
        w.heading_line(2, "I tall", "i-tall"),
        w.place(f"{html.paragraph(summary)}\n<p><strong>{html.text(kinds_title)}</strong></p>"),
        w.raw(charts.block(charts.bar_chart(f"{key}-typer", kinds_title, summary, bars), "mini")),
        w.place(table([t["kind"], "Antall"], rows, [1])),
    ]
    if len(per_year) > 1:
        years_title = "Aktive oppføringer per år"
        busiest = leaders(per_year)
        desc = (
            f"{years_title} fra {min(per_year)} til {max(per_year)}, flest aktive i "
            f"{and_list([str(y) for y in busiest])} ({per_year[busiest[0]]}). "
            "En erfaring teller i hvert år den pågikk."
        )
        columns = [(str(y), n) for y, n in per_year.items()]
        chart = charts.column_chart(f"{key}-ar", years_title, desc, columns)
        blocks += [
            w.place(f"<p><strong>{html.text(years_title)}</strong></p>"),
            w.raw(charts.block(chart, "mini")),
            w.place(
                table(
                    [t["year"], *per_year],
                    [["Oppføringer", *per_year.values()]],
                    range(1, len(per_year) + 1),
                )
            ),
        ]
    return blocks
