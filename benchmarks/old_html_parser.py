"""The hand-written HTML-to-text converter stancewatch used before trafilatura (deleted from the package;
kept here only as the benchmark's baseline). Standard library ``html.parser``: drops <script>/<style>/<head>,
keeps every other visible string — menus, banners, related links and comments included."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from stancewatch.ingest.sources import normalize_text


class _HTMLText(HTMLParser):
    SKIP = {"script", "style", "noscript", "template", "head"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "blockquote", "tr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        elif tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Visible text and <title> of an HTML page; parsed only, nothing executed or fetched."""
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    text = re.sub(r"[ \t]*\n[ \t\n]*\n[ \t]*", "\n\n", "".join(parser.parts))
    title = normalize_text(html.unescape("".join(parser.title))) or None
    return text, title
