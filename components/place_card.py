"""The provenance card: names, holder and the whole history of a place, each change with its evidence."""

from __future__ import annotations

import streamlit as st

from components.state import language, text
from core.atlas import Atlas
from core.i18n import markdown_escape
from core.provenance import holder_name, place_card

FLAG_ICONS = {"contradiction": "⚠️", "inferred": "🔎", "uncertain": "❓"}


def _quote(text_value: str) -> str:
    """Evidence as a Markdown quote, shown exactly as the article writes it."""
    return "> " + markdown_escape(text_value)


def show_place_card(atlas: Atlas, place_id: str, holder_code: str | None) -> None:
    lang = language()
    card = place_card(atlas, place_id, lang)
    with st.container(border=True, key=f"card-{place_id}"):
        st.subheader(card.title, anchor=False)
        if card.other_names:
            st.caption(text("Also written: ", "Ook geschreven: ") + " · ".join(card.other_names))
        st.write(f"**{text('Now held by', 'Nu in handen van')}:** {holder_name(holder_code, lang) if holder_code else '—'}")
        st.caption(f"{card.country} · {card.kind} · {card.coordinates}")
        st.caption(f"{text('On 1 January 2014', 'Op 1 januari 2014')}: {card.initial}")
        if card.history.empty:
            st.write(
                text(
                    "The article names this place but dates no event here.",
                    "Het artikel noemt deze plaats maar dateert hier geen gebeurtenis.",
                )
            )
        for row in card.history.itertuples(index=False):
            _show_event(row)


def _show_event(row) -> None:
    arrow = f" ({row._3} → {row.to})" if row.to and row._3 != row.to else ""
    st.markdown(f"**{row.date}** · {row.what}{arrow}")
    st.text(row.summary)
    st.markdown(_quote(row.evidence))
    st.caption(
        f"{text('Section', 'Sectie')}: {markdown_escape(row.section)} · [{text('open in the article', 'open in het artikel')}]({row.link})"
    )
    if row.note:
        st.warning(f"{FLAG_ICONS.get(row.flag, '')} {markdown_escape(row.note)}")
