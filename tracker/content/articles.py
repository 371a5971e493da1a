"""Explainer articles: Markdown files with front matter, an allow-list and one render function.

An article is ``articles/<slug>.md``: YAML front matter (title, summary, tags, references)
between ``---`` lines, then a Markdown body. In the body, ``[@id]`` (or ``[@a; @b]``) cites
a reference by its id, and a line ``[[validation-table]]`` stands for the model's validation
table, generated when the article is rendered. Raw HTML in a file is never passed through.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

import yaml
from markdown_it.token import Token
from markupsafe import Markup

from tracker.content.markdown import CITATION, citation_tokens, markdown, trusted_line_breaks

ARTICLES_DIR = Path(__file__).resolve().parent / "articles"

#: The only articles served, in the order the index lists them. A file not named here is
#: never read, whatever a URL asks for.
ARTICLE_SLUGS: tuple[str, ...] = (
    "muscle-memory",
    "during-a-break",
    "injury-and-immobilisation",
    "coming-back",
    "training-less",
    "how-the-estimate-works",
)

#: The contexts an article can be tagged with.
KNOWN_TAGS: frozenset[str] = frozenset(
    {
        "dashboard",
        "break",
        "rest",
        "reduced",
        "immobilized",
        "injury",
        "illness",
        "return",
        "planning",
        "model",
        "age",
    }
)

#: A table of contents is shown for articles with more than this many sections.
TOC_MIN_SECTIONS = 4
WORDS_PER_MINUTE = 200

_PLACEHOLDER_LINE = re.compile(r"^\[\[([a-z0-9-]+)\]\][ \t]*$", re.MULTILINE)
_REFERENCE_ID = re.compile(r"^[A-Za-z0-9_-]+$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


class ArticleError(ValueError):
    """An article file or an in-memory article is malformed."""


@dataclass(frozen=True)
class Reference:
    """One entry of an article's reference list."""

    id: str
    text: str
    doi: str | None = None
    url: str | None = None

    @property
    def href(self) -> str | None:
        """Where the reference links to: its DOI resolver address, else its url."""
        if self.doi:
            return "https://doi.org/" + quote(self.doi, safe="/:;()._-")
        return self.url


@dataclass(frozen=True)
class Article:
    """An explainer as loaded from its file (body not yet rendered)."""

    slug: str
    title: str
    summary: str
    tags: tuple[str, ...]
    references: tuple[Reference, ...]
    body_markdown: str
    reading_minutes: int


class TocEntry(NamedTuple):
    """A heading of the table of contents: (level, anchor, text)."""

    level: int
    anchor: str
    text: str


@dataclass(frozen=True)
class NumberedReference:
    """A reference with the number its citations show."""

    number: int
    reference: Reference

    @property
    def anchor(self) -> str:
        return f"ref-{self.number}"


@dataclass(frozen=True)
class RenderedArticle:
    """An article turned into safe HTML: the body, then its numbered reference list."""

    article: Article
    html: Markup
    toc: tuple[TocEntry, ...]
    references: tuple[NumberedReference, ...]


# --- loading -------------------------------------------------------------------------------


def load_articles() -> dict[str, Article]:
    """Every article on the allow-list, by slug (files are read once per process)."""
    return dict(_load_all())


def get_article(slug: str) -> Article | None:
    """The article for ``slug``, or None when the slug is not on the allow-list."""
    if slug not in ARTICLE_SLUGS:
        return None
    return load_articles().get(slug)


@functools.cache
def _load_all() -> tuple[tuple[str, Article], ...]:
    return tuple((slug, _read(slug)) for slug in ARTICLE_SLUGS)


def _read(slug: str) -> Article:
    path = ARTICLES_DIR / f"{slug}.md"
    try:
        return parse_article(slug, path.read_text(encoding="utf-8"))
    except ArticleError as exc:
        raise ArticleError(f"{path.name}: {exc}") from exc


def parse_article(slug: str, text: str) -> Article:
    """Build an :class:`Article` from a file's text, checking its front matter and citations."""
    front, body = _split_front_matter(text)
    title = _required_str(front, "title")
    summary = _required_str(front, "summary")
    tags = front.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ArticleError("tags must be a list of strings")
    unknown_tags = sorted(set(tags) - KNOWN_TAGS)
    if unknown_tags:
        raise ArticleError(f"unknown tags {unknown_tags}")
    references = _parse_references(front.get("references") or [])
    article = Article(
        slug=slug,
        title=title,
        summary=summary,
        tags=tuple(tags),
        references=references,
        body_markdown=body,
        reading_minutes=reading_minutes(body),
    )
    _check_citations(article)
    _check_placeholders(body)
    return article


def _split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ArticleError("missing front matter (the file must start with a '---' line)")
    end = next((i for i, line in enumerate(lines) if i > 0 and line.strip() == "---"), None)
    if end is None:
        raise ArticleError("front matter is not closed by a '---' line")
    try:
        front = yaml.safe_load("".join(lines[1:end]))
    except yaml.YAMLError as exc:
        raise ArticleError(f"front matter is not valid YAML: {exc}") from exc
    if not isinstance(front, dict):
        raise ArticleError("front matter must be a mapping")
    return front, "".join(lines[end + 1 :]).strip() + "\n"


def _required_str(front: Mapping[str, Any], key: str) -> str:
    value = front.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ArticleError(f"front matter needs a non-empty string '{key}'")
    return value.strip()


def _parse_references(raw: object) -> tuple[Reference, ...]:
    if not isinstance(raw, list):
        raise ArticleError("references must be a list")
    references: list[Reference] = []
    for item in raw:
        if not isinstance(item, dict):
            raise ArticleError("each reference must be a mapping with id and text")
        ref_id, text = item.get("id"), item.get("text")
        doi, url = item.get("doi"), item.get("url")
        if not isinstance(ref_id, str) or not _REFERENCE_ID.match(ref_id):
            raise ArticleError(f"bad reference id {ref_id!r}")
        if not isinstance(text, str) or not text.strip():
            raise ArticleError(f"reference {ref_id} needs a text")
        if doi is not None and (not isinstance(doi, str) or not _DOI.match(doi)):
            raise ArticleError(f"reference {ref_id}: {doi!r} is not a DOI")
        if url is not None and (not isinstance(url, str) or not url.startswith("https://")):
            raise ArticleError(f"reference {ref_id}: url must start with https://")
        if any(r.id == ref_id for r in references):
            raise ArticleError(f"duplicate reference id {ref_id}")
        references.append(Reference(id=ref_id, text=text.strip(), doi=doi, url=url))
    return tuple(references)


def citation_ids(text: str) -> list[str]:
    """Reference ids cited in Markdown ``text``, in order of first citation (code is skipped)."""
    seen: dict[str, None] = {}
    for token in citation_tokens(markdown().parse(text)):
        for ref_id in token.meta["ids"]:
            seen.setdefault(ref_id, None)
    return list(seen)


def _check_citations(article: Article) -> None:
    cited = set(citation_ids(article.body_markdown))
    known = {r.id for r in article.references}
    if cited - known:
        raise ArticleError(f"cites unknown references {sorted(cited - known)}")
    if known - cited:
        raise ArticleError(f"lists references it never cites {sorted(known - cited)}")


def _check_placeholders(body: str) -> None:
    unknown = {name for name in _PLACEHOLDER_LINE.findall(body) if name not in PLACEHOLDERS}
    if unknown:
        raise ArticleError(f"unknown placeholders {sorted(unknown)}")


def reading_minutes(text: str) -> int:
    """Estimated reading time: words at 200 a minute, rounded up (at least one minute)."""
    words = len(_WORD.findall(CITATION.sub(" ", text)))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


# --- generated content ---------------------------------------------------------------------


def _validation_table() -> str:
    """The model's own validation report (imported late: the model may load after us)."""
    from tracker.physiology.validation import validation_markdown

    return validation_markdown()


#: Lines ``[[name]]`` in a body are replaced by the Markdown these functions return.
PLACEHOLDERS: dict[str, Callable[[], str]] = {"validation-table": _validation_table}


def _expand_placeholders(body: str) -> str:
    def replace(match: re.Match[str]) -> str:
        return "\n" + trusted_line_breaks(PLACEHOLDERS[match.group(1)]().strip()) + "\n"

    return _PLACEHOLDER_LINE.sub(replace, body)


# --- rendering -----------------------------------------------------------------------------


def render_article(article: Article) -> RenderedArticle:
    """Render an article to safe HTML with numbered citations and a reference list.

    Raises :class:`ArticleError` if the body cites an id missing from its references.
    """
    md = markdown()
    tokens = md.parse(_expand_placeholders(article.body_markdown))

    by_id = {r.id: r for r in article.references}
    numbers: dict[str, int] = {}
    for token in citation_tokens(tokens):
        for ref_id in token.meta["ids"]:
            if ref_id not in by_id:
                raise ArticleError(f"{article.slug}: unknown citation [@{ref_id}]")
            numbers.setdefault(ref_id, len(numbers) + 1)
    for ref in article.references:  # listed but not cited: still shown, after the cited ones
        numbers.setdefault(ref.id, len(numbers) + 1)
    numbered = tuple(
        NumberedReference(n, by_id[ref_id])
        for ref_id, n in sorted(numbers.items(), key=lambda item: item[1])
    )

    env: dict[str, Any] = {
        "numbers": numbers,
        "titles": {ref_id: ref.text for ref_id, ref in by_id.items()},
    }
    body = md.renderer.render(tokens, md.options, env)
    html = Markup(body) + _reference_list(numbered)
    return RenderedArticle(article=article, html=html, toc=_toc(tokens), references=numbered)


def _reference_list(references: Sequence[NumberedReference]) -> Markup:
    if not references:
        return Markup("")
    items = []
    for ref in references:
        link = Markup("")
        target = ref.reference.href
        if target:
            label = f"doi:{ref.reference.doi}" if ref.reference.doi else target
            link = Markup(' <a href="{}">{}</a>').format(target, label)
        items.append(
            Markup(
                '<li id="{}" value="{}">{}{} <a class="ref-back" href="#cite-{}" '
                'aria-label="Back to the first citation">↩</a></li>'
            ).format(ref.anchor, ref.number, ref.reference.text, link, ref.number)
        )
    return Markup(
        '<section class="article-references" aria-labelledby="article-references-title">'
        '<h2 id="article-references-title">References</h2><ol>{}</ol></section>'
    ).format(Markup("").join(items))


def _toc(tokens: Sequence[Token]) -> tuple[TocEntry, ...]:
    entries = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h2", "h3"):
            anchor = token.attrGet("id")
            if anchor:
                text = "".join(
                    child.content
                    for child in tokens[i + 1].children or ()
                    if child.type in ("text", "code_inline")
                )
                entries.append(TocEntry(int(token.tag[1]), str(anchor), text))
    if sum(1 for entry in entries if entry.level == 2) < TOC_MIN_SECTIONS:
        return ()
    return tuple(entries)
