"""Registers every producer with the pipeline, in the order they run.

Each producer module stays independent of the others; this is the one place that lists
them, so adding an output is one import and one line.
"""

from __future__ import annotations

from ..site import LATER, PRODUCERS, Producer
from .calendar import calendar_paths, produce_calendars
from .explore import explorer_data_paths, produce_explorer, produce_explorer_data
from .export import data_paths, produce_data, produce_data_page
from .feeds import feed_paths, produce_feeds
from .permalinks import produce_redirects
from .stats import produce_stats

_ORDER: list[Producer] = [
    produce_redirects,
    produce_calendars,
    produce_feeds,
    produce_data,
    produce_data_page,
    produce_stats,
    produce_explorer_data,
    produce_explorer,
]

for _producer in _ORDER:
    if _producer not in PRODUCERS:
        PRODUCERS.append(_producer)

# Calendars, feeds and data files are only files, with names known from the index: with a
# worker they are made after the pages (see ``pipeline.LATER``). Together they were 80 % of
# the producers' time at 10,000 entries; the explorer's data most of the rest.
LATER[produce_calendars] = calendar_paths
LATER[produce_feeds] = feed_paths
LATER[produce_data] = data_paths
LATER[produce_explorer_data] = explorer_data_paths
