"""Test doubles shared by unit and app tests (no network: geopy's answers are faked)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FakeLocation:
    """What a geopy geocoder returns for a found place."""

    latitude: float
    longitude: float
    address: str
    raw: dict
