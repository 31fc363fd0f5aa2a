"""Dates in one text: found, resolved against the publication date, as TIMEX3 values."""
