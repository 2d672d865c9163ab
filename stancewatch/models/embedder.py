"""Sentence embeddings from the plain body (mean pooling, L2-normalised), as all-MiniLM-L6-v2 is meant to be used."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np
import torch

from stancewatch.models.body import load_body, load_tokenizer
from stancewatch.models.inference import length_batches, masked_mean

BACKGROUND = Path(__file__).resolve().parent / "relevance_background.txt"


class Embedder:
    def __init__(self, name_or_path: str, max_length: int = 256, batch_size: int = 64):
        self.tokenizer = load_tokenizer(name_or_path)
        self.model = load_body(name_or_path).eval()
        self.max_length = max_length
        self.batch_size = batch_size
        self._background: np.ndarray | None = None

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

    def background_scale(self, topic_vecs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per topic, the mean and standard deviation of its cosine to 600 statements about *other* things (the team's
        news stance corpus, train split, ~100 policy topics; embedded once per embedder). Relevance in these units
        does not hang on how long or how worded a topic's label and description are ("Favor means supporting …",
        label only, a full sentence), the raw cosine does (docs/DESIGN.md)."""
        if self._background is None:
            lines = [x for x in BACKGROUND.read_text(encoding="utf-8").splitlines() if x.strip()]
            self._background = self.embed(lines)
        sims = self._background @ topic_vecs.T
        return sims.mean(axis=0), np.maximum(sims.std(axis=0), 1e-6)
