"""The article against other sources: what they confirm, where they differ, what only they report, what was not found."""

from __future__ import annotations

import streamlit as st

from components import data, state
from core.codes.constants import AGREEMENT_DAYS
from core.model import source_check
from core.model.atlas import Atlas


def _show_metrics(atlas: Atlas) -> None:
    counts = source_check.claim_counts(source_check.article_claims(atlas), source_check.silent_count(atlas))
    metrics = [
        (
            "agrees",
            "Confirmed",
            "Bevestigd",
            f"Another source gives the same date (within {AGREEMENT_DAYS} days) and holder",
            f"Een andere bron geeft dezelfde datum (binnen {AGREEMENT_DAYS} dagen) en partij",
        ),
        (
            "differs",
            "Another date",
            "Andere datum",
            "Another source dates it more than a month apart",
            "Een andere bron dateert het meer dan een maand anders",
        ),
        (
            "contradicts",
            "Another holder",
            "Andere partij",
            "Another source names another new holder",
            "Een andere bron noemt een andere nieuwe partij",
        ),
        (
            "unchecked",
            "Not checked",
            "Niet gecontroleerd",
            "No other source was found for this claim",
            "Voor deze bewering is geen andere bron gevonden",
        ),
    ]
    st.markdown(f"**{state.text('The article’s dated control claims', 'De gedateerde beweringen over controle in het artikel')}**")
    for column, (verdict, en, nl, help_en, help_nl) in zip(st.columns(len(metrics)), metrics, strict=True):
        column.metric(state.text(en, nl), counts[verdict], help=state.text(help_en, help_nl))
    silent, supporting, agreement = st.columns(3)
    dates, places = source_check.supporting_counts(atlas)
    supporting.metric(
        state.text("Places not in the article", "Plaatsen niet in het artikel"),
        places,
        help=state.text(
            f"Towns and bases the article does not name that published maps use; {dates} cited dates, counted apart",
            f"Plaatsen en bases die het artikel niet noemt maar gepubliceerde kaarten wel; {dates} bronvermelde data, apart geteld",
        ),
    )
    silent.metric(
        state.text("Only in other sources", "Alleen in andere bronnen"),
        counts[source_check.SILENT],
        help=state.text("Happenings the article does not mention", "Gebeurtenissen die het artikel niet vermeldt"),
    )
    agreement.metric(
        state.text("Map agrees with the cited dates", "Kaart stemt overeen met de geciteerde data"),
        source_check.percent_label(data.source_agreement(), state.language()),
        help=state.text(
            "Share of the months, for the places with cited dates, in which the map and the cited dates alone agree on whether IS holds the place",
            "Aandeel van de maanden, voor de plaatsen met geciteerde data, waarin de kaart en alleen de geciteerde data het eens zijn of IS de plaats bezit",
        ),
    )


def _link_column():
    return st.column_config.LinkColumn(state.text("Link", "Link"), display_text=state.text("source ↗", "bron ↗"), width="small")


def _show_differences(page: str, atlas: Atlas) -> None:
    st.markdown(f"**{state.text('Where the article and other sources disagree', 'Waar het artikel en andere bronnen verschillen')}**")
    table = source_check.differences_table(atlas, state.language())
    if table.empty:
        st.caption(state.text("No other source disagrees with the article.", "Geen andere bron spreekt het artikel tegen."))
        return
    st.caption(state.text(f"{len(table)} claims, largest difference first", f"{len(table)} beweringen, grootste verschil eerst"))
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        key=state.key(page, "src_differences"),
        column_config={
            "event_id": None,
            "days": None,
            "place": st.column_config.TextColumn(state.text("Place", "Plaats"), pinned=True),
            "what": state.text("What", "Wat"),
            "article_date": state.text("The article’s date (~ = approximate)", "Datum in het artikel (~ = bij benadering)"),
            "source_date": state.text("Other source’s date", "Datum andere bron"),
            "apart": state.text("Other source’s date is", "Datum andere bron ligt"),
            "verdict": st.column_config.TextColumn(state.text("The other source", "De andere bron"), width="medium"),
            "publisher": st.column_config.TextColumn(state.text("Publisher", "Uitgever"), width="medium"),
            "url": _link_column(),
        },
    )


def _show_supporting(page: str, atlas: Atlas) -> None:
    """The cited dates of the places the article does not name, apart from the article's own places."""
    table = source_check.silent_table(atlas, state.language(), in_article=False)
    if table.empty:
        return
    st.markdown(f"**{state.text('Places the article does not name', 'Plaatsen die het artikel niet noemt')}**")
    st.caption(
        state.text(
            f"{len(table)} cited dates for towns and bases that published territory maps use; the map follows them",
            f"{len(table)} bronvermelde data voor plaatsen en bases die gepubliceerde kaarten gebruiken; de kaart volgt ze",
        )
    )
    _silent_dataframe(page, table, "src_supporting")


def _show_silent(page: str, atlas: Atlas) -> None:
    st.markdown(f"**{state.text('Reported only by other sources', 'Alleen gemeld door andere bronnen')}**")
    table = source_check.silent_table(atlas, state.language())
    if table.empty:
        st.caption(
            state.text("Other sources report nothing the article leaves out.", "Andere bronnen melden niets wat het artikel weglaat.")
        )
        return
    st.caption(
        state.text(
            f"{len(table)} happenings the article does not mention, oldest first",
            f"{len(table)} gebeurtenissen die het artikel niet vermeldt, oudste eerst",
        )
    )
    _silent_dataframe(page, table, "src_silent")


def _silent_dataframe(page: str, table, key: str) -> None:
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        key=state.key(page, key),
        column_config={
            "source_id": None,
            "place": st.column_config.TextColumn(state.text("Place", "Plaats"), pinned=True),
            "date": state.text("Date (~ = approximate)", "Datum (~ = bij benadering)"),
            "what": state.text("What", "Wat"),
            "summary": st.column_config.TextColumn(state.text("Summary", "Samenvatting"), width="large"),
            "publisher": st.column_config.TextColumn(state.text("Publisher", "Uitgever"), width="medium"),
            "url": _link_column(),
        },
    )


def _show_gaps(page: str, atlas: Atlas) -> None:
    st.markdown(f"**{state.text('Searched for and not found', 'Gezocht en niet gevonden')}**")
    table = source_check.gaps_table(atlas, data.source_gaps(), state.language())
    if table.empty:
        st.caption(state.text("No searches without result are recorded.", "Er zijn geen zoektochten zonder resultaat vastgelegd."))
        return
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        key=state.key(page, "src_gaps"),
        column_config={
            "place": state.text("Place", "Plaats"),
            "what": st.column_config.TextColumn(
                state.text("What was not found (in English)", "Wat niet gevonden is (in het Engels)"), width="large"
            ),
        },
    )


def show_sources(page: str, atlas: Atlas) -> None:
    """Headline counts, the disagreements, what only other sources report, and the gaps."""
    st.caption(
        state.text(
            "The map rests on two kinds of evidence: the Dutch Wikipedia article and dates published by other sources "
            "(news reports, agencies, encyclopaedias). Where the article is silent or gives another date, the map follows "
            "the cited date; a state without news for over a year is drawn as uncertain.",
            "De kaart steunt op twee soorten bewijs: het Nederlandstalige Wikipedia-artikel en data die andere bronnen publiceerden "
            "(nieuwsberichten, persbureaus, encyclopedieën). Waar het artikel zwijgt of een andere datum geeft, volgt de kaart "
            "de geciteerde datum; een toestand zonder nieuws gedurende meer dan een jaar wordt als onzeker getekend.",
        )
    )
    _show_metrics(atlas)
    _show_differences(page, atlas)
    _show_silent(page, atlas)
    _show_supporting(page, atlas)
    _show_gaps(page, atlas)
