"""Every producer, in the order they run after the entry and taxonomy pages are planned.

A producer is a function that takes the renderer (the index, the URL scheme, the labels,
the page writer) and yields pages and assets (any other file). Each producer module stays
independent of the others; this is the one place that lists them, so adding an output is
one import and one line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Final

from ..pages.render import Asset, Page, Renderer
from .calendar import produce_calendars
from .datapage import produce_data_page
from .explore import produce_explorer, produce_explorer_data
from .export import produce_data
from .feeds import produce_feeds
from .permalinks import produce_redirects
from .robots import produce_robots
from .stats import produce_stats

Producer = Callable[[Renderer], Iterable[Page | Asset]]

PRODUCERS: Final[list[Producer]] = [
    produce_redirects,
    produce_calendars,
    produce_feeds,
    produce_data,
    produce_data_page,
    produce_stats,
    produce_explorer_data,
    produce_explorer,
    produce_robots,
]
