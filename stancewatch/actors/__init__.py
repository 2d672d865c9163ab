"""Stage 2, actors: documents → mentions and statements.

``nlp`` loads spaCy; ``mentions`` finds and merges actor mentions; ``coref`` resolves "he", "the chancellor";
``attribution`` finds who said what; ``registry`` maps names to canonical actors; ``lexicon`` and ``first_names``
hold the word lists; ``extract`` runs them on one document. May import: ``store``, ``config``, ``errors``.
"""
