"""Transformer classifiers: the embedded MiniLM body, LoRA adapters, training and batched inference."""
