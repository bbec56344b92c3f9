"""Nominatim (OpenStreetMap) through geopy, only from scripts/geocode.py with --online (custom user agent,
at most one request a second, timeouts, failures as OnlineFailure values); GazetteerMatch is the one shape
of a found place, offline or online."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from geopy.exc import (
    GeocoderRateLimited,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
)


@dataclass(frozen=True)
class GazetteerMatch:
    lat: float
    lon: float
    matched_name: str
    geonameid: int | None
    source: str = "geonames"
    precision: str = "locality"
    query: str = ""


USER_AGENT = "territory-atlas/0.1 (+geocoding script)"


NOMINATIM_MIN_DELAY_SECONDS = 1.0  # Nominatim usage policy: at most 1 request per second


NOMINATIM_TIMEOUT_SECONDS = 10


LOCALITY_TYPES = frozenset({"city", "town", "village", "hamlet", "suburb", "municipality", "neighbourhood", "quarter", "locality"})


@dataclass(frozen=True)
class OnlineFailure:
    query: str
    country: str
    reason: str


class NominatimGeocoder:
    """Nominatim behind geopy's RateLimiter; call as geocoder(name, iso2). Inject a fake for tests."""

    def __init__(self, geocoder=None):
        if geocoder is None:
            from geopy.geocoders import Nominatim

            geocoder = Nominatim(user_agent=USER_AGENT, timeout=NOMINATIM_TIMEOUT_SECONDS)
        from geopy.extra.rate_limiter import RateLimiter

        self.geocoder = geocoder
        self.rate_limited = RateLimiter(
            geocoder.geocode,
            min_delay_seconds=NOMINATIM_MIN_DELAY_SECONDS,
            max_retries=2,
            error_wait_seconds=2.0,
            swallow_exceptions=False,
        )

    def __call__(self, name: str, country: str):
        return self.rate_limited(name, exactly_one=True, country_codes=country.lower())


def _failure_reason(error: Exception) -> str:
    if isinstance(error, GeocoderRateLimited):
        wait = f" (server asks to wait {error.retry_after} s)" if error.retry_after else ""
        return f"Nominatim rate limit hit{wait}; wait a while and rerun"
    if isinstance(error, GeocoderTimedOut):
        return "Nominatim timed out (after retries); rerun later"
    if isinstance(error, GeocoderUnavailable):
        return "Nominatim unreachable (no network?); rerun where it is reachable"
    return f"Nominatim error: {error}"


def geocode_online(geocoder_callable: Callable[[str, str], object], name: str, country: str) -> GazetteerMatch | OnlineFailure | None:
    """A match, None when Nominatim knows no such place, or an OnlineFailure (never raises geopy errors)."""
    try:
        location = geocoder_callable(name, country)
    except GeocoderServiceError as error:  # also timeouts, rate limits, unavailability
        return OnlineFailure(name, country, _failure_reason(error))
    if location is None:
        return None
    raw = getattr(location, "raw", None) or {}
    kind = raw.get("addresstype") or raw.get("type") or ""
    precision = "locality" if kind in LOCALITY_TYPES or not kind else kind
    return GazetteerMatch(
        location.latitude,
        location.longitude,
        location.address,
        None,
        source="nominatim",
        precision=precision,
        query=name,
    )
