"""The one place that owns every table's pyarrow schema, with a description of each column.

``docs/SCHEMAS.md`` is generated from this module (``python -m stancewatch.store.schemas``), and a test
fails when the two drift apart. Bump ``SCHEMA_VERSION`` whenever a column changes meaning or type.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "6"


def _f(name: str, typ: pa.DataType, doc: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, typ, nullable=nullable, metadata={"doc": doc})


_STR, _INT, _F = pa.string(), pa.int64(), pa.float64()
_TS = pa.timestamp("us", tz="UTC")

DOCUMENTS = pa.schema(
    [
        _f("doc_id", _STR, "Stable id: first 16 hex digits of SHA-256 of the normalised text.", False),
        _f(
            "source",
            _STR,
            "Where the document came from: file path, plus `#line=N` for a line of a JSONL file, `#row=N` for a row "
            "of a CSV or Parquet file (both 1-based) or `#record=<WARC-Record-ID>` for a web archive's record; the "
            "URL for a fetched page.",
            False,
        ),
        _f(
            "title",
            _STR,
            "Title from the input (column `title`, the page's metadata or <title>, the feed entry's title, or first "
            "line of a Markdown heading).",
        ),
        _f(
            "url",
            _STR,
            "URL from the input column `url`, the page's canonical URL, the archive record's target URI, or the URL "
            "fetched.",
        ),
        _f(
            "published",
            _TS,
            "Publication time (UTC): column `published`, the file name's ISO date, the feed entry's date, or the "
            "page's date (htmldate), in that order.",
        ),
        _f(
            "text",
            _STR,
            "Normalised text (Unicode NFC, unified line breaks, trimmed); all offsets point into it.",
            False,
        ),
        _f(
            "authors",
            _STR,
            "Author(s) of an article page from its metadata, as the page gives them (bylines, never actors); null "
            "for other inputs.",
        ),
        _f("site_name", _STR, "Site name of an article page from its metadata (og:site_name and the like)."),
        _f("n_chars", _INT, "Length of `text` in characters.", False),
        _f("ingested_at", _TS, "When this run read the document.", False),
        _f("run_id", _STR, "Id of the run that ingested it.", False),
        _f(
            "processing_key",
            _STR,
            "Hash of config, model revisions, embedder, spaCy and schema version it was processed with "
            "(stancewatch/processing_key.py); a later run with another key processes it again and replaces its rows.",
        ),
    ]
)

QUARANTINE = pa.schema(
    [
        _f(
            "source",
            _STR,
            "File path, plus `#line=N` (JSONL) or `#row=N` (CSV, Parquet) for a row of a table file, `#record=ID` "
            "or `#offset=N` in a web archive; or the URL.",
            False,
        ),
        _f(
            "reason",
            _STR,
            "Machine-readable reason code, e.g. `empty_text`, `unreadable`, `bad_json`, `duplicate`, "
            "`no_text_column`, `http_404`, `timeout`, `truncated_archive` (docs/BAD_INPUT.md).",
            False,
        ),
        _f("message", _STR, "Human-readable explanation naming what to fix.", False),
        _f("duplicate_of", _STR, "For `duplicate`: the doc_id of the document it repeats."),
        _f("run_id", _STR, "Id of the run that saw it.", False),
        _f("stage", _STR, "For `processing_error`: the stage in which the document raised (ingest, actors, classify)."),
        _f(
            "doc_id",
            _STR,
            "For `processing_error` in the actors or classify stage: the document's id (its rows are left out of "
            "every table; a rerun retries it).",
        ),
    ]
)

AFFILIATION_LIST = pa.list_(
    pa.struct(
        [
            pa.field("kind", _STR, nullable=False),
            pa.field("id", _STR, nullable=False),
            pa.field("name", _STR, nullable=False),
            pa.field("source", _STR, nullable=False),
        ]
    )
)

MENTIONS = pa.schema(
    [
        _f("doc_id", _STR, "Document the mention is in.", False),
        _f("mention_id", _STR, "`{doc_id}:{start}` — unique within the run.", False),
        _f("actor_id", _STR, "Canonical actor id: the registry id, or `slug(name)` for unregistered actors.", False),
        _f("actor_name", _STR, "Canonical display name of the actor.", False),
        _f("actor_type", _STR, "person / country / organization / group.", False),
        _f(
            "affiliation",
            _STR,
            "The affiliation the actor speaks for by default (the roll-up's `auto`): for a person their country where "
            "they hold a national office, else their party, organisation, government office, chamber or state (one of "
            "`affiliations`, by name); for a registered country or organisation the registry's affiliation.",
        ),
        _f(
            "affiliations",
            AFFILIATION_LIST,
            "Every affiliation the document (or the registry) gives the actor, the same on each of its mentions in the "
            "document: `kind` (party, chamber, government_office, organisation, country, state_region), `id` (the "
            'registry\'s id, else the slug of the name), `name` (normalised: "Democratic", "Democrats" and '
            '"(D-Md.)" are all "Democratic Party") and `source` (title, party_tag, apposition, registry, or '
            "office: implied by an office, as a department's country). Null in outputs written before schema 6; "
            "`stancewatch.aggregate.affiliation_rows(mentions)` gives one row per actor and affiliation.",
        ),
        _f("text", _STR, "The mention as written.", False),
        _f("start", _INT, "Start character offset in the document text.", False),
        _f("end", _INT, "End character offset (exclusive).", False),
        _f("sentence_start", _INT, "Start offset of the sentence that holds the mention.", False),
        _f("sentence_end", _INT, "End offset (exclusive) of that sentence.", False),
        _f(
            "source",
            _STR,
            "How it was found: `ner` (spaCy label in `ner_label`), `registry`, `surname`, `first_name`, `subject`, "
            "`title`, or `coref` (a pronoun or role noun resolved to the actor; only in sentences that do not name "
            "it; for sentiment, not for counting actors).",
            False,
        ),
        _f("ner_label", _STR, "spaCy entity label (PERSON, GPE, ORG, NORP) where NER found it."),
        _f(
            "is_actor",
            pa.bool_(),
            "False for bylines and quoted analysts: kept for the record, ignored by sentiment and stance.",
            False,
        ),
        _f("role", _STR, "actor / byline (reporters, contributors) / analyst (experts quoted for comment).", False),
    ]
)

STATEMENTS = pa.schema(
    [
        _f("doc_id", _STR, "Document of the statement.", False),
        _f("statement_id", _STR, "`{doc_id}:{start}:{actor_id}`.", False),
        _f("actor_id", _STR, "Who made the statement (canonical id).", False),
        _f("actor_name", _STR, "Canonical display name of the speaker.", False),
        _f("text", _STR, "The statement's text (quote, reported clause, or the sentence stating a position).", False),
        _f("start", _INT, "Start offset of `text` in the document.", False),
        _f("end", _INT, "End offset (exclusive).", False),
        _f(
            "kind",
            _STR,
            "direct_quote / reported_speech / position / spoken_for (a country's position in the reported clause "
            'of its own minister: "Duggan said Ireland would …").',
            False,
        ),
        _f("cue", _STR, "The cue word that attributes it (said, warned, ruled out, according to, …).", False),
        _f("context_start", _INT, "Start offset of the sentence(s) holding the statement and its cue.", False),
        _f("context_end", _INT, "End offset (exclusive) of that context.", False),
        _f(
            "speaker_start",
            _INT,
            "Start offset of the words naming the speaker in the statement's sentence (its name, or a pronoun or "
            "role noun standing for a name given earlier), else of its mention.",
            False,
        ),
        _f("speaker_end", _INT, "End offset (exclusive) of those words.", False),
    ]
)

ACTOR_SENTIMENT = pa.schema(
    [
        _f("doc_id", _STR, "Document.", False),
        _f("actor_id", _STR, "Actor the sentiment is toward.", False),
        _f("actor_name", _STR, "Display name of the actor.", False),
        _f("mention_start", _INT, "Start offset of the mention classified.", False),
        _f("mention_end", _INT, "End offset (exclusive) of the mention.", False),
        _f("sentence_start", _INT, "Start offset of the sentence used as context (the evidence).", False),
        _f("sentence_end", _INT, "End offset (exclusive) of the sentence.", False),
        _f("label", _STR, "negative / neutral / positive: how the sentence portrays the actor.", False),
        _f("p_negative", _F, "Calibrated probability of negative.", False),
        _f("p_neutral", _F, "Calibrated probability of neutral.", False),
        _f("p_positive", _F, "Calibrated probability of positive.", False),
        _f("model_id", _STR, "Model that produced the row (path or hub id).", False),
        _f("model_revision", _STR, "Content hash or hub revision of that model.", False),
    ]
)

ACTOR_STANCE = pa.schema(
    [
        _f("doc_id", _STR, "Document.", False),
        _f("actor_id", _STR, "Actor whose stance it is.", False),
        _f("actor_name", _STR, "Display name of the actor.", False),
        _f("topic_id", _STR, "Topic id from the topics config.", False),
        _f("statement_id", _STR, "The statement the stance was read from.", False),
        _f("label", _STR, "favor / against / neutral toward the topic.", False),
        _f("p_favor", _F, "Calibrated probability of favor.", False),
        _f("p_against", _F, "Calibrated probability of against.", False),
        _f("p_neutral", _F, "Calibrated probability of neutral.", False),
        _f(
            "relevance",
            _F,
            "w·z(statement sentence, topic) + (1−w)·z(document, topic), z = (cosine − mean) / sd of the topic's "
            "cosine to background statements on other issues (the body's sentence embeddings); the row exists "
            "because it reached `relevance_threshold`.",
            False,
        ),
        _f("evidence_text", _STR, "The text the label was read from (statement with its sentence).", False),
        _f("evidence_start", _INT, "Start offset of the evidence in the document.", False),
        _f("evidence_end", _INT, "End offset (exclusive).", False),
        _f("model_id", _STR, "Model that produced the row.", False),
        _f("model_revision", _STR, "Content hash or hub revision of that model.", False),
    ]
)

ACTOR_SUMMARY = pa.schema(
    [
        _f("actor_id", _STR, "Actor.", False),
        _f("actor_name", _STR, "Display name.", False),
        _f(
            "topic_id",
            _STR,
            "Topic id; `*` for the actor's row over all topics (every actor with a mention has one).",
            False,
        ),
        _f("period", _STR, "Period start (ISO date) at the configured granularity; `all` when not split.", False),
        _f(
            "n_documents",
            _INT,
            "Documents in which the actor has stance rows on the topic (or mentions, for `*`).",
            False,
        ),
        _f("n_statements", _INT, "Stance rows (statements × topic).", False),
        _f("n_favor", _INT, "Stance rows labelled favor.", False),
        _f("n_against", _INT, "Stance rows labelled against.", False),
        _f("n_neutral", _INT, "Stance rows labelled neutral.", False),
        _f("share_favor", _F, "n_favor / n_statements (null when no statements)."),
        _f("share_against", _F, "n_against / n_statements."),
        _f("share_neutral", _F, "n_neutral / n_statements."),
        _f("mean_p_favor", _F, "Mean calibrated probability of favor over the rows."),
        _f("mean_p_against", _F, "Mean calibrated probability of against over the rows."),
        _f("net_stance", _F, "share_favor − share_against, in [−1, 1]."),
        _f(
            "net_stance_low",
            _F,
            "Lower end of the 95 % Wilson interval of net_stance (see stancewatch/aggregate/summaries.py).",
        ),
        _f("net_stance_high", _F, "Upper end of that interval."),
        _f(
            "stance",
            _STR,
            "Overall label from the mean of p_favor - p_against over the rows: favor above 0.05, against below "
            "-0.05, else `mixed` when rows took both sides, `neutral` when not "
            "(stancewatch.aggregate.summaries.overall_stance).",
        ),
        _f("n_mentions", _INT, "Mentions of the actor in the period's documents (sentiment rows).", False),
        _f("mean_sentiment", _F, "Mean of p_positive − p_negative over the actor's mentions, in [−1, 1]."),
        _f("sentiment_low", _F, "Lower end of the 95 % Wilson interval of mean_sentiment."),
        _f("sentiment_high", _F, "Upper end of that interval."),
        _f(
            "n_portrayed",
            _INT,
            "Documents with a portrayal of the actor in the period (`portrayal` rows); null on pre-v4 rows.",
        ),
        _f("n_portrayed_positive", _INT, "Of those, documents that portray the actor positively."),
        _f("n_portrayed_neutral", _INT, "… neutrally."),
        _f("n_portrayed_negative", _INT, "… negatively."),
        _f(
            "mean_portrayal",
            _F,
            "Mean of the documents' portrayal scores (`portrayal.score`), in [−1, 1]: how the period's articles "
            "portray the actor, each article counting once.",
        ),
        _f("portrayal_low", _F, "Lower end of the 95 % Wilson interval of mean_portrayal (over documents)."),
        _f("portrayal_high", _F, "Upper end of that interval."),
        _f(
            "portrayal",
            _STR,
            "negative / neutral / positive: mean_portrayal read with the article rule's neutral band "
            "(stancewatch/classify/portrayal.py).",
        ),
        _f("first_seen", _TS, "Earliest document date (publication, else ingest) of the rows summarised."),
        _f("last_seen", _TS, "Latest document date of the rows summarised."),
        _f("top_evidence", _STR, "Evidence text of the most confident stance row."),
        _f(
            "top_evidence_ids",
            pa.list_(_STR),
            "statement_id of the (up to 3) most confident stance rows, most confident first.",
            False,
        ),
    ]
)

DOCUMENT_SUMMARY = pa.schema(
    [
        _f("doc_id", _STR, "Document.", False),
        _f("title", _STR, "Title, where the input had one."),
        _f("date", _TS, "Publication time, else ingest time.", False),
        _f("n_mentions", _INT, "Actor mentions (bylines and analysts excluded).", False),
        _f("n_actors", _INT, "Distinct actors.", False),
        _f("n_statements", _INT, "Attributed statements.", False),
        _f("n_stance", _INT, "Stance rows (statement × relevant topic).", False),
        _f("n_favor", _INT, "Stance rows labelled favor.", False),
        _f("n_against", _INT, "Stance rows labelled against.", False),
        _f("n_neutral", _INT, "Stance rows labelled neutral.", False),
        _f("mean_sentiment", _F, "Mean p_positive − p_negative over the document's actor mentions."),
        _f("top_actors", pa.list_(_STR), "Display names of the most mentioned actors (up to 5).", False),
    ]
)

PORTRAYAL = pa.schema(
    [
        _f("doc_id", _STR, "Document.", False),
        _f("actor_id", _STR, "Actor portrayed.", False),
        _f("actor_name", _STR, "Display name of the actor.", False),
        _f("date", _TS, "Publication time of the document, else ingest time.", False),
        _f(
            "n_mentions",
            _INT,
            "Sentiment rows of the actor in the document (its mentions, pronoun and role-noun mentions included).",
            False,
        ),
        _f(
            "mean_sentiment",
            _F,
            "Mean of p_positive − p_negative over those mentions, in [−1, 1] (raw, not centred).",
            False,
        ),
        _f(
            "score",
            _F,
            "mean_sentiment minus the rule's centre (stancewatch/classify/portrayal.py; chosen on PerSenT dev so that "
            "a neutral article scores about 0), in [−1, 1].",
            False,
        ),
        _f(
            "label",
            _STR,
            "negative / neutral / positive: how the article as a whole portrays the actor (score outside the rule's "
            "neutral band).",
            False,
        ),
    ]
)

ACTOR_PAIRS = pa.schema(
    [
        _f("actor_a", _STR, "First actor id (actor_a < actor_b).", False),
        _f("actor_b", _STR, "Second actor id.", False),
        _f("actor_a_name", _STR, "Display name of actor_a.", False),
        _f("actor_b_name", _STR, "Display name of actor_b.", False),
        _f("topic_id", _STR, "`*` for co-mentions; a topic id for the two actors' sides on that topic.", False),
        _f("n_co_documents", _INT, "Documents in which both appear as actors.", False),
        _f("stance_a", _STR, "actor_a's overall side on the topic (favor / against), over all periods."),
        _f("stance_b", _STR, "actor_b's overall side on the topic."),
        _f("relation", _STR, "together (same side) / opposed (opposite sides); null on `*` rows."),
    ]
)

AFFILIATION_SUMMARY = pa.schema(
    [
        _f(
            "affiliation_id",
            _STR,
            "Country, party or organisation: its actor id (registry id, else a slug of its name).",
            False,
        ),
        _f("affiliation_name", _STR, "Display name.", False),
        _f("affiliation_type", _STR, "country / organization / group, where known."),
        _f("topic_id", _STR, "Topic id.", False),
        _f(
            "period",
            _STR,
            "Period start (ISO date) at the configured granularity, as in actor_summary; `all` when not split.",
            False,
        ),
        _f(
            "position_source",
            _STR,
            '`own` (statements made in the affiliation\'s name: "Poland said …"), `rolled_up` (only statements of '
            "members who speak for it: heads of government, ministers, spokespeople, … see "
            "`rollup.speaking_roles`), or `own+rolled_up`.",
            False,
        ),
        _f("n_documents", _INT, "Documents holding the statements.", False),
        _f("n_statements", _INT, "Stance rows counted (own plus members').", False),
        _f("n_own_statements", _INT, "Stance rows of the affiliation itself.", False),
        _f("n_member_statements", _INT, "Stance rows of members speaking for it.", False),
        _f("n_favor", _INT, "Stance rows labelled favor.", False),
        _f("n_against", _INT, "Stance rows labelled against.", False),
        _f("n_neutral", _INT, "Stance rows labelled neutral.", False),
        _f("net_stance", _F, "(n_favor − n_against) / n_statements, in [−1, 1]."),
        _f("net_stance_low", _F, "Lower end of the 95 % Wilson interval of net_stance."),
        _f("net_stance_high", _F, "Upper end of that interval."),
        _f(
            "stance",
            _STR,
            "Overall label over own and members' rows, by counts: the side with more rows, `mixed` on a tie "
            "(stancewatch.aggregate.summaries.overall_stance without probabilities).",
        ),
        _f("stance_own", _STR, "Overall label of the own rows alone (null without any)."),
        _f("stance_members", _STR, "Overall label of the members' rows alone (null without any)."),
        _f(
            "member_ids",
            pa.list_(_STR),
            "Actor ids of the members whose statements were rolled up, most statements first.",
            False,
        ),
        _f("members", pa.list_(_STR), "Their display names, in the same order.", False),
        _f(
            "member_roles",
            pa.list_(_STR),
            "The speaking role read from each member's title (e.g. `prime minister`), same order.",
            False,
        ),
        _f("member_statements", pa.list_(_INT), "Stance rows of each member, same order.", False),
        _f("top_evidence", _STR, "Evidence text of the most confident stance row."),
        _f("top_evidence_ids", pa.list_(_STR), "statement_id of the (up to 3) most confident stance rows.", False),
    ]
)

NETWORK_NODES = pa.schema(
    [
        _f(
            "level",
            _STR,
            "`actor` (each speaker a node) or `affiliation` (members who speak for an affiliation merged into it).",
            False,
        ),
        _f(
            "topic_id",
            _STR,
            "Topic of the network; `*` for the network over all topics (topics as DNA's concepts).",
            False,
        ),
        _f("period", _STR, "Period start as in actor_summary, or `all` for every period together.", False),
        _f(
            "node_id",
            _STR,
            "Actor (or affiliation) id; `topic:<id>` for the topic nodes of the two-mode network.",
            False,
        ),
        _f("name", _STR, "Display name.", False),
        _f("node_type", _STR, "person / country / organization / group, or `topic`."),
        _f("affiliation", _STR, "Affiliation of an actor node (name), where known."),
        _f(
            "n_statements",
            _INT,
            "Stance rows of the node in the network's scope (after the confidence filter; neutral included).",
            False,
        ),
        _f("n_favor", _INT, "Of those, labelled favor.", False),
        _f("n_against", _INT, "Labelled against.", False),
        _f("n_neutral", _INT, "Labelled neutral (no side: they make no edge).", False),
        _f("net_stance", _F, "(n_favor − n_against) / n_statements."),
        _f(
            "stance",
            _STR,
            "Overall label by counts: the side with more rows, `mixed` on a tie (overall_stance without "
            "probabilities).",
        ),
        _f(
            "members",
            pa.list_(_STR),
            "Affiliation level: names of the members whose statements were merged into the node.",
            False,
        ),
    ]
)

NETWORK_EDGES = pa.schema(
    [
        _f(
            "kind",
            _STR,
            "`congruence` (both on the same side of a topic), `conflict` (opposite sides) or `two-mode` (actor → "
            "topic).",
            False,
        ),
        _f("level", _STR, "`actor` or `affiliation` (see network_nodes.level).", False),
        _f("topic_id", _STR, "Topic of the network; `*` for all topics together.", False),
        _f("period", _STR, "Period start as in actor_summary, or `all`.", False),
        _f("source", _STR, "Node id (one-mode: the smaller of the two; two-mode: the actor).", False),
        _f("target", _STR, "Node id (two-mode: `topic:<id>`).", False),
        _f("source_name", _STR, "Display name of source.", False),
        _f("target_name", _STR, "Display name of target.", False),
        _f(
            "weight",
            _F,
            "DNA's unnormalised weight: one-mode Σ over topics and sides of the product of the two nodes' statement "
            "counts on the same (congruence) or opposite (conflict) side; two-mode the node's sided statements on "
            "the topic.",
            False,
        ),
        _f(
            "weight_average",
            _F,
            "One-mode: weight / ((n_i + n_j) / 2), n = a node's sided statements in the scope (DNA's average "
            "activity).",
        ),
        _f(
            "weight_jaccard",
            _F,
            "One-mode: weight / (m10 + m01 + m11), DNA's Jaccard (see stancewatch/aggregate/network.py).",
        ),
        _f("weight_cosine", _F, "One-mode: weight / (n_i · n_j), DNA's cosine normalisation."),
        _f("weight_activity", _F, "Two-mode: weight / the actor's sided statements in the scope (DNA's activity)."),
        _f("weight_prominence", _F, "Two-mode: weight / all sided statements on the topic (DNA's prominence)."),
        _f(
            "stance",
            _STR,
            "Two-mode: the actor's side on the topic; congruence: the side shared (favor / against / mixed when "
            "both); null for conflict.",
        ),
        _f(
            "statement_ids",
            pa.list_(_STR),
            "Evidence: the statement_id of every stance row that makes the edge.",
            False,
        ),
        _f(
            "min_confidence",
            _F,
            "The confidence filter in force: stance rows whose label's probability was lower were left out.",
            False,
        ),
    ]
)

RUNS = pa.schema(
    [
        _f("run_id", _STR, "Run id (UTC timestamp + random suffix).", False),
        _f("started_at", _TS, "Start time.", False),
        _f("finished_at", _TS, "End time.", False),
        _f("stage", _STR, "Stage(s) run: ingest / actors / classify / aggregate / all.", False),
        _f("inputs", _STR, "JSON list of input paths.", False),
        _f("n_inputs", _INT, "Input items read (files plus table rows).", False),
        _f("n_documents", _INT, "New documents written.", False),
        _f(
            "n_skipped",
            _INT,
            "Inputs already in the output from an earlier run (same source, same text, same processing key): not "
            "processed again.",
            False,
        ),
        _f(
            "n_reprocessed",
            _INT,
            "Of n_documents: documents already in the output but processed with another processing key; their old "
            "rows were replaced.",
        ),
        _f("n_duplicates", _INT, "Inputs that repeated a document already read under another name.", False),
        _f("n_quarantined", _INT, "Inputs quarantined for another reason.", False),
        _f("n_mentions", _INT, "Mention rows.", False),
        _f("n_statements", _INT, "Statement rows.", False),
        _f("n_stance", _INT, "Stance rows.", False),
        _f("n_sentiment", _INT, "Sentiment rows.", False),
        _f("stage_seconds", _STR, "JSON object: stage → wall time in seconds.", False),
        _f("config_hash", _STR, "Hash of the effective settings, topics and actor registry.", False),
        _f("processing_key", _STR, "Processing key of this run (see documents.processing_key)."),
        _f("models", _STR, "JSON object: model role → id@revision.", False),
        _f("schema_version", _STR, "SCHEMA_VERSION of the tables written.", False),
        _f("stancewatch_version", _STR, "Package version.", False),
    ]
)

TABLES: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "quarantine": QUARANTINE,
    "mentions": MENTIONS,
    "statements": STATEMENTS,
    "actor_sentiment": ACTOR_SENTIMENT,
    "actor_stance": ACTOR_STANCE,
    "actor_summary": ACTOR_SUMMARY,
    "document_summary": DOCUMENT_SUMMARY,
    "portrayal": PORTRAYAL,
    "actor_pairs": ACTOR_PAIRS,
    "affiliation_summary": AFFILIATION_SUMMARY,
    "network_nodes": NETWORK_NODES,
    "network_edges": NETWORK_EDGES,
    "runs": RUNS,
}


def markdown() -> str:
    """Column-by-column documentation of every table."""
    lines = [
        "# Output tables",
        "",
        f"Schema version {SCHEMA_VERSION}. Generated from `stancewatch/store/schemas.py` by `python -m "
        "stancewatch.store.schemas > docs/SCHEMAS.md`; do not edit by hand.",
        "Each table is a Parquet dataset, the folder `OUT/<table>/` (see stancewatch/store/datasets.py for the layout);"
        " "
        "the per-document tables are Hive-partitioned by `date=YYYY-MM-DD` (one file per run and date), which outside "
        "readers of a folder (pandas, DuckDB, pyarrow.dataset with Hive partitioning) add as a `date` column; a "
        "run's files count once `OUT/_commits/<run_id>.json` exists, and `stancewatch.store.read_dataset` reads "
        "only those, with the columns below. Offsets are character offsets into `documents.text`, end exclusive.",
        "",
    ]
    for name, schema in TABLES.items():
        lines += [f"## {name}", "", "| column | type | nullable | meaning |", "|---|---|---|---|"]
        for field in schema:
            lines.append(
                f"| `{field.name}` | {field.type} | {'yes' if field.nullable else 'no'} | "
                f"{field.metadata[b'doc'].decode()} |"
            )
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(), end="")
