"""Stage 4, aggregate: stance and sentiment rows → summaries per actor × topic × period, roll-ups, networks.

``summaries`` (actor_summary, document_summary, actor_pairs; Wilson intervals), ``rollup`` (members to their
affiliations), ``network`` (discourse networks) and ``network_export`` (GraphML, GEXF, CSV). May import the stages
below it, ``store``, ``config``, ``errors``. The summary helpers analysts use are re-exported here.
"""

from stancewatch.aggregate.rollup import affiliation_rows
from stancewatch.aggregate.summaries import overall_stance, signed_interval, summarize, wilson

__all__ = ["affiliation_rows", "overall_stance", "signed_interval", "summarize", "wilson"]
