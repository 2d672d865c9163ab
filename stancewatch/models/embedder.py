"""Sentence embeddings from the plain body (mean pooling, L2-normalised), as all-MiniLM-L6-v2 is meant to be used."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import torch

from stancewatch.models.body import load_body, load_tokenizer
from stancewatch.models.inference import length_batches, masked_mean


class Embedder:
    def __init__(self, name_or_path: str, max_length: int = 256, batch_size: int = 64):
        self.tokenizer = load_tokenizer(name_or_path)
        self.model = load_body(name_or_path).eval()
        self.max_length = max_length
        self.batch_size = batch_size

    @torch.inference_mode()
    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.model.config.hidden_size), dtype=np.float32)
        for idx in length_batches([len(t) for t in texts], self.batch_size):
            enc = self.tokenizer(
                [texts[i] for i in idx], padding=True, truncation=True, max_length=self.max_length, return_tensors="pt"
            )
            pooled = masked_mean(self.model(**enc).last_hidden_state, enc["attention_mask"])
            out[idx] = torch.nn.functional.normalize(pooled, dim=-1).numpy()
        return out
