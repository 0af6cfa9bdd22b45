"""HTML pages saved from a browser: their visible text, one block element per line, no markup."""

import re

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

_HTML_HINT = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", re.IGNORECASE)
_BLOCK_TAG_HINT = re.compile(r"</?(?:p|div|br|td|li|span|table|h[1-6])\b[^>]*>", re.IGNORECASE)
# Page furniture that is never the article: menus, scripts, forms, footers.
_DROPPED_TAGS = (
    "head",
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "iframe",
    "form",
    "select",
    "button",
    "svg",
    "canvas",
    "object",
    "embed",
    "aside",
    "footer",
)
_BLOCK_TAGS = frozenset(
    (
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "tbody",
        "section",
        "article",
        "header",
        "blockquote",
        "pre",
        "hr",
        "dd",
        "dt",
        "dl",
        "center",
        "td",
        "th",
    )
)
_BLANK_RUNS = re.compile(r"\n[ \t\u3000\xa0]*(?:\n[ \t\u3000\xa0]*)+")


def looks_like_html(text: str) -> bool:
    """A page, not plain text that happens to mention "<p>" once."""
    head = text[:4096]
    return bool(_HTML_HINT.search(head)) or len(_BLOCK_TAG_HINT.findall(head)) >= 3


def html_to_text(markup: str) -> str:
    """The page's text with a blank line between block elements; inline tags join their text."""
    tree = HTMLParser(markup)
    for tag in _DROPPED_TAGS:
        for node in tree.css(tag):
            node.decompose()
    root = tree.body or tree.root
    if root is None:
        return ""
    pieces: list[str] = []
    _collect(root, pieces)
    text = "".join(pieces)
    return _BLANK_RUNS.sub("\n\n", text).strip()


def _collect(node: Node, pieces: list[str]) -> None:
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            # Source indentation and line wrapping inside a paragraph are not content.
            pieces.append(re.sub(r"\s*\n\s*", "", child.text_content or ""))
        elif child.tag in _BLOCK_TAGS:
            pieces.append("\n\n")
            _collect(child, pieces)
            pieces.append("\n\n")
        else:
            _collect(child, pieces)
