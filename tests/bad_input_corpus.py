"""The bad-input corpus: each case is written to disk by code and carries its expected outcome.

An outcome is ("document", None) or ("quarantine", reason code). Table files list one outcome per
row, in order. Kept as code (not binary fixtures) so every byte is visible in review.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

GOOD = (
    "Polish Prime Minister Donald Tusk said on Monday that Poland would not send troops to Ukraine, "
    "and that the decision had been agreed with allies in Brussels."
)
FRENCH = (
    "Le président de la République a déclaré lundi que rien ne devait être exclu. Les gouvernements de "
    "plusieurs pays européens ont pourtant affirmé qu'ils n'enverraient pas de soldats en Ukraine, et le "
    "chancelier allemand a rappelé que la position de son pays restait la même depuis le début de la guerre."
)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001"
)


def write_corpus(root: Path) -> dict[str, list[tuple[str, str | None]]]:
    """Write every case under ``root``; return {relative path: [expected outcome per input item]}."""
    cases: dict[str, list[tuple[str, str | None]]] = {}

    def put(name: str, data: bytes | str, *outcomes: tuple[str, str | None]) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        cases[name] = list(outcomes)

    doc, q = ("document", None), (lambda reason: ("quarantine", reason))
    put("empty.txt", b"", q("empty_text"))
    put("whitespace.txt", " \n\t \r\n  \u00a0\n", q("empty_text"))
    put("image.txt", PNG, q("binary"))
    put("photo.png", PNG, q("unsupported_type"))
    put("invalid-utf8.txt", GOOD.encode("utf-8")[:60] + b"\xff\xfe\xfa" + GOOD.encode("utf-8")[60:], doc)
    put("latin1.txt", ("Séjourné: " + GOOD).encode("latin-1"), doc)
    put("utf16-bom.txt", ("Kraków — " + GOOD).encode("utf-16"), doc)
    put("huge.txt", (GOOD + "\n") * (10_000_000 // len(GOOD)), q("too_long"))
    put(
        "scripts-only.html",
        "<html><head><style>p{color:red}</style></head><body><script>alert('x')</script>"
        "<script src='http://example.invalid/a.js'></script></body></html>",
        q("empty_text"),
    )
    put(
        "entities.html",
        "<html><body><div><p>Polish Prime Minister Donald Tusk said &ldquo;no&rdquo; to sending "
        "<b>troops <i>to <u>Ukraine</u></i></b> &amp; said the decision was final&nbsp;&mdash; agreed with "
        "allies.</p></div></body></html>",
        doc,
    )
    put(
        "feed.jsonl",
        "\n".join(
            [
                json.dumps({"text": GOOD, "title": "ok"}),
                '{"text": "broken json',
                json.dumps({"title": "no text here"}),
                json.dumps({"text": ["not", "a", "string"]}),
                json.dumps(
                    {"text": GOOD.replace("Monday", "Tuesday"), "extra": {"nested": 1}, "published": "2024-02-27"}
                ),
                "[1, 2, 3]",
            ]
        ),
        doc,
        q("bad_json"),
        q("no_text"),
        q("bad_text"),
        doc,
        q("bad_json"),
    )
    put(
        "broken.csv",
        'text,title\n"'
        + GOOD.replace("Monday", "Wednesday")
        + '",A\n"Broken "quote" here",B\n"'
        + GOOD.replace("Monday", "Thursday").replace(", and", ",\nand")
        + '",C\nonly-one-field\n',
        doc,
        q("bad_csv"),
        doc,
        q("bad_csv"),
    )
    pd.DataFrame({"body": [GOOD]}).to_parquet(root / "no-text-column.parquet")
    cases["no-text-column.parquet"] = [q("no_text_column")]
    put("not-a-parquet.parquet", b"PAR1 this is not parquet", q("unreadable"))
    put("french.txt", FRENCH, q("not_english"))
    put("copy-a.txt", GOOD.replace("Monday", "Friday"), doc)
    put("copy-b.md", GOOD.replace("Monday", "Friday") + "\n\n", q("duplicate"))
    locked = root / "locked.txt"
    locked.write_text(GOOD.replace("Monday", "Saturday"))
    os.chmod(locked, 0)
    cases["locked.txt"] = [q("unreadable")] if os.geteuid() != 0 else [doc]  # root reads anything
    (root / "dangling.txt").symlink_to(root / "missing-target.txt")
    cases["dangling.txt"] = [q("unreadable")]
    tiny = root / "tiny"
    tiny.mkdir()
    for i in range(3000):
        (tiny / f"{i:05d}.txt").write_text(f"note {i}")
        cases[f"tiny/{i:05d}.txt"] = [q("too_short")]
    return cases
