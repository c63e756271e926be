"""What ``erfaringsbase validate`` does: every file read and checked, every reference
checked, drafts included; without the index's tables, which only the pages need.

It is a module of its own so that the command imports no more than it uses: it runs in
every pull request and on every save in an editor, and the pages, the outputs and their
libraries (rdflib, icalendar, zxing-cpp) take longer to import than 1,000 files to read.
"""

from __future__ import annotations

from ..content.config import Settings
from ..content.loader import Corpus, keeping_what_is_made, load
from .cross import ReferenceCheck


def validate(settings: Settings) -> Corpus:
    """The corpus with every problem found in it."""
    with keeping_what_is_made():
        corpus = load(settings)
        ReferenceCheck(corpus, include_drafts=True)
    return corpus
