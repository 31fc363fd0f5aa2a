"""Scoring extraction against public gold data: ``newsdesk eval <suite>``.

Each suite runs the same extraction as ``newsdesk extract --json`` on every
gold document and scores that output, so the scores can be re-computed by
anyone from the saved output (``--save DIR``). Gold data is read in place from
``../shared/datasets`` and never copied into the project.
"""
