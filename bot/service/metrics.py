"""Prometheus metrics of one newsdesk process: commands by kind and platform, latency, articles, digests.

One registry per ``Newsdesk`` (not the library's global one), so several
desks in one process (tests) keep their own counts. ``GET /metrics``
(``bot/health_server.py``) serves ``render()``.
"""
from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

__all__ = ["Metrics", "CONTENT_TYPE"]

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class _IndexCollector:
    """Read at scrape time from the index, so every process reports what the shared index holds."""

    def __init__(self, newsdesk) -> None:
        self.newsdesk = newsdesk

    def collect(self):
        gauge = GaugeMetricFamily("newsdesk_articles_indexed", "Articles in the index.")
        try:
            rows = self.newsdesk.repo.query("SELECT count(*) AS n FROM articles")
            gauge.add_metric([], rows[0]["n"])
        except Exception:  # an unreadable index is /healthz's to report; the scrape still answers
            pass
        yield gauge


class Metrics:
    def __init__(self, newsdesk) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.commands = Counter(
            "newsdesk_commands", "Commands and questions answered, by command and platform.",
            ["kind", "platform"], registry=self.registry,
        )
        self.latency = Histogram(
            "newsdesk_command_seconds", "Time to answer a command or question, by platform.",
            ["platform"], buckets=LATENCY_BUCKETS, registry=self.registry,
        )
        self.digests = Counter(
            "newsdesk_digests", "Digest posts by outcome: sent, empty (nothing new), failed (will retry), abandoned.",
            ["outcome", "platform"], registry=self.registry,
        )
        self.registry.register(_IndexCollector(newsdesk))

    def answered(self, kind: str, platform: str, seconds: float) -> None:
        self.commands.labels(kind=kind, platform=platform).inc()
        self.latency.labels(platform=platform).observe(seconds)

    def digest(self, outcome: str, platform: str) -> None:
        self.digests.labels(outcome=outcome, platform=platform).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
