"""Storyline: many outlets, one story.

The public Python API is listed in ``__all__``; the CLI and the HTTP API call the same functions.
"""

from __future__ import annotations

import logging

from storyline.config import Settings
from storyline.errors import StorylineError
from storyline.models import Annotation, Article, EntityMention, Problem, TextSpan

logging.getLogger(__name__).addHandler(logging.NullHandler())

__version__ = "0.1.0"

__all__ = [
    "Annotation",
    "Article",
    "EntityMention",
    "Problem",
    "Settings",
    "StorylineError",
    "TextSpan",
    "__version__",
]
