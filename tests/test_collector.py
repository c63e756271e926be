"""The cycle collector during a build (``mkdocs/collector.py``): old objects are left alone
while the site is built, and frozen only when the process is about to exit."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from erfaringsbase.mkdocs.collector import NEVER, BuildCollector


@pytest.fixture(autouse=True)
def _collector_as_it_was() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.parametrize(("exiting", "frozen_after"), [(True, True), (False, False)])
def test_old_objects_are_left_alone_while_building_and_frozen_only_before_exit(
    exiting: bool, frozen_after: bool
) -> None:
    before = gc.get_threshold()
    collector = BuildCollector()
    collector.begin()
    assert gc.get_threshold() == (before[0], before[1], NEVER)
    collector.begin()  # a second begin changes nothing
    collector.end(exiting=exiting)
    assert gc.get_threshold() == before
    assert (gc.get_freeze_count() > 0) is frozen_after
    collector.end(exiting=exiting)  # a second end changes nothing
    assert gc.get_threshold() == before


def test_the_next_build_thaws_what_the_last_one_froze() -> None:
    collector = BuildCollector()
    collector.begin()
    collector.end(exiting=True)
    assert gc.get_freeze_count() > 0
    # A process that builds again (a test, a script) gets the last build's garbage collected.
    collector.begin()
    assert gc.get_freeze_count() == 0
    collector.end(exiting=False)
