"""What every model's inference shares: batches of similar length, mean pooling, per-text splitting."""

from __future__ import annotations

from typing import Iterator, Sequence

import numpy as np
import torch


def length_batches(lengths: Sequence[int], batch_size: int) -> Iterator[list[int]]:
    """Indices in batches of ``batch_size``, shortest inputs first, so that each batch pads little.
    Callers write each batch's results back at its indices, so the output keeps the input order."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    for start in range(0, len(order), batch_size):
        yield order[start : start + batch_size]


def masked_mean(states: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean of the token states (batch, tokens, hidden) where ``mask`` (batch, tokens) is 1; zeros where it is all 0."""
    m = mask.unsqueeze(-1).to(states.dtype)
    return (states * m).sum(1) / m.sum(1).clamp(min=1.0)


def split_rows(rows: np.ndarray, counts: Sequence[int]) -> list[np.ndarray]:
    """Cut the rows of a flat result into one block per text, ``counts[i]`` rows for text i (in order)."""
    return np.split(rows, np.cumsum(counts)[:-1]) if len(counts) else []
