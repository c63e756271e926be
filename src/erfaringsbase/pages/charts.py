"""Charts as static, inline SVG: pure functions from plain data to markup.

Why hand-written SVG rather than a plotting library: the accessibility markup (``role``,
``<title>``, ``<desc>``, ``aria-labelledby``), the colours (CSS classes whose colours are
custom properties, so one picture follows Material's light, dark and print styles) and
byte-identical output for the same content all have to be exact, and the sanitiser only
lets through the handful of elements and attributes written here.

Conventions every chart follows:

* The drawing is ``WIDTH`` user units wide and scales with ``width="100%"``; on a 360 px
  phone that is about 1:1, so the 13-unit text stays readable. Labels sit on their own
  line above their bar instead of beside it, so long names need no narrow columns.
* Every bar and node has its number written beside it, every span its period in words:
  colour is never the only carrier of meaning, and the chart reads the same in black and
  white print.
* Shapes carry ``fill="currentColor"`` (and arcs ``fill="none"``) as a fallback for an
  engine without ``charts.css``; the stylesheet's classes override it.
* Output is serialised the way the sanitiser (html5ever) writes it back: explicit end
  tags, double quotes, whitespace folded (no no-break spaces, which it would turn into
  ``&nbsp;``). So sanitising a chart changes nothing but the ``rel`` on links.
* Nothing depends on the order of the input where the order is not meaningful: the
  network sorts its nodes and links itself; bars and spans keep the caller's order.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final
from xml.sax.saxutils import escape

from ..content.urls import ID_PATTERN

WIDTH: Final = 360
PAD: Final = 8
FONT: Final = 13
LINE: Final = 17  # height of one line of label text
BAR: Final = 14  # thickness of a bar
#: SVG text does not wrap and cannot be measured here, so labels are wrapped with an
#: estimate of their width: glyph classes below, times this margin for wider fonts.
SAFETY: Final = 1.08
_NARROW: Final = frozenset("iljI.,:;'|!")
_SLIM: Final = frozenset("ftr()[] -/")
_WIDE: Final = frozenset("mwMWæÆ…")
#: Number of series colours in charts.css (``eb-chart__bar--s0`` … ``--s5``).
SERIES: Final = 6


# --- data ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: a label, a count, the series it belongs to and an optional note (``0``)."""

    label: str
    value: int
    series: int = 0
    note: str | None = None


@dataclass(frozen=True, slots=True)
class BarGroup:
    """Bars shown together under a heading (one theme, its sources as bars)."""

    label: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True, slots=True)
class Span:
    """One row of a timeline: ``start``/``end`` are fractional years; ``end=None`` is ongoing.

    ``period`` is the period as text (``2003 – pågår``), written beside the label, so an
    open end is stated in words, not only drawn.
    """

    label: str
    start: float
    end: float | None
    period: str


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    label: str
    size: int
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    source: str
    target: str
    weight: int = 1


# --- markup helpers ------------------------------------------------------------------------


def text(value: object) -> str:
    """Escape text content; all whitespace (no-break spaces too) becomes one space."""
    return escape(" ".join(str(value).split()))


def attr(value: object) -> str:
    """Escape an attribute value for double quotes."""
    return escape(str(value), {'"': "&quot;"})


def num(value: float) -> str:
    """A coordinate with at most one decimal and no ``-0``: stable, short output."""
    rounded = round(value, 1)
    if rounded == 0:
        return "0"
    out = f"{rounded:.1f}"
    return out[:-2] if out.endswith(".0") else out


def _glyph(ch: str) -> float:
    """Approximate advance of one character in em, for the sans-serif fonts the site uses."""
    if ch in _NARROW:
        return 0.28
    if ch in _SLIM:
        return 0.36
    if ch in _WIDE:
        return 0.86
    return 0.68 if ch.isupper() else 0.57


def text_width(value: str, size: float = FONT) -> float:
    """Estimated width of a label: a little more than it will be, never less."""
    return sum(_glyph(ch) for ch in value) * size * SAFETY


def _cut(word: str, width: float, size: float) -> str:
    """The longest start of ``word`` that fits in ``width`` together with ``…``.

    Measured from the start, one character at a time, and only as far as fits: trying
    shorter and shorter starts from the end took minutes for a 100,000-letter name. The
    sum is the one ``text_width`` makes, in the same order, so the cut is the same."""
    end, solid, running = 1, 0.0, 0.0
    for i, ch in enumerate(word):
        running += _glyph(ch)
        if not ch.isspace():
            solid = running  # the width of word[: i + 1].rstrip()
        if i and (solid + _glyph("…")) * size * SAFETY > width:
            break
        end = i + 1
    return word[:end].rstrip() + "…"


def wrap(
    value: str | Sequence[str], width: float, size: float = FONT, max_lines: int = 2
) -> list[str]:
    """Greedy word wrap to ``width`` units; what does not fit ends in ``…``.

    ``value`` is text, or the words already split: a word may then hold spaces that must
    not break (a period such as ``(2003 – pågår)`` stays on one line).
    """
    words = value.split() if isinstance(value, str) else list(value)
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        if text_width(current, size) > width:  # one word wider than the line
            lines.append(_cut(current, width, size))
            current = ""
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _cut(lines[max_lines - 1] + " …", width, size)]
    return lines or [""]


def truncate(value: str, width: float, size: float = FONT) -> str:
    return wrap(value, width, size, max_lines=1)[0]


class Canvas:
    """Collects elements, then wraps them in the accessible ``<svg>`` root."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, markup: str) -> None:
        self.parts.append(markup)

    def rect(self, x: float, y: float, w: float, h: float, cls: str) -> None:
        self.add(
            f'<rect class="{cls}" x="{num(x)}" y="{num(y)}" width="{num(w)}" '
            f'height="{num(h)}" fill="currentColor"></rect>'
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, cls: str) -> None:
        self.add(
            f'<line class="{cls}" x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" '
            'stroke="currentColor"></line>'
        )

    def text(
        self, x: float, y: float, content: str, cls: str = "eb-chart__label", anchor: str = ""
    ) -> None:
        self.add(_text_el(x, y, content, cls, anchor))

    def lines(self, x: float, y: float, rows: Sequence[str], cls: str = "eb-chart__label") -> None:
        """Several lines of one label in one ``<text>``, so it reads as one phrase."""
        if len(rows) == 1:
            self.text(x, y, rows[0], cls)
            return
        spans = "".join(
            f'<tspan x="{num(x)}" dy="{0 if i == 0 else LINE}">{text(row)}</tspan>'
            for i, row in enumerate(rows)
        )
        self.add(
            f'<text class="{cls}" x="{num(x)}" y="{num(y)}" fill="currentColor">{spans}</text>'
        )

    def svg(self, key: str, title: str, desc: str, height: float, role: str = "img") -> str:
        if not ID_PATTERN.match(key):
            raise ValueError(f"chart key must be a slug, got {key!r}")
        ids = f"eb-{key}-title eb-{key}-desc"
        head = (
            f'<svg class="eb-chart__svg" viewBox="0 0 {WIDTH} {num(height)}" width="100%" '
            f'role="{role}" aria-labelledby="{ids}" font-size="{FONT}">'
        )
        return "\n".join(
            [
                head,
                f'<title id="eb-{key}-title">{text(title)}</title>',
                f'<desc id="eb-{key}-desc">{text(desc)}</desc>',
                *self.parts,
                "</svg>",
            ]
        )


def _text_el(x: float, y: float, content: str, cls: str, anchor: str = "") -> str:
    anchor_attr = f' text-anchor="{anchor}"' if anchor else ""
    return (
        f'<text class="{cls}" x="{num(x)}" y="{num(y)}"{anchor_attr} fill="currentColor">'
        f"{text(content)}</text>"
    )


def block(svg: str, variant: str) -> str:
    """The chart as a raw HTML block for markdown: no blank line inside, own lines around."""
    return f'<div class="eb-chart eb-chart--{variant}">\n{svg}\n</div>'


# --- horizontal bars -----------------------------------------------------------------------


@dataclass
class _BarLayout:
    """Shared scale for the bars of one chart, so every bar compares with every other."""

    maximum: int
    value_room: float = field(init=False)
    track: float = field(init=False)

    def __post_init__(self) -> None:
        # Room after the longest bar for its number.
        self.value_room = text_width(str(self.maximum)) + 10
        self.track = WIDTH - 2 * PAD - self.value_room

    def length(self, value: int) -> float:
        if value <= 0 or self.maximum <= 0:
            return 0.0
        return max(2.0, self.track * value / self.maximum)


def _bar_row(canvas: Canvas, y: float, bar: Bar, scale: _BarLayout, cls: str) -> float:
    """A label line (or two), then the bar with its number; returns the next row's y."""
    rows = wrap(bar.label, WIDTH - 2 * PAD)
    canvas.add('<g class="eb-chart__row">')
    canvas.lines(PAD, y + FONT, rows)
    top = y + LINE * len(rows) + 1
    # A zero line per bar rather than one through the labels: a 0 still has its baseline.
    canvas.line(PAD, top - 2, PAD, top + BAR + 2, "eb-chart__axis")
    length = scale.length(bar.value)
    if length:
        series = bar.series % SERIES
        canvas.rect(PAD, top, length, BAR, f"{cls} eb-chart__bar--s{series}")
    value_x = PAD + length + 5
    canvas.text(value_x, top + BAR - 3, str(bar.value), "eb-chart__value")
    if bar.note:
        note_x = value_x + text_width(str(bar.value)) + 6
        note = truncate(bar.note, WIDTH - PAD - note_x)
        canvas.text(note_x, top + BAR - 3, note, "eb-chart__note")
    canvas.add("</g>")
    return top + BAR + 12


def bar_chart(key: str, title: str, desc: str, bars: Sequence[Bar]) -> str:
    """Horizontal bars, one per item, in the order given; every bar has its number."""
    canvas = Canvas()
    scale = _BarLayout(max((b.value for b in bars), default=0))
    y = 4.0
    for bar in bars:
        y = _bar_row(canvas, y, bar, scale, "eb-chart__bar")
    return canvas.svg(key, title, desc, y)


def grouped_bar_chart(key: str, title: str, desc: str, groups: Sequence[BarGroup]) -> str:
    """Bars in groups under a heading each, on one scale; the series name labels each bar."""
    canvas = Canvas()
    scale = _BarLayout(max((b.value for g in groups for b in g.bars), default=0))
    y = 4.0
    for group in groups:
        canvas.add('<g class="eb-chart__group">')
        heading = wrap(group.label, WIDTH - 2 * PAD)
        canvas.lines(PAD, y + FONT, heading, "eb-chart__heading")
        y += LINE * len(heading) + 4
        for bar in group.bars:
            y = _bar_row(canvas, y, bar, scale, "eb-chart__bar")
        canvas.add("</g>")
        y += 8
    return canvas.svg(key, title, desc, y)


# --- vertical columns (a small chart per year) ---------------------------------------------


def column_chart(key: str, title: str, desc: str, columns: Sequence[tuple[str, int]]) -> str:
    """Columns in the order given (years), a number over each column with room for it.

    Every column is labelled with its number while there is room (up to about twenty
    columns); beyond that only the highest are, and the table beneath has every number.
    The axis labels the first and last column and evenly spaced ones between.
    """
    canvas = Canvas()
    maximum = max((v for _, v in columns), default=0)
    count = max(1, len(columns))
    pitch = (WIDTH - 2 * PAD) / count
    top, height = FONT + 8.0, 90.0
    base = top + height
    show_values = pitch >= text_width(str(maximum)) + 2
    for i, (label, value) in enumerate(columns):
        x = PAD + i * pitch
        h = height * value / maximum if maximum else 0.0
        canvas.add('<g class="eb-chart__row">')
        if value:
            canvas.rect(
                x + pitch * 0.15, base - h, pitch * 0.7, h, "eb-chart__bar eb-chart__bar--s0"
            )
        # Too narrow for every number: the highest columns keep theirs, the table has all.
        if show_values or (value == maximum and value):
            canvas.text(x + pitch / 2, base - h - 4, str(value), "eb-chart__value", "middle")
        canvas.add(f"<title>{text(label)}: {value}</title>")
        canvas.add("</g>")
    canvas.line(PAD, base, WIDTH - PAD, base, "eb-chart__axis")
    for i in _tick_indexes(len(columns), pitch):
        label = columns[i][0]
        canvas.text(PAD + (i + 0.5) * pitch, base + LINE, label, "eb-chart__tick", "middle")
    return canvas.svg(key, title, desc, base + LINE + 6)


def _tick_indexes(count: int, pitch: float) -> list[int]:
    """First, last and evenly spaced columns between, as many as fit without overlapping."""
    if count == 0:
        return []
    every = max(1, math.ceil((text_width("0000") + 8) / pitch))
    picked = list(range(0, count, every))
    last = count - 1
    if picked[-1] != last:
        if (last - picked[-1]) * pitch < text_width("0000") + 8:
            picked.pop()
        picked.append(last)
    return picked


# --- timeline ------------------------------------------------------------------------------


def _year_step(first: int, last: int) -> int:
    span = last + 1 - first
    return next((s for s in (1, 2, 5, 10, 20, 25, 50, 100) if span / s <= 6), 100)


def timeline_chart(
    key: str,
    title: str,
    desc: str,
    spans: Sequence[Span],
    *,
    first: int,
    last: int,
    ongoing: str,
) -> str:
    """One row per span, on a shared axis of years from ``first`` to the end of ``last``.

    An ongoing span runs to the end of the axis and ends in an arrow instead of an edge;
    the row's text says so as well (``ongoing`` is the legend's word for it).
    """
    canvas = Canvas()
    left, right = PAD, WIDTH - PAD - 12  # room for the arrow of an ongoing span
    years = max(1, last + 1 - first)

    def x_of(year: float) -> float:
        return left + (right - left) * (year - first) / years

    axis_y = FONT + 4.0
    rows = Canvas()
    y = axis_y + 8
    for span in spans:
        y = _span_row(rows, y, span, x_of, last)
    # The years above and below the rows (a long timeline scrolls past its top axis);
    # grid lines first, so the bars are drawn over them.
    bottom_y = y + FONT
    step = _year_step(first, last)
    for tick in range(first + (-first) % step, last + 2, step):
        x = x_of(tick)
        anchor = "middle" if tick > first else "start"
        canvas.line(x, axis_y + 3, x, y - 4, "eb-chart__grid")
        canvas.text(x, axis_y, str(tick), "eb-chart__tick", anchor)
        canvas.text(x, bottom_y, str(tick), "eb-chart__tick", anchor)
    canvas.parts += rows.parts
    legend_y = bottom_y + LINE + 4
    canvas.add(_arrow(PAD, legend_y - BAR + 3, "eb-chart__open"))
    canvas.text(PAD + 14, legend_y, ongoing, "eb-chart__note")
    return canvas.svg(key, title, desc, legend_y + 8)


def _span_row(
    canvas: Canvas, y: float, span: Span, x_of: Callable[[float], float], last: int
) -> float:
    """The label and its period (kept together on one line), then the bar."""
    rows = wrap([*span.label.split(), f"({span.period})"], WIDTH - 2 * PAD, max_lines=3)
    canvas.add('<g class="eb-chart__row">')
    canvas.lines(PAD, y + FONT, rows)
    top = y + LINE * len(rows) + 1
    x0 = x_of(span.start)
    x1 = x_of(span.end if span.end is not None else last + 1)
    canvas.rect(x0, top, max(2.0, x1 - x0), BAR - 2, "eb-chart__bar eb-chart__bar--s0")
    if span.end is None:
        canvas.add(_arrow(x1, top, "eb-chart__open"))
    canvas.add("</g>")
    return top + BAR + 10


def _arrow(x: float, y: float, cls: str) -> str:
    """An arrowhead pointing right from ``x``: the open end of an ongoing span."""
    h = BAR - 2
    return (
        f'<path class="{cls}" d="M{num(x)} {num(y - 2)}L{num(x + 10)} {num(y + h / 2)}'
        f'L{num(x)} {num(y + h + 2)}Z" fill="currentColor"></path>'
    )


# --- network -------------------------------------------------------------------------------


def _merge_links(nodes: Iterable[Node], links: Iterable[Link]) -> dict[tuple[str, str], int]:
    """Links as sorted pairs, weights of the same pair added up, self-links dropped."""
    known = {n.id for n in nodes}
    merged: dict[tuple[str, str], int] = defaultdict(int)
    for link in links:
        if link.source not in known or link.target not in known:
            raise ValueError(f"link {link.source}–{link.target} names an unknown node")
        if link.source != link.target:
            a, b = sorted((link.source, link.target))
            merged[(a, b)] += link.weight
    return dict(merged)


def network_order(nodes: Sequence[Node], links: Sequence[Link]) -> list[str]:
    """The deterministic vertical order of the arc diagram.

    Connected groups come first, largest first; within a group a breadth-first walk from
    its biggest node, nearest (most shared) neighbours first, keeps partners close so the
    arcs stay short. Every tie is broken by id, so the order depends only on the data.
    """
    pairs = _merge_links(nodes, links)
    size = {n.id: n.size for n in nodes}
    neighbours: dict[str, dict[str, int]] = defaultdict(dict)
    for (a, b), weight in pairs.items():
        neighbours[a][b] = weight
        neighbours[b][a] = weight

    def rank(ident: str) -> tuple[int, int, str]:
        return (-size[ident], -sum(neighbours[ident].values()), ident)

    components: list[list[str]] = []
    seen: set[str] = set()
    for ident in sorted(size, key=rank):
        if ident in seen:
            continue
        component, queue = [], [ident]
        seen.add(ident)
        while queue:
            current = queue.pop(0)
            component.append(current)
            nearest = sorted(
                (n for n in neighbours[current] if n not in seen),
                key=lambda n: (-neighbours[current][n], rank(n)),
            )
            seen.update(nearest)
            queue.extend(nearest)
        components.append(component)
    components.sort(key=lambda c: (-len(c), rank(c[0])))
    return [ident for component in components for ident in component]


NODE_ROW: Final = 24
NODE_X: Final = 212  # node column: labels to the left, arcs to the right
NODE_R: Final = 9
NODE_RADIUS_ROOM: Final = NODE_R + 2


def network_chart(
    key: str, title: str, desc: str, nodes: Sequence[Node], links: Sequence[Link]
) -> str:
    """An arc diagram: nodes in a column, sized by their count, links as arcs on the right.

    A column of labelled nodes stays readable on a phone whatever the number of nodes,
    where a force layout would overlap labels; the order (``network_order``) and every
    coordinate derive from the data alone, so the same content draws the same picture.
    Each node links to its page (``href``); its count is written after its name.
    """
    order = network_order(nodes, links)
    by_id = {n.id: n for n in nodes}
    row = {ident: i for i, ident in enumerate(order)}
    top = 6.0

    def y_of(ident: str) -> float:
        return top + NODE_RADIUS_ROOM + row[ident] * NODE_ROW

    biggest = max((n.size for n in nodes), default=1) or 1
    canvas = Canvas()
    canvas.add('<g class="eb-chart__arcs">')
    pairs = _merge_links(nodes, links)
    for (a, b), weight in sorted(pairs.items(), key=lambda p: sorted(row[i] for i in p[0])):
        y1, y2 = sorted((y_of(a), y_of(b)))
        ry = (y2 - y1) / 2
        rx = min(ry, WIDTH - PAD - NODE_X)
        width = min(6.0, 1.0 + 1.5 * (weight - 1))
        canvas.add(
            f'<path class="eb-chart__arc" d="M{NODE_X} {num(y1)}A{num(rx)} {num(ry)} 0 0 1 '
            f'{NODE_X} {num(y2)}" fill="none" stroke="currentColor" stroke-width="{num(width)}">'
            "</path>"
        )
    canvas.add("</g>")
    label_room = NODE_X - NODE_R - 6 - PAD
    for ident in order:
        node = by_id[ident]
        y = y_of(ident)
        radius = 3 + (NODE_R - 3) * math.sqrt(node.size / biggest)
        count = f" ({node.size})"
        label = truncate(node.label, label_room - text_width(count)) + count
        parts = (
            f'<circle class="eb-chart__node" cx="{NODE_X}" cy="{num(y)}" r="{num(radius)}" '
            'fill="currentColor"></circle>'
            + _text_el(NODE_X - NODE_R - 6, y + 4.5, label, "eb-chart__label", "end")
        )
        if node.href:
            parts = f'<a class="eb-chart__link" href="{attr(node.href)}">{parts}</a>'
        canvas.add(f'<g class="eb-chart__row">{parts}</g>')
    height = top + 2 * NODE_RADIUS_ROOM + max(0, len(order) - 1) * NODE_ROW
    # Not role="img": the children of an img are presentational, which would hide the
    # node links from screen readers. A labelled group keeps them reachable.
    return canvas.svg(key, title, desc, height, role="group")
