# ruff: noqa: E501  (prose: string lines are wrapped by hand)
"""The demo corpus's articles, written for Storyline (all outlets, people, places and events are invented).

Each article is a dict: ``key`` (its name in truth.json), ``story``, ``storyline``, ``fmt`` (how it is
stored), ``outlet``, ``url``, ``title``, ``published`` (ISO date or None), ``author``, ``paragraphs`` (the
body, in display form) and ``duplicate_of`` (the key of the article it copies, or None).
``make_corpus.py`` renders them into examples/corpus/ and writes examples/truth.json.
"""

from __future__ import annotations

from typing import Any

# The statement Delia Marchetti posted on 14 October 2020, as the first carrier printed it (curly quotes).
STATEMENT = (
    "I have loved every single day on this film, and I am heartbroken to tell you that I can’t finish it. "
    "After my fall on set last month, my doctors have been clear with me: I need surgery on my spine, and I "
    "need it now. I won’t pretend this is easy. Anselm and the whole crew has been nothing but kind to me, "
    "and I’m asking everyone to show them the same kindness while they find a way forward. My family is "
    "with me, Tobias is with me, and I fully intend to be back on my feet before the spring. Thank you for "
    "every message you have sent. I read them all, even the ones I can’t answer."
)


def _straight(text: str) -> str:
    """Return ``text`` with curly quotes and apostrophes made straight."""
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


# Meridian Daily: straight quotes, one word changed.
STATEMENT_MERIDIAN = _straight(STATEMENT).replace("heartbroken", "devastated")
# Northgate Post: one sentence dropped.
STATEMENT_NORTHGATE = STATEMENT.replace(" I won’t pretend this is easy.", "")
# Harbour Courier: straight quotes, "(sic)" added, the last two sentences trimmed.
STATEMENT_HARBOUR = (
    _straight(STATEMENT)
    .replace("crew has been", "crew has (sic) been")
    .replace(" Thank you for every message you have sent. I read them all, even the ones I can't answer.", "")
)

WIRE_MARCHETTI = [
    "BREVIK (Wirefront) — Actress Delia Marchetti has withdrawn from the Northvale Pictures film “The Salt "
    "Orchard” and will have surgery on her spine after a fall on set, she said on Wednesday.",
    "Marchetti, 52, was hurt last month during a night shoot in Brevik, where the period drama has been "
    "filming since July. Production stopped on Tuesday, a spokeswoman for the studio said.",
    "Her spokesman, Felix Arundel, said in a statement to Wirefront that the actress would be operated on "
    "in Brevik next Tuesday and that her husband and her two sisters were with her.",
    "Arundel added: “Delia is in good spirits and in very good hands. She asks for privacy for her family "
    "while she recovers.”",
    "Northvale Pictures said it had not decided whether to recast the part or to wait until Marchetti "
    "recovers. The company described the stoppage as temporary and said the rest of the cast had been "
    "sent home on full pay.",
    "Marchetti won acclaim for “Lantern Street” in 2009 and has appeared in more than 30 films. She is "
    "married to the composer Tobias Wren, who wrote the score for that film.",
    "The film’s director, Anselm Kray, told the crew that production would resume two weeks after her "
    "surgery at the earliest, once the studio had reviewed the schedule and the insurers had been consulted.",
    "(Reporting by Imogen Baird; editing by Paul Steadman)",
]

ARTICLES: list[dict[str, Any]] = [
    # ------------------------------------------------------------------ story marchetti-2020
    {
        "key": "marchetti-2020/stagelight",
        "story": "marchetti-2020",
        "storyline": "marchetti",
        "fmt": "html",
        "path": "html/stagelight-marchetti-surgery.html",
        "outlet": "Stagelight",
        "url": "https://stagelight.example/news/2020/10/14/delia-marchetti-salt-orchard-surgery",
        "title": "Delia Marchetti pulls out of ‘The Salt Orchard’ to have spine surgery",
        "published": "2020-10-14",
        "author": "Nadia Felt",
        "duplicate_of": None,
        "paragraphs": [
            "Delia Marchetti has withdrawn from “The Salt Orchard”, the period drama she had been filming in "
            "Brevik since the summer, after doctors told her she needs surgery on her spine.",
            "The 52-year-old actress announced the decision on Wednesday in a statement posted on Instagram, "
            "a day after the production quietly stopped filming.",
            f"“{STATEMENT}”",
            "Marchetti hurt her back when she slipped on a wet platform during a night shoot, according to "
            "two crew members who spoke to Stagelight on condition of anonymity. She kept working for several "
            "weeks in a brace before her doctors told her to stop.",
            "Her operation is scheduled for Tuesday, October 20, at St Columba’s Hospital in Brevik, her "
            "spokesman, Felix Arundel, told Stagelight.",
            "“She is frustrated, of course, but she is also relieved to finally have a plan,” her spokesman "
            "said.",
            "“Nobody on this production is thinking about the schedule right now,” the film’s director, "
            "Anselm Kray, said in a short statement. “We are thinking about Delia.”",
            "Kray and Marchetti first worked together in May 2009 on “Lantern Street”, the drama that earned "
            "her a best actress nomination. Northvale Pictures, which is producing “The Salt Orchard”, "
            "described the halt as a “pause” rather than a cancellation and said no decision had been made "
            "on recasting the role.",
            "Marchetti has been married to the composer Tobias Wren, 55, since 2009. Her memoir, “Small "
            "Hours”, was published last year.",
        ],
    },
    {
        "key": "marchetti-2020/meridian",
        "story": "marchetti-2020",
        "storyline": "marchetti",
        "fmt": "text",
        "path": "text/meridian-2020-10-15-marchetti.txt",
        "outlet": "Meridian Daily",
        "url": "https://meridiandaily.example/culture/2020/10/15/marchetti-quits-salt-orchard",
        "title": 'Marchetti quits "The Salt Orchard" after on-set fall',
        "published": "2020-10-15",
        "author": None,
        "duplicate_of": None,
        "paragraphs": [
            'Actress Delia Marchetti, 53, has pulled out of the film "The Salt Orchard" and will have spine '
            "surgery in Brevik, she said in a statement posted on Instagram on Wednesday.",
            "Marchetti, who was injured in a fall on the Brevik set last month, wrote:",
            f'"{STATEMENT_MERIDIAN}"',
            "The production, a Northvale Pictures drama directed by Anselm Kray, stopped filming on Tuesday. "
            "Northvale has not said whether the part will be recast or whether the shoot will move to a later "
            "date.",
            "Marchetti's spokesman said she would be operated on in Brevik and asked for privacy for the "
            "family.",
            'The actress, who broke through in "Lantern Street", has been married to the composer Tobias '
            "Wren since 2009. Friends of the couple say Wren, 55, has been at her side since the accident.",
            "Her departure leaves the production with several weeks of scenes to reshoot, and a cast of more "
            "than forty actors waiting to hear whether they will be needed again.",
        ],
    },
    {
        "key": "marchetti-2020/northgate",
        "story": "marchetti-2020",
        "storyline": "marchetti",
        "fmt": "rss",
        "path": "feeds/northgate-post.rss.xml",
        "entry": 1,
        "outlet": "Northgate Post",
        "url": "https://northgatepost.example/entertainment/delia-marchetti-statement",
        "title": "Delia Marchetti leaves Brevik film shoot for spine operation",
        "published": "2020-10-15",
        "author": "Tom Selwyn",
        "duplicate_of": None,
        "paragraphs": [
            "Delia Marchetti has left the set of “The Salt Orchard” and will undergo spine surgery, the "
            "actress told fans in a statement posted on Facebook on Wednesday.",
            "The 52-year-old said she had been hurt in a fall on set last month. Her statement read in full:",
            f"“{STATEMENT_NORTHGATE}”",
            "Filming in Brevik stopped on Tuesday. Northvale Pictures, the studio behind the film, said in an "
            "email that it fully supported Marchetti and would announce its plans for the production soon.",
            "Her director on the film, Anselm Kray, has worked with Marchetti since 2009. The two made "
            "“Lantern Street” together, and Kray has often called her the best actor of her generation.",
            "Marchetti is married to Tobias Wren, a composer who wrote the score for “Lantern Street”.",
        ],
    },
    {
        "key": "marchetti-2020/harbour",
        "story": "marchetti-2020",
        "storyline": "marchetti",
        "fmt": "jsonl",
        "path": "harbour-courier.jsonl",
        "line": 1,
        "outlet": "The Harbour Courier",
        "url": "https://harbourcourier.example/2020/10/16/marchetti-orchards-surgery",
        "title": 'Spine injury forces Marchetti off "The Salt Orchards"',
        "published": "2020-10-16",
        "author": None,
        "duplicate_of": None,
        "paragraphs": [
            'Delia Marchetti will not finish "The Salt Orchards", the Northvale Pictures drama that had been '
            "shooting in Brevik, after a fall left her needing an operation on her spine.",
            "In a message to her followers on Wednesday, the 52-year-old actress said:",
            f'"{STATEMENT_HARBOUR}"',
            "Marchetti's operation is set for Tuesday, October 20. A Northvale spokeswoman said the shoot had "
            "stopped on Tuesday and that no decision would be made about the role until after the surgery.",
            'Director Anselm Kray, 61, first cast Marchetti in May 2009, in "Lantern Street", and the pair '
            "have made three films together since.",
        ],
    },
    {
        "key": "marchetti-2020/wirefront",
        "story": "marchetti-2020",
        "storyline": "marchetti",
        "fmt": "atom",
        "path": "feeds/wirefront.atom.xml",
        "entry": 1,
        "outlet": "Wirefront",
        "url": "https://wirefront.example/wire/2020/10/14/ent-marchetti",
        "title": "Actress Delia Marchetti to have spine surgery, halts film role",
        "published": "2020-10-14",
        "author": "Imogen Baird",
        "duplicate_of": None,
        "paragraphs": WIRE_MARCHETTI,
    },
    {
        "key": "marchetti-2020/calloway",
        "story": "marchetti-2020",
        "storyline": "marchetti",
        "fmt": "warc",
        "path": "crawl/regional-news.warc.gz",
        "record": 2,
        "outlet": "Calloway Herald",
        "url": "https://callowayherald.example/arts/2020/10/15/marchetti-surgery-wire",
        "title": "Marchetti halts role in Brevik drama, faces spine operation",
        "published": "2020-10-15",
        "author": None,
        "duplicate_of": "marchetti-2020/wirefront",
        # The wire story under another headline, its last two paragraphs trimmed.
        "paragraphs": WIRE_MARCHETTI[:-2],
    },
    # ------------------------------------------------------------------ story marchetti-2021
    {
        "key": "marchetti-2021/stagelight",
        "story": "marchetti-2021",
        "storyline": "marchetti",
        "fmt": "html",
        "path": "html/stagelight-marchetti-returns.html",
        "outlet": "Stagelight",
        "url": "https://stagelight.example/news/2021/10/12/marchetti-returns-salt-orchard",
        "title": "A year after surgery, Delia Marchetti is back on ‘The Salt Orchard’",
        "published": "2021-10-12",
        "author": "Nadia Felt",
        "duplicate_of": None,
        "paragraphs": [
            "Delia Marchetti returned to the set of “The Salt Orchard” in Brevik on Monday, a year after a "
            "fall and spine surgery forced her to walk away from the film.",
            "The 53-year-old actress spent the morning rehearsing with the director, Anselm Kray, and spoke to "
            "reporters outside the studio gates afterwards.",
            "“A year ago I wasn’t sure I would walk properly again, let alone work.",
            "“There were weeks when I couldn’t get out of bed without help, and Tobias carried me through all "
            "of them.",
            "“So to be standing here, in costume, with the same crew, is something I will never take for "
            "granted.”",
            "Marchetti had the operation in October last year. Northvale Pictures kept the production on hold "
            "while she recovered and recast none of the roles, a decision she called “the kindest thing a "
            "studio has ever done for me”.",
            "Kray said the team had rebuilt the schedule around her. “We lost a year,” he said, “but we kept "
            "the film.”",
            "Her husband, the composer Tobias Wren, 56, watched from behind the barriers. Wren is writing the "
            "score for the film, his fourth collaboration with Kray. Filming is expected to wrap in January "
            "2022.",
        ],
    },
    {
        "key": "marchetti-2021/northgate",
        "story": "marchetti-2021",
        "storyline": "marchetti",
        "fmt": "rss",
        "path": "feeds/northgate-post.rss.xml",
        "entry": 2,
        "outlet": "Northgate Post",
        "url": "https://northgatepost.example/entertainment/marchetti-back-on-set",
        "title": "Delia Marchetti back at work a year after spine operation",
        "published": "2021-10-12",
        "author": "Tom Selwyn",
        "duplicate_of": None,
        "paragraphs": [
            "Actress Delia Marchetti, 53, went back to work on Monday on “The Salt Orchard”, twelve months "
            "after a fall on set in Brevik ended her first attempt to make the film.",
            "“I feel stronger than I have in years,” Marchetti said as she arrived at the studio. “My back is "
            "held together with titanium, but my head is clear.”",
            "The actress first announced she was leaving the production in October last year, in a statement "
            "to her fans that was shared hundreds of thousands of times.",
            "Northvale Pictures confirmed that the rest of the cast, including Hollis Grey and Odile Sarrazin, "
            "had returned for the shoot, which had been on hold for a year.",
            "The director, Anselm Kray, said he had never considered replacing her. Her spokesman, Felix "
            "Arundel, told Northgate Post that she would work shorter days for the first month.",
            "Marchetti is married to the composer Tobias Wren. The couple have been together since 2009.",
        ],
    },
    {
        "key": "marchetti-2021/harbour",
        "story": "marchetti-2021",
        "storyline": "marchetti",
        "fmt": "jsonl-html",
        "path": "harbour-courier.jsonl",
        "line": 2,
        "outlet": "The Harbour Courier",
        "url": "https://harbourcourier.example/arts/marchetti-returns-to-brevik-set",
        "title": "Marchetti returns to Brevik set",
        "published": None,
        "author": None,
        "duplicate_of": None,
        "paragraphs": [
            "Delia Marchetti was back in front of the cameras in Brevik on Monday. A year ago she withdrew "
            'from "The Salt Orchard" after a fall on set, and few in the industry expected the film to '
            "survive.",
            "The 53-year-old actress told reporters she had spent months learning to walk without pain. Her "
            "spokesman said she had been cleared to work by her surgeons last month and had been rehearsing "
            "at home since then.",
            '"Every step was a negotiation," she said.',
            "Northvale Pictures held the production for a year rather than recast the part. The studio said "
            "the shoot would now run into the new year, with the final scenes to be filmed on the coast north "
            "of Brevik.",
            "Her husband, Tobias Wren, 56, is scoring the film. He was at the studio on Monday with the couple's "
            "two dogs, which Marchetti credits with getting her out of the house every morning during her "
            "recovery.",
        ],
    },
    {
        "key": "marchetti-2021/ledger",
        "story": "marchetti-2021",
        "storyline": "marchetti",
        "fmt": "warc",
        "path": "crawl/regional-news.warc.gz",
        "record": 3,
        "outlet": "The Evening Ledger",
        "url": "https://eveningledger.example/culture/2021/10/13/marchetti-salt-orchard-return",
        "title": "The Salt Orchard is back, and so is its star",
        "published": "2021-10-13",
        "author": "Ruth Danvers",
        "duplicate_of": None,
        "paragraphs": [
            "A year after a fall on set put her in hospital, Delia Marchetti is back on “The Salt Orchard”. "
            "Filming resumed in Brevik on Monday.",
            "The 53-year-old actress, who has been married to the composer Tobias Wren since 2009, said the "
            "past twelve months had been “the hardest and the most humbling” of her life.",
            "Director Anselm Kray, 62, said the studio had never pushed him to replace her, even when the "
            "insurers asked how long it was prepared to wait.",
            "Her spokesman, Felix Arundel, said: “She is working shorter days for now, and she is loving every "
            "one of them.”",
            "The production was one of several in the region that were halted last year. Its “pause”, as "
            "Northvale Pictures called it, lasted almost exactly a year.",
            "Marchetti’s memoir, “Small Hours”, sold strongly during her recovery, according to its "
            "publisher, Quillon Books, which has asked her for a second volume.",
        ],
    },
    # ------------------------------------------------------------------ story brandt-2013
    {
        "key": "brandt-2013/meridian",
        "story": "brandt-2013",
        "storyline": "brandt",
        "fmt": "text",
        "path": "text/meridian-2013-06-05-brandt.txt",
        "outlet": "Meridian Daily",
        "url": None,
        "title": "Cassius Brandt charged over Port Ellery crash",
        "published": "2013-06-05",
        "author": None,
        "duplicate_of": None,
        "paragraphs": [
            "Singer Cassius Brandt appeared in court in Port Ellery on Wednesday charged with dangerous "
            "driving after a crash that left a cyclist with a broken leg.",
            "Brandt, 34, spoke only to confirm his name and address during the ten-minute hearing at Port "
            "Ellery Magistrates' Court. He did not enter a plea.",
            "The crash happened on May 24 on the coast road north of the town, when Brandt's car crossed into "
            "a cycle lane, the court heard. The cyclist, a 27-year-old teacher, spent a week in hospital.",
            'His lawyer, Judith Abernathy, told the court: "Mr Brandt has cooperated fully with the police '
            'from the first minute, and he will continue to do so."',
            "Magistrates adjourned the case until Tuesday, July 2, and released Brandt on bail on condition "
            "that he does not drive.",
            'Brandt, best known for the song "Kerosene Heart", had been due to begin a tour this month to '
            'promote his album "Low Tide Sermons". His record label, Greyfinch Records, said the first four '
            "dates had been postponed.",
            "Outside court, Brandt walked past the waiting reporters without a word.",
        ],
    },
    {
        "key": "brandt-2013/wirefront",
        "story": "brandt-2013",
        "storyline": "brandt",
        "fmt": "atom",
        "path": "feeds/wirefront.atom.xml",
        "entry": 2,
        "outlet": "Wirefront",
        "url": "https://wirefront.example/wire/2013/06/05/brandt-court",
        "title": "Singer Cassius Brandt in court over crash that injured cyclist",
        "published": "2013-06-05",
        "author": "Imogen Baird",
        "duplicate_of": None,
        "paragraphs": [
            "PORT ELLERY (Wirefront) — Rock singer Cassius Brandt appeared before magistrates on Wednesday "
            "accused of dangerous driving over a crash last month in which a cyclist was seriously hurt.",
            "Brandt, 34, whose 2011 hit “Kerosene Heart” topped the charts for six weeks, was granted bail and "
            "ordered not to drive. The case was adjourned until July 2.",
            "Prosecutor Owen Tally said the singer had been driving “well above the limit” on the coast road "
            "when his car hit the cyclist.",
            "Brandt’s lawyer, Judith Abernathy, said her client would contest the charge. “He is deeply sorry "
            "that anyone was hurt,” she said, “but he does not accept that he drove dangerously.”",
            "The singer’s fourth album, “Low Tide Sermons”, was released in March.",
            "Brandt grew up in Port Ellery, above his father’s garage on the harbour front, and still lives a "
            "few miles outside the town. He has sold more than two million records and has headlined most of "
            "the country’s big summer festivals.",
            "(Reporting by Imogen Baird)",
        ],
    },
    {
        "key": "brandt-2013/harbour",
        "story": "brandt-2013",
        "storyline": "brandt",
        "fmt": "jsonl",
        "path": "harbour-courier.jsonl",
        "line": 3,
        "outlet": "The Harbour Courier",
        "url": "https://harbourcourier.example/2013/06/06/brandt-dangerous-driving",
        "title": "Brandt bailed after crash hearing; tour dates postponed",
        "published": "2013-06-06",
        "author": None,
        "duplicate_of": None,
        "paragraphs": [
            "Cassius Brandt has postponed the opening dates of his tour after the singer was charged with "
            "dangerous driving in Port Ellery.",
            "The 34-year-old appeared at Port Ellery Magistrates' Court on Wednesday, twelve days after his "
            "car struck a cyclist on the coast road.",
            "Greyfinch Records said in a statement that the four postponed concerts would be rescheduled and "
            "that tickets would remain valid.",
            'Fans of "Kerosene Heart" and the new album "Low Tide Sermons" gathered outside the court, some '
            "holding handwritten signs. One of them, a 19-year-old student named Leah Morrow, said: \"We're "
            "here because he's always been there for us.\"",
            "Brandt's lawyer, Judith Abernathy, said he would plead not guilty at the next hearing on July 2.",
            "The cyclist, a teacher at a primary school in the town, is recovering at home. Police have "
            "appealed for drivers who were on the coast road that evening to come forward with dashboard "
            "camera footage, and officers were seen examining the stretch of road near the old lighthouse.",
        ],
    },
    {
        "key": "brandt-2013/pinewood",
        "story": "brandt-2013",
        "storyline": "brandt",
        "fmt": "text",
        "path": "text/pinewood-brandt-court.txt",
        "outlet": "Pinewood Gazette",
        "url": "https://pinewoodgazette.example/news/brandt-court-appearance",
        "title": "Kerosene Heart singer faces dangerous driving charge",
        "published": "2013-06-06",
        "author": None,
        "duplicate_of": None,
        "paragraphs": [
            "The singer Cassius Brandt, 34, was in the dock at Port Ellery Magistrates' Court on Wednesday, "
            "charged with dangerous driving after a crash on the coast road last month.",
            "The cyclist who was hit, Daniel Okoro, 27, told the Gazette he was still walking with crutches. "
            "``I don't want anything from him except the truth,'' he said. ``I just want him to stand up and "
            "say what happened.''",
            "Brandt's lawyer, Judith Abernathy, asked magistrates for bail, saying her client had ``no "
            "intention of going anywhere.''",
            "The case returns to court on Tuesday, July 2.",
            "Police closed the coast road for six hours after the crash while officers measured skid marks "
            "and took photographs. Residents have asked the council for a lower speed limit on the bend.",
            "Brandt rose to fame with ``Kerosene Heart'' and released his fourth album, ``Low Tide Sermons'', "
            "in March. Greyfinch Records, his label, has postponed the first dates of the tour that was meant "
            "to promote it.",
        ],
    },
    # ------------------------------------------------------------------ story brandt-2019
    {
        "key": "brandt-2019/ledger",
        "story": "brandt-2019",
        "storyline": "brandt",
        "fmt": "html",
        "path": "html/eveningledger-brandt-assault.html",
        "outlet": "The Evening Ledger",
        "url": "https://eveningledger.example/news/2019/03/12/cassius-brandt-assault-charge",
        "title": "Cassius Brandt back in Port Ellery court, this time over photographer scuffle",
        "published": "2019-03-12",
        "author": "Ruth Danvers",
        "duplicate_of": None,
        "paragraphs": [
            "Cassius Brandt was back at Port Ellery Magistrates’ Court on Tuesday, six years after he stood in "
            "the same dock over a crash that injured a cyclist.",
            "This time the 40-year-old singer is charged with assaulting a photographer, Ruben Castell, "
            "outside the Lanternfish Club in January. He pleaded not guilty.",
            "Castell, 45, told the court that Brandt had pushed him into a railing and smashed his camera. “He "
            "came at me before I had even lifted the lens,” he said.",
            "Brandt’s lawyer, Judith Abernathy, who also represented him in 2013, said the singer had been "
            "“surrounded and provoked”.",
            "In 2013 Brandt was given a suspended sentence and a two-year driving ban for the coast road crash.",
            "Several fans waited outside the court in the rain, and a small group of photographers followed "
            "the singer to his car.",
            "The case was adjourned until Tuesday, April 16. Brandt, whose new album “Paper Lighthouse” is due "
            "out in May, left the court without speaking.",
        ],
    },
    {
        "key": "brandt-2019/northgate",
        "story": "brandt-2019",
        "storyline": "brandt",
        "fmt": "rss",
        "path": "feeds/northgate-post.rss.xml",
        "entry": 3,
        "outlet": "Northgate Post",
        "url": "https://northgatepost.example/news/brandt-photographer-court",
        "title": "Singer Cassius Brandt denies assaulting photographer",
        "published": "2019-03-12",
        "author": "Tom Selwyn",
        "duplicate_of": None,
        "paragraphs": [
            "Cassius Brandt, the singer behind “Kerosene Heart”, denied assaulting a photographer when he "
            "appeared in court in Port Ellery on Tuesday.",
            "Brandt, 40, is accused of attacking Ruben Castell outside a nightclub on January 19. Castell "
            "says his camera, worth several thousand pounds, was destroyed.",
            "His lawyer, Judith Abernathy, said outside court: “My client is looking forward to telling his "
            "side of the story. The footage will speak for itself.”",
            "The singer was last in court six years ago, when he admitted dangerous driving after a crash on "
            "the coast road that left a cyclist in hospital.",
            "He will next appear on April 16, when the magistrates will decide whether the case should go to "
            "a higher court.",
            "Castell, a freelance photographer who has covered the town’s music scene for two decades, has "
            "said he was standing on the public pavement when the singer came out of the club. The club’s "
            "owners have handed their security recordings to the police.",
        ],
    },
    {
        "key": "brandt-2019/harbour",
        "story": "brandt-2019",
        "storyline": "brandt",
        "fmt": "jsonl",
        "path": "harbour-courier.jsonl",
        "line": 4,
        "outlet": "The Harbour Courier",
        "url": "https://harbourcourier.example/2019/03/13/brandt-denies-assault",
        "title": "Brandt pleads not guilty to assault outside Lanternfish Club",
        "published": "2019-03-13",
        "author": None,
        "duplicate_of": None,
        "paragraphs": [
            "The singer Cassius Brandt pleaded not guilty on Tuesday to assaulting a press photographer "
            "outside the Lanternfish Club in Port Ellery.",
            "The photographer, Ruben Castell, 45, says the 40-year-old grabbed him and threw his camera to the "
            "ground in the early hours of January 19.",
            "Castell's account was disputed by Brandt's lawyer, Judith Abernathy. \"There were eight "
            'photographers around that door," the lawyer said. "Only one of them is in this courtroom."',
            "It is Brandt's second appearance at the court. In June 2013 he was charged with dangerous driving "
            "after a cyclist was hurt, and he later admitted the offence.",
            "The case continues on April 16.",
            "Brandt has not performed in Port Ellery since the incident. A concert at the Seafront Hall that "
            "had been planned for the spring was quietly removed from the venue's listings, and his label, "
            "Greyfinch Records, has declined to comment on the case or on his touring plans.",
        ],
    },
    {
        "key": "brandt-2019/calloway",
        "story": "brandt-2019",
        "storyline": "brandt",
        "fmt": "warc",
        "path": "crawl/regional-news.warc.gz",
        "record": 4,
        "outlet": "Calloway Herald",
        "url": "https://callowayherald.example/news/2019/03/13/brandt-court-photographer",
        "title": "“Kerosene Heart” singer in court again",
        "published": "2019-03-13",
        "author": None,
        "duplicate_of": None,
        "paragraphs": [
            "For the second time in six years, Cassius Brandt has stood before magistrates in Port Ellery.",
            "The singer, 40, denied assaulting the photographer Ruben Castell on January 19 outside the "
            "Lanternfish Club, a late-night venue on the harbour front.",
            "His lawyer, Judith Abernathy, told the court that the footage would show her client “trying to "
            "get to his car”.",
            "The prosecutor, Owen Tally, who also prosecuted Brandt over the 2013 crash, said the Crown would "
            "call three witnesses, including a doorman at the club.",
            "Brandt has a new album, “Paper Lighthouse”, out in May. He was released on bail until April 16.",
            "The Lanternfish Club, which opened on the harbour front a decade ago, has been the subject of "
            "complaints from neighbours about noise and crowds at closing time. Its owners said they would "
            "cooperate fully with the police and that the doorman on duty that night had given a statement.",
        ],
    },
    # ------------------------------------------------------------------ story pellham-2022
    {
        "key": "pellham-2022/wirefront",
        "story": "pellham-2022",
        "storyline": "pellham",
        "fmt": "atom",
        "path": "feeds/wirefront.atom.xml",
        "entry": 3,
        "outlet": "Wirefront",
        "url": "https://wirefront.example/wire/2022/02/16/ferry-aground-carrow-bay",
        "title": "Ferry with 212 on board runs aground off Carrow Bay; 12 hurt",
        "published": "2022-02-16",
        "author": "Imogen Baird",
        "duplicate_of": None,
        "paragraphs": [
            "CARROW BAY (Wirefront) — A passenger ferry carrying 212 people ran aground on rocks off Carrow "
            "Bay on Wednesday during a gale, injuring 12 people, the coastguard said.",
            "The Pellham Star, operated by the Saltmarsh Line, was on its evening crossing to the island of "
            "Tresk when it lost power about a mile from the harbour, the harbourmaster, Agnes Thorvald, told "
            "reporters.",
            "“The crew did everything right,” Thorvald said. “They dropped anchor, they kept people calm, and "
            "they got every passenger into a life jacket within minutes.”",
            "Lifeboats from Carrow Bay and two neighbouring stations took passengers off the ship over four "
            "hours. None of the injuries was life-threatening, the coastguard said.",
            "Saltmarsh Line said the 31-year-old vessel had passed a full safety inspection last month. The "
            "company’s chief executive, Gideon Pryce, said it would cooperate with an investigation by the "
            "marine accident authority.",
            "The Pellham Star has run the Tresk route since 2009.",
        ],
    },
    {
        "key": "pellham-2022/ledger",
        "story": "pellham-2022",
        "storyline": "pellham",
        "fmt": "text",
        "path": "text/ledger-ferry-passengers.txt",
        "outlet": "The Evening Ledger",
        "url": None,
        "title": "Passengers describe terror as ferry hits rocks",
        "published": None,
        "author": None,
        "duplicate_of": None,
        "paragraphs": [
            "Passengers rescued from the Pellham Star described waves breaking over the deck as the ferry lay "
            "stranded on rocks off Carrow Bay on Wednesday night.",
            "Hannah Liddell, who was travelling home to Tresk with her two children, said the lights went out "
            "moments before the impact. “There was a bang like a door slamming, and then everyone was "
            "screaming,” she said. “My daughter kept asking if we were going to sink.”",
            "Another passenger, a retired fisherman, said he had never seen the sea so rough on the crossing.",
            "Fifteen people were treated in hospital, most for cuts and bruises.",
            "The Saltmarsh Line, which operates the ferry, said the vessel had passed an inspection last month "
            "and that it did not yet know why the engines failed. The harbourmaster, Agnes Thorvald, praised "
            "the crew.",
            "The crossing from Carrow Bay to Tresk usually takes fifty minutes. Islanders said on social media "
            "that the ferry is the only way on or off the island in winter, and several called for a second "
            "vessel on the route. The company said a replacement ship would run the service while the Pellham "
            "Star is repaired.",
        ],
    },
    {
        "key": "pellham-2022/meridian",
        "story": "pellham-2022",
        "storyline": "pellham",
        "fmt": "text-mojibake",
        "path": "text/meridian-2022-02-17-ferry.txt",
        "outlet": "Meridian Daily",
        "url": "https://meridiandaily.example/news/2022/02/17/pellham-star-injured-rise",
        "title": "Ferry grounding: injured rises to 17 as investigators board Pellham Star",
        "published": "2022-02-17",
        "author": None,
        "duplicate_of": None,
        "paragraphs": [
            "The number of people hurt when the Pellham Star ran aground off Carrow Bay has risen to 17, the "
            "coastguard said on Thursday, as investigators from the marine accident authority boarded the "
            "ferry.",
            "Most of the injured were treated for cuts, bruises and broken wrists after the ship struck rocks "
            "during Wednesday’s gale. Two passengers remain in hospital in Carrow Bay.",
            "The operator, Saltmarsh Line, said the vessel had lost power in both engines. Its chief "
            "executive, Gideon Pryce, said: “We will not guess at the cause. We owe our passengers facts, and "
            "the investigators will give us those facts.”",
            "The harbourmaster, Agnes Thorvald, said salvage crews hoped to refloat the ship on Saturday’s high "
            "tide.",
            "The 31-year-old ferry, which has sailed to Tresk since 2009, passed its annual inspection in "
            "January.",
            "Islanders are relying on a smaller chartered boat while the ferry is out of service.",
            "“It’s been a long night for everybody,” Thorvald said.",
        ],
    },
    {
        "key": "pellham-2022/pinewood",
        "story": "pellham-2022",
        "storyline": "pellham",
        "fmt": "text",
        "path": "text/pinewood-ferry-crew.txt",
        "outlet": "Pinewood Gazette",
        "url": "https://pinewoodgazette.example/news/ferry-crew-praised",
        "title": "Ferry crew praised after night on the rocks",
        "published": "2022-02-17",
        "author": None,
        "duplicate_of": None,
        "paragraphs": [
            "The crew of the Pellham Star couldn`t restart the engines, but they kept 212 passengers calm for "
            "four hours on a ship stuck on rocks, rescuers said on Thursday.",
            "`It`s the best piece of seamanship I`ve seen in thirty years,` said Colm Avery, the coxswain of "
            "the Carrow Bay lifeboat. `They had everyone ready to go before we were even alongside.`",
            "The ferry, operated by the Saltmarsh Line, hit the rocks off Carrow Bay on Wednesday evening in "
            "winds gusting above 70 miles an hour. Seventeen people were hurt, none of them seriously.",
            "The skipper, Captain Ines Halloran, didn`t speak to reporters. Her union, the Maritime Crews "
            "Association, said she had worked on the Tresk crossing for twelve years and would give a full "
            "account to investigators.",
            "Passenger Hannah Liddell, whose account of the grounding was widely shared online, said the crew "
            "had been `calm and kind` throughout.",
            "The Saltmarsh Line said the ferry had passed an inspection last month. It said a chartered "
            "vessel, the Brightwater, would take over the route from Monday.",
        ],
    },
    {
        "key": "pellham-2022/coastline-refloat",
        "story": "pellham-2022",
        "storyline": "pellham",
        "fmt": "jsonl",
        "path": "broken/partial.jsonl",
        "line": 1,
        "outlet": "Coastline Today",
        "url": "https://coastlinetoday.example/2022/02/18/pellham-star-refloat-plan",
        "title": "Salvage team to try to refloat stranded ferry on Saturday",
        "published": "2022-02-18",
        "author": None,
        "duplicate_of": None,
        "paragraphs": [
            "Salvage crews will try on Saturday to pull the Pellham Star off the rocks where it has been stuck "
            "since Wednesday, the Saltmarsh Line said.",
            "Divers found that the ferry's hull was breached in two places, and pumps have been running since "
            "Thursday to keep the water out.",
            '"We have one good tide this weekend, and we intend to use it," the salvage master, Bram Kuyt, '
            "said.",
            "Seventeen people were injured when the ship hit the rocks in a gale. The marine accident "
            "authority has opened an investigation.",
            "Fuel was pumped out of the ferry's tanks overnight as a precaution, and the coastguard has set "
            "up an exclusion zone around the wreck for fishing boats and pleasure craft.",
            "The chief executive of the Saltmarsh Line, Gideon Pryce, apologised to islanders on Tresk for the "
            'disruption. He said: "People on Tresk depend on this ferry for everything, from groceries to '
            'hospital appointments, and we have let them down this week."',
        ],
    },
    {
        "key": "pellham-2022/coastline-petition",
        "story": "pellham-2022",
        "storyline": "pellham",
        "fmt": "jsonl",
        "path": "broken/partial.jsonl",
        "line": 3,
        "outlet": "Coastline Today",
        "url": "https://coastlinetoday.example/2022/02/19/tresk-second-ferry-petition",
        "title": "Tresk islanders demand a second ferry after grounding",
        "published": "2022-02-19",
        "author": None,
        "duplicate_of": None,
        "paragraphs": [
            "Islanders on Tresk have started a petition for a second ferry on the Carrow Bay crossing after the "
            "Pellham Star ran aground this week, leaving the island with a chartered boat that carries half "
            "as many passengers.",
            "More than 900 people, about a third of the island's population, had signed by Friday evening.",
            "The petition asks the regional transport authority to fund a second vessel and to require the "
            "operator to keep a relief boat on standby in Carrow Bay during the winter months, when storms can "
            "close the crossing for days at a time.",
            '"We have been one breakdown away from isolation for years," said Morag Fenwick, who runs the '
            'island\'s only shop. "Now everyone can see it."',
            "The Saltmarsh Line said it would meet the island council to discuss the route. The Pellham Star "
            "was refloated on Saturday morning and towed into Carrow Bay, where investigators will examine "
            "its engines.",
        ],
    },
]
