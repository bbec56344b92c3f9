"""Joining a class: the server's address on the school network and a QR code for it, made offline."""

from __future__ import annotations

import io
import socket

import segno

JOIN_URL_VARIABLE = "ATLAS_JOIN_URL"  # set by `make class` (scripts/serve.py --class); the present page shows it


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent: a UDP socket only picks a route);
    127.0.0.1 when there is no network."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def join_url(address: str, port: int) -> str:
    return f"http://{address}:{port}/"


def qr_svg(url: str, scale: int = 6) -> str:
    """The URL as an SVG QR code (error correction M), dark on white."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True)
    return buffer.getvalue().decode("utf-8")


def qr_text(url: str) -> str:
    """The QR code drawn with block characters, for the terminal."""
    buffer = io.StringIO()
    segno.make(url, error="m").terminal(out=buffer, compact=True, border=2)
    return buffer.getvalue()
