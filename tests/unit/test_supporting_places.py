"""Supporting places (data/supporting_places.csv): places the article does not name, each with cited dates;
loaded as ordinary places with in_article False, checked, drawn and described apart."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from core.codes.constants import DATA_DIR
from core.model.atlas import load_atlas
from core.model.control import control_on
from core.model.search import search_names, search_places
from core.model.source_check import silent_count, silent_table, supporting_counts
from core.model.tables import DataError
from core.render.legend import SUPPORTING, entry_svg, legend_entries
from core.render.symbols import SUPPORTING_RING, place_symbol
from core.render.timeline_payload import map_legend


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(DATA_DIR)


def _rows(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / name, dtype=str, keep_default_na=False)


def test_supporting_places_are_places_with_in_article_false_whole_rows(atlas):
    """Every row of the table, every column, is a row of atlas.places (in_article False, no article spellings)."""
    table = _rows("supporting_places.csv")
    loaded = atlas.places[~atlas.places["in_article"]]
    columns = list(table.columns)
    pd.testing.assert_frame_equal(
        loaded[columns].sort_values("place_id").reset_index(drop=True), table.sort_values("place_id").reset_index(drop=True)
    )
    assert (loaded["article_spellings"] == "").all() and (loaded["parent_place"] == "").all()
    assert atlas.places.loc[atlas.places["in_article"], "place_id"].tolist() == _rows("places.csv")["place_id"].tolist()


def test_dabiq_as_written(atlas):
    """One supporting place compared whole: its table row and both cited dates."""
    dabiq = _rows("supporting_places.csv").set_index("place_id").loc["dabiq"].to_dict()
    assert dabiq == {
        "name_nl": "Dabiq",
        "name_en": "Dabiq",
        "aliases": "Dabeq|Dābiq",
        "country": "SY",
        "kind": "village",
        "initial_controller": "REB",
        "initial_status": "held",
        "initial_basis": "Rebel-held village in the northern Aleppo countryside until IS took it in August 2014.",
        "role": "Village between Marea and al-Bab; IS held the countryside between them 2014-2016.",
    }
    cited = _rows("sources.csv")
    cited = cited[cited["place_id"] == "dabiq"]
    assert cited[["source_id", "event_type", "date", "date_precision", "actor_before", "actor_after", "status_after"]].values.tolist() == [
        ["dabiq_20140801_captured", "captured", "2014-08-01", "month", "REB", "IS", "held"],
        ["dabiq_20161016_retaken", "retaken", "2016-10-16", "day", "IS", "TR", "held"],
    ]
    assert (cited["article_event_id"] == "").all() and cited["url"].str.startswith("https://").all()


def test_every_supporting_place_has_cited_dates_and_coordinates(atlas):
    supporting = atlas.places[~atlas.places["in_article"]]
    assert len(supporting) >= 10
    assert set(supporting["place_id"]) <= set(atlas.sources["place_id"])
    assert supporting[["lat", "lon"]].notna().all().all()
    assert not set(supporting["place_id"]) & set(atlas.events["place_id"])  # the article dates nothing there


@pytest.mark.parametrize(
    ("place_id", "day", "holder"),
    [
        ("dabiq", date(2015, 6, 30), "IS"),
        ("dabiq", date(2016, 11, 30), "TR"),
        ("hit", date(2014, 9, 30), "IQ"),
        ("hit", date(2015, 5, 31), "IS"),
        ("hit", date(2016, 4, 30), "IQ"),
        ("rutba", date(2015, 1, 31), "IS"),
        ("rutba", date(2016, 6, 30), "IQ"),
        ("shaddadi", date(2015, 12, 31), "IS"),
        ("shaddadi", date(2016, 2, 29), "SDF"),
        ("tabqa_airbase", date(2014, 7, 31), "SY"),
        ("tabqa_airbase", date(2014, 9, 30), "IS"),
        ("tabqa_airbase", date(2017, 3, 31), "SDF"),
        ("yarmouk_camp", date(2016, 6, 30), "IS"),
        ("hajar_al_aswad", date(2018, 5, 31), "SY"),
        ("sukhnah", date(2017, 8, 31), "SY"),
        ("anah", date(2017, 8, 31), "IS"),
        ("anah", date(2017, 9, 30), "IQ"),
        ("maskanah", date(2017, 5, 31), "IS"),
        ("maskanah", date(2017, 6, 30), "SY"),
        ("deir_hafer", date(2017, 3, 31), "SY"),
        ("baghdadi", date(2015, 1, 31), "IQ"),
        ("baghdadi", date(2015, 2, 28), "IS"),
        ("baghdadi", date(2015, 3, 31), "IQ"),
        ("markada", date(2014, 2, 28), "REB"),
        ("markada", date(2017, 11, 30), "SDF"),
        ("bashiqa", date(2014, 7, 31), "KRG"),
        ("bashiqa", date(2015, 8, 31), "IS"),
        ("bashiqa", date(2016, 10, 31), "IS"),
        ("bashiqa", date(2016, 11, 30), "KRG"),
        ("makhmour", date(2014, 7, 31), "KRG"),
        ("makhmour", date(2014, 8, 8), "IS"),
        ("makhmour", date(2014, 8, 31), "KRG"),
        ("tel_kaif", date(2014, 7, 31), "KRG"),
        ("tel_kaif", date(2014, 8, 31), "IS"),
        ("tel_kaif", date(2016, 12, 31), "IS"),
        ("tel_kaif", date(2017, 1, 31), "IQ"),
        ("ain_issa", date(2015, 6, 30), "SDF"),
        ("ain_issa", date(2015, 7, 7), "IS"),
        ("ain_issa", date(2015, 7, 31), "SDF"),
        ("bashiqa", date(2014, 8, 10), "IS"),
        ("bashir", date(2014, 5, 31), "IQ"),
        ("bashir", date(2016, 4, 30), "IS"),
        ("bashir", date(2016, 5, 5), "KRG"),
        ("bashir", date(2016, 5, 31), "IQ"),  # handed to the Hashd on 8 May 2016 (Rudaw)
        ("k1_base", date(2014, 6, 30), "KRG"),
        ("k1_base", date(2017, 10, 31), "IQ"),
        ("baba_gurgur", date(2014, 7, 31), "KRG"),
        ("baba_gurgur", date(2017, 10, 31), "IQ"),
        ("maktab_khalid", date(2014, 6, 30), "KRG"),
        ("maktab_khalid", date(2015, 1, 30), "IS"),
        ("maktab_khalid", date(2015, 2, 28), "KRG"),
        ("maktab_khalid", date(2017, 10, 31), "IQ"),
        ("gwer", date(2014, 8, 31), "KRG"),
        ("gwer", date(2017, 10, 31), "IQ"),
        ("jurf_al_sakhar", date(2014, 6, 30), "IQ"),
        ("jurf_al_sakhar", date(2014, 9, 30), "IS"),
        ("jurf_al_sakhar", date(2014, 10, 31), "IQ"),
        ("bartella", date(2014, 7, 31), "KRG"),
        ("bartella", date(2016, 9, 30), "IS"),
        ("bartella", date(2016, 10, 31), "IQ"),
        ("qabasin", date(2016, 11, 16), "TR"),  # Turkish-backed rebels took it on 15 November 2016 (Reuters) ...
        ("qabasin", date(2016, 11, 30), "IS"),  # ... IS took it back two days later (Masr al-Arabia citing SOHR) ...
        ("qabasin", date(2017, 2, 28), "TR"),  # ... and left it with al-Bab on 23 February 2017 (SOHR)
        ("tall_sy", date(2016, 11, 30), "REB"),
        ("tall_sy", date(2016, 12, 31), "SY"),  # the rebels left al-Tall on 2 December 2016 (Xinhua)
        ("kanaker", date(2016, 12, 31), "SY"),
        ("zakiyah", date(2016, 12, 31), "REB"),
        ("zakiyah", date(2017, 1, 31), "SY"),
        ("hama", date(2016, 10, 31), "SY"),
        ("khalis", date(2015, 5, 31), "IQ"),
    ],
)
def test_supporting_places_follow_their_cited_dates(atlas, place_id, day, holder):
    state = control_on(atlas, day).set_index("place_id")
    assert state.loc[place_id, "controller"] == holder


@pytest.mark.parametrize(
    ("place_id", "day", "holder", "status"),
    [
        ("haditha", date(2014, 10, 31), "IQ", "held"),
        ("haditha", date(2015, 1, 31), "IQ", "besieged"),
        ("haditha", date(2015, 5, 31), "IQ", "uncertain"),
        ("haditha", date(2015, 7, 31), "IQ", "besieged"),
        ("haditha", date(2016, 1, 31), "IQ", "besieged"),
        ("haditha", date(2016, 5, 31), "IQ", "held"),
        ("t4_airbase", date(2016, 11, 30), "SY", "held"),
        ("t4_airbase", date(2016, 12, 31), "SY", "besieged"),
        ("t4_airbase", date(2017, 1, 31), "SY", "held"),
        ("amerli", date(2014, 5, 31), "IQ", "held"),
        ("amerli", date(2014, 7, 31), "IQ", "besieged"),
        ("amerli", date(2014, 9, 30), "IQ", "held"),
        ("kuweires", date(2014, 6, 30), "SY", "uncertain"),
        ("kuweires", date(2015, 6, 30), "SY", "besieged"),
        ("kuweires", date(2015, 11, 30), "SY", "held"),
        ("fuah", date(2017, 6, 30), "SY", "besieged"),
        ("fuah", date(2016, 7, 31), "SY", "uncertain"),  # no dated report between 21 April and 10 August 2016
        ("fuah", date(2018, 7, 31), "REB", "held"),
        ("madaya", date(2016, 6, 30), "REB", "besieged"),
        ("madaya", date(2017, 4, 30), "SY", "held"),
        ("waer", date(2016, 6, 30), "REB", "besieged"),
        ("waer", date(2015, 6, 30), "REB", "uncertain"),  # no dated report between January and December 2015
        ("brigade_137_base", date(2017, 6, 30), "SY", "besieged"),
        ("brigade_137_base", date(2017, 9, 30), "SY", "held"),
    ],
)
def test_government_pockets_are_besieged_but_never_taken(atlas, place_id, day, holder, status):
    """Haditha, Amerli and the T4, Kuweires and Brigade 137 bases: IS besieged them (cited) and never held them; so
    with al-Fu'ah (rebels), Madaya and al-Waer (the government) until each fell or was evacuated. A siege no dated
    report confirms within 90 days is shown uncertain (Kuweires 2014-2015, Haditha in spring 2015, al-Fu'ah in the
    summer of 2016, al-Waer in 2015)."""
    state = control_on(atlas, day).set_index("place_id")
    assert (state.loc[place_id, "controller"], state.loc[place_id, "status"]) == (holder, status)


def test_search_finds_supporting_places_by_name_and_alias(atlas):
    names = search_names(atlas.places)
    ranks = {}
    assert search_places("Dabiq", names, ranks)[0] == "dabiq"
    assert search_places("al-Houl", names, ranks)[0] == "hawl"
    assert search_places("Thawrah", names, ranks)[0] == "tabqa"


def test_supporting_dates_are_counted_apart_from_the_article(atlas):
    dates, places = supporting_counts(atlas)
    assert (dates, places) == (824, 361)
    silent = atlas.sources[atlas.sources["relation"] == "article_silent"]
    assert silent_count(atlas) == len(silent) - dates
    assert set(silent_table(atlas, "en", in_article=False)["place"]) >= {"Dabiq", "Hit", "Rutba"}
    assert "Dabiq" not in set(silent_table(atlas, "en")["place"])


def test_the_symbol_and_legend_mark_supporting_places():
    sides = load_atlas().sides
    plain, supporting = place_symbol(sides["IS"], "held"), place_symbol(sides["IS"], "held", supporting=True)
    assert SUPPORTING_RING in supporting and SUPPORTING_RING not in plain and "scale(0.7)" in supporting
    for lang, label in (("en", "not in the article (cited sources)"), ("nl", "niet in het artikel (bronnen)")):
        entries = [e for e in legend_entries(lang, sides, supporting=True) if e.kind == SUPPORTING]
        assert [e.label for e in entries] == [label]
        assert SUPPORTING_RING in entry_svg(entries[0])
        assert label in [entry["label"] for entry in map_legend(lang, sides, True)]
    assert not [e for e in legend_entries("en", sides) if e.kind == SUPPORTING]  # PNG/GIF legends draw no such symbol


# ---------------------------------------------------------------------------
# Schema checks: a copy of the committed tables with one thing broken
# ---------------------------------------------------------------------------


@pytest.fixture
def tables(tmp_path) -> Path:
    for name in ("places.csv", "events.csv", "sources.csv", "geocoded.csv", "geocode_overrides.csv", "supporting_places.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def _problems(folder: Path) -> list:
    with pytest.raises(DataError) as raised:
        load_atlas(folder)
    return raised.value.problems


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_source_about_an_unknown_place_is_reported_in_both_languages(tables):
    _rewrite(tables / "sources.csv", "dabiq_20161016_retaken,dabiq,", "dabiq_20161016_retaken,dabiqq,")
    [problem] = _problems(tables)
    assert problem.file == "sources.csv" and problem.column == "place_id"
    assert problem.in_language("en") == "unknown place 'dabiqq'; add it to places.csv or supporting_places.csv or fix the id"
    assert problem.in_language("nl") == "onbekende plaats 'dabiqq'; voeg hem toe aan places.csv of supporting_places.csv of verbeter de id"


def test_a_supporting_place_without_coordinates_is_reported(tables):
    geocoded = tables / "geocoded.csv"
    geocoded.write_text("".join(line for line in geocoded.read_text(encoding="utf-8").splitlines(True) if not line.startswith("hit,")))
    [problem] = _problems(tables)
    assert problem.file == "supporting_places.csv" and problem.column == "place_id"
    assert problem.in_language("en").startswith("'hit' has no coordinates")
    assert problem.in_language("nl").startswith("'hit' heeft geen coördinaten")


def test_a_supporting_place_with_no_cited_date_is_reported(tables):
    sources = tables / "sources.csv"
    sources.write_text("".join(line for line in sources.read_text(encoding="utf-8").splitlines(True) if ",rutba," not in line))
    [problem] = _problems(tables)
    line = _rows("supporting_places.csv")["place_id"].tolist().index("rutba") + 2  # header is line 1
    assert (problem.file, problem.row, problem.column) == ("supporting_places.csv", line, "place_id")
    assert problem.in_language("en") == "'rutba' has no cited date in sources.csv; a supporting place needs at least one"
    assert (
        problem.in_language("nl")
        == "'rutba' heeft geen bronvermelde datum in sources.csv; een ondersteunende plaats heeft er minstens één nodig"
    )


def test_a_supporting_place_that_the_article_names_is_reported(tables):
    with (tables / "supporting_places.csv").open("a", encoding="utf-8") as handle:
        handle.write("mosul,Mosoel,Mosul,,IQ,city,IQ,held,fixture,fixture\n")
    messages = [p.in_language("en") for p in _problems(tables)]
    assert "'mosul' is in places.csv too: the article names it, so remove it here" in messages


def test_a_supporting_place_without_an_initial_holder_is_rejected(tables):
    _rewrite(
        tables / "supporting_places.csv", "dabiq,Dabiq,Dabiq,Dabeq|Dābiq,SY,village,REB,", "dabiq,Dabiq,Dabiq,Dabeq|Dābiq,SY,village,,"
    )
    problems = _problems(tables)
    assert any(p.file == "supporting_places.csv" and p.column == "initial_controller" for p in problems)


def test_without_the_table_the_atlas_has_the_articles_places_only(tables):
    (tables / "supporting_places.csv").unlink()
    sources = tables / "sources.csv"
    supporting = set(_rows("supporting_places.csv")["place_id"])
    kept = [line for line in sources.read_text(encoding="utf-8").splitlines(True) if line.split(",")[1] not in supporting]
    sources.write_text("".join(kept), encoding="utf-8")
    atlas = load_atlas(tables)
    assert atlas.places["in_article"].all() and len(atlas.places) == len(_rows("places.csv"))
