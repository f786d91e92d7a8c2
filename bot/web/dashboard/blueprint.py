"""The dashboard blueprint and its static files (served locally: no CDN, no outside requests)."""

from __future__ import annotations

from pathlib import Path

from sanic import Blueprint

PREFIX = "/dashboard"
STATIC_DIR = Path(__file__).resolve().parent / "static"

dashboard = Blueprint("dashboard", url_prefix=PREFIX)
dashboard.static("/static", str(STATIC_DIR), name="static")
