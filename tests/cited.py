"""A cited-date row (data/sources.csv columns) for unit tests: the fields a test varies, the rest filled in."""

from __future__ import annotations


def cited_row(source_id, place, day, kind, before, after, status="held", linked="", precision="day") -> dict:
    """One data/sources.csv row as a dict: `kind` is the event type, `before`/`after` the holders."""
    return {
        "source_id": source_id,
        "place_id": place,
        "event_type": kind,
        "date": day,
        "date_precision": precision,
        "actor_before": before,
        "actor_after": after,
        "status_after": status,
        "article_event_id": linked,
        "publisher": "Reuters",
        "title": "t",
        "url": "https://example.org/x",
        "published": "",
        "quote": "q",
        "summary_en": "s",
        "summary_nl": "s",
        "note": "",
    }
