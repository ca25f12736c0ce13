"""The claims stage: facts stated about entities, read per article and compared across outlets.

:func:`extract_facts` reads an article's facts (:class:`Fact`); :func:`compare_claims` groups a story's
facts by subject and attribute and says whether the outlets agree, differ only as time passed
(consistent), or conflict.
"""

from __future__ import annotations

from storyline.claims.compare import VersionFacts, compare_claims, compare_storyline_claims
from storyline.claims.facts import EVENT_SUBJECT, Fact, extract_facts

__all__ = [
    "EVENT_SUBJECT",
    "Fact",
    "VersionFacts",
    "compare_claims",
    "compare_storyline_claims",
    "extract_facts",
]
