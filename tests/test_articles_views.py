"""The public explainer pages and the explainer aside."""

from __future__ import annotations

import re

import pytest
from flask import Flask, render_template_string
from flask.testing import FlaskClient
from markupsafe import escape

from tracker.content import ARTICLE_SLUGS, Situation, article_for, load_articles


def test_index_lists_every_article(client: FlaskClient) -> None:
    response = client.get("/articles")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for slug, article in load_articles().items():
        assert f'href="/articles/{slug}"' in html
        assert str(escape(article.title)) in html
        assert str(escape(article.summary)) in html
        assert f"{article.reading_minutes} min read" in html
    positions = [html.index(f'href="/articles/{slug}"') for slug in ARTICLE_SLUGS]
    assert positions == sorted(positions)


@pytest.mark.parametrize("slug", ARTICLE_SLUGS)
def test_each_article_is_public(client: FlaskClient, slug: str) -> None:
    response = client.get(f"/articles/{slug}")
    assert response.status_code == 200  # no login needed: not a redirect to /login
    html = response.get_data(as_text=True)
    article = load_articles()[slug]
    assert f'<h1 id="article-title">{escape(article.title)}</h1>' in html
    assert 'id="article-references-title"' in html
    assert "css/articles.css" in html
    assert 'href="https://doi.org/' in html


def test_long_article_has_a_table_of_contents(client: FlaskClient) -> None:
    html = client.get("/articles/during-a-break").get_data(as_text=True)
    toc = html.split('<nav class="article-toc"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="#the-first-two-weeks">The first two weeks</a>' in toc
    assert 'id="the-first-two-weeks"' in html


@pytest.mark.parametrize("slug", ARTICLE_SLUGS)
def test_article_pages_have_no_inline_scripts_or_styles(client: FlaskClient, slug: str) -> None:
    html = client.get(f"/articles/{slug}").get_data(as_text=True)
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    assert "<script" not in article and "<style" not in article
    assert not re.search(r"\sstyle=", article) and not re.search(r"\son\w+=", article)


@pytest.mark.parametrize(
    "path",
    [
        "/articles/no-such-article",
        "/articles/..%2Fsecret",
        "/articles/..%2F..%2Fpyproject.toml",
        "/articles/muscle-memory.md",
        "/articles/MUSCLE-MEMORY",
        "/articles/%2E%2E",
    ],
)
def test_unknown_slugs_are_not_found(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_explainer_aside_links_to_the_section(app: Flask) -> None:
    link = article_for(Situation("break", "rest", "vacation", ongoing=True, day=20))
    template = '{% with explainer=link %}{% include "_partials/explainer.html" %}{% endwith %}'
    with app.test_request_context():
        html = render_template_string(template, link=link)
    assert '<aside class="explainer-aside"' in html
    assert 'href="/articles/during-a-break#weeks-3-to-8"' in html
    assert str(escape(link.title)) in html and str(escape(link.summary)) in html
    assert "Read the explainer" in html


def test_explainer_aside_without_a_section_or_a_link(app: Flask) -> None:
    template = '{% with explainer=link %}{% include "_partials/explainer.html" %}{% endwith %}'
    with app.test_request_context():
        html = render_template_string(template, link=article_for(Situation("dashboard")))
        empty = render_template_string(template, link=None)
    assert 'href="/articles/muscle-memory"' in html
    assert empty.strip() == ""
