"""Events that stay true: which are upcoming was decided when the site was built; the reader's
browser moves those that have ended since to «Tidligere» (issue 23). Lists show the time."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator

import pytest
from browser_support import ready

from conftest import Visit, serve
from support import FIXTURES, mkdocs_build

#: 1 September 2023: the mini site's webinars (14 and 28 September 2023) were still ahead.
BUILT_BEFORE: str = "1693526400"


@pytest.fixture(scope="module")
def events_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("events")
    shutil.copytree(FIXTURES / "mini", root / "mini")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", BUILT_BEFORE)
        result = mkdocs_build(root / "site", root / "mini" / "mkdocs.yml")
    assert result.returncode == 0, result.stderr[-3000:]
    # Without script, the build's split stands: both were upcoming then.
    page = (root / "site" / "arrangementer" / "index.html").read_text("utf-8")
    upcoming = page.split('class="eb-events-upcoming"')[1].split("</ul>")[0]
    assert upcoming.count("<li>") == 2
    assert re.search(r"14\. september 2023 kl\. 10\.00–11\.30</time>", upcoming)
    with serve(root / "site") as url:
        yield url


def test_an_event_that_has_ended_moves_to_the_past(
    events_url: str, visit: Callable[..., Visit]
) -> None:
    page = visit().page
    page.goto(events_url + "arrangementer/")
    ready(page)
    assert page.locator("ul.eb-events-upcoming").count() == 0
    past = page.locator("ul.eb-events-past > li").all_inner_texts()
    assert len(past) == 2
    # Newest first, as the build lists the past: the series (ends 28 September) on top.
    assert past[0].startswith("Samhandlingsarena")
    assert "Ingen kommende arrangementer er registrert." in page.locator("article").inner_text()
