"""Durations ("two weeks"), sets ("every month") and references ("now", "recently", "the future")."""

from __future__ import annotations

import re

from storyline.extract.timex.base import Context, Resolution, Rule, compile_rule, group
from storyline.extract.timex.lexicon import (
    NUMBER_RE,
    NUMBER_WORD_RE,
    TIME_UNITS,
    UNIT_RE,
    UNITS,
    WEEKDAY_FULL_RE,
    month_number,
    parse_number,
    weekday_number,
)
from storyline.extract.timex.relative import APPROX, VAGUE_NUM, singular

# ----------------------------------------------------------------------------------- durations and sets


def _duration_value(number: float | None, unit: str, *, split_half: bool = False) -> str:
    """TIMEX3 duration value: ``P2W``, ``PT3H``, ``P10Y`` (decade), ``PXY`` (unknown count)."""
    count = "X" if number is None else (f"{number:g}")
    if unit == "decade":
        return "PXY" if number is None else f"P{number * 10:g}Y"
    if unit == "century":
        return "PXY" if number is None else f"P{number * 100:g}Y"
    if unit == "fortnight":
        return "PXW" if number is None else f"P{number * 2:g}W"
    letter = UNITS[unit]
    if split_half and number is not None and number % 1 == 0.5 and unit in _HALF_UNIT:
        # "5 1/2 hours" is PT5H30M, "a minute and a half" PT1M30S: the half in the next smaller unit.
        # "two and a half years" keeps P2.5Y: both are valid TIMEX3; TBAQ-cleaned writes the first two
        # forms so (3 cases), MEANTIME the third (1 case).
        half, small = _HALF_UNIT[unit]
        whole = f"{int(number)}{letter}" if number >= 1 else ""
        body = f"{whole}{half}{small}"
        return f"PT{body}" if unit in TIME_UNITS else f"P{body}"
    return f"PT{count}{letter}" if unit in TIME_UNITS else f"P{count}{letter}"


# Half of a unit in the next smaller one: (count, TIMEX3 letter)
_HALF_UNIT: dict[str, tuple[int, str]] = {"year": (6, "M"), "hour": (30, "M"), "minute": (30, "S")}


def _resolve_duration(match: re.Match[str], ctx: Context) -> Resolution | None:
    """``two weeks``, ``the past five years``, ``16-hour``, ``several months``, ``recent years``."""
    num_text = group(match, "num")
    unit_text = group(match, "unit")
    unit = singular(unit_text)
    plural = bool(match.group("pl")) or unit_text == "centurie"
    after = match.string[match.end() : match.end() + 12].lower()
    if re.match(r"^-?\s*old\b", after):
        return None  # ages: "a five-year-old"
    if unit == "quarter" and (match.group("sep") == "-" or re.match(r"^\s+of\b", after)):
        return None  # fractions: "three-quarters", "a quarter of the votes"
    if unit == "second" and num_text in ("a", "an", "one", ""):
        return None  # "a second term", "one second": the ordinal far outnumbers the unit in news
    if re.fullmatch(r"[12]\d{3}", num_text):
        return None  # "the 1988 quarter" is a period of that year, not 1988 quarters
    if num_text:
        number: float | None = parse_number(num_text)
        if number is None and num_text.split()[-1] not in ("few", "several", "many", "couple", "of", "some"):
            return None
        if group(match, "half") or group(match, "frac") or group(match, "half2"):
            number = (number or 0) + 0.5
    else:
        before = match.string[max(0, match.start() - 5) : match.start()].lower()
        if not plural or not (
            match.group("lead") or match.group("det") or re.search(r"\b(?:for|the)\s+$", before)
        ):
            return None
        number = None
    if number == 1 and num_text in ("a", "an") and not match.group("lead"):
        before = match.string[max(0, match.start() - 12) : match.start()].lower()
        if re.search(r"(?:\d|\$|percent|%|times|twice|once|cents?|dollars?|per)\s*$", before):
            return Resolution(type="SET", value=_duration_value(1, unit))
    split_half = bool(group(match, "frac") or group(match, "half2"))
    return Resolution(type="DURATION", value=_duration_value(number, unit, split_half=split_half))


_LEAD = (
    r"(?:past|last|next|first|final|coming|previous|following|remaining|additional|latest|recent|entire|whole|"
    r"full|same|better\s+part\s+of\s+the)"
)
DURATION = Rule(
    "duration",
    compile_rule(
        r"(?:(?P<det>the)\s+(?!(?:[\w.]+-)+"
        + UNIT_RE
        + r")(?="
        + _LEAD
        + r"|\d|"
        + NUMBER_WORD_RE
        + r"|"
        + VAGUE_NUM
        + r"|about|nearly|almost|some|more|less|over|roughly|around|at\s+least))?"
        r"(?:(?P<lead>"
        + _LEAD
        + r")\s+)?"
        + APPROX
        + r"(?:(?P<num>"
        + NUMBER_RE
        + r"|"
        + VAGUE_NUM
        + r")(?P<frac>\s+1/2|\s?½)?(?P<half>\s+and\s+a\s+half)?(?P<sep>[\s-]+)"
        r"(?:(?:straight|consecutive|more|full|whole|long|additional|further|successive|trading|business|"
        r"working)\s+)?)?"
        r"(?P<unit>" + UNIT_RE + r")(?P<pl>s)?(?P<half2>\s+and\s+a\s+half)?"
    ),
    _resolve_duration,
)

_SET_ADVERBS = {
    "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W", "monthly": "P1M",
    "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H", "semiannually": "P6M",
}  # fmt: skip


def _resolve_set(match: re.Match[str], ctx: Context) -> Resolution | None:
    """``every year``, ``each month``, ``daily``, ``twice a week``, ``every Monday``."""
    adverb = group(match, "adv")
    if adverb:
        return Resolution(type="SET", value=_SET_ADVERBS[adverb])
    if match.group("smon"):
        return Resolution(type="SET", value=f"XXXX-{month_number(match.group('smon')):02d}")
    weekday = match.group("swd")
    if weekday:
        return Resolution(type="SET", value=f"XXXX-WXX-{weekday_number(weekday.rstrip('s')) + 1}")
    other = group(match, "other")
    number = 2 if other == "other" else (parse_number(other) if other else 1)
    return Resolution(type="SET", value=_duration_value(number, singular(group(match, "unit"))))


def _resolve_set_any(match: re.Match[str], ctx: Context) -> Resolution | None:
    """Dispatch the alternatives of :data:`SET`."""
    if match.group("unit3"):
        return Resolution(type="SET", value=_duration_value(1, singular(group(match, "unit3"))))
    return _resolve_set(match, ctx)


SET = Rule(
    "set",
    compile_rule(
        r"(?:every|each|per)\s+(?:(?P<other>other|" + NUMBER_RE + r")\s+)?(?P<unit>" + UNIT_RE + r")s?"
        r"|(?:every|each)\s+(?P<swd>" + WEEKDAY_FULL_RE + r")"
        r"|(?:every|each)\s+(?P<smon>january|february|march|april|may|june|july|august|september|october|"
        r"november|december)"
        r"|(?:once|twice|(?:three|four|five|\d+)\s+times)\s+(?:a|per|every)\s+(?P<unit3>" + UNIT_RE + r")"
        r"|(?P<adv>" + "|".join(_SET_ADVERBS) + r")"
    ),
    _resolve_set_any,
)


# ---------------------------------------------------------------------------------------- references

# Words left out on purpose, measured on TBAQ-cleaned (annotated / found unannotated): "previously" 3/20,
# bare "future" 4/13, "soon" 4/12, bare "recent" 6/11, "current" 9/7 (and 2/15 in MEANTIME), "eventually",
# "shortly", "formerly", "presently": each adds more false expressions than it finds.
_REFS = {
    "PRESENT_REF": (
        "right now",
        "just now",
        "now",
        "currently",
        "nowadays",
        "these days",
        "at present",
        "at the moment",
    ),
    "PAST_REF": ("recently", "more recently", "most recently", "lately", "the past", "once upon a time"),
    "FUTURE_REF": (
        "the future",
        "the near future",
        "the near term",
        "the short term",
        "the long term",
        "very soon",
        "a later date",
        "as soon as possible",
    ),
}
_REF_OF = {phrase: value for value, phrases in _REFS.items() for phrase in phrases}


def _resolve_ref(match: re.Match[str], ctx: Context) -> Resolution | None:
    """``now``, ``currently``, ``recently``, ``the past``, ``the future``, ``soon``."""
    phrase = " ".join(match.group(0).lower().split())
    if match.string.startswith("-", match.end()):
        return None  # "the now-cancelled deal", "a recently-opened plant": part of a compound adjective
    if phrase in ("the past", "the future") and _UNIT_AFTER.match(match.string, match.end()):
        return None  # "the past century", "the future year": an adjective before a unit, not "the past"
    return Resolution(type="DATE", value=_REF_OF[phrase], anchored=True)


_UNIT_AFTER = re.compile(r"\s+(?:" + UNIT_RE + r")s?\b", re.IGNORECASE)


REFERENCE = Rule(
    "reference",
    compile_rule("|".join(sorted((re.escape(p).replace(r"\ ", r"\s+") for p in _REF_OF), key=len)[::-1])),
    _resolve_ref,
)
