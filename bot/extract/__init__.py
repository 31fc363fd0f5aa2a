"""Extractors: dates, people, quotes and events from the text of one article."""
