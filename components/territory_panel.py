"""Estimated area held by IS on a month, beside the nearest published figure and the article's own."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components import data
from components.state import language, text
from core.codes.constants import ARTICLE_AREA_REFERENCE
from core.codes.dates import date_label
from core.model.source_check import published_near
from core.model.territory import METHOD_TEXT, RADIUS_KM
from core.text.i18n import markdown_escape, pick


def _km2(value: float) -> str:
    return f"{value:,.0f} km²".replace(",", " ")


def show_area(month: date) -> None:
    area = data.is_area(month)
    reference_date, reference_km2 = ARTICLE_AREA_REFERENCE
    published = published_near(data.published_area(), month)
    st.metric(text("IS territory in Iraq and Syria (estimate)", "IS-grondgebied in Irak en Syrië (schatting)"), _km2(area))
    if published is not None:
        when = date_label(published["date"].date(), "day", language())
        st.caption(
            text("Published: ", "Gepubliceerd: ")
            + f"{_km2(published['km2'])} ({markdown_escape(published['publisher'])}, {when}). "
            + text(
                f"Article: about {reference_km2:,} km² at the end of {reference_date.year}.",
                f"Artikel: ongeveer {reference_km2:,} km² eind {reference_date.year}.",
            ).replace(",", " ")
        )
    st.caption(pick(language(), *METHOD_TEXT).format(radius=RADIUS_KM))
