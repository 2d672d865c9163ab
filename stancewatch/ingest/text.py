"""Text as every input becomes it: bytes decoded, text normalised, ids from the normalised text.

One place for these rules, used by every reader (files, tables, HTML pages, archives, web pages), so a document
read twice by two routes gets one id.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import ftfy

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANKS = re.compile(r"\n{3,}")
_SURROGATE = re.compile("[\ud800-\udfff]")  # lone halves of a UTF-16 pair (e.g. "\\ud800" in JSON): not text


def normalize_text(text: str) -> str:
    """Mojibake repaired (UTF-8 read as Latin-1/Windows-1252: "donâ\x80\x99t" → "don’t"; ftfy.fix_encoding, which
    leaves clean text alone), NFC, unified line breaks, control characters removed, lone surrogates → U+FFFD, runs of
    spaces folded, trimmed. Repeated to a fixed point, so that normalising a normalised text changes nothing
    (removing a control character can join two characters into a new mojibake pair)."""
    for _ in range(5):
        again = _normalize_once(text)
        if again == text:
            break
        text = again
    return text


def _normalize_once(text: str) -> str:
    text = ftfy.fix_encoding(text)
    text = unicodedata.normalize("NFC", _SURROGATE.sub("\ufffd", text)).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANKS.sub("\n\n", text).strip()


def doc_id_for(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def decode_bytes(raw: bytes) -> str | None:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252; None for binary."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in raw[:4096]:
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = raw.decode("cp1252", errors="replace")
    printable = sum(ch.isprintable() or ch in "\n\t\r" for ch in text[:4096]) / max(1, min(len(text), 4096))
    return text if printable > 0.95 else None
