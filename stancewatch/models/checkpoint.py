"""Checkpoints of a training run that survive the process, a session, and module moves.

A checkpoint is a folder ``step-<N>/`` inside the run's checkpoint folder, named by ``LATEST`` (written last,
atomically, so a run killed while writing leaves the previous checkpoint in force).
It holds only state dicts and plain data:

* ``state.safetensors`` — the trainable tensors now (``model/…``), the best ones so far (``best/…``) and torch's
  random state (``rng/torch``: dropout);
* ``optimizer.pt`` — the optimizer's and scheduler's ``state_dict()`` (tensors and numbers; read with
  ``weights_only=True``, so no pickled class is ever loaded);
* ``progress.json`` — epoch, batch within the epoch, step, the data-order random state at the epoch's start, the best
  dev score, evaluations since the best, the dev history, and a fingerprint of what is being trained.

Resuming checks the fingerprint (model spec, settings that change the result, training and dev rows): continuing a
run with other data or settings is refused with a message that names the difference's fix.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Sequence

import torch
from safetensors.torch import load_file, save_file

from stancewatch.errors import StancewatchError
from stancewatch.store.atomic import write_text

LATEST = "LATEST"
# settings that say how a run is carried out, not what it learns
_NOT_FINGERPRINTED = {"checkpoint_every", "time_limit_s"}


class CheckpointError(StancewatchError, ValueError):
    """A checkpoint that cannot be resumed (missing, damaged, or from another run)."""


@dataclass
class RunState:
    """Where a training run stands; everything a resumed run needs besides the model, optimizer and scheduler."""

    fingerprint: str
    best_state: dict[str, torch.Tensor]
    rng_state: Any  # random.Random state at the start of the current epoch (decides its batches)
    epoch: int = 0
    batch: int = 0  # batches of the current epoch already done
    step: int = 0
    best_f1: float = -1.0
    since_best: int = 0
    stopped: bool = False
    history: dict = field(default_factory=lambda: {"evals": []})


def fingerprint(spec, settings, train: Sequence, dev: Sequence, groups: Sequence[str], start: str | None = None) -> str:
    """A hash of everything that decides the result: the spec (but its name and fitted temperature), the settings
    (but how the run is carried out), the training and dev rows in order, and ``start`` (the revision of the model a
    warm start began from, if any)."""
    spec_d = {k: v for k, v in asdict(spec).items() if k not in ("name", "temperature")}
    settings_d = {k: v for k, v in asdict(settings).items() if k not in _NOT_FINGERPRINTED}
    digest = hashlib.sha256(json.dumps([spec_d, settings_d], sort_keys=True).encode())
    for rows in (train, dev):
        for e in rows:
            digest.update(json.dumps(asdict(e), sort_keys=True, default=str).encode())
    digest.update(json.dumps(list(groups)).encode())
    if start is not None:
        digest.update(f"start {start}".encode())
    return digest.hexdigest()[:16]


def as_rng_state(state: Any) -> tuple:
    """``random.Random.setstate`` wants tuples; JSON gives lists."""
    version, internal, gauss = state
    return (version, tuple(internal), gauss)


def save(folder: Path, run: RunState, model: torch.nn.Module, optimizer, scheduler) -> Path:
    """Write a checkpoint of ``run`` into ``folder/step-<N>/``, point ``LATEST`` at it, remove older ones."""
    folder = Path(folder)
    name = f"step-{run.step:07d}"
    target = folder / name
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    tensors = {f"model/{k}": v.detach().contiguous() for k, v in model.named_parameters() if v.requires_grad}
    tensors |= {f"best/{k}": v.contiguous() for k, v in run.best_state.items()}
    tensors["rng/torch"] = torch.get_rng_state()
    save_file(tensors, str(target / "state.safetensors"))
    torch.save({"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict()}, target / "optimizer.pt")
    plain = {k: v for k, v in asdict(run).items() if k != "best_state"}
    plain["rng_state"] = list(run.rng_state)
    (target / "progress.json").write_text(json.dumps(plain, indent=1) + "\n")
    write_text(folder / LATEST, name + "\n")
    for old in folder.glob("step-*"):
        if old.name != name:
            shutil.rmtree(old, ignore_errors=True)
    return target


def load(folder: Path, expected_fingerprint: str, model: torch.nn.Module, optimizer, scheduler) -> RunState:
    """Restore the checkpoint ``LATEST`` names into ``model``, ``optimizer`` and ``scheduler`` (and torch's random
    state); returns the run state. Raises CheckpointError if it is missing, damaged or from another run."""
    folder = Path(folder)
    latest = folder / LATEST
    if not latest.exists():
        raise CheckpointError(f"{folder} holds no checkpoint ({LATEST} is missing): give the folder a run wrote.")
    target = folder / latest.read_text().strip()
    try:
        plain = json.loads((target / "progress.json").read_text())
        tensors = load_file(str(target / "state.safetensors"))
        opt = torch.load(target / "optimizer.pt", weights_only=True)
    except (OSError, ValueError, RuntimeError) as exc:
        raise CheckpointError(f"The checkpoint {target} cannot be read ({exc}); resume from an earlier one.") from exc
    if plain["fingerprint"] != expected_fingerprint:
        raise CheckpointError(
            f"The checkpoint {target} is from another run (other data, model or settings): resume with the exact "
            "command that wrote it, or start again without --resume."
        )
    current = {k: v for k, v in tensors.items() if k.startswith("model/")}
    with torch.no_grad():
        params = dict(model.named_parameters())
        for key, value in current.items():
            params[key.removeprefix("model/")].copy_(value)
    optimizer.load_state_dict(opt["optimizer"])
    scheduler.load_state_dict(opt["scheduler"])
    torch.set_rng_state(tensors["rng/torch"])
    best = {k.removeprefix("best/"): v for k, v in tensors.items() if k.startswith("best/")}
    plain["rng_state"] = as_rng_state(plain["rng_state"])
    return RunState(best_state=best, **plain)
