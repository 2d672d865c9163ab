"""Mechanical check of an attribution gold file (tests/gold/attribution*.yaml) and the printers its writers and
reviewers use. Written by the helpers who wrote the held-out sets 3 and 4 (who did not read stancewatch/).

usage: .venv/bin/python scripts/check_attribution_gold.py GOLD.yaml              -> checks; problems and counts
       .venv/bin/python scripts/check_attribution_gold.py GOLD.yaml review aNN   -> each paragraph of article aNN
                                                                 with the gold lines whose text first occurs in it
       .venv/bin/python scripts/check_attribution_gold.py GOLD.yaml scan         -> sentences with a speech verb and
                                                                 no gold line (for missed statements)
"""

import collections
import os
import re
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLD = os.path.abspath(sys.argv.pop(1)) if len(sys.argv) > 1 and sys.argv[1].endswith(".yaml") else ""
FORMS = {
    "said",
    "verb",
    "pronoun",
    "role_noun",
    "continuation",
    "split_quote",
    "colon_quote",
    "according_to",
    "document",
    "group_member",
    "post",
    "document_quote",
    "nested",
    "role_noun_far",
}
KINDS = {"party", "chamber", "government_office", "organisation", "country", "state_region"}
DOC_KEYS = {"source", "actors", "not_actors", "affiliations", "statements"}
STMT_KEYS = {"speaker", "text", "form"}


def main():
    problems = []
    with open(GOLD, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)  # 1. the YAML loads
    docs = data["documents"]
    forms = collections.Counter()
    kinds = collections.Counter()
    n_stmt = n_act = n_aff_people = n_aff = 0
    shared = []
    for doc in docs:
        src = doc["source"]
        if set(doc) != DOC_KEYS:
            problems.append(f"{src}: keys {sorted(doc)}")
        path = os.path.join(ROOT, src)
        if not os.path.exists(path):  # 2. every source exists
            problems.append(f"{src}: missing source file")
            continue
        text = open(path, encoding="utf-8").read()
        actors = doc["actors"]
        n_act += len(actors)
        if len(set(actors)) != len(actors):
            problems.append(f"{src}: duplicate actor ids")
        for na in doc["not_actors"] or []:
            if na not in text:
                problems.append(f"{src}: not_actor {na!r} not in article")
        for key, affs in (doc["affiliations"] or {}).items():  # 5. affiliation keys are actors
            if key not in actors:
                problems.append(f"{src}: affiliation key {key} not an actor")
            n_aff_people += 1
            for a in affs:
                n_aff += 1
                kinds[a.get("kind")] += 1
                if a.get("kind") not in KINDS:  # 6. kinds allowed
                    problems.append(f"{src}: {key}: bad kind {a.get('kind')}")
                if not a.get("name"):
                    problems.append(f"{src}: {key}: empty affiliation name")
        seen = collections.defaultdict(list)
        for st in doc["statements"]:
            n_stmt += 1
            if set(st) != STMT_KEYS:
                problems.append(f"{src}: statement keys {sorted(st)}")
            t, sp, fm = st["text"], st["speaker"], st["form"]
            forms[fm] += 1
            if fm not in FORMS:
                problems.append(f"{src}: bad form {fm}")
            if sp not in actors:  # 4. speaker is an actor
                problems.append(f"{src}: speaker {sp} not an actor")
            if t not in text:  # 3. text occurs in article
                problems.append(f"{src}: text not in article: {t!r}")
            if len(t.split()) < 5:
                problems.append(f"{src}: text under 5 words: {t!r}")
            seen[t].append(sp)
            if text.count(t) > 1:
                print(
                    f"warn {os.path.basename(src)[:3]}: text occurs {text.count(t)} times "
                    f"(first occurrence must be the statement): {t!r}"
                )
            if t in text.split("\n", 1)[0]:
                problems.append(f"{src}: text first occurs in the headline: {t!r}")
        for t, sps in seen.items():  # 7. no duplicate statement texts (same text only for distinct co-speakers)
            if len(sps) != len(set(sps)):
                problems.append(f"{src}: duplicate statement {t!r} for {sps}")
            elif len(sps) > 1:
                shared.append((os.path.basename(src)[:3], t, sps))
        # every person actor (one with an affiliations entry) should be listed; report actors with no statement
        spoke = {st["speaker"] for st in doc["statements"]}
        silent = [a for a in actors if a not in spoke]
        if silent:
            print(f"info {os.path.basename(src)[:3]}: actors without statements: {silent}")
        words = len(text.split())
        print(
            f"info {os.path.basename(src)[:3]}: {words} words, "
            f"{len(doc['statements'])} statements, {len(actors)} actors"
        )
    for s in shared:
        print(f"info {s[0]}: text shared by co-speakers {s[2]}: {s[1]!r}")
    print(
        f"documents {len(docs)}; statements {n_stmt}; actors {n_act}; "
        f"people with affiliations {n_aff_people}; affiliations {n_aff}"
    )
    print("forms", dict(forms.most_common()))
    print("kinds", dict(kinds.most_common()))
    if problems:
        print(f"{len(problems)} PROBLEMS")
        for p in problems:
            print("  -", p)
        sys.exit(1)
    print("OK: no problems")


def review(prefix):
    data = yaml.safe_load(open(GOLD, encoding="utf-8"))
    for doc in data["documents"]:
        if not os.path.basename(doc["source"]).startswith(prefix):
            continue
        text = open(os.path.join(ROOT, doc["source"]), encoding="utf-8").read()
        paras = []
        pos = 0
        for para in re.split(r"\n\s*\n", text):
            start = text.index(para, pos)
            paras.append((start, start + len(para), para))
            pos = start + len(para)
        by_para = collections.defaultdict(list)
        for st in doc["statements"]:
            i = text.find(st["text"])
            for k, (s, e, _) in enumerate(paras):
                if s <= i < e:
                    by_para[k].append(st)
        print(doc["source"])
        print("actors:", doc["actors"])
        print("not_actors:", doc["not_actors"])
        for k, (_, _, para) in enumerate(paras):
            print(f"\n[{k}] {para}")
            for st in by_para[k]:
                print(f"    -> {st['speaker']:<32} {st['form']:<15} {st['text']}")
        print("\naffiliations:")
        for key, affs in doc["affiliations"].items():
            print(f"  {key}: " + "; ".join(f"{a['kind']}={a['name']}" for a in affs))


SPEECH = re.compile(
    r"\b("
    r"said|says|say|told|tell|wrote|writes|writing|called|calling|warned|warns|argued|asked|asks|urged|"
    r"urging|added|adding|announced|tweeted|posted|according to|described|accused|claimed|insisted|"
    r"estimated|found|promises|promised|recommended|declared|declaring|endorsed|backed|welcomed|criticised|"
    r"condemn|saying|described|blamed|challenged|proposed|advised|thanked|rejected|dismissed|calls|"
    r"describes|urged"
    r")\b",
    re.I,
)


def scan():
    """List sentences with a speech-like verb and no gold line whose text starts inside them."""
    data = yaml.safe_load(open(GOLD, encoding="utf-8"))
    for doc in data["documents"]:
        text = open(os.path.join(ROOT, doc["source"]), encoding="utf-8").read()
        starts = sorted(text.find(st["text"]) for st in doc["statements"])
        for m in re.finditer(r"[^.!?\n]+[.!?]?[\"”]?", text):
            s, e = m.start(), m.end()
            if SPEECH.search(m.group(0)) and not any(s <= i < e for i in starts):
                print(f"{os.path.basename(doc['source'])[:3]}: {m.group(0).strip()}")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "review" and len(sys.argv) > 2:
        review(sys.argv[2])
    else:
        main()  # the checks; "scan" lists unannotated cue sentences after them
        if command == "scan":
            scan()
