"""Screenshots of the HTML report for docs/: the sample run and one sample article run alone, in headless Chromium.

    .venv/bin/python scripts/report_screenshots.py                      # runs both pipelines first (a minute or two)
    .venv/bin/python scripts/report_screenshots.py --sample out/sample --single out/one   # reuse finished runs

Each picture is the real report page at 100 % zoom, 1000 px wide: the top of the page (who stands where comes first),
or one part of it alone (the rest hidden with a style added to a copy of the page: evidence with a line opened, the
network, the over-time panels). PNGs are cut below the content and reduced to a palette, so they stay small.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ARTICLES = REPO / "data" / "samples" / "articles"
ONE_ARTICLE = ARTICLES / "2024-02-27-troops-ukraine.md"
WIDTH = 1000

# (file, which run, CSS selector of the part shown alone or None for the top of the page, window height, open the
# first <details>)
SHOTS = [
    ("report-sample-top.png", "sample", None, 900, False),
    ("report-sample-evidence.png", "sample", "#evidence-troops-ukraine", 760, True),
    ("report-sample-network.png", "sample", "#network-troops-ukraine", 640, False),
    ("report-sample-over-time.png", "sample", "#over-time-troops-ukraine", 420, False),
    ("report-one-article-top.png", "single", None, 900, False),
    ("report-one-article-network.png", "single", "#network-troops-ukraine", 420, False),
]


def run_pipeline(inputs: Path, out: Path) -> Path:
    """`stancewatch run` on ``inputs`` into ``out`` (the CLI of this checkout's environment)."""
    cli = Path(sys.executable).with_name("stancewatch")
    subprocess.run([str(cli), "run", str(inputs), "--out", str(out)], check=True, cwd=REPO)
    return out


def focus(page: str, selector: str | None, open_details: bool) -> str:
    """A copy of the page showing only ``selector`` (and what contains it), with its first <details> opened."""
    style = "body { margin-top: 0.6em; margin-bottom: 0.6em; }"
    if selector:
        style += f" body *:not(:has({selector})):not({selector}):not({selector} *) {{ display: none !important; }}"
    if open_details:
        page = page.replace("<details>", "<details open>", 1)
    return page.replace("</head>", f"<style>{style}</style></head>", 1)


def screenshot(chromium: str, page: Path, png: Path, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                f"--user-data-dir={profile}",
                f"--window-size={WIDTH},{height}",
                "--virtual-time-budget=3000",
                f"--screenshot={png}",
                f"file://{page}",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def shrink(png: Path) -> None:
    """Cut the white below the content and store the picture with a 256-colour palette (Pillow, when installed)."""
    try:
        from PIL import Image, ImageChops
    except ImportError:
        return
    image = Image.open(png).convert("RGB")
    box = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    if box:
        image = image.crop((0, 0, image.width, min(image.height, box[3] + 16)))
    buffer = io.BytesIO()
    small = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE)  # keeps the few pixels of a coloured dot
    palette = small.getpalette()  # … but lands white on a near-white: make the paper white again
    colours = [palette[i : i + 3] for i in range(0, len(palette), 3)]
    small.putpalette([v for rgb in colours for v in ([255] * 3 if min(rgb) >= 248 else rgb)])
    small.save(buffer, "PNG", optimize=True)
    png.write_bytes(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=Path, help="a finished run on data/samples/articles (else one is made)")
    parser.add_argument("--single", type=Path, help=f"a finished run on {ONE_ARTICLE.name} alone (else one is made)")
    parser.add_argument("--docs", type=Path, default=REPO / "docs", help="where the PNGs go (default: docs/)")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        parser.error("chromium is missing (scripts/setup.sh installs it as root)")
    from stancewatch.config import load_topics
    from stancewatch.report.html import build

    with tempfile.TemporaryDirectory(prefix="report-shots-") as tmp:
        tmp_dir = Path(tmp)
        outs = {
            "sample": args.sample or run_pipeline(ARTICLES, tmp_dir / "sample"),
            "single": args.single or run_pipeline(ONE_ARTICLE, tmp_dir / "single"),
        }
        pages = {name: build(out, load_topics()) for name, out in outs.items()}
        args.docs.mkdir(parents=True, exist_ok=True)
        for file_name, run, selector, height, open_details in SHOTS:
            page = tmp_dir / f"{file_name}.html"
            page.write_text(focus(pages[run], selector, open_details))
            png = args.docs / file_name
            screenshot(chromium, page, png, height)
            shrink(png)
            print(f"{png.relative_to(REPO) if png.is_relative_to(REPO) else png}: {png.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
