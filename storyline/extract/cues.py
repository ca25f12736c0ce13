"""The words that attribute a quote to a speaker: reporting verbs and their forms, pronouns, and the nouns
and patterns that describe a speaker ("the senator", "her spokesman", "the Lopez campaign")."""

from __future__ import annotations

import re

from storyline.extract.entities import Gender
from storyline.models import TextSpan


def _words(text: str) -> list[str]:
    """The whitespace-separated words of a word list written as one string."""
    return text.split()


CUE_LEMMAS = frozenset(
    _words(
        """
    say tell write add continue post tweet explain note state declare announce claim argue insist ask
    answer reply respond acknowledge admit warn recall remark comment observe suggest predict promise
    vow complain joke quip concede conclude contend maintain assert emphasize emphasise stress repeat
    reiterate shout yell scream exclaim whisper mutter report confirm deny testify boast brag lament
    muse urge pledge caution counter retort thunder chime agree disagree allege charge recount describe
    quote wonder worry proclaim mock scoff sigh laugh fume rail blast slam tout concur interject call
    thank label blame praise criticize ponder chant crack dub accuse applaud demand plead beg read echo
    lecture sing rap preach question bark dismiss credit affirm press surmise gush marvel opine scold snap
    """
    )
)


_IRREGULAR = {"say": ["said", "says", "saying"], "tell": ["told", "tells", "telling"],
              "write": ["wrote", "writes", "writing", "written"]}  # fmt: skip


def _forms(lemma: str) -> list[str]:
    """Inflected forms of a regular reporting verb."""
    if lemma in _IRREGULAR:
        return [lemma, *_IRREGULAR[lemma]]
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    past = (
        lemma + "d"
        if lemma.endswith("e")
        else (stem[:-1] + "ied" if lemma.endswith("y") and lemma[-2] not in "aeiou" else lemma + "ed")
    )
    third = (
        lemma + "es"
        if lemma.endswith(("s", "sh", "ch", "x"))
        else (lemma[:-1] + "ies" if lemma.endswith("y") and lemma[-2] not in "aeiou" else lemma + "s")
    )
    return [lemma, past, third, stem + "ing"]


CUE_FORMS = frozenset(form for lemma in CUE_LEMMAS for form in _forms(lemma)) | {"according"}


_CUE_RE = re.compile(r"\b(" + "|".join(sorted(CUE_FORMS, key=len, reverse=True)) + r")\b", re.IGNORECASE)


PRONOUNS: dict[str, Gender | None] = {
    "he": "male", "him": "male", "she": "female", "her": "female", "they": None, "we": None, "it": None,
    "i": None, "you": None, "his": "male", "their": None, "its": None, "our": None, "my": None,
}  # fmt: skip


FEMALE_NOUNS = frozenset(
    _words(
        """
    actress woman congresswoman spokeswoman chairwoman businesswoman mother wife sister daughter queen
    singer-songwriter girl lady grandmother widow councilwoman princess duchess
    """
    )
) - {"singer-songwriter"}


MALE_NOUNS = frozenset(
    _words(
        """
    actor man congressman spokesman chairman businessman father husband brother son king boy grandfather
    widower councilman prince duke
    """
    )
)


# Nouns naming a person who speaks *for* someone: "her rep said" is not her.
PROXY_NOUNS = frozenset(
    _words(
        """
    rep reps representative spokesman spokeswoman spokesperson publicist lawyer attorney attorneys aide
    aides agent manager campaign office staff team family lawyers
    """
    )
)


# Heads of descriptions that name a text, not a person: "the statement read", "the memo said" stay as
# written rather than being resolved to the latest person.
NON_PERSON_NOUNS = frozenset(
    _words(
        """
    statement email e-mail memo report letter release ad advertisement document post tweet video book
    survey poll study lawsuit complaint filing sign website message note transcript headline article
    editorial column caption banner slogan placard petition resolution order ruling indictment
    """
    )
)


# A sentence opening with a group named by a common noun: "The Lopez campaign said …", "Lopez's office
# released …"; "it said" after it is that group.
GROUP_NOUNS = "campaign|committee|company|office|administration|agency|department|team|board|panel|council"


_GROUP_SUBJECT = re.compile(
    rf"\s*((?:[Tt]he\s+)?(?:[A-Z][\w.'’-]*\s+){{0,3}}(?:[A-Z][\w'’-]*['’]s\s+)?(?:{GROUP_NOUNS}))\b"
)


# Proxy nouns naming a group, not one person: "her family said" is never one family member.
GROUP_PROXY_NOUNS = frozenset(_words("aides reps attorneys lawyers campaign office staff team family"))


# A description followed by an apposition naming the person: ", Dana Ruiz," or "of them, a student named
# Dana Ruiz," or "of the harbour board, Dana Ruiz,"; the apposition is short (the longest in our
# fixtures is 45 characters).
MAX_APPOSITION_CHARS = 100


# It is a noun phrase (a name, or "a/an/the …"), never a relative clause ("who married Dana Ruiz").
_APPOSITION = re.compile(
    r"(?:\s+of\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,3}?)?\s*,\s*((?:[A-Z]|(?:a|an|the|another)\s)[^,;:.\n\"“”]{1,80}?)\s*,"
)


# "The 52-year-old actress spent …": a definite description (up to three modifiers and a lower-case head)
# opening a sentence, followed by a lower-case word (its verb).
_DESCRIPTION_SUBJECT = re.compile(r"\s*([Tt]he\s+(?:[\w'’-]+\s+){0,3}?[a-z][\w-]*)(?=\s+[a-z])")


# The dash characters of running text: em dash, en dash, horizontal bar (U+2015: some outlets write a
# trailing attribution as "…” ― Dana Ruiz"), figure dash, two- and three-em dashes and the small em dash;
# the same set as the clause dashes of :mod:`storyline.normalize`. Hyphens ("-", "--") are handled apart,
# since a hyphen also joins words.
DASHES = "—–―‒⸺⸻﹘"
# One dash (or a doubled one, "——"), for regular expressions.
DASH_RE = f"[{DASHES}]{{1,2}}"
# Horizontal whitespace, a no-break space included ("…” ―\xa0Dana Ruiz"), for regular expressions.
HSPACE_RE = r"[^\S\n]"


PLACEHOLDER = "Quote"  # the one word a quote's content is replaced by before parsing


# The distances below are set by hand from the length of news paragraphs (PolNeAR train: median about
# 200 characters) and not tuned further.
# A pronoun's antecedent is looked for this far back (characters); about three news paragraphs.
MAX_ANTECEDENT_CHARS = 1500


# A quote without any attribution keeps the previous quote's speaker when that quote ended at most this
# many characters before (the same or the previous paragraph, in practice).
MAX_CONTINUATION_GAP = 400


# "he said" shortly after an attribution to a man ("…, Stovall said.") is that man when the attribution
# ended at most this many characters before (about one paragraph).
PREVIOUS_SPEAKER_CHARS = 600


def has_cue(text: str) -> bool:
    """Whether ``text`` contains a reporting verb form or "according to"."""
    return _CUE_RE.search(text) is not None


CONNECTIVES = frozenset(
    _words("but and so then still instead meanwhile later earlier also yet however now even first")
)


# A leading phrase before a sentence's subject ("Last month, Lopez …", "In a statement Friday, Lopez …")
# has at most this many words. Set by hand from news style, not tuned. (The rule that a pronoun stands for
# the subject of the sentence before: PolNeAR train, 300 articles, 2026-11-25, speaker accuracy
# 0.8508 -> 0.8524 on its own, 0.8636 with the possessive, title and apposition refinements.)
MAX_SUBJECT_LEAD_WORDS = 5


# A quote's own sentence with at least this many words before the quote holds the subject itself
# ("Lopez defended the plan. "…"" read as one sentence). Set by hand.
MIN_HEAD_WORDS = 3


_POSSESSIVE_AFTER = re.compile(r"['’]s?\b|['’](?=\s)")


_POSSESSIVE_END = re.compile(r"['’]s?$")  # the tagger keeps the possessive in "Daniel Okafor's"


# After a subject: an optional apposition (", the mayor,", " (D-Ohio)"), then a lower-case word (the verb).
_VERB_AFTER = re.compile(r"(?:\s*\([^)\n]{1,30}\))?(?:\s*,[^\n]{1,160}?,)?\s+(?!of\b|and\b|or\b)[a-z]")


_WORD = re.compile(r"[\w'’-]+")


# Nouns that report what someone said, owned by the speaker right before a quote: "her comment that
# "…"", "Lopez's call for "…"", "in his words, "…"".
SPEECH_NOUNS = frozenset(
    _words(
        """
    comment comments remark remarks words call calls promise pledge vow claim claims statement warning
    assertion description line quip boast retort reply response plea insistence admission declaration
    word post tweet letter speech message email op-ed essay
    """
    )
)


# The end of a sentence inside a line (for the words before a speech noun).
_SENTENCE_END_BREAK = re.compile(r"[.?!][\"”’')]*\s+")


# "…," said Dana Ruiz / "…," Dana Ruiz said: an attribution right after the closing mark names the
# speaker, whatever the parser makes of the sentence around the quote ("The plan, he said, "…," said
# Ruiz"). The name starts at most this many characters after the mark (room for "said former state
# senator"), and a short apposition may sit between the name and a cue after it.
MAX_TRAILING_NAME_CHARS = 60
_CUE_WORDS = "|".join(sorted(CUE_FORMS - {"according"}, key=len, reverse=True))
# Before the name: a finite reporting verb ("said", "wrote", never "told" or a participle, whose name is
# the one spoken to or about: "…," adding that Lopez …) and title words, none a function word.
_INVERTED_CUES = "|".join(
    sorted(
        (f for f in CUE_FORMS if not f.endswith("ing") and not f.startswith("tel") and f != "according"),
        key=len,
        reverse=True,
    )
)
_CUE_THEN_WORDS = re.compile(
    rf"\s*,?\s*(?:{_INVERTED_CUES})\s+"
    r"(?:(?!(?:that|to|if|whether|about|of|it|he|she|they|we|on|in|for|with|as|when|how|what|why|because)\b)"
    r"[\w.'’-]+\s+){0,4}$",
    re.IGNORECASE,
)
_JUST_COMMA = re.compile(r"\s*,?\s*$")
_CUE_AFTER_NAME = re.compile(
    rf"(?:\s*\([^)\n]{{1,30}}\))?(?:\s*,[^,\n\"“”]{{1,80}},)?\s+(?:\w+ly\s+|also\s+|later\s+)?(?:{_CUE_WORDS})\b"
)


def _after_marks(text: str, pos: int) -> int:
    """The offset right after the closing quote marks at ``pos`` (``pos`` when there are none)."""
    while pos < len(text) and text[pos] in "\"”’'`»":
        pos += 1
    return pos


# "her comment that "…"", "Lopez's call for "…"", "in his words, "…"": a speech noun owned by the speaker
# right before the quote (at most two modifiers between: "her March comment").
_OWNED_SPEECH = re.compile(
    r"\b(?P<owner>[Hh]is|[Hh]er|(?:[A-Z][\w.'’-]*\s+){0,2}[A-Z][\w.-]*(?:['’]s|s['’]))\s+"
    r"(?:[\w-]+\s+){0,2}?(?P<noun>" + "|".join(sorted(SPEECH_NOUNS)) + r")"
    r"(?:\s+(?:that|for|of|about|was|is))?\s*[,:]?\s*$"
)
# How far before the opening mark the owner of a speech noun may be (characters).
MAX_OWNED_SPEECH_CHARS = 80


def _owned_speech(text: str, outer: TextSpan) -> tuple[TextSpan, str] | None:
    """The owner of a speech noun right before a quote (``her comment that "…"``) and the noun."""
    start = max(0, outer.start - MAX_OWNED_SPEECH_CHARS)
    line_start = text.rfind("\n", 0, outer.start) + 1
    match = _OWNED_SPEECH.search(text, max(start, line_start), outer.start)
    if match is None:
        return None
    breaks = [m.end() for m in _SENTENCE_END_BREAK.finditer(text, line_start, match.start())]
    if has_cue(text[breaks[-1] if breaks else line_start : match.start()]):
        return None  # "Ryan said Lopez's comments were "…"": the comment is what another speaker judges
    owner_start, owner_end = match.span("owner")
    words = text[owner_start:owner_end]
    if words.endswith(("'s", "’s")):
        owner_end -= 2
    elif words.endswith(("'", "’")):
        owner_end -= 1
    return TextSpan(owner_start, owner_end), match.group("noun")
