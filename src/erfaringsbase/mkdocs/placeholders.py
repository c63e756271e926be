"""The placeholders' paragraphs made without the inline patterns: a Python-Markdown
extension, which the plugin adds to the site's ``markdown_extensions`` by its name
(``NAME``), as mkdocs.yml names one.

A placeholder (``pages.page``) is a paragraph of one word that no inline pattern changes,
but Python-Markdown would still try every pattern on it: emphasis, links, footnote marks
and the rest, some twenty searches for each of the 45,000 placeholders of a site of
10,000 entries. Converting 3,000 of its pages took 0.2–0.3 s less without them, so 0.7–1 s
of the build's own process, which every page waits on. Here its paragraph is made as the
paragraph processor makes it, with its text marked as ``AtomicString``, which the
documented extension API has for text that is final. The HTML is the same.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.util import AtomicString

from ..pages.page import PLACEHOLDER_BLOCK

#: The extension's name: the module, which has the ``makeExtension`` Python-Markdown asks for.
NAME = __name__
#: Just before the paragraph processor (10), after every processor of a block with its
#: own syntax: what reaches it would otherwise be a paragraph.
PRIORITY = 11


class PlaceholderParagraph(BlockProcessor):
    """A block that is a placeholder and nothing else, as its paragraph."""

    def test(self, parent: etree.Element, block: str) -> bool:
        # In a tight list the paragraph processor adds the text to the item, not a
        # paragraph: that is left to it (the writer puts no placeholder there).
        return PLACEHOLDER_BLOCK.match(block) is not None and not self.parser.state.isstate("list")

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        paragraph = etree.SubElement(parent, "p")
        paragraph.text = AtomicString(blocks.pop(0))


class PlaceholderParagraphs(Extension):
    """Adds ``PlaceholderParagraph`` to a Markdown instance."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.parser.blockprocessors.register(
            PlaceholderParagraph(md.parser), "erfaringsbase_placeholder", PRIORITY
        )


def makeExtension(**kwargs: object) -> PlaceholderParagraphs:
    return PlaceholderParagraphs(**kwargs)
