"""Score the actors stage against a hand-annotated gold file (see tests/gold/attribution.yaml).

Metrics: actor recall and precision (per document, the set of actor ids found as actors vs the
gold set), non-actor leaks (bylines/analysts that became actors), and attribution accuracy (the
share of gold statements overlapped by a predicted statement of the same speaker) with its
precision (the share of predicted statements overlapping a gold statement whose speaker is right), the same
"with the roll-up" (right too when the gold names an organisation, party or country the predicted speaker has as an
affiliation), and, for documents whose gold lists `affiliations`, affiliation accuracy (a person is right when every
gold affiliation is found, kind included; names normalised as the run normalises them), recall, precision and recall
per kind.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from stancewatch.actors.affiliations import body_name, locale, normalised
from stancewatch.actors.extract import extract
from stancewatch.actors.registry import slug
from stancewatch.config import REPO_ROOT
from stancewatch.errors import StancewatchError
from stancewatch.ingest.sources import ingest


class GoldError(StancewatchError, ValueError):
    """The gold file is malformed or points at text that is not there."""


def _document(source: str, base: Path) -> dict:
    path_part, _, row = source.partition("#")
    path = (base / path_part) if not Path(path_part).is_absolute() else Path(path_part)
    if not path.exists():
        raise GoldError(f"gold source {source}: {path} not found")
    docs = ingest([path], run_id="gold").documents
    for d in docs:
        if not row or d["source"].endswith("#" + row):
            return d
    raise GoldError(f"gold source {source}: no document (is it quarantined?)")


def registered_ids(entry: dict, registry, text: str | None = None) -> dict:
    """A gold document with each actor id that names a registered actor replaced by the registry's id: a gold writer's
    "caribbean-community" is the registry's "caricom", as the run names it (tests/gold/CONVENTIONS.md: one id). With
    the article's ``text``, a government body's short form is its normalised name, as the run normalises it
    (``normalise_bodies``): "justice-department" is "department-of-justice", a UK article's "treasury" "hm-treasury"."""

    loc = locale(text) if text is not None else None

    def canon(actor_id):
        name = str(actor_id).replace("-", " ")
        found = registry.lookup(name)
        if found is not None and found.type != "person":
            return found.id
        body = body_name(name, loc, registry) if text is not None else None
        if body is not None and slug(body) != actor_id:
            found = registry.lookup(body)
            return found.id if found is not None else slug(body)
        return actor_id

    out = dict(entry)
    out["actors"] = [canon(a) for a in entry.get("actors", [])]
    out["statements"] = [{**g, "speaker": canon(g["speaker"])} for g in entry.get("statements", []) if "speaker" in g]
    out["affiliations"] = {canon(a): v for a, v in (entry.get("affiliations") or {}).items()}
    return out


def _held_affiliations(mentions: list[dict]) -> dict[str, set[tuple[str, str]]]:
    """Per actor of one document: the (kind, id) of every affiliation the run gave it."""
    held: dict[str, set[tuple[str, str]]] = {}
    for m in mentions:
        held.setdefault(m["actor_id"], set()).update((a["kind"], a["id"]) for a in m.get("affiliations") or ())
    return held


def _score_affiliations(entry: dict, held: dict, registry, totals: dict, by_kind: dict, misses: list) -> None:
    """Count one document's gold affiliations (``entry["affiliations"]``: actor → [{kind, name}]) against the run's."""
    for actor, items in (entry.get("affiliations") or {}).items():
        try:
            want = {(g["kind"], normalised(g["kind"], str(g["name"]), registry).id) for g in items or ()}
        except (TypeError, KeyError):
            raise GoldError(
                f"gold source {entry['source']}: affiliations of {actor} must be a list of {{kind, name}}"
            ) from None
        got = held.get(actor, set())
        totals["affiliation_predicted"] += len(got)
        totals["affiliation_predicted_right"] += len(got & want)
        for kind, _id in want:
            k = by_kind.setdefault(kind, {"gold": 0, "found": 0})
            k["gold"] += 1
            k["found"] += (kind, _id) in got
        if not want:
            continue
        totals["affiliation_actors"] += 1
        totals["affiliation_gold"] += len(want)
        totals["affiliation_found"] += len(want & got)
        if got - want:
            misses.append(
                {
                    "source": entry["source"],
                    "type": "affiliation_extra",
                    "actor": actor,
                    "extra": sorted(f"{k}:{i}" for k, i in got - want),
                }
            )
        if want <= got:
            totals["affiliation_actors_right"] += 1
        else:
            misses.append(
                {
                    "source": entry["source"],
                    "type": "affiliation_missed",
                    "actor": actor,
                    "missing": sorted(f"{k}:{i}" for k, i in want - got),
                    "found": sorted(f"{k}:{i}" for k, i in got),
                }
            )


def evaluate(gold_path: Path, nlp, registry, matcher, base: Path = REPO_ROOT) -> dict:
    try:
        gold = yaml.safe_load(Path(gold_path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise GoldError(
            f"{gold_path}:{where} is not valid YAML ({getattr(exc, 'problem', None) or exc}). "
            "Fix the file and run again."
        ) from None
    totals = {
        "gold_actors": 0,
        "pred_actors": 0,
        "actor_hits": 0,
        "gold_statements": 0,
        "statement_hits": 0,
        "pred_overlapping": 0,
        "pred_correct": 0,
        "non_actor_leaks": 0,
        "rollup_hits": 0,
        "affiliation_actors": 0,
        "affiliation_actors_right": 0,
        "affiliation_gold": 0,
        "affiliation_found": 0,
        "affiliation_predicted": 0,
        "affiliation_predicted_right": 0,
    }
    by_kind: dict[str, dict[str, int]] = {}
    misses: list[dict] = []
    by_form: dict[str, dict[str, int]] = {}
    for entry in gold["documents"]:
        doc = _document(entry["source"], base)
        text = doc["text"]
        entry = registered_ids(entry, registry, text)
        found = extract(nlp(text), doc["doc_id"], registry, matcher)
        pred = {m["actor_id"] for m in found.mentions if m["is_actor"]}
        want = set(entry.get("actors", []))
        totals["gold_actors"] += len(want)
        totals["pred_actors"] += len(pred)
        totals["actor_hits"] += len(want & pred)
        for a in sorted(want - pred):
            misses.append({"source": entry["source"], "type": "actor_missed", "actor": a})
        for a in sorted(pred - want):
            misses.append({"source": entry["source"], "type": "actor_extra", "actor": a})
        for name in entry.get("not_actors", []):
            if any(m["is_actor"] and name in m["text"] for m in found.mentions):
                totals["non_actor_leaks"] += 1
                misses.append({"source": entry["source"], "type": "non_actor_leak", "name": name})
        held = _held_affiliations(found.mentions)
        if "affiliations" in entry:
            _score_affiliations(entry, held, registry, totals, by_kind, misses)
        spans = []
        for g in entry.get("statements", []):
            start = text.find(g["text"])
            if start < 0:
                raise GoldError(f"gold source {entry['source']}: statement text not in the document: {g['text']!r}")
            spans.append((start, start + len(g["text"]), g["speaker"], g.get("form", "unlabelled")))
        for start, end, speaker, form in spans:
            totals["gold_statements"] += 1
            overlapping = [s for s in found.statements if s["start"] < end and start < s["end"]]
            hit = any(s["actor_id"] == speaker for s in overlapping)
            # with the roll-up: the gold names an organisation, party or country and the run gave it to a member
            members = {s["actor_id"] for s in overlapping if speaker in {i for _, i in held.get(s["actor_id"], ())}}
            totals["rollup_hits"] += hit or bool(members)
            f = by_form.setdefault(form, {"gold": 0, "covered": 0, "right": 0})
            f["gold"] += 1
            f["covered"] += bool(overlapping)
            f["right"] += hit
            if hit:
                totals["statement_hits"] += 1
            else:
                got = sorted({s["actor_id"] for s in found.statements if s["start"] < end and start < s["end"]})
                misses.append(
                    {
                        "source": entry["source"],
                        "type": "statement_missed",
                        "form": form,
                        "speaker": speaker,
                        "text": text[start:end],
                        "predicted_speakers": got,
                    }
                )
        for s in found.statements:
            if s["kind"] == "spoken_for":  # a country's position voiced by its minister: not a second speaker
                continue
            speakers = {sp for a, b, sp, _f in spans if s["start"] < b and a < s["end"]}
            if speakers:
                totals["pred_overlapping"] += 1
                totals["pred_correct"] += s["actor_id"] in speakers
                if s["actor_id"] not in speakers:
                    misses.append(
                        {
                            "source": entry["source"],
                            "type": "statement_wrong_speaker",
                            "predicted": s["actor_id"],
                            "gold": sorted(speakers),
                            "text": s["text"][:80],
                        }
                    )

    def ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    return {
        "documents": len(gold["documents"]),
        "actor_recall": ratio(totals["actor_hits"], totals["gold_actors"]),
        "actor_precision": ratio(totals["actor_hits"], totals["pred_actors"]),
        "attribution_accuracy": ratio(totals["statement_hits"], totals["gold_statements"]),
        "attribution_precision": ratio(totals["pred_correct"], totals["pred_overlapping"]),
        # coverage: a gold statement overlapped by any predicted statement; right: by one of the right speaker
        "coverage": ratio(sum(f["covered"] for f in by_form.values()), totals["gold_statements"]),
        "speaker_accuracy_when_covered": ratio(totals["statement_hits"], sum(f["covered"] for f in by_form.values())),
        "attribution_accuracy_with_rollup": ratio(totals["rollup_hits"], totals["gold_statements"]),
        # affiliations (documents whose gold lists them): an actor is right when every gold affiliation is found,
        # kinds included; recall and precision count single affiliations of the actors the gold lists
        "affiliation_accuracy": ratio(totals["affiliation_actors_right"], totals["affiliation_actors"]),
        "affiliation_recall": ratio(totals["affiliation_found"], totals["affiliation_gold"]),
        "affiliation_precision": ratio(totals["affiliation_predicted_right"], totals["affiliation_predicted"]),
        "affiliation_by_kind": {k: v | {"recall": ratio(v["found"], v["gold"])} for k, v in sorted(by_kind.items())},
        "by_form": {
            k: v | {"coverage": ratio(v["covered"], v["gold"]), "accuracy": ratio(v["right"], v["gold"])}
            for k, v in sorted(by_form.items())
        },
        **totals,
        "misses": misses,
    }
