"""The Markdown dialect of the articles: CommonMark without raw HTML, tables, heading anchors,
and citation markers ``[@id]`` / ``[@a; @b]`` rendered as numbered superscript links."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup
from mdit_py_plugins.anchors import anchors_plugin

CITATION = re.compile(r"\[(@[A-Za-z0-9_-]+(?:\s*;\s*@[A-Za-z0-9_-]+)*)\]")

#: Stands for a line break inside a table cell. Generated tables (the model's validation report)
#: write ``<br>`` there; raw HTML is off, so :func:`trusted_line_breaks` swaps their ``<br>`` for
#: this character, which the renderer turns into a real line break.
LINE_BREAK = "\ue000"
_BR_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)


def trusted_line_breaks(generated: str) -> str:
    """Keep the ``<br>`` line breaks of Markdown our own code generated (never a file's)."""
    return _BR_TAG.sub(LINE_BREAK, generated)


def citation_tokens(tokens: Sequence[Token]) -> list[Token]:
    """The citation tokens inside the inline tokens of a parsed document, in order."""
    found = []
    for token in tokens:
        for child in token.children or ():
            if child.type == "citation":
                found.append(child)
    return found


def slugify(text: str) -> str:
    """Heading anchor: lower-case words joined by hyphens ("Weeks 3 to 8" -> "weeks-3-to-8")."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def _citation_rule(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "[":
        return False
    match = CITATION.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"ids": [part.strip()[1:] for part in match.group(1).split(";")]}
        token.markup = match.group(0)
    state.pos = match.end()
    return True


def _render_citation(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    # env["numbers"]: reference id -> number; env["titles"]: reference id -> its text.
    numbers: dict[str, int] = env["numbers"]
    titles: dict[str, str] = env["titles"]
    cited: set[int] = env.setdefault("cited", set())
    links = []
    for ref_id in tokens[idx].meta["ids"]:
        number = numbers[ref_id]
        first = number not in cited
        cited.add(number)
        links.append(
            Markup('<a href="#ref-{n}"{id} title="{title}">{n}</a>').format(
                n=number,
                id=Markup(' id="cite-{}"').format(number) if first else "",
                title=titles[ref_id],
            )
        )
    return str(Markup('<sup class="cite">{}</sup>').format(Markup(", ").join(links)))


SCROLL_BOX = (
    '<div class="table-scroll" tabindex="0" role="region" '
    'aria-label="Table (scrolls sideways when it is wider than the screen)">'
)


def _render_table_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    # Wide tables scroll inside their own box instead of widening the page on a phone: a box
    # the keyboard can reach (tabindex) and that says it scrolls (its name, and on a phone a
    # line above it: articles.css).
    return SCROLL_BOX + self.renderToken(tokens, idx, options, env)


def _render_table_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return self.renderToken(tokens, idx, options, env) + "</div>\n"


def _attach_citations(state: StateCore) -> None:
    # A marker sits against the word it supports: drop the space or line break before it.
    for block in state.tokens:
        children = block.children
        if not children:
            continue
        for i in range(len(children) - 1, 0, -1):
            if children[i].type != "citation":
                continue
            if children[i - 1].type == "softbreak":
                del children[i - 1]
                i -= 1
            if i > 0 and children[i - 1].type == "text":
                children[i - 1].content = children[i - 1].content.rstrip()


def _line_breaks(state: StateCore) -> None:
    for block in state.tokens:
        if not block.children or not any(LINE_BREAK in c.content for c in block.children):
            continue
        children: list[Token] = []
        for child in block.children:
            if child.type != "text" or LINE_BREAK not in child.content:
                children.append(child)
                continue
            for i, part in enumerate(child.content.split(LINE_BREAK)):
                if i:
                    children.append(Token("hardbreak", "br", 0))
                if part:
                    children.append(Token("text", "", 0, content=part))
        block.children = children


@functools.cache
def markdown() -> MarkdownIt:
    # CommonMark with raw HTML off: any tag written in a file is shown as text, never obeyed.
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.use(anchors_plugin, min_level=2, max_level=3, slug_func=slugify)
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.core.ruler.push("attach_citations", _attach_citations)
    md.core.ruler.push("line_breaks", _line_breaks)
    md.add_render_rule("citation", _render_citation)
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", _render_table_close)
    return md
