"""Explainer articles: public pages, no login needed."""

from __future__ import annotations

import functools

from flask import Blueprint, abort, render_template

from tracker.content import (
    ARTICLE_SLUGS,
    RenderedArticle,
    get_article,
    load_articles,
    render_article,
)

bp = Blueprint("articles", __name__)


@bp.get("/articles")
def index() -> str:
    articles = load_articles()
    return render_template("articles/index.html", articles=[articles[s] for s in ARTICLE_SLUGS])


@bp.get("/articles/<slug>")
def show(slug: str) -> str:
    # The allow-list is checked before anything touches the file system.
    if slug not in ARTICLE_SLUGS:
        abort(404)
    rendered = _rendered(slug)
    return render_template("articles/article.html", article=rendered.article, rendered=rendered)


@functools.cache
def _rendered(slug: str) -> RenderedArticle:
    # Articles only change with a deploy, and one of them runs the model's validation report,
    # so each is rendered once per process. Keyed by allow-listed slugs only: bounded.
    article = get_article(slug)
    if article is None:
        abort(404)
    return render_article(article)
