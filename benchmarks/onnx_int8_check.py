"""ONNX Runtime and int8 for a trained classifier's body: does it match PyTorch, is a row's score independent of its
batch neighbours, and what does it buy (issue 28, item 4; docs/PERFORMANCE.md, "ONNX and int8 on the base body").

    .venv/bin/python -m pip install --target /tmp/onnxlib onnxruntime==1.30.0 onnx    # beside the project, not in it
    PYTHONPATH=/tmp/onnxlib nice -n 19 .venv/bin/python benchmarks/onnx_int8_check.py \
        --model models/stance-mpnet-lora --rows 64
    ... --dev          # also macro-F1 of every variant on the dev sets (stance: news dev + 400 VAST dev rows)
    ... --attn eager   # the body built with eager attention (BERT's default on CPU is SDPA; MPNet has only eager)

The classifier is loaded as the pipeline loads it (LoRA merged into the body, fp32). Its body (input_ids,
attention_mask[, token_type_ids] -> last hidden states) is exported with torch.onnx.export (TorchScript exporter, or
``--exporter dynamo``; dynamic batch and sequence axes) and run with ONNX Runtime; the span head stays in PyTorch, so
every variant differs only in the body. Variants:

* ``torch-fp32``: the shipped path (reference);
* ``ort-fp32``: the ONNX export;
* ``torch-int8-dynamic``: what ``quantize: int8`` ships (torch.ao quantize_dynamic: one activation scale per tensor,
  i.e. per batch, computed on every call);
* ``ort-int8-dynamic``: onnxruntime.quantization.quantize_dynamic (DynamicQuantizeLinear: also one scale per tensor and
  call);
* ``ort-int8-static``: quantize_static, QDQ, activation scales fixed by calibration on ``--calib`` training rows,
  per-channel weights (weight MatMuls only);
* ``ort-int8-static-ffn-out-fp32``: the same with each layer's feed-forward down-projection left in fp32;
* ``torch-int8-per-token``: every body Linear with int8 per-channel weights and each token's activations quantised with
  that token's own scale (``torch._int_mm``).

Checks, on ``--rows`` rows of ``--data`` in a fixed shuffled order (so batches of ``--batch`` mix lengths and pad):
max |logit - torch-fp32| in padded batches; row independence = max |logit alone - logit in its batch| and the same row
with other neighbours at the same padded width; speed = seconds over the same padded batches, all variants timed one
after another, ``--rounds`` times interleaved, median per variant, one thread each. On a shared machine only the ratios
of one run mean anything. ``row-indep.`` applies the bar of issue 28 (both differences <= 1e-6); fp32 itself sits near
it (the attention sums change with the padded width). The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from stancewatch.runtime import configure_environment  # noqa: E402

configure_environment()

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

from stancewatch.models import classifier, metrics  # noqa: E402
from stancewatch.models.datasets import load_sentiment, load_stance  # noqa: E402
from stancewatch.models.inference import length_batches  # noqa: E402

SHARED = REPO.parent / "shared" / "data"
DEFAULT_DATA = {
    "topic-stance": REPO / "data/stance_news/dev.jsonl",
    "target-sentiment": SHARED / "newsmtsc/dev_rw.jsonl",
}
DEFAULT_CALIB = {
    "topic-stance": REPO / "data/stance_news/train.jsonl",
    "target-sentiment": SHARED / "newsmtsc/train.jsonl",
}
DEV_SETS = {  # name -> (file, rows evenly spread over it); rows None = all
    "topic-stance": {
        "news dev": (REPO / "data/stance_news/dev.jsonl", None),
        "VAST dev": (SHARED / "vast/dev.jsonl", 400),
    },
    "target-sentiment": {
        "dev_rw": (SHARED / "newsmtsc/dev_rw.jsonl", None),
        "dev_mt": (SHARED / "newsmtsc/dev_mt.jsonl", None),
    },
}
VARIANTS = [
    "torch-fp32", "ort-fp32", "torch-int8-dynamic", "ort-int8-dynamic", "ort-int8-static",
    "ort-int8-static-ffn-out-fp32", "torch-int8-per-token",
]  # fmt: skip
ROW_INDEPENDENT = 1e-6  # a row's logits alone and in a batch must agree to this
MATCH = 1e-3  # a variant "matches PyTorch" within this


# ----------------------------------------------------------------------------- rows and batches


def load_model(model_dir: Path, attn: str | None):
    """``classifier.load`` (LoRA merged, fp32), with the body's attention implementation chosen when ``attn`` is given
    (transformers fixes it when the body is built: BERT's default on CPU is SDPA; MPNet has only eager)."""
    if attn is None:
        return classifier.load(model_dir)
    from transformers import AutoModel

    from stancewatch.models.body import add_lora, load_tokenizer, resolve_body_path
    from stancewatch.models.optimize import for_inference

    spec = classifier.ClassifierSpec(**json.loads((model_dir / classifier.CONFIG_FILE).read_text()))
    body = AutoModel.from_pretrained(resolve_body_path(spec.body), attn_implementation=attn, use_safetensors=True)
    if not spec.full_fine_tuning:
        body = add_lora(body, spec.lora_r, spec.lora_alpha, tuple(spec.lora_targets), layers=spec.lora_layers)
    model = classifier.load_adapter(classifier.SpanClassifier(spec, body), model_dir)
    return for_inference(model), load_tokenizer(spec.body, spec.body_revision)


def load_rows(kind: str, path: Path, n: int | None) -> list:
    rows = load_stance(path) if kind == "topic-stance" else load_sentiment(path)
    return rows[:n] if n else rows


def encode(model, tokenizer, rows: list) -> dict[str, torch.Tensor]:
    """One padded batch: the body's inputs plus the head's focus mask (stance: the topic; sentiment: the target)."""
    if model.spec.kind == "topic-stance":
        texts = classifier.stance_texts(model.spec, [r.text for r in rows], [r.actor for r in rows])
        batch, focus = classifier.encode_batch(tokenizer, texts, None, [r.topic for r in rows], model.spec.max_length)
    else:
        spans = [[(r.start, r.end)] for r in rows]
        batch, focus = classifier.encode_batch(tokenizer, [r.text for r in rows], spans, None, model.spec.max_length)
    batch["focus_mask"] = torch.cat(focus)
    return batch


def pad_to(batch: dict[str, torch.Tensor], width: int, pad_id: int) -> dict[str, torch.Tensor]:
    """The batch right-padded to ``width`` tokens (pad id for input_ids, 0 elsewhere)."""
    extra = width - batch["input_ids"].shape[1]
    return {k: nn.functional.pad(v, (0, extra), value=pad_id if k == "input_ids" else 0) for k, v in batch.items()}


BODY_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def body_inputs(batch: dict[str, torch.Tensor]) -> list[str]:
    return [k for k in BODY_INPUTS if k in batch]


# ----------------------------------------------------------------------------- variants: batch -> hidden states


class BodyOnly(nn.Module):
    """The body as a function of plain tensors (what is exported)."""

    def __init__(self, body: nn.Module, names: list[str]):
        super().__init__()
        self.body, self.names = body, names

    def forward(self, input_ids, attention_mask, token_type_ids=None):
        extra = {"token_type_ids": token_type_ids} if "token_type_ids" in self.names else {}
        return self.body(input_ids=input_ids, attention_mask=attention_mask, **extra).last_hidden_state


def export_onnx(body: nn.Module, example: dict[str, torch.Tensor], path: Path, exporter: str) -> None:
    names = body_inputs(example)
    wrapper = BodyOnly(body, names).eval()
    args = tuple(example[k] for k in names)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if exporter == "dynamo":
            batch, seq = torch.export.Dim("batch"), torch.export.Dim("seq")
            torch.onnx.export(
                wrapper, args, str(path), input_names=names, output_names=["hidden"], opset_version=18, dynamo=True,
                dynamic_shapes=tuple({0: batch, 1: seq} for _ in names), external_data=False,
            )  # fmt: skip
        else:
            axes = {k: {0: "batch", 1: "seq"} for k in [*names, "hidden"]}
            torch.onnx.export(
                wrapper, args, str(path), input_names=names, output_names=["hidden"], opset_version=17, dynamo=False,
                dynamic_axes=axes,
            )  # fmt: skip


def ort_session(path: Path):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    session = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]

    def states(batch: dict[str, torch.Tensor]) -> torch.Tensor:
        return torch.from_numpy(session.run(None, {k: batch[k].numpy() for k in names})[0])

    return states


def torch_states(body: nn.Module) -> Callable[[dict[str, torch.Tensor]], torch.Tensor]:
    def states(batch: dict[str, torch.Tensor]) -> torch.Tensor:
        with torch.inference_mode():
            return body(**{k: batch[k] for k in body_inputs(batch)}).last_hidden_state

    return states


class PerTokenInt8Linear(nn.Module):
    """int8 x int8 -> int32 matmul with each token's activations scaled by their own max |value| (symmetric) and each
    output channel's weights by theirs: a token's output depends on that token alone."""

    def __init__(self, linear: nn.Linear):
        super().__init__()
        w = linear.weight.detach().float()
        scale = w.abs().amax(1).clamp(min=1e-12) / 127.0
        self.register_buffer("weight_t", torch.round(w / scale[:, None]).clamp(-127, 127).to(torch.int8).t())
        self.register_buffer("w_scale", scale)
        self.register_buffer("bias", linear.bias.detach().float() if linear.bias is not None else None)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        flat = x.reshape(-1, x.shape[-1])
        x_scale = flat.abs().amax(1, keepdim=True).clamp(min=1e-12) / 127.0
        q = torch.round(flat / x_scale).clamp(-127, 127).to(torch.int8)
        out = torch._int_mm(q, self.weight_t).float() * x_scale * self.w_scale
        if self.bias is not None:
            out = out + self.bias
        return out.reshape(*x.shape[:-1], out.shape[-1])


def per_token_int8(body: nn.Module) -> nn.Module:
    body = copy.deepcopy(body)
    for name, module in list(body.named_modules()):
        for child_name, child in list(module.named_children()):
            if isinstance(child, nn.Linear) and "pooler" not in f"{name}.{child_name}":
                setattr(module, child_name, PerTokenInt8Linear(child))
    return body


def torch_dynamic_int8(body: nn.Module) -> nn.Module:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return torch.ao.quantization.quantize_dynamic(copy.deepcopy(body), {nn.Linear}, dtype=torch.qint8)


FFN_OUT = re.compile(r"layer\.\d+/output/dense/")  # the feed-forward down-projection (its input: GELU's long tail)


def ort_quantized(
    fp32: Path, out: Path, how: str, calib: list[dict[str, np.ndarray]], method: str, skip_ffn_out: bool = False
) -> Path:
    import onnx
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_dynamic,
        quantize_static,
    )

    if how == "dynamic":  # MatMulConstBOnly: the Linear layers, not q·kᵀ and p·v
        quantize_dynamic(
            str(fp32), str(out), op_types_to_quantize=["MatMul"], weight_type=QuantType.QInt8,
            extra_options={"MatMulConstBOnly": True},
        )  # fmt: skip
        return out
    # QDQ ignores MatMulConstBOnly and by default also quantizes MatMul outputs, attention inputs and probabilities:
    # name the weight MatMuls (B a constant) and keep their outputs in float
    graph = onnx.load(str(fp32)).graph
    constants = {i.name for i in graph.initializer} | {
        o for n in graph.node if n.op_type == "Constant" for o in n.output
    }
    weight_matmuls = [n.name for n in graph.node if n.op_type == "MatMul" and n.input[1] in constants]
    if skip_ffn_out:
        weight_matmuls = [n for n in weight_matmuls if not FFN_OUT.search(n)]

    class Feed(CalibrationDataReader):
        def __init__(self):
            self.it = iter(calib)

        def get_next(self):
            return next(self.it, None)

    quantize_static(
        str(fp32), str(out), Feed(), quant_format=QuantFormat.QDQ, op_types_to_quantize=["MatMul"],
        nodes_to_quantize=weight_matmuls, per_channel=True, activation_type=QuantType.QUInt8,
        weight_type=QuantType.QInt8,
        calibrate_method={"minmax": CalibrationMethod.MinMax, "percentile": CalibrationMethod.Percentile}[method],
        extra_options={"OpTypesToExcludeOutputQuantization": ["MatMul"]}
        | ({"CalibPercentile": 99.999} if method == "percentile" else {}),
    )  # fmt: skip
    return out


# ----------------------------------------------------------------------------- measurements


def logits(model, states_fn, batch: dict[str, torch.Tensor]) -> np.ndarray:
    with torch.inference_mode():
        states = states_fn(batch)
        return model.logits_from_states(states, batch["attention_mask"], batch["focus_mask"]).numpy()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=REPO / "models/stance-mpnet-lora")
    ap.add_argument("--rows", type=int, default=64, help="rows of --data for the equality and speed checks")
    ap.add_argument("--data", type=Path, help="labelled rows (default: the task's dev set)")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--rounds", type=int, default=3, help="timing rounds (all variants per round)")
    ap.add_argument("--calib", type=int, default=64, help="training rows to calibrate the static int8 scales on")
    ap.add_argument("--calibration", choices=["minmax", "percentile"], default="minmax")
    ap.add_argument("--exporter", choices=["torchscript", "dynamo"], default="torchscript")
    ap.add_argument("--variants", nargs="+", choices=VARIANTS, help="a subset (torch-fp32 always runs)")
    ap.add_argument(
        "--attn", choices=["eager", "sdpa"], help="the body's attention (default: as the pipeline loads it)"
    )
    ap.add_argument("--dev", action="store_true", help="also macro-F1 of every variant on the task's dev sets")
    ap.add_argument("--workdir", type=Path, help="where the .onnx files go and stay (default: a temporary folder)")
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    import onnxruntime

    model, tokenizer = load_model(args.model, args.attn)
    kind, body = model.spec.kind, model.body
    attn = getattr(body.config, "_attn_implementation", "?")
    print(f"model {args.model} ({model.spec.body}, {attn} attention, {kind}); torch {torch.__version__}, "
          f"onnxruntime {onnxruntime.__version__}, 1 thread", flush=True)  # fmt: skip

    rows = load_rows(kind, args.data or DEFAULT_DATA[kind], args.rows)
    random.Random(0).shuffle(rows)  # mixed lengths in every batch: padding
    batches = [encode(model, tokenizer, rows[i : i + args.batch]) for i in range(0, len(rows), args.batch)]
    calib_rows = load_rows(kind, DEFAULT_CALIB[kind], args.calib)
    calib = [encode(model, tokenizer, calib_rows[i : i + 8]) for i in range(0, len(calib_rows), 8)]
    width = max(b["input_ids"].shape[1] for b in calib)  # one width: the percentile calibrator stacks the batches
    calib = [
        {k: v.numpy() for k, v in pad_to(b, width, tokenizer.pad_token_id).items() if k in BODY_INPUTS} for b in calib
    ]

    scratch = tempfile.TemporaryDirectory(prefix="onnx_int8_")  # removed at exit (the exports take ~1 GB for MPNet)
    work = args.workdir or Path(scratch.name)
    work.mkdir(parents=True, exist_ok=True)
    fp32_path = work / "body-fp32.onnx"
    t0 = time.perf_counter()
    export_onnx(body, batches[0], fp32_path, args.exporter)
    print(f"exported ({args.exporter}) to {fp32_path} in {time.perf_counter() - t0:.0f} s", flush=True)
    builders: dict[str, Callable[[], Callable]] = {
        "torch-fp32": lambda: torch_states(body),
        "ort-fp32": lambda: ort_session(fp32_path),
        "torch-int8-dynamic": lambda: torch_states(torch_dynamic_int8(body)),
        "ort-int8-dynamic": lambda: ort_session(ort_quantized(fp32_path, work / "int8-dyn.onnx", "dynamic", calib, "")),
        "ort-int8-static": lambda: ort_session(
            ort_quantized(fp32_path, work / f"int8-static-{args.calibration}.onnx", "static", calib, args.calibration)
        ),
        "ort-int8-static-ffn-out-fp32": lambda: ort_session(
            ort_quantized(
                fp32_path,
                work / f"int8-static-{args.calibration}-no-ffn-out.onnx",
                "static",
                calib,
                args.calibration,
                skip_ffn_out=True,
            )
        ),  # fmt: skip
        "torch-int8-per-token": lambda: torch_states(per_token_int8(body)),
    }
    wanted = ["torch-fp32", *[v for v in (args.variants or VARIANTS) if v != "torch-fp32"]]
    variants = {name: builders[name]() for name in wanted}

    # 1. the same outputs as PyTorch fp32?
    ref = [logits(model, variants["torch-fp32"], b) for b in batches]
    ref_states = [variants["torch-fp32"](b) for b in batches]
    out: dict[str, dict] = {}
    for name, fn in variants.items():
        diff = max(float(np.abs(logits(model, fn, b) - r).max()) for b, r in zip(batches, ref))
        mask = [b["attention_mask"].bool() for b in batches]
        hidden = max(float((fn(b) - s)[m].abs().max()) for b, s, m in zip(batches, ref_states, mask))
        out[name] = {"max_dlogit_vs_torch_fp32": diff, "max_dhidden_vs_torch_fp32": hidden, "matches": diff <= MATCH}

    # 2. row independence: each row alone (no padding) and with other neighbours at the same padded width
    pad_id = tokenizer.pad_token_id
    for name, fn in variants.items():
        alone = swapped = 0.0
        for bi, b in enumerate(batches):
            in_batch = logits(model, fn, b)
            width = b["input_ids"].shape[1]
            for j in range(len(in_batch)):
                row = {k: v[j : j + 1] for k, v in b.items()}
                real = int(row["attention_mask"].sum())
                single = logits(model, fn, {k: v[:, :real] for k, v in row.items()})
                alone = max(alone, float(np.abs(single - in_batch[j]).max()))
            # the same rows, each beside the rows of the next batch instead (padded to the wider of the two)
            other = batches[(bi + 1) % len(batches)]
            w = max(width, other["input_ids"].shape[1])
            mixed = {k: torch.cat([pad_to(b, w, pad_id)[k], pad_to(other, w, pad_id)[k]]) for k in b}
            swapped = max(swapped, float(np.abs(logits(model, fn, mixed)[: len(in_batch)] - in_batch).max()))
        out[name] |= {"max_dlogit_alone_vs_batch": alone, "max_dlogit_other_neighbours": swapped}
        out[name]["row_independent"] = max(alone, swapped) <= ROW_INDEPENDENT

    # 3. speed: the same padded batches, every variant once per round, rounds interleaved
    times: dict[str, list[float]] = {name: [] for name in variants}
    for fn in variants.values():
        fn(batches[0])  # warm-up
    for _ in range(args.rounds):
        for name, fn in variants.items():
            t0 = time.perf_counter()
            with torch.inference_mode():
                for b in batches:
                    logits(model, fn, b)
            times[name].append(time.perf_counter() - t0)
    base = statistics.median(times["torch-fp32"])
    for name in variants:
        out[name]["seconds"] = round(statistics.median(times[name]), 3)
        out[name]["speedup_vs_torch_fp32"] = round(base / statistics.median(times[name]), 2)

    tokens = sum(int(b["attention_mask"].sum()) for b in batches)
    padded = sum(b["input_ids"].numel() for b in batches)
    print(
        f"\n{len(rows)} rows of {args.data or DEFAULT_DATA[kind]}, {len(batches)} batches of {args.batch} ({tokens} "
        f"tokens, {padded} with padding); timings: median of {args.rounds} interleaved rounds of this run"
    )
    head = f"{'variant':28s} {'max|Δlogit|':>12s} {'max|Δhidden|':>13s} {'alone vs batch':>15s} "
    print(head + f"{'other nbrs':>11s} {'row-indep.':>10s} {'seconds':>8s} {'speed-up':>8s}")
    for name, r in out.items():
        print(
            f"{name:28s} {r['max_dlogit_vs_torch_fp32']:12.3g} {r['max_dhidden_vs_torch_fp32']:13.3g} "
            f"{r['max_dlogit_alone_vs_batch']:15.3g} {r['max_dlogit_other_neighbours']:11.3g} "
            f"{'yes' if r['row_independent'] else 'NO':>10s} {r['seconds']:8.2f} {r['speedup_vs_torch_fp32']:7.2f}x"
        )

    both = [n for n, r in out.items() if n != "torch-fp32" and r["matches"] and r["row_independent"]]
    print(f"within {MATCH:g} of torch-fp32 and row-independent (<= {ROW_INDEPENDENT:g}): {', '.join(both) or 'none'}")

    # 4. dev macro-F1 (optional; all rows of a set sorted by length as the pipeline batches them)
    if args.dev:
        print("\ndev macro-F1 (batches of 32 by length, as the pipeline):", flush=True)
        labels = list(model.spec.labels)
        for set_name, (path, n) in DEV_SETS[kind].items():
            dev_rows = load_rows(kind, path, None)
            if n and n < len(dev_rows):  # evenly spread over the file (its first rows are nearly all favor/against)
                dev_rows = [dev_rows[i * len(dev_rows) // n] for i in range(n)]
            y = [labels.index(r.label) for r in dev_rows]
            lengths = [len(r.text) + len(getattr(r, "topic", "")) for r in dev_rows]
            dev_batches = [
                (idx, encode(model, tokenizer, [dev_rows[i] for i in idx])) for idx in length_batches(lengths, 32)
            ]
            scores = {}
            for name, fn in variants.items():
                lg = np.zeros((len(dev_rows), len(labels)), dtype=np.float32)
                for idx, b in dev_batches:
                    lg[idx] = logits(model, fn, b)
                scores[name] = lg
                f1 = metrics.report(y, classifier.softmax_np(lg, model.spec.temperature), labels)["macro_f1"]
                out[name].setdefault("dev", {})[set_name] = {"macro_f1": round(f1, 4)}
            for name, lg in scores.items():
                d = out[name]["dev"][set_name]
                d["delta_vs_fp32"] = round(d["macro_f1"] - out["torch-fp32"]["dev"][set_name]["macro_f1"], 4)
                d["labels_changed"] = int((lg.argmax(1) != scores["torch-fp32"].argmax(1)).sum())
                d["max_dlogit"] = round(float(np.abs(lg - scores["torch-fp32"]).max()), 4)
                print(
                    f"  {set_name:9s} ({len(dev_rows)} rows) {name:28s} macro-F1 {d['macro_f1']:.4f} "
                    f"(Δ {d['delta_vs_fp32']:+.4f}; {d['labels_changed']} labels changed, "
                    f"max |Δlogit| {d['max_dlogit']})",
                    flush=True,
                )

    summary = {"model": str(args.model), "attention": attn, "rows": len(rows), "batch": args.batch}
    summary |= {"exporter": args.exporter, "calibration": args.calibration}
    print(json.dumps(summary | {"variants": out}))


if __name__ == "__main__":
    main()
