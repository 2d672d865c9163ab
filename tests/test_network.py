"""Roll-up to affiliations and DNA-style discourse networks: a hand-computed example checked exactly,
export round trips through networkx and igraph, and the structure of the sample run's networks."""

from __future__ import annotations

import pandas as pd
import pytest
from pytest import approx

from stancewatch.aggregate.network import networks
from stancewatch.aggregate.rollup import affiliation_index, affiliation_summary, assign_nodes, speakers
from stancewatch.aggregate.summaries import periods

# Four actors, two topics, two periods (months). Anna Ash is Xland's foreign minister (speaks for Xland);
# Ben Birch is from Xland but no speaking role; Yland is a country speaking for itself; Dora Dean is a
# *former* president (no speaking role). In February Ash is named without her title (role from January).
D1 = (
    "Xland Foreign Minister Anna Ash said yes. Xland businessman Ben Birch agreed. Yland said no. Former President "
    "Dora Dean said no."
)
D2 = "Ash said no. Birch said no. Yland said yes. Dean said yes."
PEOPLE = {
    "anna-ash": ("Anna Ash", "person", "Xland"),
    "ben-birch": ("Ben Birch", "person", "Xland"),
    "yl": ("Yland", "country", None),
    "dora-dean": ("Dora Dean", "person", "Zland"),
}
STANCE = [  # statement, doc, actor, topic, label, probability of the label
    ("s1", "d1", "anna-ash", "t1", "favor", 0.9),
    ("s2", "d1", "anna-ash", "t1", "favor", 0.8),
    ("s3", "d1", "ben-birch", "t1", "favor", 0.7),
    ("s4", "d1", "yl", "t1", "against", 0.9),
    ("s5", "d1", "dora-dean", "t1", "against", 0.6),
    ("s6", "d1", "anna-ash", "t2", "against", 0.9),
    ("s7", "d1", "yl", "t2", "against", 0.8),
    ("s8", "d1", "dora-dean", "t2", "neutral", 0.7),
    ("s9", "d2", "anna-ash", "t1", "against", 0.9),
    ("s10", "d2", "ben-birch", "t1", "against", 0.9),
    ("s11", "d2", "yl", "t1", "favor", 0.9),
    ("s12", "d2", "dora-dean", "t2", "favor", 0.9),
    ("s13", "d2", "ben-birch", "t2", "favor", 0.4),
]


def _example():
    docs = pd.DataFrame(
        {
            "doc_id": ["d1", "d2"],
            "text": [D1, D2],
            "published": [pd.Timestamp("2024-01-10", tz="UTC"), pd.Timestamp("2024-02-05", tz="UTC")],
            "ingested_at": [pd.Timestamp("2024-03-01", tz="UTC")] * 2,
        }
    )
    mentions = []
    for doc_id, text in (("d1", D1), ("d2", D2)):
        for actor_id, (name, kind, aff) in PEOPLE.items():
            written = name if doc_id == "d1" else name.split()[-1]
            start = text.index(written)
            mentions.append(
                {
                    "doc_id": doc_id,
                    "actor_id": actor_id,
                    "actor_name": name,
                    "actor_type": kind,
                    "affiliation": aff,
                    "text": written,
                    "start": start,
                    "end": start + len(written),
                    "sentence_start": 0,
                    "sentence_end": len(text),
                    "is_actor": True,
                }
            )
    mentions = pd.DataFrame(mentions)
    stance = pd.DataFrame(
        [
            {
                "statement_id": s,
                "doc_id": d,
                "actor_id": a,
                "actor_name": PEOPLE[a][0],
                "topic_id": t,
                "label": lab,
                "p_favor": p if lab == "favor" else (1 - p) / 2,
                "p_against": p if lab == "against" else (1 - p) / 2,
                "p_neutral": p if lab == "neutral" else (1 - p) / 2,
                "evidence_text": f"{a} on {t}",
            }
            for s, d, a, t, lab, p in STANCE
        ]
    )
    who = speakers(mentions, dict(zip(docs["doc_id"], docs["text"])), ["minister", "president"])
    rows = assign_nodes(stance, mentions, who, affiliation_index(mentions, [("xl", "Xland", "country")]))
    return rows.assign(period=rows["doc_id"].map(periods(docs, "month")))


@pytest.fixture(scope="module")
def example():
    return _example()


def _edge(edges, kind, a, b, topic, period, level="actor"):
    hit = edges[
        (edges.kind == kind)
        & (edges.level == level)
        & (edges.topic_id == topic)
        & (edges.period == period)
        & (edges.source == a)
        & (edges.target == b)
    ]
    assert len(hit) == 1, (kind, a, b, topic, period, level)
    return hit.iloc[0]


def _pairs(edges, kind, topic, period, level="actor"):
    e = edges[(edges.kind == kind) & (edges.level == level) & (edges.topic_id == topic) & (edges.period == period)]
    return {(a, b): w for a, b, w in zip(e.source, e.target, e.weight)}


def test_speaking_roles_decide_who_rolls_up(example):
    via = dict(zip(example.statement_id, example.via))
    assert via["s1"] == "member" and via["s9"] == "member"  # titled in d1; untitled in d2 takes the role read in d1
    assert via["s3"] == "self" and via["s5"] == "self"  # no speaking role; a *former* president does not speak
    assert via["s4"] == "own"
    assert set(example[example.via == "member"].node_id) == {"xl"}


def test_affiliation_summary_says_own_or_rolled_up_with_members(example):
    s = affiliation_summary(example).set_index(["affiliation_id", "topic_id", "period"])
    x = s.loc[("xl", "t1", "2024-01-01")]
    assert (x.position_source, x.n_statements, x.n_member_statements, x.stance) == ("rolled_up", 2, 2, "favor")
    assert list(x.members) == ["Anna Ash"] and list(x.member_roles) == ["minister"] and list(x.member_statements) == [2]
    y = s.loc[("yl", "t1", "2024-02-01")]
    assert (y.position_source, y.n_own_statements, y.stance_own, list(y.members)) == ("own", 1, "favor", [])
    assert ("ben-birch", "t1", "2024-01-01") not in s.index  # a person without a speaking role is no affiliation


def test_one_topic_one_period_every_kind_and_normalisation(example):
    _, edges = networks(example)
    assert _pairs(edges, "congruence", "t1", "2024-01-01") == {("anna-ash", "ben-birch"): 2, ("dora-dean", "yl"): 1}
    assert _pairs(edges, "conflict", "t1", "2024-01-01") == {
        ("anna-ash", "dora-dean"): 2,
        ("anna-ash", "yl"): 2,
        ("ben-birch", "dora-dean"): 1,
        ("ben-birch", "yl"): 1,
    }
    ab = _edge(edges, "congruence", "anna-ash", "ben-birch", "t1", "2024-01-01")
    assert (ab.weight_average, ab.weight_jaccard, ab.weight_cosine, ab.stance) == (approx(4 / 3), 1.0, 1.0, "favor")
    assert sorted(ab.statement_ids) == ["s1", "s2", "s3"]
    ay = _edge(edges, "conflict", "anna-ash", "yl", "t1", "2024-01-01")
    assert (ay.weight_average, ay.weight_jaccard, ay.weight_cosine) == (approx(4 / 3), approx(2 / 3), 1.0)
    by = _edge(edges, "conflict", "ben-birch", "yl", "t1", "2024-01-01")
    assert (by.weight_average, by.weight_jaccard, by.weight_cosine) == (1.0, 0.5, 1.0)


def test_all_topics_as_concepts_every_kind_and_normalisation(example):
    """Topic `*`, January. Vectors (t1 favor, t2 favor, t1 against, t2 against): Ash (2,0,0,1), Birch (1,0,0,0),
    Yland (0,0,1,1), Dean (0,0,1,0) — Dean's neutral row makes no edge."""
    _, edges = networks(example)
    expected = {  # kind, a, b: weight, average activity, Jaccard, cosine
        ("congruence", "anna-ash", "ben-birch"): (2, 1.0, 2 / 3, 2 / 3),
        ("congruence", "anna-ash", "yl"): (1, 0.4, 0.25, 1 / 6),
        ("congruence", "dora-dean", "yl"): (1, 2 / 3, 0.5, 0.5),
        ("conflict", "anna-ash", "yl"): (2, 0.8, 0.5, 1 / 3),
        ("conflict", "anna-ash", "dora-dean"): (2, 1.0, 0.5, 2 / 3),
        ("conflict", "ben-birch", "yl"): (1, 2 / 3, 1 / 3, 0.5),
        ("conflict", "ben-birch", "dora-dean"): (1, 1.0, 0.5, 1.0),
    }
    for kind in ("congruence", "conflict"):
        assert set(_pairs(edges, kind, "*", "2024-01-01")) == {(a, b) for k, a, b in expected if k == kind}
    for (kind, a, b), (w, avg, jac, cos) in expected.items():
        e = _edge(edges, kind, a, b, "*", "2024-01-01")
        assert (e.weight, e.weight_average, e.weight_jaccard, e.weight_cosine) == (
            w,
            approx(avg),
            approx(jac),
            approx(cos),
        ), (kind, a, b)
    assert sorted(_edge(edges, "conflict", "anna-ash", "yl", "*", "2024-01-01").statement_ids) == ["s1", "s2", "s4"]
    two = edges[
        (edges.kind == "two-mode") & (edges.level == "actor") & (edges.topic_id == "*") & (edges.period == "2024-01-01")
    ]
    got = {
        (a, b): (w, act, prom, st)
        for a, b, w, act, prom, st in zip(
            two.source, two.target, two.weight, two.weight_activity, two.weight_prominence, two.stance
        )
    }
    assert got == {
        ("anna-ash", "topic:t1"): (2, approx(2 / 3), approx(2 / 5), "favor"),
        ("anna-ash", "topic:t2"): (1, approx(1 / 3), 0.5, "against"),
        ("ben-birch", "topic:t1"): (1, 1.0, approx(1 / 5), "favor"),
        ("yl", "topic:t1"): (1, 0.5, approx(1 / 5), "against"),
        ("yl", "topic:t2"): (1, 0.5, 0.5, "against"),
        ("dora-dean", "topic:t1"): (1, 1.0, approx(1 / 5), "against"),
    }


def test_all_periods_and_the_confidence_filter(example):
    _, edges = networks(example)
    ab = _edge(edges, "congruence", "anna-ash", "ben-birch", "t1", "all")
    assert (ab.weight, ab.stance) == (3, "mixed")  # favor 2·1 in January + against 1·1 in February
    assert _edge(edges, "conflict", "anna-ash", "dora-dean", "t1", "all").weight == 2
    assert _pairs(edges, "congruence", "t2", "2024-02-01") == {("ben-birch", "dora-dean"): 1}
    _, strict = networks(example, min_confidence=0.5)  # Birch's favor on t2 (p = 0.4) is left out
    assert _pairs(strict, "congruence", "t2", "2024-02-01") == {} and (strict.min_confidence == 0.5).all()


def test_affiliation_level_merges_members(example):
    nodes, edges = networks(example)
    # January, t1: Xland (Ash's 2 favor) agrees with Birch (1 favor); Yland and Dean against
    assert _pairs(edges, "congruence", "t1", "2024-01-01", "affiliation") == {
        ("ben-birch", "xl"): 2,
        ("dora-dean", "yl"): 1,
    }
    xl = nodes[
        (nodes.level == "affiliation") & (nodes.node_id == "xl") & (nodes.topic_id == "t1") & (nodes.period == "all")
    ].iloc[0]
    assert (xl["name"], xl.n_favor, xl.n_against, list(xl.members)) == ("Xland", 2, 1, ["Anna Ash"])


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
def test_export_reads_back_in_networkx_and_igraph(example, tmp_path, fmt):
    import igraph as ig
    import networkx as nx

    from stancewatch.aggregate.network_export import nodes_csv, select, to_graph, write

    nodes, edges = networks(example)
    for kind, weight in (("congruence", "jaccard"), ("conflict", "count"), ("two-mode", "prominence")):
        graph = to_graph(*select(nodes, edges, kind, "actor", "*", "all"), weight)
        path = tmp_path / f"{kind}.{fmt}"
        write(graph, fmt, path)
        want_nodes = set(graph.nodes)
        want = {frozenset((a, b)): approx(d["weight"]) for a, b, d in graph.edges(data=True)}
        if fmt == "csv":
            e, n = pd.read_csv(path), pd.read_csv(nodes_csv(path))
            back = nx.from_pandas_edgelist(e, "Source", "Target", edge_attr="Weight")
            back.add_nodes_from(n["Id"])
            got = {frozenset((a, b)): d["Weight"] for a, b, d in back.edges(data=True)}
            g2 = ig.Graph.DataFrame(
                e[["Source", "Target", "Weight"]], directed=False, vertices=n[["Id", "Label"]], use_vids=False
            )
            names = g2.vs["name"]
        else:
            back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
            got = {frozenset((a, b)): d["weight"] for a, b, d in back.edges(data=True)}
            assert nx.get_node_attributes(back, "name") == nx.get_node_attributes(graph, "name")
            if fmt == "graphml":
                g2 = ig.Graph.Read_GraphML(str(path))
                names = g2.vs["id"]
            else:
                g2 = None  # igraph has no GEXF reader (it writes GraphML and reads it, see the graphml case)
        assert set(back.nodes) == want_nodes and got == want, (kind, fmt)
        if g2 is not None:
            weight_attr = "Weight" if fmt == "csv" else "weight"
            got_ig = {frozenset((names[e.source], names[e.target])): e[weight_attr] for e in g2.es}
            assert set(names) == want_nodes and got_ig == want, (kind, fmt)


def test_sample_congruence_network_links_the_governments_ruling_out_troops(e2e_out):
    from stancewatch.store.datasets import read_dataset

    nodes, edges = read_dataset(e2e_out, "network_nodes"), read_dataset(e2e_out, "network_edges")
    scope = lambda t: t[(t.level == "actor") & (t.topic_id == "troops-ukraine") & (t.period == "all")]  # noqa: E731
    n = scope(nodes).set_index("node_id")
    gold_against = {
        "olaf-scholz",
        "pol",
        "deu",
        "swe",
        "esp",
        "ita",
        "cze",
        "donald-tusk",
        "petr-fiala",
        "jens-stoltenberg",
        "giorgia-meloni",
        "annalena-baerbock",
        "usa",
        "joe-biden",
        "ulf-kristersson",
        "rishi-sunak",
    }
    gold_favor = {"emmanuel-macron", "radoslaw-sikorski", "kaja-kallas", "stephane-sejourne", "volodymyr-zelensky"}

    def only(ids, side, other):
        return {i for i in ids if i in n.index and n.loc[i, f"n_{side}"] > 0 and n.loc[i, f"n_{other}"] == 0}

    against, favor = only(gold_against, "against", "favor"), only(gold_favor, "favor", "against")
    print("ruling out:", sorted(against), "in favour:", sorted(favor))
    assert len(against) >= 8 and favor
    congruence = {
        frozenset(p) for p in zip(*[scope(edges)[lambda t: t.kind == "congruence"][c] for c in ("source", "target")])
    }
    conflict = {
        frozenset(p) for p in zip(*[scope(edges)[lambda t: t.kind == "conflict"][c] for c in ("source", "target")])
    }
    assert all(frozenset((a, b)) in congruence for a in against for b in against if a < b)  # linked together
    assert not any(frozenset((a, b)) in congruence for a in against for b in favor)  # and not with those in favour
    assert all(frozenset((a, b)) in conflict for a in against for b in favor)
    assert (scope(edges).statement_ids.map(len) > 0).all()


def test_sample_rollup_gives_every_country_of_a_speaking_leader_a_row(e2e_out):
    from stancewatch.store.datasets import read_dataset

    leaders = {
        "emmanuel-macron": "fra",
        "olaf-scholz": "deu",
        "donald-tusk": "pol",
        "petr-fiala": "cze",
        "joe-biden": "usa",
        "rishi-sunak": "gbr",
        "ulf-kristersson": "swe",
        "giorgia-meloni": "ita",
        "viktor-orban": "hun",
        "robert-fico": "svk",
        "pedro-sanchez": "esp",
        "mark-rutte": "nld",
        "kaja-kallas": "est",
        "volodymyr-zelensky": "ukr",
        "vladimir-putin": "rus",
        "annalena-baerbock": "deu",
        "radoslaw-sikorski": "pol",
        "stephane-sejourne": "fra",
        "bruno-le-maire": "fra",
    }
    stance = read_dataset(e2e_out, "actor_stance")
    rolled = read_dataset(e2e_out, "affiliation_summary")
    said = stance[stance.actor_id.isin(leaders)][["actor_id", "topic_id"]].drop_duplicates()
    assert len(said) >= 15
    for actor_id, topic_id in zip(said.actor_id, said.topic_id):
        rows = rolled[(rolled.affiliation_id == leaders[actor_id]) & (rolled.topic_id == topic_id)]
        assert any(actor_id in list(m) for m in rows.member_ids), (actor_id, topic_id)
        assert set(rows.position_source) <= {"rolled_up", "own+rolled_up", "own"} and rows.members.map(len).sum() > 0


def test_network_command_writes_graphml_and_refuses_unknown_topics(e2e_out, tmp_path):
    import networkx as nx
    from typer.testing import CliRunner

    from stancewatch.cli import app

    out = tmp_path / "troops.graphml"
    result = CliRunner().invoke(
        app,
        [
            "network",
            str(e2e_out),
            "--topic",
            "troops-ukraine",
            "--level",
            "affiliation",
            "--format",
            "graphml",
            "--output",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    g = nx.read_graphml(out)
    assert g.number_of_edges() > 0 and {"name", "type", "net_stance", "n_statements", "affiliation"} <= set(
        next(iter(g.nodes.values()))
    )
    assert {"weight", "topic", "period"} <= set(next(iter(g.edges.values())))
    bad = CliRunner().invoke(app, ["network", str(e2e_out), "--topic", "nope", "--output", str(tmp_path / "x.gexf")])
    assert bad.exit_code == 2 and "troops-ukraine" in bad.output and "Traceback" not in bad.output


def test_rollup_and_network_settings_do_not_change_the_config_hash():
    from stancewatch.config import Settings, config_hash, load_topics

    default = Settings()
    changed = Settings(rollup={"speaking_roles": ["mayor"]}, network={"min_confidence": 0.6})
    assert config_hash(default, load_topics()) == config_hash(changed, load_topics())
