"""Every page of the demo user at 390 px and at 1280 px, light and dark (issue 16).

The pages are found by following the demo user's links from the dashboard (every kind of page,
a few of each, and every break's projection); the planner is added with each kind of break.
Each page fails the test when:

- it scrolls sideways (the document is wider than the window);
- a table cell is clipped: wider than its box, or reaching out of a box that hides or scrolls
  its overflow, unless that box is a labelled scrolling region the keyboard can reach;
- a scrolling region exists that the keyboard cannot reach or that does not say it scrolls;
- a chart, as displayed, has text under 12 CSS px, two texts overlapping, a text reaching out of
  the figure, or its legend on the data. The chart is the image the browser chose (its
  ``currentSrc``), opened as an SVG document and measured there: every text is a group of glyphs
  scaled to its font size; their boxes are the browser's.

Every ``<details>`` is opened first, so that folded tables are checked too. Screenshots of the
dashboard, a break's projection and the planner are kept in test-results/.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page

from tests.conftest import Client, new_client
from tests.e2e.conftest import screenshot
from tests.factories import session_for
from tracker.break_days import today_in
from tracker.demo import create_demo_user

EMAIL, PASSWORD = "demo@example.com", "correct horse battery"
#: Links never followed: sign-out, files and images, and pages that only answer a form.
SKIP = re.compile(r"^/(static|charts|logout)\b|/export|download=|\.(json|csv|png|svg)\b")
PER_PATTERN = 3
MIN_CHART_TEXT_PX = 12.0
#: Problems listed per page (the rest are counted).
MAX_SHOWN = 6

PLANS = (
    "/planner",
    "/planner?start={monday}&days=42&kind=reduced&sessions=2&dose=1&compare=rest",
    "/planner?start={monday}&days=21&kind=immobilized&region=left_arm&dose=1.5"
    "&compare=rest&compare=reduced_1",
)

#: Run in the page: sideways overflow, clipped cells and unlabelled scrolling regions.
PAGE_CHECK = """() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth + 1) {
    problems.push(`the page scrolls sideways: ${doc.scrollWidth} px in ${window.innerWidth}`);
  }
  const describe = (el) => {
    const text = (el.innerText || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    return `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}> "${text}"`;
  };
  const scrollsAcceptably = (box) => {
    const name = box.getAttribute('aria-label') || '';
    return box.tabIndex >= 0 && /scroll/i.test(name);
  };
  for (const box of document.querySelectorAll('body *')) {
    const style = getComputedStyle(box);
    const scrolls = ['auto', 'scroll'].includes(style.overflowX);
    if (scrolls && box.scrollWidth > box.clientWidth + 1 && !scrollsAcceptably(box)) {
      problems.push(`a region scrolls sideways, unnamed or out of reach: ${describe(box)}`);
    }
  }
  // Shown to screen readers only (the visually-hidden pattern): not a clipped cell.
  const readersOnly = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.clip !== 'auto' && style.position === 'absolute') return true;
      if (style.clipPath !== 'none' && style.position === 'absolute') return true;
      const r = node.getBoundingClientRect();
      if (style.overflow === 'hidden' && r.width <= 1 && r.height <= 1) return true;
    }
    return false;
  };
  for (const cell of document.querySelectorAll('td, th')) {
    if (!cell.getClientRects().length || readersOnly(cell)) continue;  // not shown
    let region = null;
    if (cell.scrollWidth > cell.clientWidth + 1) {
      problems.push(`a cell is wider than its box: ${describe(cell)}`);
      continue;
    }
    const rect = cell.getBoundingClientRect();
    for (let box = cell.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (style.overflowX === 'visible') continue;
      const outer = box.getBoundingClientRect();
      const out = rect.left < outer.left - 1 || rect.right > outer.right + 1;
      if (['auto', 'scroll'].includes(style.overflowX) && scrollsAcceptably(box)) {
        region = box;
      } else if (out) {
        problems.push(`a cell is clipped by ${describe(box)}: ${describe(cell)}`);
      }
      break;
    }
    if (!region && (rect.right > window.innerWidth + 1 || rect.left < -1)) {
      problems.push(`a cell reaches out of the window: ${describe(cell)}`);
    }
  }
  return problems;
}"""

#: Run in a chart's SVG document: every text run's size as displayed, and the boxes.
CHART_CHECK = """(shownWidth) => {
  const svg = document.documentElement;
  const view = svg.viewBox.baseVal;
  const frame = svg.getBoundingClientRect();
  const scale = shownWidth / view.width;            // CSS px shown per unit of the drawing
  const toShown = frame.width / view.width;         // document px per unit here
  const runs = [];
  for (const g of svg.querySelectorAll('g[transform]')) {
    const m = /scale\\(([-\\d.e]+)(?:[ ,]+([-\\d.e]+))?\\)/.exec(g.getAttribute('transform'));
    if (!m || !g.querySelector(':scope > use')) continue;
    const owner = g.parentElement.closest('g[id]');
    const label = owner ? owner.id : '?';
    const note = owner ? [...owner.childNodes].find((n) => n.nodeType === 8) : null;
    const text = note ? note.textContent.trim() : label;
    const r = g.getBoundingClientRect();
    runs.push({label, text, size: Math.abs(parseFloat(m[1])) * 100 * scale,
               left: r.left, top: r.top, right: r.right, bottom: r.bottom});
  }
  const box = (r) => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
  const areas = [...svg.querySelectorAll('g[id^="plot-area"]')];
  return {runs, areas: areas.map((g) => box(g.getBoundingClientRect())), frame: box(frame)};
}"""


def _pattern(url: str) -> str:
    return re.sub(r"\d+", "N", url)


def demo_pages(client: Client, monday: str) -> list[str]:
    """The demo user's pages: its links followed from the dashboard, a few of each kind."""
    counts: dict[str, int] = {}
    queue, found = ["/"], []
    while queue:
        url = queue.pop(0)
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        found.append(url)
        if "text/html" not in response.content_type:
            continue
        for href in re.findall(r'href="([^"#]+)', response.get_data(as_text=True)):
            href = href.replace("&amp;", "&")
            if not href.startswith("/") or SKIP.search(href) or href in found + queue:
                continue
            key = _pattern(href)
            if counts.get(key, 0) < PER_PATTERN:
                counts[key] = counts.get(key, 0) + 1
                queue.append(href)
    return found + [p.format(monday=monday) for p in PLANS[1:]]


@pytest.fixture
def demo(app: Flask) -> Iterator[list[str]]:
    with session_for(app) as session:
        user = create_demo_user(session=session, email=EMAIL, password=PASSWORD)
    client = new_client(app)
    client.login(user.email, PASSWORD)
    today = today_in(user.timezone)
    monday = (today + dt.timedelta(days=7 - today.weekday())).isoformat()
    yield demo_pages(client, monday)


def _chart_problems(page: Page, charts: Page, seen: dict[str, list[str]]) -> list[str]:
    problems: list[str] = []
    images = page.eval_on_selector_all(
        "img.chart-image",
        "els => els.map(e => ({src: e.currentSrc, width: e.getBoundingClientRect().width,"
        " complete: e.complete && e.naturalWidth > 0}))",
    )
    for image in images:
        assert image["complete"], f"a chart did not load: {image['src']}"
        key = f"{image['src']}@{image['width']:.0f}"
        if key not in seen:
            charts.goto(image["src"])
            seen[key] = _measure(charts.evaluate(CHART_CHECK, image["width"]), image["src"])
        problems += seen[key]
    return problems


def _measure(found: dict[str, Any], src: str) -> list[str]:
    name = re.sub(r"\?.*", "", src.split("/charts/")[-1])
    size = re.search(r"size=(\w+)", src)
    where = f"{name} ({size.group(1) if size else '?'})"
    problems = []
    runs = found["runs"]
    if not runs:
        return [f"{where}: no text found in the chart"]
    for run in runs:
        if run["size"] < MIN_CHART_TEXT_PX - 0.05:
            problems.append(f"{where}: '{run['text']}' shown at {run['size']:.1f} px")
    frame, pad = found["frame"], 0.5
    for run in runs:
        if (
            run["left"] < frame["left"] - pad
            or run["right"] > frame["right"] + pad
            or run["top"] < frame["top"] - pad
            or run["bottom"] > frame["bottom"] + pad
        ):
            problems.append(f"{where}: '{run['text']}' reaches out of the figure")
    for i, a in enumerate(runs):
        for b in runs[i + 1 :]:
            if (
                a["left"] < b["right"] - pad
                and b["left"] < a["right"] - pad
                and a["top"] < b["bottom"] - pad
                and b["top"] < a["bottom"] - pad
            ):
                problems.append(f"{where}: '{a['text']}' overlaps '{b['text']}'")
    for run in runs:
        if not run["label"].startswith("label-legend"):
            continue
        for area in found["areas"]:
            if (
                run["left"] < area["right"]
                and area["left"] < run["right"]
                and run["top"] < area["bottom"]
                and area["top"] < run["bottom"]
            ):
                problems.append(f"{where}: the legend's '{run['text']}' is on the data")
    return problems


SHOTS = {"/": "dashboard", "/planner": "planner"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_every_page_fits_and_its_charts_read(
    browser: Browser, live_server: str, demo: list[str], width: int, scheme: str
) -> None:
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": 844 if phone else 800},
        color_scheme=scheme,  # type: ignore[arg-type]
        is_mobile=phone,
        has_touch=phone,
    )
    try:
        page, charts = context.new_page(), context.new_page()
        page.goto(f"{live_server}/login")
        page.get_by_label("E-mail").fill(EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server}/")
        problems: list[str] = []
        measured: dict[str, list[str]] = {}
        shot_projection = False
        for url in demo:
            page.goto(f"{live_server}{url}")
            page.wait_for_load_state("load")
            page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
            found = page.evaluate(PAGE_CHECK) + _chart_problems(page, charts, measured)
            problems += [f"{url}: {p}" for p in found[:MAX_SHOWN]]
            if len(found) > MAX_SHOWN:
                problems.append(f"{url}: and {len(found) - MAX_SHOWN} more")
            name = SHOTS.get(url)
            if name is None and url.endswith("/projection") and not shot_projection:
                name, shot_projection = "break-projection", True
            if name and phone:
                screenshot(page, f"{name}-{width}-{scheme}")
        assert measured, "no chart was measured"
        assert not problems, "\n".join(problems)
    finally:
        context.close()
