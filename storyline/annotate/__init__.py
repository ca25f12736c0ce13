"""Annotation layer: sentences, tokens and named entities of every article (see :mod:`.annotator`)."""

from storyline.annotate.annotator import Annotator
from storyline.annotate.sentences import split_sentences

__all__ = ["Annotator", "split_sentences"]
