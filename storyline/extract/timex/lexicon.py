"""Words of English temporal expressions: months, weekdays, units, number words, and their regex forms."""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip

# TIMEX3 unit letter for each unit word (P1D, P2W, PT3H…); "time" units take the T designator
UNITS: dict[str, str] = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W", "fortnight": "W",
    "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE",
}  # fmt: skip
TIME_UNITS = frozenset({"second", "minute", "hour"})

SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}  # fmt: skip

ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
    "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
}  # fmt: skip

# Days of the month spelled out ("March eighth", "the twenty-third of May"): the ordinal words, with
# "twenty-second" … "thirty-first" added (a space may stand for the hyphen).
DAY_WORDS: dict[str, int] = {
    word: number for word, number in ORDINALS.items() if not word[0].isdigit()
} | {
    f"twenty-{unit}": 20 + number
    for unit, number in (("second", 2), ("third", 3), ("fourth", 4), ("fifth", 5), ("sixth", 6),
                         ("seventh", 7), ("eighth", 8), ("ninth", 9))
} | {"thirtieth": 30, "thirty-first": 31}  # fmt: skip
DAY_WORD_RE = (
    r"(?:"
    + "|".join(sorted((w.replace("-", r"[\s-]") for w in DAY_WORDS), key=len, reverse=True))
    + r")(?![\w-])"
)


def day_word_number(word: str) -> int:
    """The day a spelled ordinal names: ``eighth`` → 8, ``twenty third`` → 23 (0 when it names none)."""
    return DAY_WORDS.get("-".join(word.lower().split()), 0)


SMALL_NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "one hundred": 100, "a dozen": 12, "dozen": 12,
    "a couple of": 2, "a couple": 2, "couple of": 2, "half a": 0, "a half": 0,
}  # fmt: skip
VAGUE_NUMBERS = frozenset({"several", "a few", "few", "some", "many", "numerous", "a number of", "the"})
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

_DIGITS = {word: value for word, value in SMALL_NUMBERS.items() if " " not in word}


def parse_number(words: str) -> int | None:
    """The integer a number phrase names ("twenty-four", "24", "a", "a couple of"), or None when vague."""
    phrase = " ".join(words.lower().replace("-", " ").replace(",", "").split())
    if not phrase or phrase in VAGUE_NUMBERS:
        return None
    if phrase.replace(".", "", 1).isdigit():
        return int(float(phrase))
    if phrase in SMALL_NUMBERS:
        return SMALL_NUMBERS[phrase]
    total = 0
    for word in phrase.split():
        if word not in _DIGITS:
            return None
        total += _DIGITS[word]
    return total


MONTH_RE = (
    r"(?:"
    + "|".join(
        [
            r"jan(?:uary|\.)?",
            r"feb(?:ruary|\.)?",
            r"mar(?:ch|\.)?",
            r"apr(?:il|\.)?",
            r"may",
            r"jun(?:e|\.)?",
            r"jul(?:y|\.)?",
            r"aug(?:ust|\.)?",
            r"sep(?:tember|t\.?|\.)?",
            r"oct(?:ober|\.)?",
            r"nov(?:ember|\.)?",
            r"dec(?:ember|\.)?",
        ]
    )
    + r")(?![a-z])"
)
WEEKDAY_RE = (
    r"(?:mon(?:day|\.)?|tue(?:s(?:day)?)?\.?|wed(?:nesday|\.)?|thu(?:r(?:s(?:day)?)?)?\.?|"
    r"fri(?:day|\.)?|sat(?:urday|\.)?|sun(?:day|\.)?)(?![a-z])"
)
WEEKDAY_FULL_RE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
NUMBER_WORD_RE = (
    r"(?:(?:" + "|".join(TENS) + r")(?:[- ](?:" + "|".join(ONES) + r"))?|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|(?:a |one )?hundred|(?:a )?dozen)"
)
NUMBER_RE = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + NUMBER_WORD_RE + r")"
UNIT_RE = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur(?:y|ie))"
DAY_NUM_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR_RE = r"(?:1[0-9]{3}|20[0-9]{2}|2[1-9][0-9]{2})"


def month_number(token: str) -> int:
    """The month number (1–12) of a month name or abbreviation such as ``Sept.``."""
    return MONTHS[token.lower().rstrip(".")]


def weekday_number(token: str) -> int:
    """The weekday number (Monday 0 … Sunday 6) of a weekday name or abbreviation."""
    return WEEKDAYS[token.lower().rstrip(".")]
