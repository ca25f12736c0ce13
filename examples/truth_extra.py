# ruff: noqa: E501  (prose and HTML: long lines by design)
"""Hand-written ground truth per story: quotes, timeline and claims (see examples/README.md for the format).

Quote ``segments`` are the exact characters between the quotation marks in each carrier's source text,
in order (a quote interrupted by attribution has several); ``text`` is the segments joined by one space.
Timeline ``value``s are resolved against the article's publication date (for undated articles, against
the true date, which lies inside the story's period; ``anchor`` says so).
"""

from __future__ import annotations

from typing import Any

from articles import STATEMENT, STATEMENT_HARBOUR, STATEMENT_MERIDIAN, STATEMENT_NORTHGATE


def _q(speaker: str, first: str, carriers: list[tuple[str, list[str]]], how: str) -> dict[str, Any]:
    """Return one expected quote: canonical text from the first carrier, and every carrier's segments."""
    by_article = dict(carriers)
    return {
        "speaker": speaker,
        "text": " ".join(by_article[first]),
        "first": first,
        "how": how,
        "carriers": [{"article": a, "segments": s, "text": " ".join(s)} for a, s in carriers],
    }


def _x(article: str, text: str, value: str) -> dict[str, str]:
    """Return one temporal expression: the article, its exact words, and the resolved value."""
    precision = {10: "day", 7: "month", 4: "year"}[len(value)]
    return {"article": article, "text": text, "value": value, "precision": precision}


def _t(date: str, event: str, expressions: list[dict[str, str]], anchor: str = "published") -> dict[str, Any]:
    """Return one timeline entry."""
    precision = {10: "day", 7: "month", 4: "year"}[len(date)]
    return {
        "date": date,
        "precision": precision,
        "event": event,
        "expressions": expressions,
        "anchor": anchor,
    }


def _c(
    subject: str, attribute: str, status: str, values: list[tuple[str, list[str]]], why: str
) -> dict[str, Any]:
    """Return one expected claim comparison."""
    return {
        "subject": subject,
        "attribute": attribute,
        "status": status,
        "values": [{"value": v, "articles": arts} for v, arts in values],
        "explanation": why,
    }


M20 = "marchetti-2020/"
M21 = "marchetti-2021/"
B13 = "brandt-2013/"
B19 = "brandt-2019/"
P22 = "pellham-2022/"

QUOTES: dict[str, dict[str, Any]] = {
    "marchetti-2020": {
        "quotes": [
            _q(
                "Delia Marchetti",
                M20 + "stagelight",
                [
                    (M20 + "stagelight", [STATEMENT]),
                    (M20 + "meridian", [STATEMENT_MERIDIAN]),
                    (M20 + "northgate", [STATEMENT_NORTHGATE]),
                    (M20 + "harbour", [STATEMENT_HARBOUR]),
                ],
                "statement copied by four outlets: straight quotes + one changed word (meridian), one "
                "sentence dropped (northgate), '(sic)' + trimmed ending (harbour); speaker from the previous "
                "paragraph / 'wrote:' / 'Her statement read in full:' / 'the 52-year-old actress said:'",
            ),
            _q(
                "Anselm Kray",
                M20 + "stagelight",
                [
                    (
                        M20 + "stagelight",
                        [
                            "Nobody on this production is thinking about the schedule right now,",
                            "We are thinking about Delia.",
                        ],
                    )
                ],
                "interrupted by attribution ('the film’s director, Anselm Kray, said')",
            ),
            _q(
                "Felix Arundel",
                M20 + "stagelight",
                [
                    (
                        M20 + "stagelight",
                        ["She is frustrated, of course, but she is also relieved to finally have a plan,"],
                    )
                ],
                "description speaker ('her spokesman said'), named in the previous paragraph",
            ),
            _q(
                "Felix Arundel",
                M20 + "wirefront",
                [
                    (
                        M20 + "wirefront",
                        [
                            "Delia is in good spirits and in very good hands. She asks for privacy for her "
                            "family while she recovers."
                        ],
                    ),
                    (
                        M20 + "calloway",
                        [
                            "Delia is in good spirits and in very good hands. She asks for privacy for her "
                            "family while she recovers."
                        ],
                    ),
                ],
                "colon-introduced ('Arundel added:'); the Calloway copy is the wire story",
            ),
        ],
        "not_quotes": ["The Salt Orchard", "The Salt Orchards", "Lantern Street", "Small Hours", "pause"],
    },
    "marchetti-2021": {
        "quotes": [
            _q(
                "Delia Marchetti",
                M21 + "stagelight",
                [
                    (
                        M21 + "stagelight",
                        [
                            "A year ago I wasn’t sure I would walk properly again, let alone work.",
                            "There were weeks when I couldn’t get out of bed without help, and Tobias carried me "
                            "through all of them.",
                            "So to be standing here, in costume, with the same crew, is something I will never "
                            "take for granted.",
                        ],
                    )
                ],
                "multi-paragraph quote reopened at each paragraph; speaker 'The 53-year-old actress'",
            ),
            _q(
                "Delia Marchetti",
                M21 + "stagelight",
                [(M21 + "stagelight", ["the kindest thing a studio has ever done for me"])],
                "partial quote ('a decision she called')",
            ),
            _q(
                "Anselm Kray",
                M21 + "stagelight",
                [(M21 + "stagelight", ["We lost a year,", "but we kept the film."])],
                "interrupted by attribution with a pronoun ('he said')",
            ),
            _q(
                "Delia Marchetti",
                M21 + "northgate",
                [
                    (
                        M21 + "northgate",
                        [
                            "I feel stronger than I have in years,",
                            "My back is held together with titanium, but my head is clear.",
                        ],
                    )
                ],
                "interrupted by attribution ('Marchetti said as she arrived at the studio')",
            ),
            _q(
                "Delia Marchetti",
                M21 + "harbour",
                [(M21 + "harbour", ["Every step was a negotiation,"])],
                "pronoun speaker ('she said'); carrier is undated",
            ),
            _q(
                "Delia Marchetti",
                M21 + "ledger",
                [(M21 + "ledger", ["the hardest and the most humbling"])],
                "partial quote; speaker 'The 53-year-old actress'",
            ),
            _q(
                "Felix Arundel",
                M21 + "ledger",
                [
                    (
                        M21 + "ledger",
                        ["She is working shorter days for now, and she is loving every one of them."],
                    )
                ],
                "colon-introduced ('Her spokesman, Felix Arundel, said:')",
            ),
        ],
        "not_quotes": ["The Salt Orchard", "Small Hours", "pause"],
    },
    "brandt-2013": {
        "quotes": [
            _q(
                "Judith Abernathy",
                B13 + "meridian",
                [
                    (
                        B13 + "meridian",
                        [
                            "Mr Brandt has cooperated fully with the police from the first minute, and he will "
                            "continue to do so."
                        ],
                    )
                ],
                "colon-introduced ('His lawyer, Judith Abernathy, told the court:')",
            ),
            _q(
                "Owen Tally",
                B13 + "wirefront",
                [(B13 + "wirefront", ["well above the limit"])],
                "partial quote",
            ),
            _q(
                "Judith Abernathy",
                B13 + "wirefront",
                [
                    (
                        B13 + "wirefront",
                        [
                            "He is deeply sorry that anyone was hurt,",
                            "but he does not accept that he drove dangerously.",
                        ],
                    )
                ],
                "interrupted by attribution with a pronoun ('she said')",
            ),
            _q(
                "Leah Morrow",
                B13 + "harbour",
                [(B13 + "harbour", ["We're here because he's always been there for us."])],
                "colon-introduced, speaker named in the same sentence",
            ),
            _q(
                "Daniel Okoro",
                B13 + "pinewood",
                [
                    (
                        B13 + "pinewood",
                        [
                            "I don't want anything from him except the truth,",
                            "I just want him to stand up and say what happened.",
                        ],
                    )
                ],
                "``PTB-style'' marks, interrupted by 'he said'",
            ),
            _q(
                "Judith Abernathy",
                B13 + "pinewood",
                [(B13 + "pinewood", ["no intention of going anywhere."])],
                "partial quote in ``PTB-style'' marks",
            ),
        ],
        "not_quotes": ["Kerosene Heart", "Low Tide Sermons"],
    },
    "brandt-2019": {
        "quotes": [
            _q(
                "Ruben Castell",
                B19 + "ledger",
                [(B19 + "ledger", ["He came at me before I had even lifted the lens,"])],
                "pronoun speaker ('he said'; the 'He' inside the quote is Brandt)",
            ),
            _q(
                "Judith Abernathy",
                B19 + "ledger",
                [(B19 + "ledger", ["surrounded and provoked"])],
                "partial quote",
            ),
            _q(
                "Judith Abernathy",
                B19 + "northgate",
                [
                    (
                        B19 + "northgate",
                        [
                            "My client is looking forward to telling his side of the story. The footage will "
                            "speak for itself."
                        ],
                    )
                ],
                "colon-introduced ('said outside court:')",
            ),
            _q(
                "Judith Abernathy",
                B19 + "harbour",
                [
                    (
                        B19 + "harbour",
                        [
                            "There were eight photographers around that door,",
                            "Only one of them is in this courtroom.",
                        ],
                    )
                ],
                "description speaker ('the lawyer said'), interrupted",
            ),
            _q(
                "Judith Abernathy",
                B19 + "calloway",
                [(B19 + "calloway", ["trying to get to his car"])],
                "partial quote",
            ),
        ],
        "not_quotes": ["Kerosene Heart", "Paper Lighthouse"],
    },
    "pellham-2022": {
        "quotes": [
            _q(
                "Agnes Thorvald",
                P22 + "wirefront",
                [
                    (
                        P22 + "wirefront",
                        [
                            "The crew did everything right,",
                            "They dropped anchor, they kept people calm, and they got every passenger into a life "
                            "jacket within minutes.",
                        ],
                    )
                ],
                "interrupted by attribution ('Thorvald said')",
            ),
            _q(
                "Hannah Liddell",
                P22 + "ledger",
                [
                    (
                        P22 + "ledger",
                        [
                            "There was a bang like a door slamming, and then everyone was screaming,",
                            "My daughter kept asking if we were going to sink.",
                        ],
                    )
                ],
                "pronoun speaker ('she said'), interrupted; carrier is undated",
            ),
            _q(
                "Gideon Pryce",
                P22 + "meridian",
                [
                    (
                        P22 + "meridian",
                        [
                            "We will not guess at the cause. We owe our passengers facts, and the investigators "
                            "will give us those facts."
                        ],
                    )
                ],
                "colon-introduced; the source file is mojibake (text given repaired)",
            ),
            _q(
                "Agnes Thorvald",
                P22 + "meridian",
                [(P22 + "meridian", ["It’s been a long night for everybody,"])],
                "mojibake source (text given repaired)",
            ),
            _q(
                "Colm Avery",
                P22 + "pinewood",
                [
                    (
                        P22 + "pinewood",
                        [
                            "It`s the best piece of seamanship I`ve seen in thirty years,",
                            "They had everyone ready to go before we were even alongside.",
                        ],
                    )
                ],
                "backtick quote marks around text with backtick apostrophes (text given as in the file)",
            ),
            _q(
                "Hannah Liddell",
                P22 + "pinewood",
                [(P22 + "pinewood", ["calm and kind"])],
                "partial quote in backtick marks",
            ),
            _q(
                "Bram Kuyt",
                P22 + "coastline-refloat",
                [
                    (
                        P22 + "coastline-refloat",
                        ["We have one good tide this weekend, and we intend to use it,"],
                    )
                ],
                "description + name after the quote ('the salvage master, Bram Kuyt, said')",
            ),
            _q(
                "Gideon Pryce",
                P22 + "coastline-refloat",
                [
                    (
                        P22 + "coastline-refloat",
                        [
                            "People on Tresk depend on this ferry for everything, from groceries to hospital "
                            "appointments, and we have let them down this week."
                        ],
                    )
                ],
                "pronoun + colon ('He said:')",
            ),
            _q(
                "Morag Fenwick",
                P22 + "coastline-petition",
                [
                    (
                        P22 + "coastline-petition",
                        [
                            "We have been one breakdown away from isolation for years,",
                            "Now everyone can see it.",
                        ],
                    )
                ],
                "interrupted by attribution ('said Morag Fenwick, who runs the island's only shop')",
            ),
        ],
        "not_quotes": [],
    },
}

EST = "estimated"  # resolved against the undated article's true date (inside its story's period)

TIMELINES: dict[str, list[dict[str, Any]]] = {
    "marchetti-2020": [
        _t(
            "2009-05",
            "Kray and Marchetti first work together, on “Lantern Street”",
            [_x(M20 + "stagelight", "in May 2009", "2009-05"), _x(M20 + "harbour", "in May 2009", "2009-05")],
        ),
        _t(
            "2009",
            "Marchetti marries Tobias Wren; “Lantern Street” wins her acclaim",
            [
                _x(M20 + "stagelight", "since 2009", "2009"),
                _x(M20 + "meridian", "since 2009", "2009"),
                _x(M20 + "northgate", "since 2009", "2009"),
                _x(M20 + "wirefront", "in 2009", "2009"),
                _x(M20 + "calloway", "in 2009", "2009"),
            ],
        ),
        _t(
            "2019",
            "Marchetti's memoir “Small Hours” is published",
            [_x(M20 + "stagelight", "last year", "2019")],
        ),
        _t(
            "2020-07",
            "Filming of “The Salt Orchard” begins in Brevik",
            [_x(M20 + "wirefront", "since July", "2020-07"), _x(M20 + "calloway", "since July", "2020-07")],
        ),
        _t(
            "2020-09",
            "Marchetti falls on set",
            [
                _x(M20 + "stagelight", "last month", "2020-09"),
                _x(M20 + "meridian", "last month", "2020-09"),
                _x(M20 + "northgate", "last month", "2020-09"),
                _x(M20 + "harbour", "last month", "2020-09"),
                _x(M20 + "wirefront", "last month", "2020-09"),
                _x(M20 + "calloway", "last month", "2020-09"),
            ],
        ),
        _t(
            "2020-10-13",
            "Production stops",
            [
                _x(M20 + "meridian", "on Tuesday", "2020-10-13"),
                _x(M20 + "northgate", "on Tuesday", "2020-10-13"),
                _x(M20 + "harbour", "on Tuesday", "2020-10-13"),
                _x(M20 + "wirefront", "on Tuesday", "2020-10-13"),
                _x(M20 + "calloway", "on Tuesday", "2020-10-13"),
            ],
        ),
        _t(
            "2020-10-14",
            "Marchetti posts her statement",
            [
                _x(M20 + "stagelight", "on Wednesday", "2020-10-14"),
                _x(M20 + "meridian", "on Wednesday", "2020-10-14"),
                _x(M20 + "northgate", "on Wednesday", "2020-10-14"),
                _x(M20 + "harbour", "on Wednesday", "2020-10-14"),
                _x(M20 + "wirefront", "on Wednesday", "2020-10-14"),
                _x(M20 + "calloway", "on Wednesday", "2020-10-14"),
            ],
        ),
        _t(
            "2020-10-20",
            "Marchetti's spine operation",
            [
                _x(M20 + "stagelight", "Tuesday, October 20", "2020-10-20"),
                _x(M20 + "harbour", "Tuesday, October 20", "2020-10-20"),
                _x(M20 + "wirefront", "next Tuesday", "2020-10-20"),
                _x(M20 + "calloway", "next Tuesday", "2020-10-20"),
            ],
        ),
        _t(
            "2020-11-03",
            "Earliest date production could resume",
            [_x(M20 + "wirefront", "two weeks after her surgery", "2020-11-03")],
        ),
    ],
    "marchetti-2021": [
        _t(
            "2009",
            "Marchetti and Wren together / married",
            [_x(M21 + "northgate", "since 2009", "2009"), _x(M21 + "ledger", "since 2009", "2009")],
        ),
        _t(
            "2020",
            "Marchetti withdraws from the film; productions halted",
            [
                _x(M21 + "stagelight", "A year ago", "2020"),
                _x(M21 + "harbour", "A year ago", "2020"),
                _x(M21 + "ledger", "last year", "2020"),
            ],
        ),
        _t(
            "2020-10",
            "Marchetti's operation and withdrawal",
            [
                _x(M21 + "stagelight", "in October last year", "2020-10"),
                _x(M21 + "northgate", "in October last year", "2020-10"),
            ],
        ),
        _t(
            "2021-09",
            "Surgeons clear Marchetti to work",
            [_x(M21 + "harbour", "last month", "2021-09")],
            anchor=EST,
        ),
        _t(
            "2021-10-11",
            "Filming resumes with Marchetti",
            [
                _x(M21 + "stagelight", "on Monday", "2021-10-11"),
                _x(M21 + "northgate", "on Monday", "2021-10-11"),
                _x(M21 + "harbour", "on Monday", "2021-10-11"),
                _x(M21 + "ledger", "on Monday", "2021-10-11"),
            ],
        ),
        _t("2022-01", "Filming expected to wrap", [_x(M21 + "stagelight", "in January 2022", "2022-01")]),
    ],
    "brandt-2013": [
        _t("2011", "“Kerosene Heart” is a hit", [_x(B13 + "wirefront", "2011", "2011")]),
        _t(
            "2013-03",
            "“Low Tide Sermons” is released",
            [_x(B13 + "wirefront", "in March", "2013-03"), _x(B13 + "pinewood", "in March", "2013-03")],
        ),
        _t(
            "2013-05-24",
            "Brandt's car hits a cyclist on the coast road",
            [
                _x(B13 + "meridian", "May 24", "2013-05-24"),
                _x(B13 + "wirefront", "last month", "2013-05"),
                _x(B13 + "pinewood", "last month", "2013-05"),
            ],
        ),
        _t("2013-06", "Brandt's tour was due to begin", [_x(B13 + "meridian", "this month", "2013-06")]),
        _t(
            "2013-06-05",
            "Brandt appears in court charged with dangerous driving",
            [
                _x(B13 + "meridian", "on Wednesday", "2013-06-05"),
                _x(B13 + "wirefront", "on Wednesday", "2013-06-05"),
                _x(B13 + "harbour", "on Wednesday", "2013-06-05"),
                _x(B13 + "pinewood", "on Wednesday", "2013-06-05"),
            ],
        ),
        _t(
            "2013-07-02",
            "Next hearing",
            [
                _x(B13 + "meridian", "Tuesday, July 2", "2013-07-02"),
                _x(B13 + "wirefront", "July 2", "2013-07-02"),
                _x(B13 + "harbour", "July 2", "2013-07-02"),
                _x(B13 + "pinewood", "Tuesday, July 2", "2013-07-02"),
            ],
        ),
    ],
    "brandt-2019": [
        _t("2009", "The Lanternfish Club opens", [_x(B19 + "calloway", "a decade ago", "2009")]),
        _t(
            "2013-06",
            "Brandt's earlier court case over the coast road crash",
            [
                _x(B19 + "ledger", "in 2013", "2013"),
                _x(B19 + "ledger", "In 2013", "2013"),
                _x(B19 + "northgate", "six years ago", "2013"),
                _x(B19 + "harbour", "In June 2013", "2013-06"),
                _x(B19 + "calloway", "2013", "2013"),
            ],
        ),
        _t(
            "2019-01-19",
            "Alleged assault on Ruben Castell outside the Lanternfish Club",
            [
                _x(B19 + "ledger", "in January", "2019-01"),
                _x(B19 + "northgate", "January 19", "2019-01-19"),
                _x(B19 + "harbour", "January 19", "2019-01-19"),
                _x(B19 + "calloway", "January 19", "2019-01-19"),
            ],
        ),
        _t(
            "2019-03-12",
            "Brandt pleads not guilty in court",
            [
                _x(B19 + "ledger", "on Tuesday", "2019-03-12"),
                _x(B19 + "northgate", "on Tuesday", "2019-03-12"),
                _x(B19 + "harbour", "on Tuesday", "2019-03-12"),
            ],
        ),
        _t(
            "2019-04-16",
            "Next hearing",
            [
                _x(B19 + "ledger", "Tuesday, April 16", "2019-04-16"),
                _x(B19 + "northgate", "April 16", "2019-04-16"),
                _x(B19 + "harbour", "April 16", "2019-04-16"),
                _x(B19 + "calloway", "April 16", "2019-04-16"),
            ],
        ),
        _t(
            "2019-05",
            "“Paper Lighthouse” is due out",
            [_x(B19 + "ledger", "in May", "2019-05"), _x(B19 + "calloway", "in May", "2019-05")],
        ),
    ],
    "pellham-2022": [
        _t(
            "2009",
            "The Pellham Star starts on the Tresk route",
            [_x(P22 + "wirefront", "since 2009", "2009"), _x(P22 + "meridian", "since 2009", "2009")],
        ),
        _t(
            "2022-01",
            "The ferry passes its safety inspection",
            [
                _x(P22 + "wirefront", "last month", "2022-01"),
                _x(P22 + "ledger", "last month", "2022-01"),
                _x(P22 + "meridian", "in January", "2022-01"),
                _x(P22 + "pinewood", "last month", "2022-01"),
            ],
        ),
        _t(
            "2022-02-16",
            "The Pellham Star runs aground off Carrow Bay",
            [
                _x(P22 + "wirefront", "on Wednesday", "2022-02-16"),
                _x(P22 + "ledger", "on Wednesday night", "2022-02-16"),
                _x(P22 + "meridian", "Wednesday’s", "2022-02-16"),
                _x(P22 + "pinewood", "on Wednesday evening", "2022-02-16"),
                _x(P22 + "coastline-refloat", "since Wednesday", "2022-02-16"),
            ],
        ),
        _t(
            "2022-02-17",
            "Investigators board; the injured count rises to 17; pumping starts",
            [
                _x(P22 + "meridian", "on Thursday", "2022-02-17"),
                _x(P22 + "pinewood", "on Thursday", "2022-02-17"),
                _x(P22 + "coastline-refloat", "since Thursday", "2022-02-17"),
            ],
        ),
        _t(
            "2022-02-18",
            "More than 900 sign the petition for a second ferry",
            [_x(P22 + "coastline-petition", "by Friday evening", "2022-02-18")],
        ),
        _t(
            "2022-02-19",
            "The ferry is refloated",
            [
                _x(P22 + "meridian", "Saturday’s", "2022-02-19"),
                _x(P22 + "coastline-refloat", "on Saturday", "2022-02-19"),
                _x(P22 + "coastline-petition", "on Saturday morning", "2022-02-19"),
            ],
        ),
        _t(
            "2022-02-21",
            "A chartered vessel takes over the route",
            [_x(P22 + "pinewood", "from Monday", "2022-02-21")],
        ),
    ],
}

CLAIMS: dict[str, list[dict[str, Any]]] = {
    "marchetti-2020": [
        _c(
            "Delia Marchetti",
            "age",
            "conflict",
            [
                (
                    "52",
                    [
                        M20 + "stagelight",
                        M20 + "northgate",
                        M20 + "harbour",
                        M20 + "wirefront",
                        M20 + "calloway",
                    ],
                ),
                ("53", [M20 + "meridian"]),
            ],
            "Meridian Daily says 53 one day after the others say 52; no time has passed. The Calloway "
            "Herald's 52 is the Wirefront copy and counts once.",
        ),
        _c(
            "Delia Marchetti",
            "statement posted on",
            "conflict",
            [("Instagram", [M20 + "stagelight", M20 + "meridian"]), ("Facebook", [M20 + "northgate"])],
            "Stagelight and Meridian Daily say Instagram; Northgate Post says Facebook.",
        ),
        _c(
            "Delia Marchetti",
            "film title",
            "conflict",
            [
                (
                    "The Salt Orchard",
                    [
                        M20 + "stagelight",
                        M20 + "meridian",
                        M20 + "northgate",
                        M20 + "wirefront",
                        M20 + "calloway",
                    ],
                ),
                ("The Salt Orchards", [M20 + "harbour"]),
            ],
            "The Harbour Courier spells the film “The Salt Orchards”.",
        ),
        _c(
            "Tobias Wren",
            "age",
            "agree",
            [("55", [M20 + "stagelight", M20 + "meridian"])],
            "Both say 55.",
        ),
        _c(
            "Delia Marchetti",
            "spouse",
            "agree",
            [
                (
                    "Tobias Wren",
                    [
                        M20 + "stagelight",
                        M20 + "meridian",
                        M20 + "northgate",
                        M20 + "wirefront",
                        M20 + "calloway",
                    ],
                )
            ],
            "All name Tobias Wren (the Calloway copy counts with Wirefront).",
        ),
    ],
    "marchetti-2021": [
        _c(
            "Delia Marchetti",
            "age",
            "agree",
            [("53", [M21 + "stagelight", M21 + "northgate", M21 + "harbour", M21 + "ledger"])],
            "All say 53; consistent with 52 a year earlier (storyline claim).",
        ),
        _c(
            "Tobias Wren",
            "age",
            "agree",
            [("56", [M21 + "stagelight", M21 + "harbour"])],
            "Both say 56; consistent with 55 a year earlier.",
        ),
        _c(
            "Delia Marchetti",
            "spouse",
            "agree",
            [("Tobias Wren", [M21 + "stagelight", M21 + "northgate", M21 + "harbour", M21 + "ledger"])],
            "All name Tobias Wren.",
        ),
    ],
    "brandt-2013": [
        _c(
            "Cassius Brandt",
            "age",
            "agree",
            [("34", [B13 + "meridian", B13 + "wirefront", B13 + "harbour", B13 + "pinewood"])],
            "All say 34.",
        ),
        _c(
            "Daniel Okoro",
            "age",
            "agree",
            [("27", [B13 + "meridian", B13 + "pinewood"])],
            "Meridian Daily's unnamed 27-year-old cyclist is Daniel Okoro.",
        ),
    ],
    "brandt-2019": [
        _c(
            "Cassius Brandt",
            "age",
            "agree",
            [("40", [B19 + "ledger", B19 + "northgate", B19 + "harbour", B19 + "calloway"])],
            "All say 40; consistent with 34 in June 2013 (storyline claim).",
        ),
        _c(
            "Ruben Castell",
            "age",
            "agree",
            [("45", [B19 + "ledger", B19 + "harbour"])],
            "Both say 45.",
        ),
    ],
    "pellham-2022": [
        _c(
            "Pellham Star grounding",
            "injured",
            "consistent",
            [
                ("12", [P22 + "wirefront"]),
                ("15", [P22 + "ledger"]),
                ("17", [P22 + "meridian", P22 + "pinewood", P22 + "coastline-refloat"]),
            ],
            "The count rises between reports (an update, not a conflict).",
        ),
        _c(
            "Pellham Star",
            "passengers",
            "agree",
            [("212", [P22 + "wirefront", P22 + "pinewood"])],
            "Both say 212.",
        ),
        _c(
            "Pellham Star",
            "age",
            "agree",
            [("31", [P22 + "wirefront", P22 + "meridian"])],
            "Both say the ferry is 31 years old.",
        ),
    ],
}

STORYLINE_CLAIMS: dict[str, list[dict[str, Any]]] = {
    "marchetti": [
        _c(
            "Delia Marchetti",
            "age",
            "consistent",
            [("52", [M20 + "stagelight"]), ("53", [M21 + "stagelight"])],
            "52 on 2020-10-14, 53 on 2021-10-12: a year has passed (the 2020 conflict with 53 stays a conflict).",
        ),
        _c(
            "Tobias Wren",
            "age",
            "consistent",
            [("55", [M20 + "stagelight", M20 + "meridian"]), ("56", [M21 + "stagelight", M21 + "harbour"])],
            "55 in October 2020, 56 in October 2021.",
        ),
        _c(
            "Anselm Kray",
            "age",
            "consistent",
            [("61", [M20 + "harbour"]), ("62", [M21 + "ledger"])],
            "61 on 2020-10-16, 62 on 2021-10-13.",
        ),
    ],
    "brandt": [
        _c(
            "Cassius Brandt",
            "age",
            "consistent",
            [("34", [B13 + "meridian"]), ("40", [B19 + "ledger"])],
            "34 on 2013-06-05, 40 on 2019-03-12: about six years apart.",
        ),
    ],
    "pellham": [],
}
