"""Average fine-tuned models of one body in weight space (a "model soup", Wortsman et al., ICML 2022).

Models fine-tuned from the same starting point (same body, same seed: the same LoRA and head initialisation) can
often be averaged into one model that is better than each of them, at the inference cost of one. For LoRA the
average is exact: the soup's update of a layer is Σ wᵢ·Bᵢ·Aᵢ, stored as adapters of rank Σ rᵢ
(B = [B₁ … B_k], A = [w₁A₁; …; w_kA_k]); loaded models fold the adapters into the weights, so the larger rank
costs nothing at inference. Every other tensor (the head; a fully fine-tuned body) is the weighted mean."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Callable, Sequence

import torch
from safetensors.torch import load_file, save_file

from stancewatch.models import classifier
from stancewatch.models.body import ModelLoadError
from stancewatch.models.classifier import ADAPTER_FILE, CONFIG_FILE, ClassifierSpec
from stancewatch.models.datasets import load_sentiment, load_stance

# Settings that must agree for an average of weights to mean anything.
_SAME = ("kind", "labels", "body", "body_revision", "lora_targets", "lora_layers", "hidden", "actor_marks")


@dataclass(frozen=True)
class Ingredient:
    """A trained model folder and its weight in the soup (``DIR`` or ``DIR:W``)."""

    path: Path
    weight: float = 1.0

    @classmethod
    def parse(cls, spec: str | Path) -> "Ingredient":
        head, sep, tail = str(spec).rpartition(":")
        if sep and re.fullmatch(r"\d+(\.\d*)?|\.\d+", tail):
            return cls(Path(head), float(tail))
        return cls(Path(str(spec)))


def soup_spec(specs: Sequence[ClassifierSpec], name: str) -> ClassifierSpec:
    """The config of the soup of models with these configs; raises ModelLoadError naming the setting that differs."""
    first = specs[0]
    for spec in specs[1:]:
        for key in _SAME:
            if getattr(spec, key) != getattr(first, key):
                raise ModelLoadError(
                    f"Models in a soup must share `{key}` ({getattr(first, key)!r} vs {getattr(spec, key)!r}): "
                    "average only models fine-tuned from the same body with the same settings."
                )
    if len({s.full_fine_tuning for s in specs}) > 1:
        raise ModelLoadError("A soup cannot mix LoRA models with fully fine-tuned ones (--lora-r 0).")
    if first.full_fine_tuning:
        return replace(first, name=name, max_length=max(s.max_length for s in specs))
    scales = {s.lora_alpha / s.lora_r for s in specs}
    if len(scales) > 1:
        raise ModelLoadError(f"Models in a soup must share LoRA's alpha / r (found {sorted(scales)}).")
    rank = sum(s.lora_r for s in specs)
    return replace(
        first, name=name, lora_r=rank, lora_alpha=scales.pop() * rank, max_length=max(s.max_length for s in specs)
    )


def soup_state(states: Sequence[dict[str, torch.Tensor]], weights: Sequence[float]) -> dict[str, torch.Tensor]:
    """The soup of adapter files' tensors (names as in the files: ``….lora_a`` / ``….lora_b`` and the rest);
    ``weights`` sum to 1."""
    names = set(states[0])
    for state in states[1:]:
        if set(state) != names:
            raise ModelLoadError(f"The models' tensors differ: {sorted(names ^ set(state))[:3]} …")
    out = {}
    for name in states[0]:
        dtype = states[0][name].dtype
        if name.endswith(".lora_a"):
            merged = torch.cat([w * s[name].float() for w, s in zip(weights, states)], dim=0)
        elif name.endswith(".lora_b"):
            merged = torch.cat([s[name].float() for s in states], dim=1)
        else:
            merged = sum(w * s[name].float() for w, s in zip(weights, states))
        out[name] = merged.to(dtype).contiguous()
    return out


def make_soup(
    ingredients: Sequence[Ingredient | str | Path],
    out: Path,
    dev: Sequence[str | Path] = (),
    command: str = "",
    log: Callable[[str], None] = print,
) -> dict:
    """Write the soup of ``ingredients`` to ``out`` (adapters, config, MODEL_CARD.md, dev_report.json). With ``dev``
    files the temperature is fitted on them and the card reports the soup's dev scores; without, the soup keeps
    the weighted mean of the ingredients' temperatures."""
    parts = [i if isinstance(i, Ingredient) else Ingredient.parse(i) for i in ingredients]
    if len(parts) < 2:
        raise ModelLoadError("A soup needs at least two models (--model DIR[:WEIGHT], repeated).")
    for part in parts:
        if not (part.path / CONFIG_FILE).exists() or not (part.path / ADAPTER_FILE).exists():
            raise ModelLoadError(
                f"{part.path} is not a trained stancewatch model (needs {CONFIG_FILE} and {ADAPTER_FILE}); "
                "give folders written by `stancewatch train`."
            )
    if any(p.path.resolve() == out.resolve() for p in parts):
        raise ModelLoadError(f"--out {out} is one of the soup's models; write the soup to another folder.")
    total = sum(p.weight for p in parts)
    if total <= 0:
        raise ModelLoadError("The soup's weights must not all be 0.")
    weights = [p.weight / total for p in parts]
    specs = [ClassifierSpec(**json.loads((p.path / CONFIG_FILE).read_text())) for p in parts]
    spec = soup_spec(specs, out.name)
    spec.temperature = float(sum(w * s.temperature for w, s in zip(weights, specs)))
    state = soup_state([load_file(str(p.path / ADAPTER_FILE)) for p in parts], weights)
    out.mkdir(parents=True, exist_ok=True)
    save_file(state, str(out / ADAPTER_FILE))
    (out / CONFIG_FILE).write_text(json.dumps(asdict(spec), indent=2) + "\n")
    history: dict = {"ingredients": [{"path": str(p.path), "weight": w} for p, w in zip(parts, weights)]}
    if dev:
        history |= _calibrate(out, spec, dev, log)
        (out / CONFIG_FILE).write_text(json.dumps(asdict(spec), indent=2) + "\n")
    history["temperature"] = spec.temperature
    (out / "dev_report.json").write_text(json.dumps(history, indent=2) + "\n")
    (out / "MODEL_CARD.md").write_text(soup_card(spec, parts, weights, history, command))
    return history


def _calibrate(out: Path, spec: ClassifierSpec, dev: Sequence[str | Path], log: Callable[[str], None]) -> dict:
    """Fit the soup's temperature on the dev files (sets ``spec.temperature``) and report its dev scores."""
    from stancewatch.models.train import calibrate

    loader = load_stance if spec.kind == "topic-stance" else load_sentiment
    model, tokenizer = classifier.load(out)
    rows, groups = [], []
    for path in dev:
        some = loader(path)
        log(f"dev {path}: {len(some)} rows")
        rows += some
        groups += [str(path)] * len(some)
    result = calibrate(model, tokenizer, rows, groups, per_source=True)
    spec.temperature = result["temperature"]
    return result


def _reproduce(path: Path) -> str:
    """The command in the ``## Reproduce`` block of a model's card, if it has one."""
    card = path / "MODEL_CARD.md"
    if not card.exists():
        return "(no model card)"
    found = re.search(r"## Reproduce\s*```\n(.*?)```", card.read_text(), re.S)
    if not found:
        return "(no Reproduce section in its card)"
    return found.group(1).strip() or "(not recorded)"


def soup_card(
    spec: ClassifierSpec, parts: Sequence[Ingredient], weights: Sequence[float], history: dict, command: str
) -> str:
    ingredients = "\n".join(f"- `{p.path}` (weight {w:.3f}): `{_reproduce(p.path)}`" for p, w in zip(parts, weights))
    held = (
        "the weighted mean of the fully fine-tuned bodies (float16)"
        if spec.full_fine_tuning
        else f"LoRA adapters (r={spec.lora_r}: the ingredients' adapters side by side, each A scaled by its weight, "
        f"so the update is exactly the weighted mean of theirs; alpha={spec.lora_alpha})"
    )
    scores = "No dev files given: the temperature is the weighted mean of the ingredients'."
    if "dev_report" in history:
        rep = history["dev_report"]
        rows = "\n".join(
            f"| `{name}` | {r['macro_f1']:.4f} | {r['accuracy']:.4f} | {r['n']} |"
            for name, r in history["dev_report_per_source"].items()
        )
        scores = (
            f"Temperature fitted on the dev files: T = {spec.temperature:.3f}. Overall macro-F1 "
            f"**{rep['macro_f1']:.4f}**, accuracy {rep['accuracy']:.4f}, ECE {rep['ece']:.4f}.\n\n"
            f"| dev file | macro-F1 | accuracy | n |\n|---|---|---|---|\n{rows}"
        )
    return f"""# {spec.name}

Kind: `{spec.kind}` — labels {", ".join(spec.labels)}.
Body: `{spec.body}` (installed from PyPI; not stored here).
A **model soup**: the weighted average, in weight space, of models fine-tuned from the same body and seed.
What this folder holds: {held} and the weighted mean of their heads; `adapter.safetensors` + `config.json`.
Inference costs what one model costs (adapters are folded into the body's weights at load).

## Ingredients (each with the command that trained it)
{ingredients}

## Reproduce
```
{command}
```

## Dev scores
{scores}
"""
