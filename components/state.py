"""The one owner of st.session_state and st.query_params; keys are namespaced per page ('map.month')."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import streamlit as st

from components.menu import leave_legacy_pages_mode
from core.codes.dates import format_month_key
from core.model.views import CompareView, ExportView, MapView, Notice, PresentView, read_language
from core.text.i18n import DEFAULT_LANGUAGE, LANGUAGES, markdown_escape, pick

LANG_KEY = "_language"  # the home; the sidebar radio is the widget "lang"


def key(page: str, name: str) -> str:
    return f"{page}.{name}"


def get(page: str, name: str, default=None):
    return st.session_state.get(key(page, name), default)


def put(page: str, name: str, value) -> None:
    st.session_state[key(page, name)] = value


def keep_choice(page: str, name: str, options: list, default) -> None:
    """Before a selectbox whose option names depend on the language: write its value back every run.

    Streamlit keeps a selectbox's value as the shown name; after a language switch the browser kept the old name
    ("Offline borders" in the Dutch sidebar) until the value is set again from the server."""
    current = get(page, name)
    put(page, name, current if current in options else default)


def url_params() -> dict[str, str]:
    return {name: st.query_params.get(name) for name in st.query_params}


# ---------------------------------------------------------------------------
# Views: one typed view per page (core/model/views.py), kept under '<page>._view'; widgets derive from it.
# ---------------------------------------------------------------------------

VIEWS = {"map": MapView, "compare": CompareView, "present": PresentView, "export": ExportView}
# Widget keys seeded from the view before the widgets are drawn (their callbacks write the view back).
_WIDGETS = {
    "map": lambda v: {"month_key": format_month_key(v.month), "view": v.region, "place_select": v.place},
    "compare": lambda v: {"a_key": format_month_key(v.a), "b_key": format_month_key(v.b)},
}


def view(page: str):
    """The page's current view (its defaults before the page was opened)."""
    return get(page, "_view") or VIEWS[page]()


def open_view(page: str, **context):
    """Once per session and page read the URL (keeping notices for what was ignored); every run put the
    view's canonical parameters in the address bar (invalid ones removed) and seed its widgets."""
    if get(page, "_view") is None:
        found, notices = VIEWS[page].from_params(url_params(), **context)
        if page == "export" and "date" in url_params():  # its month is the map's: ?date= on /export moves the map
            shared, more = MapView.from_params({"date": url_params()["date"]}, places={})
            notices += more
            put(MAP_PAGE, "_view", replace(view(MAP_PAGE), month=shared.month) if not more else view(MAP_PAGE))
        put(page, "_view", found)
        put(page, "_notices", st.session_state.pop(LANG_NOTICES_KEY, []) + notices)
    current = view(page)
    for name, value in _WIDGETS.get(page, lambda v: {})(current).items():
        put(page, name, value)
    sync_url(page)
    return current


def update_view(page: str, **changes) -> None:
    """A widget changed the view: keep it, clear the URL notices, update the address bar."""
    put(page, "_view", replace(view(page), **changes))
    if get(page, "_notices"):
        put(page, "_notices", [])
        put(page, "_notices_cleared", True)
    sync_url(page)


def rerun_if_notices_cleared(page: str) -> None:
    """Inside a fragment: notices drawn outside it go away only with a full run, so ask for one."""
    if get(page, "_notices_cleared"):
        put(page, "_notices_cleared", False)
        st.rerun()


def add_notice(page: str, en: str, nl: str) -> None:
    """A notice about the user's own choice (not the URL), shown until the view changes again."""
    put(page, "_notices", [*get(page, "_notices", []), Notice("", "", en, nl)])


def choose_month(page: str, month: date) -> None:
    """A month widget moved: the page's view follows (pages without a view keep ?date= only)."""
    if page in VIEWS:
        update_view(page, month=month)
    else:
        write_url({"date": format_month_key(month)})


def page_params(page: str) -> dict[str, str]:
    """The parameters that reproduce this page's view, plus the language."""
    params = view(page).to_params() if page in VIEWS else {}
    if page == "export":
        params = {"date": format_month_key(view(MAP_PAGE).month)} | params
    params = params | get(page, "_kept", {})
    return params | ({} if language() == DEFAULT_LANGUAGE else {"lang": language()})


def keep_param(page: str, name: str, value: str) -> None:
    """A parameter the page's view does not own but its address must keep (a lesson's ?teacher= link)."""
    put(page, "_kept", {**get(page, "_kept", {}), name: value})


def sync_url(page: str) -> None:
    """Make the address bar exactly the page's parameters (written only when they differ)."""
    wanted = page_params(page)
    if url_params() != wanted:
        st.query_params.from_dict(wanted)


def show_notices(page: str) -> None:
    """Short notices for URL parameters that were ignored, in the current language (escaped: a link or image
    someone put in the URL shows as text, never as Markdown). They go when the view changes."""
    for notice in get(page, "_notices", []):
        st.info(markdown_escape(notice.text(language())), icon="ℹ️")


def write_url(values: dict[str, str | None]) -> None:
    """Update the address bar so a link reproduces the view (None removes a parameter)."""
    for name, value in values.items():
        if value is None or value == "":
            st.query_params.pop(name, None)
        else:
            st.query_params[name] = str(value)


# ---------------------------------------------------------------------------
# Language: a plain session key (it outlives every page's widgets) and ?lang= on every page.
# ---------------------------------------------------------------------------

LANG_NOTICES_KEY = "_lang_notices"
LANG_WIDGET_KEY = "lang"


def language() -> str:
    """The UI language, seeded from ?lang= once, shared by all pages."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY], st.session_state[LANG_NOTICES_KEY] = read_language(url_params())
    return st.session_state[LANG_KEY]


def text(en: str, nl: str) -> str:
    """UI text in the current language."""
    return pick(language(), en, nl)


def _on_language() -> None:
    st.session_state[LANG_KEY] = st.session_state[LANG_WIDGET_KEY]


def language_switch() -> str:
    """Sidebar radio EN/NL showing the session's language; ?lang= follows it on every page (the first call of
    every page, so it first leaves Streamlit's legacy pages/ run: components/menu.py)."""
    leave_legacy_pages_mode()
    st.session_state[LANG_WIDGET_KEY] = language()
    st.sidebar.radio(
        "Language / Taal",
        LANGUAGES,
        key=LANG_WIDGET_KEY,
        format_func=lambda code: {"en": "English", "nl": "Nederlands"}[code],
        horizontal=True,
        on_change=_on_language,
    )
    write_url({"lang": None if language() == DEFAULT_LANGUAGE else language()})
    return language()


MAP_PAGE = "map"
MAP_PAGE_FILE = "pages/map.py"


def handoff_to_map(month: date, place: str | None = None, switch: bool = True) -> None:
    """Show `month` (a date) and optionally a place on the map; with `switch`, go there."""
    changes = {"month": month} | ({"place": place} if place is not None else {})
    put(MAP_PAGE, "_view", replace(view(MAP_PAGE), **changes))
    if switch:
        st.switch_page(MAP_PAGE_FILE, query_params=page_params(MAP_PAGE))


def open_map_alias() -> None:
    """/map?date=… opens the map (the default page lives at /) with the same parameters."""
    st.switch_page(MAP_PAGE_FILE, query_params=url_params())


def forget(page: str, name: str) -> None:
    """Drop a value (a widget then starts again from its default)."""
    st.session_state.pop(key(page, name), None)
