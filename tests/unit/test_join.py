"""Joining a class: the LAN address, the join URL and an offline QR code."""

from __future__ import annotations

import ipaddress

from core.render.join import join_url, lan_address, qr_svg, qr_text
from scripts.serve import class_banner


def test_lan_address_is_an_ipv4_address():
    assert ipaddress.ip_address(lan_address()).version == 4


def test_qr_code_encodes_the_join_url():
    url = join_url("192.168.1.20", 8501)
    assert url == "http://192.168.1.20:8501/"
    svg = qr_svg(url)
    assert svg.startswith("<svg") and "</svg>" in svg
    assert svg != qr_svg(join_url("192.168.1.21", 8501))
    assert "█" in qr_text(url) or "▀" in qr_text(url)


def test_make_class_prints_the_address_and_a_code():
    url, banner = class_banner(8600)
    assert url.endswith(":8600/") and url in banner and "Present page" in banner
