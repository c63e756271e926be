"""Registers every producer with the pipeline, in the order they run.

Each producer module stays independent of the others; this is the one place that lists
them, so adding an output is one import and one line.
"""

from __future__ import annotations

from .calendar import calendar_paths, produce_calendars
from .explore import produce_explorer
from .export import produce_data
from .feeds import feed_paths, produce_feeds
from .permalinks import produce_redirects
from .pipeline import BESIDE, LATER, PRODUCERS, Producer
from .stats import produce_stats

_ORDER: list[Producer] = [
    produce_redirects,
    produce_calendars,
    produce_feeds,
    produce_data,
    produce_stats,
    produce_explorer,
]

for _producer in _ORDER:
    if _producer not in PRODUCERS:
        PRODUCERS.append(_producer)

# The data exports take half the producers' time: a worker runs them, when there is one.
BESIDE.add(produce_data)
# Calendars and feeds are only files, with names known from the index: with a worker they
# are made after the pages (see ``pipeline.LATER``).
LATER[produce_calendars] = calendar_paths
LATER[produce_feeds] = feed_paths
