"""The place card: short by default (where, who holds it this month, the changes that matter, one line per kind of
evidence, what disagrees), the whole history with every piece of evidence under "All sources"."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import streamlit as st

from components.state import language, text
from core.model.atlas import Atlas
from core.model.place_summary import PlaceSummary, language_note, place_summary
from core.model.provenance import place_card
from core.text.i18n import markdown_escape

MAX_WARNINGS = 3  # on the short card; every one is in the full history

FLAG_ICONS = {"contradiction": "⚠️", "inferred": "🔎", "uncertain": "❓"}


def _quote(text_value: str) -> str:
    """Evidence as a Markdown quote, shown exactly as the article writes it."""
    return "> " + markdown_escape(text_value)


def show_place_card(atlas: Atlas, place_id: str, place_state: Mapping | None, month: date) -> None:
    """The card for `place_id` in `month`; `place_state` is its row of the month's state (controller, status,
    opponent) or None."""
    lang = language()
    summary = place_summary(atlas, place_id, place_state, month, lang)
    with st.container(border=True, key=f"card-{place_id}"):
        _show_summary(summary)
        _show_not_in_article(atlas, place_id)
        with st.expander(text("All sources", "Alle bronnen"), icon="📚"):
            _show_full(atlas, place_id, lang)


def _show_summary(summary: PlaceSummary) -> None:
    st.subheader(summary.title, anchor=False)
    st.caption(markdown_escape(summary.where))
    st.markdown(f"**{markdown_escape(summary.holding)}**")
    for note in summary.notes:
        st.caption(markdown_escape(note))
    if summary.changes:
        lines = [f"- {markdown_escape(change.date)}: {markdown_escape(change.what)}" for change in summary.changes]
        if summary.more_changes:
            lines.append(f"- {text('and', 'en nog')} {summary.more_changes} {text('more under All sources', 'onder Alle bronnen')}")
        st.markdown("\n".join(lines))
    if summary.article_line:
        st.markdown(markdown_escape(summary.article_line))
        st.markdown(_quote(summary.article_quote))
    st.markdown(markdown_escape(summary.source_line))
    if summary.source_quote:
        st.markdown(_quote(summary.source_quote))
    for warning in summary.warnings[:MAX_WARNINGS]:
        st.warning(markdown_escape(warning), icon="⚠️")
    if len(summary.warnings) > MAX_WARNINGS:
        st.caption(
            text(
                f"{len(summary.warnings) - MAX_WARNINGS} more under All sources",
                f"Nog {len(summary.warnings) - MAX_WARNINGS} onder Alle bronnen",
            )
        )


def _show_full(atlas: Atlas, place_id: str, lang: str) -> None:
    """Every name, the coordinates and their source, and the whole history with all evidence."""
    card = place_card(atlas, place_id, lang)
    if card.other_names:
        st.caption(text("Also written: ", "Ook geschreven: ") + " · ".join(card.other_names))
    st.caption(f"{card.country} · {card.kind} · {text('coordinates', 'coördinaten')}: {card.coordinates}")
    st.caption(f"{text('On 1 January 2014', 'Op 1 januari 2014')}: {card.initial}")
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
            "Not in the article: the article does not name this place. The map follows the cited sources under All sources.",
            "Niet in het artikel: het artikel noemt deze plaats niet. De kaart volgt de bronnen onder Alle bronnen.",
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
    if row.explanation:  # what the contradiction is, in the curators' (English) words
        st.caption(text("What disagrees (curators' note):", "Wat niet klopt (toelichting van de samenstellers, in het Engels):"))
        st.markdown(_quote(row.explanation))


def _show_cited(row, with_date: bool = False) -> None:
    """'Other sources: Reuters (22 October 2015): retaken … — gives another date (340 days later) · the map follows this.'"""
    follows = text("the map follows this source", "de kaart volgt deze bron") if row.map_follows else ""
    head = f"**{row.date}** · " if with_date else f"{text('Other sources', 'Andere bronnen')}: "
    published = f", {markdown_escape(row.published)}" if row.published and row.published != row.date else ""
    english = language_note(row.quote, language())
    st.markdown(
        f"{head}{row.what}{_arrow(row._4, row.to)} — [{markdown_escape(row.publisher)}{published}](<{row.url}>)"
        + ("" if with_date else f" · {row.date}")
        + (f" ({english})" if english else "")
    )
    st.markdown(_quote(row.quote))
    title_language = language_note(row.title, language()) if row.title else ""
    title = markdown_escape(row.title) + (f" ({title_language})" if title_language else "")
    st.caption(" · ".join(part for part in (title, row.relation, follows) if part))
