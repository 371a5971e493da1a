"""Explainer articles (Markdown files on an allow-list) and the choice of one for a page."""

from tracker.content.articles import (
    ARTICLE_SLUGS,
    Article,
    ArticleError,
    NumberedReference,
    Reference,
    RenderedArticle,
    TocEntry,
    get_article,
    load_articles,
    render_article,
)
from tracker.content.context import ArticleLink, Situation, article_for

__all__ = [
    "ARTICLE_SLUGS",
    "Article",
    "ArticleError",
    "ArticleLink",
    "NumberedReference",
    "Reference",
    "RenderedArticle",
    "Situation",
    "TocEntry",
    "article_for",
    "get_article",
    "load_articles",
    "render_article",
]
