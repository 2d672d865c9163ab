"""Stage 3, classify: mentions and statements → actor_sentiment and actor_stance rows, with their evidence.

``rows`` builds the classifier inputs (relevance, evidence spans, speakers) and the output rows; ``portrayal``
turns mention sentiment into how an article portrays an actor. The classifiers themselves live in
``stancewatch.models``. May import: ``models``, ``actors``, ``store``, ``config``, ``errors``.
"""
