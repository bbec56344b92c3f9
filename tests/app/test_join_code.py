"""Under `make class` the present page shows the join address and its QR code; under `make run` nothing."""

from __future__ import annotations

from core.render.join import JOIN_URL_VARIABLE


def join_markdown(at) -> list[str]:
    return [m.value for m in at.markdown if "atlas-join-code" in m.value]


def test_present_page_shows_the_join_code_only_when_serving_a_class(fixture_app, monkeypatch):
    monkeypatch.delenv(JOIN_URL_VARIABLE, raising=False)
    at = fixture_app(page="pages/present.py")
    at.run()
    assert not at.exception and join_markdown(at) == []
    monkeypatch.setenv(JOIN_URL_VARIABLE, "http://192.168.1.20:8501/")
    at = fixture_app(page="pages/present.py")
    at.run()
    (code,) = join_markdown(at)
    assert "<svg" in code
    assert any("192.168.1.20:8501" in m.value for m in at.markdown)
    assert "Join this map" in at.expander[0].label
