"""Roll-up: where a country, party or organisation stands, from its own statements and its members'.

A country often takes its position through its people: "Slovak Prime Minister Robert Fico said Slovakia
would not …" gives Fico a stance row, not Slovakia. Here each stance row is assigned a *node*:

* a country, organisation or group speaking in its own name ("Poland said …") is its own node — `own`;
* a person whose title in that document (the words just before the name, or an apposition after it:
  "Robert Fico, Slovakia's prime minister,") holds a **speaking role** (settings `rollup.speaking_roles`;
  default: heads of state and government, ministers, secretaries, spokespeople, party leaders,
  commissioners — not "former" or "opposition" ones) speaks for their affiliation — `member`;
  a document that names them without a title falls back to the role read in any other document;
* a person with a party (mentions.affiliations) speaks for it by being a member — `member` too (with no role);
* anyone else (a person with no affiliation or no speaking role) stays their own node — `self`.

That is the `auto` choice (settings `rollup.affiliation_kind`); naming one kind instead (party, chamber,
government_office, organisation, country, state_region) rolls every person with an affiliation of that kind up to it.
Outputs written before schema 6 (one `affiliation` string per mention, no `affiliations`) roll up as before.

``affiliation_summary`` then reads the `own` and `member` rows per affiliation × topic × period, saying
which of the two the position rests on and which members carried it with how many statements.
"""

from __future__ import annotations

import re
from typing import Iterable

import pandas as pd

from stancewatch.actors.registry import slug
from stancewatch.aggregate.summaries import named_mentions, overall_stance, stance_block


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None  # pandas gives NaN for a missing string


_STOP = re.compile(r"[,.;:!?\"“”()\[\]\n]")


def role_pattern(roles: Iterable[str]) -> re.Pattern:
    words = sorted({r.strip().lower() for r in roles if r.strip()}, key=len, reverse=True)
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) or r"(?!x)x"
    return re.compile(rf"(?<!\w)(?:(former|opposition|ex)[\s-]+)?({alternatives})(?![\w-])", re.I)


def title_window(text: str, start: int, end: int, sentence_start: int, sentence_end: int) -> str:
    """The title in front of a name (up to the previous punctuation, six words at most), the mention itself, and an
    apposition right after it (", Slovakia's prime minister,")."""
    before = _STOP.split(text[max(sentence_start, start - 80) : start])[-1].split()[-6:]
    after = text[end : min(sentence_end, end + 80)]
    apposition = _STOP.split(after[1:])[0] if after.startswith(",") else ""
    return " ".join([*before, text[start:end], "|", apposition])


def speaking_role(window: str, pattern: re.Pattern) -> str | None:
    """The first speaking role in a title window (lower case, spaces normalised), ignoring former/opposition ones."""
    for m in pattern.finditer(window):
        if not m.group(1):
            return " ".join(m.group(2).lower().split())
    return None


# With `auto`, a person speaks for a party by being a member; for their country, organisation or government office
# only with a speaking role. The first kind of ``SPOKEN_FOR`` they have wins.
SPOKEN_FOR = ("country", "organisation", "government_office")


def chosen_affiliation(
    affiliations, legacy: str | None, role: str | None, kind: str = "auto"
) -> tuple[str | None, bool]:
    """The affiliation (name) a person's statements roll up to, and whether membership alone makes them speak for it
    (else it takes a speaking role). ``affiliations``: the mention's typed list (None in outputs before schema 6,
    where ``legacy``, the one `affiliation` string, is used as before). ``kind``: `auto` (party by membership;
    country, organisation or government office with a speaking role) or one kind (membership is enough)."""
    if affiliations is None or (isinstance(affiliations, float) and pd.isna(affiliations)):
        return (legacy, False) if kind == "auto" else (None, False)
    affs = list(affiliations)
    if kind != "auto":
        return next(((a["name"], True) for a in affs if a["kind"] == kind), (None, False))
    if role:
        for k in SPOKEN_FOR:
            for a in affs:
                if a["kind"] == k:
                    return a["name"], False
    return next(((a["name"], True) for a in affs if a["kind"] == "party"), (legacy if role else None, False))


def speakers(mentions: pd.DataFrame, texts: dict[str, str], roles: Iterable[str], kind: str = "auto") -> pd.DataFrame:
    """Per person (doc_id, actor_id): the affiliation (name) their statements roll up to (``chosen_affiliation``),
    their speaking role in that document (None if none) and ``by_membership`` (True when being a member is enough:
    a party, or any affiliation of the kind asked for)."""
    cols = ["doc_id", "actor_id", "affiliation", "role", "by_membership"]
    people = named_mentions(mentions)
    people = people[people["actor_type"] == "person"]  # a title window around "she" says nothing: named mentions only
    if people.empty:
        return pd.DataFrame(columns=cols)
    pattern = role_pattern(roles)
    role = [
        speaking_role(title_window(texts.get(d, ""), s, e, ss, se), pattern)
        for d, s, e, ss, se in zip(
            people["doc_id"], people["start"], people["end"], people["sentence_start"], people["sentence_end"]
        )
    ]
    people = people.assign(role=role)
    first = lambda v: next((x for x in v if _text(x)), None)  # noqa: E731
    typed = people["affiliations"] if "affiliations" in people else pd.Series(None, index=people.index)
    rows = {}
    for (d, a), g in people.assign(_typed=typed).groupby(["doc_id", "actor_id"], sort=True):
        r = first(g["role"])
        lists = [x for x in g["_typed"] if x is not None and not (isinstance(x, float) and pd.isna(x))]
        aff, member = chosen_affiliation(lists[0] if lists else None, first(g["affiliation"]), r, kind)
        rows[(d, a)] = (d, a, aff, r, member)
    return pd.DataFrame(list(rows.values()), columns=cols)


def affiliation_index(
    mentions: pd.DataFrame, registered: Iterable[tuple[str, str, str]] = ()
) -> dict[str, tuple[str, str | None]]:
    """Affiliation name → (actor id, type): actors seen as countries/organisations/groups, then the registry
    (``(id, name, type)`` triples); names known to neither get a slug id and no type."""
    index: dict[str, tuple[str, str | None]] = {name: (i, t) for i, name, t in registered}
    others = mentions[mentions["actor_type"] != "person"].drop_duplicates("actor_id")
    index.update({n: (i, t) for i, n, t in zip(others["actor_id"], others["actor_name"], others["actor_type"])})
    return index


def assign_nodes(
    stance: pd.DataFrame, mentions: pd.DataFrame, speaker_rows: pd.DataFrame, index: dict[str, tuple[str, str | None]]
) -> pd.DataFrame:
    """``stance`` with the node of each row at affiliation level: node_id, node_name, node_type, via
    (own / member / self), role, and the actor's own type and affiliation (for the actor level)."""
    kinds = mentions.drop_duplicates("actor_id").set_index("actor_id")["actor_type"].to_dict()
    if "by_membership" not in speaker_rows:
        speaker_rows = speaker_rows.assign(by_membership=False)
    by_doc = {
        (d, a): (_text(f), _text(r), bool(m))
        for d, a, f, r, m in speaker_rows[["doc_id", "actor_id", "affiliation", "role", "by_membership"]].itertuples(
            index=False
        )
    }
    by_actor: dict[str, list] = {}
    for (d, a), (f, r, m) in sorted(by_doc.items()):
        seen = by_actor.setdefault(a, [None, None, False])
        if not seen[0] and f:
            seen[0], seen[2] = f, m
        seen[1] = seen[1] or r
    rows = []
    for doc_id, actor_id, actor_name in zip(stance["doc_id"], stance["actor_id"], stance["actor_name"]):
        kind = kinds.get(actor_id, "person")
        aff, role, member = by_doc.get((doc_id, actor_id), (None, None, False))
        known = by_actor.get(actor_id, [None, None, False])
        if not aff:
            aff, member = known[0], known[2]
        role = role or known[1]
        if kind != "person":
            rows.append((actor_id, actor_name, kind, "own", None, kind, None))
        elif aff and (role or member):
            node_id, node_type = index.get(aff, (slug(aff), None))
            rows.append((node_id, aff, node_type, "member", role, kind, aff))
        else:
            rows.append((actor_id, actor_name, kind, "self", None, kind, aff))
    cols = ["node_id", "node_name", "node_type", "via", "role", "actor_type", "actor_affiliation"]
    return stance.reset_index(drop=True).join(pd.DataFrame(rows, columns=cols))


def _members(rows: pd.DataFrame) -> dict:
    m = rows[rows["via"] == "member"]
    g = (
        m.groupby("actor_id")
        .agg(name=("actor_name", "first"), role=("role", "first"), n=("statement_id", "size"))
        .reset_index()
        .sort_values(["n", "name"], ascending=[False, True])
    )
    return {
        "member_ids": list(g["actor_id"]),
        "members": list(g["name"]),
        "member_roles": list(g["role"]),
        "member_statements": [int(n) for n in g["n"]],
    }


def _side(rows: pd.DataFrame) -> str | None:
    if rows.empty:
        return None
    return overall_stance(*(int((rows["label"] == lab).sum()) for lab in ("favor", "against", "neutral")))


def affiliation_summary(nodes: pd.DataFrame) -> pd.DataFrame:
    """One row per affiliation × topic × period from ``assign_nodes`` rows with a ``period`` column."""
    rows = nodes[nodes["via"].isin(["own", "member"])]
    out = []
    for (node_id, topic_id, period), g in rows.groupby(["node_id", "topic_id", "period"], sort=True):
        own, members = g[g["via"] == "own"], g[g["via"] == "member"]
        source = "own+rolled_up" if len(own) and len(members) else ("own" if len(own) else "rolled_up")
        out.append(
            {
                "affiliation_id": node_id,
                "affiliation_name": g["node_name"].iloc[0],
                "affiliation_type": g["node_type"].iloc[0],
                "topic_id": topic_id,
                "period": period,
                "position_source": source,
                **stance_block(g),
                "n_own_statements": len(own),
                "n_member_statements": len(members),
                "stance_own": _side(own),
                "stance_members": _side(members),
                **_members(g),
            }
        )
    frame = pd.DataFrame(out)
    if frame.empty:
        return frame
    return (
        frame.drop(columns=["share_favor", "share_against", "share_neutral", "mean_p_favor", "mean_p_against"])
        .sort_values(["topic_id", "period", "net_stance", "affiliation_id"])
        .reset_index(drop=True)
    )


AFFILIATION_COLUMNS = ["doc_id", "actor_id", "actor_name", "kind", "affiliation_id", "affiliation_name", "source"]


def affiliation_rows(mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per document × actor × affiliation from the `mentions` table's ``affiliations`` lists (for notebooks:
    ``affiliation_rows(read_dataset(out, "mentions"))``); empty for outputs written before schema 6."""
    if "affiliations" not in mentions or mentions.empty:
        return pd.DataFrame(columns=AFFILIATION_COLUMNS)
    rows, seen = [], set()
    for d, a, n, affs in zip(
        mentions["doc_id"], mentions["actor_id"], mentions["actor_name"], mentions["affiliations"]
    ):
        if (d, a) in seen or affs is None or (isinstance(affs, float) and pd.isna(affs)):
            continue
        seen.add((d, a))
        rows += [(d, a, n, x["kind"], x["id"], x["name"], x["source"]) for x in affs]
    return pd.DataFrame(rows, columns=AFFILIATION_COLUMNS)
