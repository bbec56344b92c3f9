"""The lesson store and the in-process guards, one of each per server process; the browser's device id and
address as the limits see them. The store purges answers older than 30 days on start and then hourly."""

from __future__ import annotations

import secrets

import streamlit as st

from components import state
from components.lessons.store import _purge_old_answers as purge_old_answers
from components.lessons.store import _store as shared_store
from core.lessons.answers import valid_device
from core.lessons.limits import AnswerGuard, CodeGuard
from core.lessons.live import SharedReads
from core.lessons.store import LessonStore, database_url

DEVICE_PARAM = "device"


def store() -> LessonStore:
    """The process's store; the first call of the process (and the first after each hour) purges old answers."""
    url = database_url()
    lessons = shared_store(url)  # one per database and process, shared with the editor
    purge_old_answers(url)  # on the first use and then at most hourly (components/lessons/store.py)
    return lessons


def shared_run_state(code: str):
    """Where the class is, as the pupils' timed fragments ask for it: one query per class every quarter second
    per process, shared by its pupils (a page's own run reads the store itself)."""
    return _shared_reads(database_url()).get(code)


@st.cache_resource(show_spinner=False)
def _shared_reads(url: str) -> SharedReads:
    return SharedReads(lambda code: store().current(code))


@st.cache_resource(show_spinner=False)
def code_guard() -> CodeGuard:
    return CodeGuard()


@st.cache_resource(show_spinner=False)
def answer_guard() -> AnswerGuard:
    return AnswerGuard()


def client_address() -> str:
    """The address the request came from (behind a proxy: the proxy's; then the session limit still holds)."""
    return st.context.ip_address or "unknown"


def session_id() -> str:
    """A random id for this browser tab's session (kept in the session, never shown)."""
    if "_lesson_session" not in st.session_state:
        st.session_state["_lesson_session"] = secrets.token_hex(8)
    return st.session_state["_lesson_session"]


def device_id() -> str:
    """This browser's random device id, kept in the address bar (?device=) so a reload or a reconnect is the same
    device: one answer per question per device. No personal data: it is random and names nobody."""
    raw = state.url_params().get(DEVICE_PARAM) or ""
    if valid_device(raw):
        return raw
    device = secrets.token_urlsafe(12)
    state.write_url({DEVICE_PARAM: device})
    return device
