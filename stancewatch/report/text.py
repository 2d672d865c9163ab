"""Text as the report shows it: missing values as nothing, quotations with one pair of marks, dates, safe links, and
labels cut to the width they have in a picture.

Everything here returns plain text; the callers escape it (``html.escape``) where it enters the page.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

import pandas as pd

OPENING, CLOSING = "“", "”"
_DOUBLE = '"“”„«»'  # marks that open or close a quotation (straight, curly, low, guillemets)
_MISSING = {"", "nan", "none", "null", "nat", "<na>"}


def present(value) -> str | None:
    """``value`` as text, or None when it is missing: None, NaN/NaT/pd.NA (NaN is truthy in Python, so ``x or y``
    is no test), an empty string, or the text "nan"/"None" that a missing value became on its way here."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = " ".join(str(value).split())
    return None if text.lower() in _MISSING else text


def quotation(text) -> str | None:
    """A statement's sentence with exactly one pair of quotation marks around it, the outer ones ours: a sentence that
    is all quotation ("“This was and is the position …”") loses its own pair, a mark left open or closed at either end
    is dropped, and the article's own double quotes inside become single ones (“‘No troops,’ Scholz said.”)."""
    text = present(text)
    if text is None:
        return None
    for _ in range(3):  # "“…”" → "…"; "«“…”»" → "…"
        if len(text) >= 2 and text[0] in _DOUBLE and text[-1] in _DOUBLE and not any(c in _DOUBLE for c in text[1:-1]):
            text = text[1:-1].strip()
    marks = [i for i, c in enumerate(text) if c in _DOUBLE]
    if len(marks) % 2:  # one mark has no partner: the quotation runs on before or after this sentence
        if marks[0] == 0:
            drop = marks[0]
        elif marks[-1] == len(text) - 1 or text[marks[-1]] in "“„«":
            drop = marks[-1]
        else:
            drop = marks[0]
        text = (text[:drop] + text[drop + 1 :]).strip()
    out, opening = [], True
    for c in text:
        if c in _DOUBLE:
            out.append("‘" if opening else "’")
            opening = not opening
        else:
            out.append(c)
    return f"{OPENING}{''.join(out).strip()}{CLOSING}"


def safe_url(value) -> str | None:
    """An http(s) URL that may be a link, or None (``javascript:``, ``data:``, a file path, a missing value)."""
    text = present(value)
    if text is None or not re.match(r"^https?://[^\s<>\"']+$", text, re.I):
        return None
    return text


def day(value) -> str | None:
    """A date as "27 Feb 2024", or None when there is none."""
    if value is None or value is pd.NaT:
        return None
    try:
        when = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    if when is pd.NaT or pd.isna(when):
        return None
    return f"{when.day} {when.strftime('%b %Y')}"


def period_label(period: str, monthly: bool) -> str:
    """A summary period ("2024-02-01") as "Feb 2024" when periods are months, else as it is."""
    if monthly:
        try:
            return datetime.strptime(period, "%Y-%m-%d").strftime("%b %Y")
        except ValueError:
            return period
    return period


def monthly(periods) -> bool:
    """Whether summary periods are months (all of them the first day of a month)."""
    values = [str(p) for p in periods]
    try:
        return bool(values) and all(date.fromisoformat(p).day == 1 for p in values)
    except ValueError:
        return False


# Widths of characters as a share of the font size, on the generous side of common sans-serif fonts (DejaVu Sans,
# the widest of them, is what headless Chromium on Debian falls back to): used to cut labels before they are drawn,
# so they fit the room they have; the browser test measures the result.
_NARROW, _WIDE = set("iIjlt.,:;'|!()[]f ’‘"), set("mwMW@%")


def text_width(text: str, font_px: float) -> float:
    """Estimated width in pixels of ``text`` at ``font_px``."""
    em = 0.0
    for c in text:
        if c in _NARROW:
            em += 0.36
        elif c in _WIDE:
            em += 0.95
        elif c.isupper() or c.isdigit():
            em += 0.72
        else:
            em += 0.62
    return em * font_px


def fit(text: str, width_px: float, font_px: float) -> str:
    """``text``, cut with "…" so that it takes at most ``width_px``."""
    if text_width(text, font_px) <= width_px:
        return text
    while text and text_width(text + "…", font_px) > width_px:
        text = text[:-1]
    return text.rstrip(" ,;·-") + "…"


def anchor(*parts: str) -> str:
    """An id for an element of the page (letters, digits and hyphens only), from its parts."""
    return "-".join(re.sub(r"[^a-z0-9]+", "-", str(p).lower()).strip("-") or "x" for p in parts)
