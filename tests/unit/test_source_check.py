"""The article against other sources: verdicts per claim, month-by-month agreement, the display tables, the gaps."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from core.codes.constants import DATA_DIR
from core.model.atlas import Atlas, load_atlas
from core.model.control import control_by_month
from core.model.source_check import (
    GAP_COLUMNS,
    agreement_by_place,
    article_claims,
    claim_counts,
    differences_table,
    gaps_table,
    load_source_gaps,
    overall_agreement,
    percent_label,
    silent_count,
    silent_table,
)

PLACES = (
    "place_id,name_nl,article_spellings,name_en,aliases,country,kind,initial_controller,initial_status,initial_basis\n"
    "baiji,Bayji,,Baiji,,IQ,town,IQ,held,fixture\n"
)
GEOCODED = "place_id,lat,lon,source,precision,matched_name,geonameid,note\nbaiji,34.93,43.49,geonames,locality,baiji,,\n"
EVENTS = (
    "event_id,place_id,date,date_precision,date_text,event_type,actor_before,actor_after,status_after,opponent,section,evidence,summary_en,summary_nl,note,flag\n"
    "baiji_captured,baiji,2014-06-11,day,,captured,IQ,IS,held,,S,ev1,IS took Baiji.,IS nam Bayji in.,,\n"
    "baiji_retaken,baiji,2017-11-17,day,,retaken,IS,IQ,held,,S,ev2,Iraq retook Baiji.,Irak heroverde Bayji.,,\n"
)
SOURCE_HEADER = "source_id,place_id,event_type,date,date_precision,actor_before,actor_after,status_after,article_event_id,publisher,title,url,published,quote,summary_en,summary_nl,note\n"
CAPTURE_AGREES = (
    "src_captured,baiji,captured,2014-06-11,day,IQ,IS,held,baiji_captured,UPI,,https://upi.example/1,,q,IS took it.,IS nam het in.,\n"
)
SILENT_FIGHT = "src_fight,baiji,contested,2014-10-31,day,IS,IS,contested,,AFP,,https://afp.example/2,,q,Fighting.,Strijd.,\n"


def retake(day: str, holder: str = "IQ") -> str:
    return f"src_retaken,baiji,retaken,{day},day,IS,{holder},held,baiji_retaken,Wiki,,https://wiki.example/3,,q,Retaken.,Heroverd.,\n"


def tiny_atlas(tmp_path: Path, *source_rows: str) -> Atlas:
    """One place (Baiji): the article says IS took it 11 June 2014 and lost it 17 November 2017."""
    for name, text in (("places.csv", PLACES), ("geocoded.csv", GEOCODED), ("events.csv", EVENTS)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "sources.csv").write_text(SOURCE_HEADER + "".join(source_rows), encoding="utf-8")
    return load_atlas(tmp_path)


def holder_in(atlas: Atlas, month: str) -> str:
    table = control_by_month(atlas)
    return table.loc[table["month"] == pd.Timestamp(f"{month}-01"), "controller"].item()


@pytest.fixture(scope="module")
def real_atlas() -> Atlas:
    return load_atlas(DATA_DIR)


@pytest.mark.parametrize(
    ("retaken_on", "holder", "verdict", "days", "map_before", "map_on"),
    [
        # A source dates the retake two years earlier: the map follows it (IQ from October 2015).
        ("2015-10-22", "IQ", "differs", -757, ("2015-09", "IS"), ("2015-10", "IQ")),
        # A later date: the article's earlier retake no longer counts (IS still holds it in December 2017).
        ("2018-02-20", "IQ", "differs", 95, ("2017-12", "IS"), ("2018-02", "IQ")),
        # Within a month of the article: the source confirms it, the map follows the article (IQ from November 2017).
        ("2017-11-10", "IQ", "agrees", -7, ("2017-10", "IS"), ("2017-11", "IQ")),
        # Another new holder: the map follows the source's holder and date.
        ("2015-10-22", "KRG", "contradicts", -757, ("2015-09", "IS"), ("2015-10", "KRG")),
    ],
)
def test_a_cited_retake_sets_the_verdict_and_the_map(tmp_path, retaken_on, holder, verdict, days, map_before, map_on):
    atlas = tiny_atlas(tmp_path, CAPTURE_AGREES, retake(retaken_on, holder))
    claims = article_claims(atlas).set_index("event_id")
    assert claims.loc["baiji_retaken", ["verdict", "days_apart", "source_id"]].tolist() == [verdict, days, "src_retaken"]
    assert claims.loc["baiji_captured", ["verdict", "days_apart", "source_id"]].tolist() == ["agrees", 0, "src_captured"]
    assert holder_in(atlas, map_before[0]) == map_before[1]
    assert holder_in(atlas, map_on[0]) == map_on[1]


def test_claims_without_sources_are_unchecked_and_unlinked_sources_are_silent(tmp_path):
    atlas = tiny_atlas(tmp_path, SILENT_FIGHT)
    claims = article_claims(atlas)
    assert claims[["event_id", "verdict", "source_id"]].to_dict("records") == [
        {"event_id": "baiji_captured", "verdict": "unchecked", "source_id": ""},
        {"event_id": "baiji_retaken", "verdict": "unchecked", "source_id": ""},
    ]
    assert claim_counts(claims, silent_count(atlas)) == {"agrees": 0, "differs": 0, "contradicts": 0, "unchecked": 2, "article_silent": 1}


@pytest.mark.parametrize(
    ("sources", "months", "agreeing"),
    [
        # Both dates confirmed or corrected by sources: the map is the cited timeline, all 72 months agree.
        ((CAPTURE_AGREES, retake("2015-10-22")), 72, 72),
        # Only the retake is cited: alone it says Iraq held Baiji until October 2015, the map shows IS from
        # June 2014 to September 2015 (the article's capture), so those 16 months disagree.
        ((retake("2015-10-22"),), 72, 56),
    ],
)
def test_agreement_by_place_counts_the_months(tmp_path, sources, months, agreeing):
    table = agreement_by_place(tiny_atlas(tmp_path, *sources))
    assert table.to_dict("records") == [{"place_id": "baiji", "months": months, "agreeing": agreeing, "share": agreeing / months}]
    assert overall_agreement(table) == agreeing / months


@pytest.mark.parametrize(
    ("share", "lang", "label"),
    [(0.99607, "en", "99.6%"), (0.99607, "nl", "99,6%"), (1.0, "en", "100.0%"), (0.5, "nl", "50,0%")],
)
def test_percent_label(share, lang, label):
    assert percent_label(share, lang) == label


@pytest.mark.parametrize(
    ("holder", "lang", "row"),
    [
        (
            "IQ",
            "en",
            {
                "event_id": "baiji_retaken",
                "place": "Baiji",
                "what": "retaken from IS",
                "article_date": "17 November 2017",
                "source_date": "22 October 2015",
                "days": 757,
                "apart": "757 days earlier",
                "verdict": "gives another date than the article",
                "publisher": "Wiki",
                "url": "https://wiki.example/3",
            },
        ),
        (
            "KRG",
            "nl",
            {
                "event_id": "baiji_retaken",
                "place": "Bayji",
                "what": "heroverd op IS",
                "article_date": "17 november 2017",
                "source_date": "22 oktober 2015",
                "days": 757,
                "apart": "757 dagen eerder",
                "verdict": "noemt een andere partij dan het artikel",
                "publisher": "Wiki",
                "url": "https://wiki.example/3",
            },
        ),
    ],
)
def test_differences_table_on_the_tiny_atlas(tmp_path, holder, lang, row):
    atlas = tiny_atlas(tmp_path, CAPTURE_AGREES, retake("2015-10-22", holder), SILENT_FIGHT)
    assert differences_table(atlas, lang).to_dict("records") == [row]  # the agreeing capture is not listed


def test_differences_table_is_empty_when_sources_agree(tmp_path):
    atlas = tiny_atlas(tmp_path, CAPTURE_AGREES, retake("2017-11-10"))
    assert differences_table(atlas, "en").empty


@pytest.mark.parametrize(
    ("event_id", "row"),
    [
        (
            "baiji_2017_11_retaken",
            {
                "place": "Baiji",
                "what": "retaken from IS",
                "article_date": "17 November 2017",
                "source_date": "22 October 2015",
                "days": 757,
                "apart": "757 days earlier",
                "verdict": "gives another date than the article",
                "publisher": "English Wikipedia (via mirror cryer.org.uk)",
                "url": "http://cryer.org.uk/Battle_of_Baiji_(2014)",
            },
        ),
        (
            "tal_afar_2017_11_retaken",
            {
                "place": "Tal Afar",
                "what": "retaken from IS",
                "article_date": "17 November 2017",
                "source_date": "27 August 2017",
                "days": 82,
                "apart": "82 days earlier",
                "verdict": "gives another date than the article",
                "publisher": "AP via Stars and Stripes",
                "url": "https://www.stripes.com/news/middle-east/iraqi-troops-liberate-tal-afar-town-center-1.484707",
            },
        ),
        (
            "jalawla_2014_06_captured",
            {
                "place": "Jalawla",
                "what": "captured by IS",
                "article_date": "~ June 2014",
                "source_date": "13 June 2014",
                "days": 2,
                "apart": "2 days earlier",
                "verdict": "names another holder than the article",
                "publisher": "Anadolu via Daily Sabah",
                "url": "https://www.dailysabah.com/mideast/2014/06/14/iraq-isil-militants-extend-grip-in-diyala-fallujah/amp",
            },
        ),
    ],
)
def test_differences_table_on_the_real_data(real_atlas, event_id, row):
    table = differences_table(real_atlas, "en")
    assert table.set_index("event_id").loc[event_id].to_dict() == row


def test_real_differences_are_every_differing_claim_largest_first(real_atlas):
    table = differences_table(real_atlas, "en")
    claims = article_claims(real_atlas)
    assert sorted(table["event_id"]) == sorted(claims.loc[claims["verdict"].isin(["differs", "contradicts"]), "event_id"])
    assert table["days"].is_monotonic_decreasing
    assert table.loc[0, "days"] > 1000  # decades-long errors lead the list


def test_real_differences_in_dutch(real_atlas):
    row = differences_table(real_atlas, "nl").set_index("event_id").loc["baiji_2017_11_retaken"]
    assert row[["place", "what", "article_date", "source_date", "apart"]].tolist() == [
        "Bayji",
        "heroverd op IS",
        "17 november 2017",
        "22 oktober 2015",
        "757 dagen eerder",
    ]


@pytest.mark.parametrize(
    ("lang", "row"),
    [
        (
            "en",
            {
                "source_id": "src_fight",
                "place": "Baiji",
                "date": "31 October 2014",
                "what": "fighting",
                "summary": "Fighting.",
                "publisher": "AFP",
                "url": "https://afp.example/2",
            },
        ),
        (
            "nl",
            {
                "source_id": "src_fight",
                "place": "Bayji",
                "date": "31 oktober 2014",
                "what": "strijd",
                "summary": "Strijd.",
                "publisher": "AFP",
                "url": "https://afp.example/2",
            },
        ),
    ],
)
def test_silent_table_lists_what_only_sources_report(tmp_path, lang, row):
    atlas = tiny_atlas(tmp_path, CAPTURE_AGREES, retake("2015-10-22"), SILENT_FIGHT)
    assert silent_table(atlas, lang).to_dict("records") == [row]


def test_real_silent_table_is_every_silent_source_oldest_first(real_atlas):
    table = silent_table(real_atlas, "en")
    assert len(table) == silent_count(real_atlas) > 0
    named = set(real_atlas.places.loc[real_atlas.places["in_article"], "place_id"])  # supporting places are counted apart
    sources = real_atlas.sources
    silent = sources[(sources["relation"] == "article_silent") & sources["place_id"].isin(named)]
    assert table["source_id"].tolist() == silent.sort_values(["effective_date", "source_id"], kind="stable")["source_id"].tolist()
    baiji = table.set_index("source_id").loc["baiji_20141221_captured"]
    assert baiji[["place", "date", "what", "publisher"]].tolist() == [
        "Baiji",
        "21 December 2014",
        "captured by IS",
        "Xinhua via Global Times",
    ]


def test_gaps_load_and_show_place_names(tmp_path, real_atlas):
    assert load_source_gaps(tmp_path).columns.tolist() == GAP_COLUMNS and load_source_gaps(tmp_path).empty
    (tmp_path / "source_gaps.csv").write_text(
        "place_id,what,searched\nbaiji,When IS lost the refinery,baiji refinery\n(several places),Dates for the rest,x\n", encoding="utf-8"
    )
    gaps = load_source_gaps(tmp_path)
    assert gaps.to_dict("records") == [
        {"place_id": "baiji", "what": "When IS lost the refinery", "searched": "baiji refinery"},
        {"place_id": "(several places)", "what": "Dates for the rest", "searched": "x"},
    ]
    assert gaps_table(real_atlas, gaps, "nl").to_dict("records") == [
        {"place": "Bayji", "what": "When IS lost the refinery"},
        {"place": "(several places)", "what": "Dates for the rest"},  # not a place: shown as written
    ]


def test_real_gaps_name_baghdad(real_atlas):
    gaps = gaps_table(real_atlas, load_source_gaps(DATA_DIR), "en")
    assert len(gaps) == len(pd.read_csv(DATA_DIR / "source_gaps.csv")) and "Baghdad" in gaps["place"].tolist()
