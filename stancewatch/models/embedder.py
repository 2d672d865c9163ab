"""Sentence embeddings from the plain body (mean pooling, L2-normalised), as all-MiniLM-L6-v2 is meant to be used."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import torch

from stancewatch.models.body import load_body, load_tokenizer


class Embedder:
    def __init__(self, name_or_path: str, max_length: int = 256, batch_size: int = 64):
        self.tokenizer = load_tokenizer(name_or_path)
        self.model = load_body(name_or_path).eval()
        self.max_length = max_length
        self.batch_size = batch_size

    @torch.inference_mode()
    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.model.config.hidden_size), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for b in range(0, len(order), self.batch_size):
            idx = order[b : b + self.batch_size]
            enc = self.tokenizer([texts[i] for i in idx], padding=True, truncation=True, max_length=self.max_length, return_tensors="pt")
            states = self.model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).to(states.dtype)
            pooled = (states * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            out[idx] = torch.nn.functional.normalize(pooled, dim=-1).numpy()
        return out
