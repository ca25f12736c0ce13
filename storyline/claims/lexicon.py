"""Word lists and number words the claims stage reads facts with.

Every list here was written by hand for this module from ordinary English news usage; none was taken
from or tuned on a data set. They are deliberately short: a fact the patterns cannot read is left out
rather than guessed.
"""

from __future__ import annotations

import re

__all__ = [
    "CUMULATIVE_COUNTS",
    "FAMILY_SINGLE",
    "FIXED_COUNTS",
    "MONTHS",
    "MULTI_VALUED",
    "NUMBER",
    "PERSON_NOUNS",
    "PLATFORMS",
    "ROLE_HEADS",
    "ROLE_QUALIFIERS",
    "THING_NOUNS",
    "TITLE_CUES",
    "VAGUE_BEFORE_NUMBER",
    "VEHICLE_NOUNS",
    "parse_number",
]

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
_WORD_NUMBER = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:-(?:" + "|".join(k for k in _UNITS if _UNITS[k] < 10) + r"))?"
    r"|" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
)
# A count written in digits ("212", "1,204") or in words up to ninety-nine ("Seventeen", "twenty-one").
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+|(?i:" + _WORD_NUMBER + r"))"


def parse_number(text: str) -> int | None:
    """The integer a count is written as ("17", "1,204", "Seventeen", "twenty-one"), or None."""
    low = text.strip().lower()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", low):
        return int(low.replace(",", ""))
    if low in _UNITS:
        return _UNITS[low]
    if low in _TENS:
        return _TENS[low]
    tens, _, unit = low.partition("-")
    if tens in _TENS and _UNITS.get(unit, 10) < 10:
        return _TENS[tens] + _UNITS[unit]
    return None


# Words that make a count a bound or an estimate ("more than 30", "about 900"): such counts are skipped.
VAGUE_BEFORE_NUMBER = re.compile(
    r"(?:more than|fewer than|less than|over|under|at least|at most|about|around|almost|nearly|some|"
    r"up to|roughly|approximately|an estimated|as many as|some|dozens of|hundreds of)\s*$",
    re.IGNORECASE,
)

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)  # fmt: skip

# Platforms a statement can be posted on, each spelling mapped to one canonical name (X was Twitter).
PLATFORMS = {
    "instagram": "Instagram", "facebook": "Facebook", "x": "X", "twitter": "X", "tiktok": "TikTok",
    "youtube": "YouTube", "threads": "Threads", "linkedin": "LinkedIn", "snapchat": "Snapchat",
    "bluesky": "Bluesky", "weibo": "Weibo", "telegram": "Telegram", "truth social": "Truth Social",
    "website": "website", "web site": "website", "blog": "blog", "press release": "press release",
}  # fmt: skip

# Nouns after "N-year-old" that make the subject a thing, not a person.
THING_NOUNS = frozenset(
    [
        "vessel",
        "ferry",
        "ship",
        "boat",
        "tanker",
        "trawler",
        "yacht",
        "liner",
        "plane",
        "aircraft",
        "jet",
        "airliner",
        "helicopter",
        "train",
        "locomotive",
        "bus",
        "car",
        "truck",
        "lorry",
        "van",
        "building",
        "bridge",
        "tower",
        "dam",
        "plant",
        "reactor",
        "stadium",
        "hotel",
        "house",
        "school",
        "church",
        "factory",
        "mine",
        "pipeline",
        "tunnel",
        "station",
        "theatre",
        "cinema",
        "pier",
        "lighthouse",
    ]
)
# Things whose name a casualty count is about when a sentence calls the named thing one of these.
VEHICLE_NOUNS = frozenset(
    {
        "vessel", "ferry", "ship", "boat", "tanker", "trawler", "yacht", "liner", "plane", "aircraft",
        "jet", "airliner", "helicopter", "train", "bus", "lorry", "truck",
    }
)  # fmt: skip
# Nouns after "N-year-old" that make the subject a person.
PERSON_NOUNS = frozenset(
    [
        "man",
        "woman",
        "boy",
        "girl",
        "person",
        "actress",
        "actor",
        "singer",
        "star",
        "student",
        "teacher",
        "cyclist",
        "driver",
        "pilot",
        "mother",
        "father",
        "son",
        "daughter",
        "wife",
        "husband",
        "victim",
        "suspect",
        "passenger",
        "pensioner",
        "resident",
        "artist",
        "musician",
        "rapper",
        "player",
        "footballer",
        "striker",
        "athlete",
        "runner",
        "model",
        "mother-of-two",
        "father-of-two",
        "veteran",
        "worker",
        "nurse",
        "doctor",
        "officer",
        "soldier",
        "comedian",
        "presenter",
        "dancer",
        "director",
        "writer",
        "author",
        "composer",
        "photographer",
    ]
)

# Role nouns a person can be described by ("the harbourmaster, Agnes Thorvald"; "Finance Minister X").
ROLE_HEADS = (
    "chief executive", "chief operating officer", "chief financial officer", "prime minister",
    "salvage master", "head coach", "managing director", "press secretary", "spokesman", "spokeswoman",
    "spokesperson", "harbourmaster", "harbormaster", "minister", "secretary", "president", "chairman",
    "chairwoman", "chair", "mayor", "governor", "senator", "coach", "manager", "director", "producer",
    "prosecutor", "lawyer", "attorney", "solicitor", "barrister", "judge", "magistrate", "captain",
    "skipper", "coxswain", "commander", "commissioner", "ambassador", "founder", "owner", "editor",
    "composer", "actress", "actor", "singer", "songwriter", "novelist", "author", "writer", "photographer",
    "presenter", "striker", "goalkeeper", "midfielder", "defender", "chancellor", "treasurer",
    "superintendent", "inspector", "sheriff", "surgeon", "agent", "publicist", "architect", "designer",
)  # fmt: skip
# Words that can qualify a role ("Finance Minister", "deputy mayor"); anything else before the role
# noun ("rock singer") is dropped, so it neither splits nor contradicts the role.
ROLE_QUALIFIERS = frozenset(
    [
        "chief",
        "deputy",
        "assistant",
        "head",
        "vice",
        "acting",
        "interim",
        "prime",
        "foreign",
        "finance",
        "defence",
        "defense",
        "health",
        "interior",
        "justice",
        "home",
        "education",
        "transport",
        "energy",
        "environment",
        "trade",
        "culture",
        "culture",
        "sports",
        "executive",
        "general",
        "managing",
        "creative",
        "artistic",
        "musical",
        "police",
        "district",
        "state",
        "crown",
        "first",
        "second",
    ]
)

# Cue words near a title saying what kind of work it is; the value is the claim attribute.
TITLE_CUES = {
    "film": "film title", "films": "film title", "movie": "film title", "drama": "film title",
    "thriller": "film title", "comedy": "film title", "documentary": "film title", "set": "film title",
    "album": "album title", "albums": "album title", "ep": "album title", "lp": "album title",
    "song": "song title", "single": "song title", "hit": "song title", "ballad": "song title",
    "track": "song title", "anthem": "song title",
    "book": "book title", "novel": "book title", "memoir": "book title", "memoirs": "book title",
    "biography": "book title", "autobiography": "book title", "collection": "book title",
    "series": "series title", "show": "series title", "sitcom": "series title", "podcast": "series title",
    "play": "play title", "musical": "play title", "opera": "play title",
}  # fmt: skip

# Family relations: single-valued ones can conflict; the others name one of possibly several relatives.
FAMILY_SINGLE = {
    "husband": "spouse",
    "wife": "spouse",
    "spouse": "spouse",
    "father": "father",
    "mother": "mother",
}
MULTI_VALUED = {
    "son": "son", "daughter": "daughter", "brother": "brother", "sister": "sister", "partner": "partner",
}  # fmt: skip

# Counts that only grow as reports come in (a toll); a later, higher number is an update.
CUMULATIVE_COUNTS = frozenset({"injured", "dead", "arrested", "evacuated", "rescued"})
# Counts fixed when the event happened; any difference is a conflict.
FIXED_COUNTS = frozenset({"passengers", "crew"})
