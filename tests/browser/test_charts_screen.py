"""The charts on a phone and a desktop, in light and dark (issue 6), measured in chromium.

Set ERFARINGSBASE_SCREENSHOTS=DIR to keep a screenshot of each view for a human to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from test_stats import build_mini

MEASURE = """() => Array.from(document.querySelectorAll('svg.eb-chart__svg')).map(svg => {
  const box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  const size = parseFloat(getComputedStyle(svg.querySelector('text')).fontSize);
  const bar = svg.querySelector('rect');
  return {width: box.width, text: size * scale,
          fill: bar ? getComputedStyle(bar).fill : null};
})"""


def test_charts_read_on_a_phone_and_a_desktop_in_light_and_dark(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser: Browser
) -> None:
    site = tmp_path / "site"
    build_mini(mini, site, monkeypatch)
    url = (site / "tall/index.html").as_uri()
    shots = os.environ.get("ERFARINGSBASE_SCREENSHOTS")
    fills: dict[str, list[str | None]] = {}
    for width, scheme in ((360, "light"), (1280, "light"), (360, "dark")):
        page = browser.new_page(viewport={"width": width, "height": 800}, color_scheme=scheme)
        page.goto(url)
        charts_ = page.evaluate(MEASURE)
        assert len(charts_) == 5
        for chart in charts_:
            assert chart["width"] <= width  # never wider than the screen
            # At least 11 px on a phone, and no bigger than body text on a desktop.
            assert 11 <= chart["text"] <= 17, (width, chart)
        fills[f"{width}-{scheme}"] = [c["fill"] for c in charts_]
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(shots) / f"tall-{width}-{scheme}.png"), full_page=True)
        page.close()
    # The bars take their colour from charts.css, and it follows the colour scheme.
    assert fills["360-light"][0] == "rgb(0, 98, 186)"  # Designsystemet's accent, #0062ba
    assert fills["360-dark"][0] == "rgb(159, 168, 218)"  # #9fa8da, light on dark
