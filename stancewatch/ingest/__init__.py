"""Stage 1, ingest: inputs (files, tables, HTML pages, web archives, URL lists and feeds) → documents + quarantine.

``sources`` walks the inputs and accounts for every one; ``text`` normalises text and gives ids; ``html`` extracts an
article from a page (trafilatura); ``warc`` reads web archives (FastWARC); ``web`` fetches URLs and feeds.
May import: ``store``, ``config``, ``errors``.
"""
