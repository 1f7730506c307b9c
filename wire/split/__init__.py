"""Page splitting: one decoded Page -> its main article and its embedded articles.

split_page(page) dispatches on page.kind: "html" -> wire.split.html.split_html,
"text" -> wire.split.text.split_text. Both return [main, *embedded] (main first,
embedded in page order) or raise wire.records.Rejected (reasons: "no_article",
"unsupported_kind"). The splitters are imported lazily so that importing this
package stays cheap and does not pull in the HTML parsers for text pages.
"""

from __future__ import annotations

from wire.records import Article, Page, Rejected


def split_page(page: Page) -> list[Article]:
    """Split one page into [main, *embedded]; raise Rejected for expected bad input."""
    kind = (page.kind or "").lower()
    if kind == "html":
        from wire.split.html import split_html

        return split_html(page)
    if kind == "text":
        from wire.split.text import split_text

        return split_text(page)
    raise Rejected("unsupported_kind", f"page kind {page.kind!r}")


__all__ = ["split_page"]
