"""Who stands where on a topic, at a glance: four columns (favor, against, mixed, neutral) of actor names, grouped by
the country or party each speaks for where the roll-up knows it, every name a link to its evidence line."""

from __future__ import annotations

import html
from collections import Counter

import pandas as pd

from stancewatch.report.text import anchor, present

e = html.escape
SIDES = ("favor", "against", "mixed", "neutral")
HEADINGS = {"favor": "Favor", "against": "Against", "mixed": "Mixed", "neutral": "Neutral"}


def mention_affiliations(mentions: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    """(actor id → the affiliation its mentions give most often, actor id → actor type), from the `mentions` table."""
    if mentions.empty:
        return {}, {}
    named = mentions[mentions["is_actor"].fillna(False).astype(bool)]
    kinds = dict(zip(named["actor_id"], named["actor_type"]))
    counts: dict[str, Counter] = {}
    for actor_id, affiliation in zip(named["actor_id"], named["affiliation"]):
        name = present(affiliation)
        if name:
            counts.setdefault(actor_id, Counter())[name] += 1
    return {a: c.most_common(1)[0][0] for a, c in counts.items()}, kinds


def actor_groups(
    affiliations: pd.DataFrame,
    topic_id: str,
    actors: pd.DataFrame,
    from_mentions: dict[str, str],
    kinds: dict[str, str],
) -> dict[str, str | None]:
    """Per actor of a topic (``actors``: actor_id, actor_name), the group it is shown in: the affiliation it speaks for
    on this topic in the roll-up (`affiliation_summary` members), else the affiliation its mentions give (the
    article's title or the registry: a ministry → its country), else an affiliation's or a country's own name; None
    when nothing is known."""
    rolled: dict[str, Counter] = {}
    own: dict[str, str] = {}
    rows = affiliations[affiliations["topic_id"] == topic_id] if len(affiliations) else affiliations
    for r in rows.itertuples():
        own[str(r.affiliation_id)] = str(r.affiliation_name)
        members = r.member_ids if r.member_ids is not None else []
        counts = r.member_statements if r.member_statements is not None else []
        for member, n in zip(list(members), list(counts)):
            rolled.setdefault(str(member), Counter())[str(r.affiliation_name)] += int(n)
    out: dict[str, str | None] = {}
    for actor_id, name in zip(actors["actor_id"], actors["actor_name"]):
        if actor_id in rolled:
            out[actor_id] = rolled[actor_id].most_common(1)[0][0]
        elif actor_id in from_mentions:
            out[actor_id] = from_mentions[actor_id]
        elif actor_id in own:
            out[actor_id] = own[actor_id]
        elif kinds.get(actor_id) == "country":
            out[actor_id] = str(name)
        else:
            out[actor_id] = None
    return out


def ordered(pos: pd.DataFrame, groups: dict[str, str | None]) -> list[tuple[str, str, str]]:
    """(actor_id, name, stance) in the order the block and the evidence list show them: by stance column, then by
    group (the group with most statements first, actors without a group last), then by statements and name."""
    pos = pos[pos["stance"].isin(SIDES)]
    out = []
    for side in SIDES:
        part = pos[pos["stance"] == side].assign(group=lambda f: [groups.get(a) for a in f["actor_id"]])
        weight = part.groupby("group", dropna=True)["n"].sum().to_dict()
        part = part.assign(
            _ungrouped=part["group"].isna(),
            _weight=[-weight.get(g, 0) for g in part["group"]],
            _group=part["group"].fillna(""),
        ).sort_values(["_ungrouped", "_weight", "_group", "n", "actor_name"], ascending=[True, True, True, False, True])
        out += [(a, str(n), side) for a, n in zip(part["actor_id"], part["actor_name"])]
    return out


def stands_block(
    pos: pd.DataFrame, groups: dict[str, str | None], topic_key: str, colours: dict[str, str], evidence_of: set[str]
) -> str:
    """The block itself: a column per stance with its actors, grouped, each linking to its evidence line."""
    order = ordered(pos, groups)
    counts = pos.set_index("actor_id")[["favor", "against", "neutral", "n"]].to_dict("index")
    columns = []
    for side in SIDES:
        members = [(a, n) for a, n, s in order if s == side]
        blocks: list[tuple[str | None, list[str]]] = []
        for actor_id, name in members:
            c = counts[actor_id]
            tip = (
                f"{c['n']} statement{'s' if c['n'] != 1 else ''} on this topic: {c['favor']} favor, "
                f"{c['against']} against, {c['neutral']} neutral"
            )
            target = f' href="#{anchor("ev", topic_key, actor_id)}"' if actor_id in evidence_of else ""
            link = f'<a{target} data-actor-id="{e(actor_id)}" title="{e(tip)}">{e(name)}</a>'
            group = groups.get(actor_id)
            if blocks and blocks[-1][0] == group:
                blocks[-1][1].append(link)
            else:
                blocks.append((group, [link]))
        body = []
        for group, links in blocks:
            only_itself = len(links) == 1 and group is not None and f">{e(group)}</a>" in links[0]
            caption = f'<span class="grp">{e(group)}</span>' if group and not only_itself else ""
            body.append(f"<li>{caption}{', '.join(links)}</li>")
        heading = (
            f'<h4 style="color:{colours.get(side, "#333")}">{HEADINGS[side]} '
            f"<small>{len(members)} actor{'s' if len(members) != 1 else ''}</small></h4>"
        )
        content = f"<ul>{''.join(body)}</ul>" if body else '<p class="none">none</p>'
        columns.append(f'<div class="side {side}">{heading}{content}</div>')
    return f'<div class="stands" data-topic="{e(topic_key)}">{"".join(columns)}</div>'
