"""Sides are data: declared by a dataset (data/sides.csv) or taken from the values it uses; no side is special in
the code."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from core.codes.constants import DATA_DIR, PROJECT_ROOT
from core.codes.sides import LOOKS, PALETTE, SHAPES, Side, Sides, declared_sides, derive_sides, next_look
from core.model.atlas import load_atlas, load_sides
from core.model.tables import DataError, read_csv_text

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "data"
ATLAS_SIDES = [row["code"] for row in read_csv_text(DATA_DIR / "sides.csv").to_dict("records")]
# Modules about countries: ISO codes that happen to equal a side's code (Iraq IQ, Syria SY, Turkey TR, Libya LY).
COUNTRY_CODE_MODULES = {
    "core/codes/constants.py": {"IQ", "SY", "LY"},  # CORE_COUNTRIES, BRANCH_COUNTRIES
    "core/text/labels.py": {"IQ", "SY", "TR", "LY"},  # country names
    "core/ingest/geocoding.py": {"IQ", "SY", "TR", "LY"},  # gazetteer countries
}


def _string_constants(path: Path) -> set[str]:
    """Every string literal of a module except docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings}


@pytest.mark.parametrize("path", sorted((PROJECT_ROOT / "core").rglob("*.py")), ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_no_core_module_names_a_side_of_this_war(path):
    """The atlas's sides live in data/sides.csv only: core/ never branches on, defaults to or lists one of them."""
    relative = str(path.relative_to(PROJECT_ROOT))
    named = _string_constants(path) & set(ATLAS_SIDES)
    assert named <= COUNTRY_CODE_MODULES.get(relative, set()), f"{relative} names {sorted(named)}"


def test_the_check_sees_a_side_written_into_core(tmp_path):
    """The check above is not blind: a module that defaults to 'IS' is caught."""
    module = tmp_path / "x.py"
    module.write_text('"""Doc IS."""\n\ndef f(side="IS"):\n    return side == "SDF"\n', encoding="utf-8")
    assert _string_constants(module) & set(ATLAS_SIDES) == {"IS", "SDF"}


def test_the_atlas_declares_its_sides_and_follows_one():
    sides = load_atlas().sides
    assert list(sides) == ATLAS_SIDES
    assert sides.focus == "IS"
    assert sides["IS"] == Side("IS", "Islamic State", "Islamitische Staat", "#000000", "square")
    assert sides["GOV"].in_legend is False and "GOV" not in sides.legend_codes


def test_undeclared_sides_take_distinct_palette_looks_and_their_own_words():
    sides = derive_sides(["Duitsland", "Geallieerden", "", "Duitsland", "Verzet"])
    assert [(s.code, s.name_en, s.name_nl) for s in sides.items] == [
        ("Duitsland", "Duitsland", "Duitsland"),
        ("Geallieerden", "Geallieerden", "Geallieerden"),
        ("Verzet", "Verzet", "Verzet"),
    ]
    looks = [(s.colour, s.shape) for s in sides.items]
    assert looks == list(LOOKS[:3]) and len({c for c, _ in looks}) == 3 and len({s for _, s in looks}) == 3
    assert sides.focus is None


def test_declared_sides_keep_their_looks_and_new_ones_avoid_them():
    declared = Sides((Side("A", "Allies", "Geallieerden", PALETTE[0], SHAPES[0]),), focus="A")
    sides = derive_sides(["A", "B"], declared)
    assert sides["A"].name_nl == "Geallieerden" and sides.focus == "A"
    assert (sides["B"].colour, sides["B"].shape) != (PALETTE[0], SHAPES[0])


def test_a_declared_focus_the_data_never_uses_is_not_followed():
    declared = Sides((Side("IS", "IS", "IS", "#000000", "square"),), focus="IS")
    assert derive_sides(["Duitsland"], declared, focus="Duitsland").focus == "Duitsland"


def test_every_look_is_distinct_and_runs_out_gracefully():
    assert len(set(LOOKS)) == len(PALETTE) * len(SHAPES)
    assert next_look(LOOKS) in LOOKS  # all taken: reuse rather than fail


def test_declaration_rows_may_leave_colour_shape_and_names_out():
    rows = [
        {"code": "DE", "name_en": "Germany", "name_nl": "Duitsland", "colour": "", "shape": "", "legend": "", "role": ""},
        {"code": "AL", "name_en": "", "name_nl": "", "colour": "#000000", "shape": "square", "legend": "no", "role": "focus"},
    ]
    sides = declared_sides(rows)
    assert sides.focus == "AL" and sides["AL"].name_en == "AL" and sides["AL"].in_legend is False
    assert (sides["DE"].colour, sides["DE"].shape) == next_look([("#000000", "square")])


def _copy_fixtures(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURES, target)
    return target


def test_a_side_the_declaration_lacks_is_a_problem_with_its_line(tmp_path):
    data_dir = _copy_fixtures(tmp_path)
    sides_file = data_dir / "sides.csv"
    sides_file.write_text("\n".join(line for line in sides_file.read_text().splitlines() if not line.startswith("SDF,")) + "\n")
    with pytest.raises(DataError) as error:
        load_atlas(data_dir)
    messages = [(p.file, p.column, p.message) for p in error.value.problems]
    assert messages and all("unknown side 'SDF'" in m for _, _, m in messages)
    assert {f for f, _, _ in messages} <= {"places.csv", "events.csv", "sources.csv"}


def test_without_a_declaration_sides_come_from_the_values(tmp_path):
    data_dir = _copy_fixtures(tmp_path)
    (data_dir / "sides.csv").unlink()
    sides = load_atlas(data_dir).sides
    assert load_sides(data_dir) == (None, [])
    assert set(sides) == {"IQ", "IS", "SY", "SDF", "REB"} and sides.focus == "IS"  # IS takes places in 'captured'
    assert all(sides[c].name_en == c for c in sides)
