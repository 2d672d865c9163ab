"""Make a trained classifier cheaper to run: fold the LoRA adapters into the weights, optionally int8.

* the LoRA adapters are merged into the body's linear layers (peft's ``merge_and_unload``: W + (alpha/r)·B·A) —
  the same function (up to float rounding) with one matrix product instead of three.
* ``quantize="int8"`` applies PyTorch dynamic quantization to the linear layers (int8 weights,
  activations quantized on the fly): about 1.6x faster on CPU, but activations are scaled per
  batch, so a row's scores depend on the other rows of its batch. Off by default (docs/PERFORMANCE.md).

Inference only: a merged model cannot be trained further.
"""

from __future__ import annotations

import warnings

import torch
from torch import nn

from stancewatch.config import Quantize
from stancewatch.errors import ModelLoadError
from stancewatch.models.body import merge_lora

# MiniLM's hidden size; dynamic int8 is only measured to hold on bodies this small (docs/PERFORMANCE.md).
INT8_MAX_HIDDEN = 384


def for_inference(model: nn.Module, quantize: Quantize | str = Quantize.none) -> nn.Module:
    """Merge LoRA into the body of a classifier (stancewatch/models/classifier.py), freeze, and (optionally) quantize
    the linear layers to int8. Returns the model to use."""
    model.body = merge_lora(model.body)
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    if quantize == "int8" and getattr(getattr(model.body, "config", None), "hidden_size", 0) > INT8_MAX_HIDDEN:
        raise ModelLoadError(
            "quantize: int8 is refused for a base-sized body (hidden size > 384): its feed-forward activations span "
            "three orders of magnitude and dynamic int8 takes stance news dev macro-F1 from 0.843 to 0.243 "
            "(docs/PERFORMANCE.md, 'ONNX and int8 on the base body'). Set `quantize: none` for this model."
        )
    if quantize == "int8":
        with warnings.catch_warnings():  # torch 2.13 announces a future API for quantized tensors; this one works
            warnings.filterwarnings("ignore", message=".*quantize_per_tensor.*", category=UserWarning)
            model = torch.ao.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)
    elif quantize != "none":
        raise ValueError(f"quantize must be 'none' or 'int8', not {quantize!r}")
    return model
