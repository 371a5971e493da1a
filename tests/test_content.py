"""Explainer articles: loading, citations, safe rendering, and picking one for a page (no app)."""

from __future__ import annotations

import html
import re
import sys
import types

import pytest

from tracker.content import (
    ARTICLE_SLUGS,
    ArticleError,
    ArticleLink,
    Situation,
    article_for,
    get_article,
    load_articles,
    render_article,
)
from tracker.content.articles import ARTICLES_DIR, citation_ids, parse_article, reading_minutes

# Markers as the authors write them, found with a pattern of our own (not the renderer's).
MARKER = re.compile(r"\[(@[^\]]+)\]")


def marker_ids(markdown: str) -> list[str]:
    return [
        part.strip().removeprefix("@")
        for group in MARKER.findall(markdown)
        for part in group.split(";")
    ]


def article_text(body: str, references: str = "[]", title: str = "T") -> str:
    return f"---\ntitle: {title}\nsummary: S\ntags: [break]\nreferences: {references}\n---\n{body}"


def ids_in(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


# --- the articles on the allow-list ------------------------------------------------------------


def test_allow_list_and_files_match() -> None:
    files = {path.stem for path in ARTICLES_DIR.glob("*.md")}
    assert files == set(ARTICLE_SLUGS)
    assert set(load_articles()) == set(ARTICLE_SLUGS)


@pytest.mark.parametrize("slug", ARTICLE_SLUGS)
def test_every_article_loads_and_renders(slug: str) -> None:
    article = get_article(slug)
    assert article is not None and article.slug == slug
    assert article.title and article.summary and article.tags
    rendered = render_article(article)
    html = str(rendered.html)
    assert "<h2" in html and "<p>" in html
    assert '<section class="article-references"' in html
    assert "[@" not in html and "[[" not in html  # every marker and placeholder was replaced


@pytest.mark.parametrize("slug", ARTICLE_SLUGS)
def test_every_citation_resolves_and_every_reference_is_cited(slug: str) -> None:
    article = get_article(slug)
    assert article is not None
    cited = set(marker_ids(article.body_markdown))
    listed = [r.id for r in article.references]
    assert len(listed) == len(set(listed))
    assert cited == set(listed)
    assert set(citation_ids(article.body_markdown)) == cited


@pytest.mark.parametrize("slug", ARTICLE_SLUGS)
def test_citations_become_numbered_links_to_the_reference_list(slug: str) -> None:
    article = get_article(slug)
    assert article is not None
    rendered = render_article(article)
    html = str(rendered.html)
    markers = MARKER.findall(article.body_markdown)
    assert html.count('<sup class="cite">') == len(markers)
    targets = set(re.findall(r'<a href="#(ref-\d+)"', html))
    assert targets == {f"ref-{n}" for n in range(1, len(article.references) + 1)}
    assert targets <= ids_in(html)
    # Numbered in order of first citation: the first marker in the text is reference 1.
    first = marker_ids(article.body_markdown)[0]
    assert rendered.references[0].number == 1 and rendered.references[0].reference.id == first
    assert [r.number for r in rendered.references] == list(range(1, len(article.references) + 1))


@pytest.mark.parametrize("slug", ARTICLE_SLUGS)
def test_dois_render_as_links(slug: str) -> None:
    article = get_article(slug)
    assert article is not None
    html = str(render_article(article).html)
    for ref in article.references:
        assert ref.doi or ref.url, f"{ref.id} has neither a DOI nor an address"
        if ref.doi:
            assert re.fullmatch(r"10\.\d{4,9}/\S+", ref.doi)
            assert f'<a href="https://doi.org/{ref.doi}">doi:{ref.doi}</a>' in html
        else:
            assert ref.url and f'<a href="{ref.url}">' in html


@pytest.mark.parametrize("slug", ARTICLE_SLUGS)
def test_articles_read_in_a_few_minutes(slug: str) -> None:
    article = get_article(slug)
    assert article is not None
    words = len(re.findall(r"\w+", MARKER.sub("", article.body_markdown)))
    assert 600 <= words <= 1250, words
    assert 3 <= article.reading_minutes <= 7


@pytest.mark.parametrize("slug", ARTICLE_SLUGS)
def test_links_between_articles_point_at_allowed_articles_and_sections(slug: str) -> None:
    article = get_article(slug)
    assert article is not None
    for target in re.findall(r"\]\(([^)]+)\)", article.body_markdown):
        if target.startswith("https://"):
            continue
        other_slug, _, anchor = target.partition("#")
        other = get_article(other_slug)
        assert other is not None, target
        if anchor:
            assert anchor in ids_in(str(render_article(other).html)), target


@pytest.mark.parametrize("slug", ARTICLE_SLUGS)
def test_articles_say_they_are_not_medical_advice(slug: str) -> None:
    article = get_article(slug)
    assert article is not None
    assert "not medical advice" in article.body_markdown


def test_table_of_contents_for_long_articles() -> None:
    article = get_article("during-a-break")
    assert article is not None
    rendered = render_article(article)
    headings = re.findall(r"^## (.+)$", article.body_markdown, re.MULTILINE)
    assert len(headings) > 3
    assert [entry.text for entry in rendered.toc] == headings
    assert all(entry.level == 2 for entry in rendered.toc)
    assert {entry.anchor for entry in rendered.toc} <= ids_in(str(rendered.html))
    assert rendered.toc[1].anchor == "weeks-3-to-8"


def test_no_table_of_contents_for_short_articles() -> None:
    three = "\n\n".join(f"## Part {n}\n\nText." for n in range(3))
    four = "\n\n".join(f"## Part {n}\n\nText." for n in range(4))
    assert render_article(parse_article("short", article_text(three))).toc == ()
    long = render_article(parse_article("long", article_text(four))).toc
    assert [(e.level, e.anchor, e.text) for e in long] == [
        (2, f"part-{n}", f"Part {n}") for n in range(4)
    ]


def test_reading_time_is_words_over_200_rounded_up() -> None:
    assert reading_minutes("word") == 1
    assert reading_minutes(" ".join(["word"] * 200)) == 1
    assert reading_minutes(" ".join(["word"] * 201)) == 2
    assert reading_minutes(" ".join(["word"] * 401)) == 3
    # Citation markers are not words to read.
    assert reading_minutes(" ".join(["word [@a]"] * 200)) == 1
    article = parse_article("t", article_text(" ".join(["word"] * 450)))
    assert article.reading_minutes == 3


# --- safety ------------------------------------------------------------------------------------


def test_raw_html_in_a_body_is_escaped() -> None:
    body = (
        "<script>alert('body')</script>\n\n"
        "Inline <img src=x onerror=alert(1)> and <b>bold</b>.\n\n"
        "[click](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=)\n\n"
        "| a | b |\n|---|---|\n| <i>x</i> | y |\n"
    )
    html = str(render_article(parse_article("evil", article_text(body))).html)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "<i>" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="javascript' not in html and 'href="data' not in html


def test_reference_texts_and_dois_are_escaped() -> None:
    refs = (
        '[{id: a, text: "<script>x</script> & co", doi: "10.1002/(SICI)1097<4598>"},'
        ' {id: b, text: "Plain", url: "https://example.org/?q=1&r=\\"2\\""}]'
    )
    html = str(render_article(parse_article("refs", article_text("Cite [@a; @b].", refs))).html)
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt; &amp; co" in html
    assert 'href="https://doi.org/10.1002/(SICI)1097%3C4598%3E"' in html
    assert 'href="https://example.org/?q=1&amp;r=&#34;2&#34;"' in html
    assert re.search(r'<sup class="cite"><a href="#ref-1"[^>]*>1</a>, <a href="#ref-2"', html)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter", "front matter"),
        (article_text("Cites [@missing]."), "unknown references"),
        (article_text("Cites nothing.", "[{id: a, text: A}]"), "never cites"),
        (article_text("[@a]", '[{id: a, text: A, doi: "not-a-doi"}]'), "not a DOI"),
        (article_text("[@a]", '[{id: a, text: A, url: "javascript:x"}]'), "https://"),
        (article_text("[@a]", "[{id: a, text: A}, {id: a, text: B}]"), "duplicate"),
        (article_text("Text\n\n[[no-such-table]]\n"), "placeholders"),
        ("---\ntitle: T\nsummary: S\ntags: [nonsense]\n---\nBody", "unknown tags"),
        ("---\nsummary: S\n---\nBody", "title"),
    ],
)
def test_malformed_articles_are_rejected(text: str, message: str) -> None:
    with pytest.raises(ArticleError, match=message):
        parse_article("bad", text)


def test_citations_in_code_are_not_citations() -> None:
    article = parse_article("code", article_text("Write `[@a]` to cite.\n\n    [@b]\n"))
    assert citation_ids(article.body_markdown) == []
    assert "[@a]" in str(render_article(article).html)


@pytest.mark.parametrize("slug", ["../secret", "..%2Fsecret", "muscle-memory.md", "", "README"])
def test_slugs_off_the_allow_list_are_not_found(slug: str) -> None:
    assert get_article(slug) is None


# --- the validation table is the model's own report ----------------------------------------


def test_placeholder_is_replaced_by_what_the_model_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("tracker.physiology.validation")
    fake.validation_markdown = lambda: "| study | model |\n|---|---|\n| Sentinel 1999 | +42 % |\n"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tracker.physiology.validation", fake)
    article = get_article("how-the-estimate-works")
    assert article is not None
    html = str(render_article(article).html)
    assert "<td>Sentinel 1999</td>" in html and "<td>+42 %</td>" in html
    assert '<div class="table-scroll" tabindex="0" role="region" aria-label="Table (scrolls' in html
    assert 'wider than the screen)"><table>' in html


def test_generated_line_breaks_are_kept_and_a_files_are_escaped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = types.ModuleType("tracker.physiology.validation")
    fake.validation_markdown = lambda: "| a |\n|---|\n| one<br>two<BR/>three |\n"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tracker.physiology.validation", fake)
    body = "File text with a<br>tag.\n\n[[validation-table]]\n"
    html = str(render_article(parse_article("t", article_text(body))).html)
    assert "<td>one<br />\ntwo<br />\nthree</td>" in html
    assert "a&lt;br&gt;tag" in html


def html_table_cells(table: str) -> list[list[str]]:
    """Text of each cell of an HTML table, row by row, with line breaks as newlines."""
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL):
        cells = re.findall(r"<t[hd]>(.*?)</t[hd]>", row, re.DOTALL)
        rows.append(
            [html.unescape(re.sub(r"<[^>]+>", "", c.replace("<br />\n", "\n"))) for c in cells]
        )
    return rows


def markdown_table_cells(text: str) -> list[list[str]]:
    """Text of each cell of a Markdown table (header and body rows), emphasis marks removed."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip().startswith("|")]
    rows = [lines[0], *lines[2:]]  # the second line is the delimiter row
    return [
        [
            re.sub(r"\*\*(.*?)\*\*", r"\1", cell.strip()).replace("<br>", "\n")
            for cell in row.strip("|").split("|")
        ]
        for row in rows
    ]


def test_validation_table_is_the_models_report_not_a_copy() -> None:
    validation = pytest.importorskip("tracker.physiology.validation")
    article = get_article("how-the-estimate-works")
    assert article is not None
    body_lines = article.body_markdown.splitlines()
    assert "[[validation-table]]" in body_lines
    assert not any(line.lstrip().startswith("|") for line in body_lines)  # no table in the file

    tables = re.findall(r"<table>.*?</table>", str(render_article(article).html), re.DOTALL)
    # The studies, then the backtest on real logs and the personal calibration (both in
    # test_backtest_table).
    assert len(tables) == 3
    rendered = html_table_cells(tables[0])
    assert rendered == markdown_table_cells(validation.validation_markdown())
    rows = validation.validation_rows()
    assert len(rendered) == 1 + len(rows)
    assert [cells[0] for cells in rendered[1:]] == [row.study for row in rows]


# --- which article for which page --------------------------------------------------------------

CASES = [
    # kind, mode, reason, ongoing, day -> slug, anchor
    (("dashboard", None, None, False, None), ("muscle-memory", None)),
    (("dashboard", "rest", "vacation", True, 3), ("during-a-break", "the-first-two-weeks")),
    (("dashboard", "rest", "vacation", False, None), ("coming-back", None)),
    (("break", "immobilized", "injury", True, 4), ("injury-and-immobilisation", None)),
    (("break", "immobilized", "illness", True, None), ("injury-and-immobilisation", None)),
    (
        ("break", "rest", "injury", True, 10),
        ("injury-and-immobilisation", "what-you-can-still-train"),
    ),
    (
        ("break", "reduced", "injury", True, None),
        ("injury-and-immobilisation", "what-you-can-still-train"),
    ),
    (("break", "reduced", "stress", True, 30), ("training-less", None)),
    (("break", "rest", "vacation", True, None), ("during-a-break", None)),
    (("break", "rest", "vacation", True, 0), ("during-a-break", "the-first-two-weeks")),
    (("break", "rest", "illness", True, 13), ("during-a-break", "the-first-two-weeks")),
    (("break", "rest", "motivation", True, 14), ("during-a-break", "weeks-3-to-8")),
    (("break", "rest", "unknown", True, 55), ("during-a-break", "weeks-3-to-8")),
    (("break", "rest", "other", True, 56), ("during-a-break", "two-to-twelve-months")),
    (("break", "rest", None, True, 364), ("during-a-break", "two-to-twelve-months")),
    (("break", "rest", None, True, 900), ("during-a-break", "a-year-or-more")),
    (("break", None, None, True, None), ("during-a-break", None)),
    (("break", "rest", "vacation", False, 40), ("coming-back", None)),
    (("break", "immobilized", "injury", False, 40), ("coming-back", "after-an-injury-or-a-cast")),
    (("return", "rest", "vacation", False, None), ("coming-back", None)),
    (("return", None, None, False, None), ("coming-back", None)),
    (("return", "rest", "injury", False, None), ("coming-back", "after-an-injury-or-a-cast")),
    (
        ("return", "immobilized", "illness", False, None),
        ("coming-back", "after-an-injury-or-a-cast"),
    ),
    (("planning", "reduced", None, False, None), ("training-less", None)),
    (("planning", "rest", "vacation", False, None), ("during-a-break", None)),
    (("planning", None, None, False, None), ("during-a-break", None)),
    (("planning", "immobilized", "injury", False, None), ("injury-and-immobilisation", None)),
    (
        ("planning", "rest", "injury", False, None),
        ("injury-and-immobilisation", "what-you-can-still-train"),
    ),
]


@pytest.mark.parametrize(("situation", "expected"), CASES)
def test_article_for_picks_the_article_and_section(
    situation: tuple[str, str | None, str | None, bool, int | None],
    expected: tuple[str, str | None],
) -> None:
    kind, mode, reason, ongoing, day = situation
    link = article_for(Situation(kind, mode, reason, ongoing, day))  # type: ignore[arg-type]
    assert (link.slug, link.anchor) == expected
    article = get_article(link.slug)
    assert article is not None
    assert link == ArticleLink(link.slug, article.title, article.summary, link.anchor)
    if link.anchor is not None:
        assert link.anchor in ids_in(str(render_article(article).html))


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "holiday"},
        {"kind": "break", "break_mode": "sleeping"},
        {"kind": "break", "reason": "boredom"},
        {"kind": "break", "day": -1},
    ],
)
def test_situation_rejects_unknown_values(fields: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Situation(**fields)  # type: ignore[arg-type]


def test_citation_markers_sit_against_the_word_they_support() -> None:
    refs = "[{id: a, text: A}]"
    html = str(
        render_article(parse_article("t", article_text("One claim\n[@a]. Two [@a].", refs))).html
    )
    assert "claim<sup" in html and "Two<sup" in html
