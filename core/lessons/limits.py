"""Limits that keep one device or one address from guessing codes or flooding a tally: sliding windows in memory.

They are per process (a replica keeps its own count): the limits bound the work per request and make guessing
slow; they are not the lock on the door (a lesson code is long and random: core/lessons/codes.py).
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable


class SlidingWindow:
    """At most `limit` events per key in the last `window_s` seconds; remembers at most `max_keys` keys (the
    least recently seen are forgotten first), so memory stays bounded whatever the callers send."""

    def __init__(self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic, max_keys: int = 20_000):
        self.limit, self.window_s, self.clock, self.max_keys = limit, window_s, clock, max_keys
        self._events: OrderedDict[str, deque[float]] = OrderedDict()

    def _recent(self, key: str) -> deque[float]:
        events = self._events.get(key)
        if events is None:
            return deque()
        cutoff = self.clock() - self.window_s
        while events and events[0] <= cutoff:
            events.popleft()
        return events

    def blocked(self, key: str) -> bool:
        """True when `key` used its events in the window (nothing is recorded)."""
        return len(self._recent(key)) >= self.limit

    def record(self, key: str) -> None:
        events = self._recent(key)
        events.append(self.clock())
        self._events[key] = events
        self._events.move_to_end(key)
        while len(self._events) > self.max_keys:
            self._events.popitem(last=False)

    def allow(self, key: str) -> bool:
        """Record an event for `key` unless it is blocked; True when it was allowed."""
        if self.blocked(key):
            return False
        self.record(key)
        return True

    def wait_s(self, key: str) -> float:
        """Seconds until `key` may act again (0 when it may now)."""
        events = self._recent(key)
        if len(events) < self.limit:
            return 0.0
        return max(0.0, events[0] + self.window_s - self.clock())


class CodeGuard:
    """Wrong lesson codes per browser session and per client address: a few typos are fine, guessing is not."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, per_session: int = 5, per_address: int = 40, window_s: float = 60.0):
        self.sessions = SlidingWindow(per_session, window_s, clock)
        self.addresses = SlidingWindow(per_address, window_s, clock)

    def blocked(self, session: str, address: str) -> bool:
        return self.sessions.blocked(session) or self.addresses.blocked(address)

    def wrong(self, session: str, address: str) -> None:
        self.sessions.record(session)
        self.addresses.record(address)


class AnswerGuard:
    """Answers per device and per client address: a class answers once per question; a loop does not."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, per_device: int = 6, per_address: int = 600, window_s: float = 60.0):
        self.devices = SlidingWindow(per_device, window_s, clock)
        self.addresses = SlidingWindow(per_address, window_s, clock)

    def allow(self, device: str, address: str) -> bool:
        if self.devices.blocked(device) or self.addresses.blocked(address):
            return False
        self.devices.record(device)
        self.addresses.record(address)
        return True
