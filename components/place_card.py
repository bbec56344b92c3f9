"""The provenance card: names, holder and the whole history of a place, each change with its evidence."""

from __future__ import annotations

import streamlit as st

from components.state import language, text
from core.model.atlas import Atlas
from core.model.provenance import place_card, state_text
from core.text.i18n import markdown_escape

FLAG_ICONS = {"contradiction": "⚠️", "inferred": "🔎", "uncertain": "❓"}


def _quote(text_value: str) -> str:
    """Evidence as a Markdown quote, shown exactly as the article writes it."""
    return "> " + markdown_escape(text_value)


def show_place_card(atlas: Atlas, place_id: str, state: tuple[str, str] | None) -> None:
    """`state`: (holder, status) from core.model.control.place_state on the month's states, as the map draws it."""
    lang = language()
    card = place_card(atlas, place_id, lang)
    with st.container(border=True, key=f"card-{place_id}"):
        st.subheader(card.title, anchor=False)
        if card.other_names:
            st.caption(text("Also written: ", "Ook geschreven: ") + " · ".join(card.other_names))
        st.write(f"**{text('Now held by', 'Nu in handen van')}:** {markdown_escape(state_text(state, lang, atlas.sides))}")
        st.caption(f"{card.country} · {card.kind} · {text('coordinates', 'coördinaten')}: {card.coordinates}")
        st.caption(f"{text('On 1 January 2014', 'Op 1 januari 2014')}: {card.initial}")
        _show_not_in_article(atlas, place_id)
        if card.follows:
            st.info(
                text(
                    "A site inside {town}: it takes {town}'s holder.",
                    "Een plek in {town}: de partij die {town} houdt, houdt ook deze plek.",
                ).format(town=markdown_escape(card.follows))
            )
        if card.history.empty and card.cited.empty:
            st.write(
                text(
                    "The article names this place but dates no event here.",
                    "Het artikel noemt deze plaats maar dateert hier geen gebeurtenis.",
                )
            )
        _show_history(card)


def _show_not_in_article(atlas: Atlas, place_id: str) -> None:
    """A supporting place (data/supporting_places.csv, in_article False): say plainly where its dates come from."""
    row = atlas.places[atlas.places["place_id"] == place_id]
    if row.empty or bool(row["in_article"].iloc[0]):
        return
    st.info(
        text(
            "Not in the article: the article does not name this place. The map follows the cited sources listed below.",
            "Niet in het artikel: het artikel noemt deze plaats niet. De kaart volgt de bronnen die hieronder staan.",
        )
    )


def _show_history(card) -> None:
    """The article's events, each with the other sources on the same happening, then what only others say."""
    by_article = card.cited[card.cited["article_event_id"] != ""].groupby("article_event_id")
    linked = {event_id: group for event_id, group in by_article}
    for row in card.history.itertuples(index=False):
        _show_event(row)
        for cited in linked.get(row.event_id, card.cited.iloc[0:0]).itertuples(index=False):
            _show_cited(cited)
    silent = card.cited[card.cited["article_event_id"] == ""]
    if not silent.empty:
        st.markdown(f"**{text('Only in other sources', 'Alleen in andere bronnen')}**")
        for cited in silent.itertuples(index=False):
            _show_cited(cited, with_date=True)


def _arrow(before: str, after: str) -> str:
    return f" ({before} → {after})" if after and before != after else ""


def _show_event(row) -> None:
    st.markdown(f"**{row.date}** · {text('The article says', 'Het artikel zegt')}: {row.what}{_arrow(row._3, row.to)}")
    st.text(row.summary)
    st.markdown(_quote(row.evidence))
    st.caption(
        f"{text('Section', 'Sectie')}: {markdown_escape(row.section)} · [{text('open in the article', 'open in het artikel')}]({row.link})"
    )
    if row.plain_note:  # plain words, never the curators' note (row ids, article lines, column names)
        st.warning(f"{FLAG_ICONS.get(row.flag, '')} {markdown_escape(row.plain_note)}")


def _show_cited(row, with_date: bool = False) -> None:
    """'Other sources: Reuters (22 October 2015): retaken … — gives another date (340 days later) · the map follows this.'"""
    follows = text("the map follows this source", "de kaart volgt deze bron") if row.map_follows else ""
    head = f"**{row.date}** · " if with_date else f"{text('Other sources', 'Andere bronnen')}: "
    published = f", {markdown_escape(row.published)}" if row.published else ""
    st.markdown(
        f"{head}{row.what}{_arrow(row._4, row.to)} — [{markdown_escape(row.publisher)}{published}](<{row.url}>)"
        + ("" if with_date else f" · {row.date}")
    )
    st.markdown(_quote(row.quote))
    st.caption(" · ".join(part for part in (markdown_escape(row.title), row.relation, follows) if part))
