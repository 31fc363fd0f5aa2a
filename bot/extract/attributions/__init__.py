"""Attributions that are not speech (views, findings, impressions): evaluation only.

PolNeAR counts them as attribution; ``extract(..., attributions=True)`` runs them for
``newsdesk eval quotes``. The served path (indexer, ``newsdesk extract``) never does."""
