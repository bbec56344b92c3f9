"""A Streamlit browser session without a browser: Streamlit's websocket protocol, enough to open a page with a
query string, keep its timed fragments running (as the browser does for st.fragment(run_every=…)), see every
text the server sends, and set widgets or press buttons by their label. Used by bench/load.py and the replica test.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

WIDGET_KINDS = ("button", "radio", "selectbox", "text_input", "text_area")


class StreamlitSession:
    """One tab. `texts` collects every message's bytes since the last `clear()`; `seen(text)` looks there."""

    def __init__(self, base_url: str, page: str, query: str, local_addr: str | None = None, headers: dict | None = None):
        self.ws_url = base_url.replace("http://", "ws://") + "/_stcore/stream"
        self.page, self.query, self.local_addr, self.headers = page, query, local_addr, headers or {}
        self.socket = None
        self.widgets: dict[str, tuple[str, object]] = {}  # label -> (kind, proto)
        self.widget_fragments: dict[str, str] = {}  # widget id -> the fragment it is drawn in ("" outside any)
        self.fragments: dict[str, float] = {}  # fragment id -> interval s
        self.page_hash = ""
        self.cached: dict[str, bytes] = {}  # hash -> message, as the browser's message cache
        self.upstream = ""  # the X-Atlas-Upstream header of the handshake (the replica test's nginx adds it)
        self._buffer = bytearray()
        self._waiters: list[tuple[Callable[[], bool], asyncio.Future]] = []
        self._tasks: list[asyncio.Task] = []
        self.finished_runs = 0
        self.busy_until = 0.0  # after a press, no timed fragment run until it finished (a run queued behind it drops the press)
        self.closed = asyncio.Event()
        self.on_message: Callable[[bytes], None] | None = None  # e.g. read a live count as it arrives

    # --- connection -------------------------------------------------------------------------------------------
    async def open(self, timeout: float = 60) -> None:
        options = {"subprotocols": ["streamlit"], "max_size": None, "open_timeout": timeout, "additional_headers": self.headers}
        if self.local_addr:
            options["local_addr"] = (self.local_addr, 0)
        self.socket = await websockets.connect(self.ws_url, **options)
        self.upstream = self.socket.response.headers.get("X-Atlas-Upstream", "")
        self.closed.clear()
        self._tasks = [asyncio.create_task(self._read()), asyncio.create_task(self._tick())]
        await self.rerun()

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self.socket is not None:
            await self.socket.close()

    async def reconnect(self, timeout: float = 60) -> None:
        """What the browser does when its socket drops: connect again (through the proxy) and run the page with
        the same address (a new server session)."""
        await self.close()
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.widgets, self.widget_fragments, self.fragments, self.page_hash, self.busy_until = {}, {}, {}, "", 0.0
                await self.open(timeout=10)
                return
            except (OSError, websockets.exceptions.WebSocketException, TimeoutError):
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.5)

    # --- messages ---------------------------------------------------------------------------------------------
    def _message(self, widgets: list[WidgetState] | None = None, fragment: str = "", auto: bool = True) -> bytes:
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query
        state.page_name = self.page
        state.page_script_hash = self.page_hash  # as the browser does once it knows it (a fragment's st.rerun() keeps it)
        if widgets:
            state.widget_states.widgets.extend(widgets)
        state.cached_message_hashes.extend(self.cached.keys())  # as a browser does: big messages it has are sent by hash
        if fragment:
            state.fragment_id = fragment
            state.is_auto_rerun = auto
        return message.SerializeToString()

    async def rerun(self, widgets: list[WidgetState] | None = None, fragment: str = "") -> None:
        """A run of the page, or (a widget inside a fragment, as the browser does) of that fragment only."""
        await self.socket.send(self._message(widgets, fragment, auto=False))

    async def _tick(self) -> None:
        """Timed fragments: rerun each at its interval, as the browser does."""
        due: dict[str, float] = {}
        while True:
            await asyncio.sleep(0.1)
            now = time.monotonic()
            for fragment, interval in list(self.fragments.items()):
                if now < self.busy_until:
                    break
                if now >= due.setdefault(fragment, now + interval):
                    due[fragment] = now + interval
                    await self.socket.send(self._message(fragment=fragment))

    async def _read(self) -> None:
        try:
            async for raw in self.socket:
                message = ForwardMsg()
                message.ParseFromString(raw)
                if message.WhichOneof("type") == "ref_hash" and message.ref_hash in self.cached:
                    raw = self.cached[message.ref_hash]  # a message we have: the server sent only its hash
                    message.ParseFromString(raw)
                elif message.metadata.cacheable and message.hash:
                    self.cached[message.hash] = raw
                self._buffer += raw
                self._note(message)
                if self.on_message is not None:
                    self.on_message(raw)
                for check, future in list(self._waiters):
                    if not future.done() and check():
                        future.set_result(True)
        except websockets.exceptions.ConnectionClosed:
            pass
        finally:
            self.closed.set()

    def _note(self, message: ForwardMsg) -> None:
        kind = message.WhichOneof("type")
        if kind == "navigation" and message.navigation.page_script_hash:
            self.page_hash = message.navigation.page_script_hash  # the page st.navigation ran
        elif kind == "auto_rerun":
            self.fragments[message.auto_rerun.fragment_id] = message.auto_rerun.interval
        elif kind == "script_finished":
            self.finished_runs += 1
            self.busy_until = 0.0
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            widget = element.WhichOneof("type")
            if widget in WIDGET_KINDS:
                proto = getattr(element, widget)
                self.widgets[proto.label] = (widget, proto)
                self.widget_fragments[proto.id] = message.delta.fragment_id

    # --- what the page shows ----------------------------------------------------------------------------------
    def seen(self, text: str) -> bool:
        return text.encode() in self._buffer

    def clear(self) -> None:
        self._buffer.clear()

    async def wait_for(self, check: Callable[[], bool], timeout: float) -> None:
        if check():
            return
        future = asyncio.get_running_loop().create_future()
        self._waiters.append((check, future))
        try:
            await asyncio.wait_for(future, timeout)
        finally:
            self._waiters.remove((check, future))

    async def wait_text(self, text: str, timeout: float = 30) -> None:
        await self.wait_for(lambda: self.seen(text), timeout)

    # --- widgets ----------------------------------------------------------------------------------------------
    def _id(self, label_start: str) -> tuple[str, object]:
        for label, (kind, proto) in self.widgets.items():
            if label.startswith(label_start):
                return kind, proto
        raise KeyError(f"no widget labelled {label_start!r} (have {sorted(self.widgets)})")

    def has_widget(self, label_start: str) -> bool:
        return any(label.startswith(label_start) for label in self.widgets)

    async def press(self, button: str, timeout: float = 60, **values: str) -> None:
        """Set widgets (label start -> shown option or text) and press a button in one rerun (once they are drawn)."""
        await self.wait_for(lambda: all(self.has_widget(label) for label in [button, *values]), timeout)
        states = []
        for label, value in values.items():
            _, proto = self._id(label)
            states.append(WidgetState(id=proto.id, string_value=value))
        _, proto = self._id(button)
        states.append(WidgetState(id=proto.id, trigger_value=True))
        self.busy_until = time.monotonic() + 10
        await self.rerun(states, self.widget_fragments.get(proto.id, ""))
