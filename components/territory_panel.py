"""Estimated area held by IS on a month, against the article's own reference figure."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components import data
from components.state import text
from core.constants import ARTICLE_AREA_REFERENCE
from core.territory import RADIUS_KM


def show_area(month: date) -> None:
    area = data.is_area(month)
    reference_date, reference_km2 = ARTICLE_AREA_REFERENCE
    st.metric(text("IS territory (estimate)", "IS-grondgebied (schatting)"), f"{area:,.0f} km²".replace(",", " "))
    st.caption(
        text(
            f"Article: about {reference_km2:,} km² at the end of {reference_date.year}. ",
            f"Artikel: ongeveer {reference_km2:,} km² eind {reference_date.year}. ",
        ).replace(",", " ")
        + text(
            f"Estimate = cells of the places IS holds, each at most {RADIUS_KM:.0f} km around the place, inside Iraq and Syria.",
            f"Schatting = cellen van de plaatsen die IS bezit, elk hooguit {RADIUS_KM:.0f} km rond de plaats, binnen Irak en Syrië.",
        )
    )
