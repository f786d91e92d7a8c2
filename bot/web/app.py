"""Office web app factory. Each feature is a Sanic blueprint in its own module, registered here."""

from __future__ import annotations

from typing import Optional

from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.web import security
from bot.web.dashboard import dashboard
from bot.web.widget import widget
from bot.wiring import Services

WEB_PORT = 8000

health = Blueprint("health")


@health.get("/health")
async def health_check(_request: Request) -> HTTPResponse:
    """Liveness for load balancers and `make run` checks."""
    return response.json({"status": "ok"})


def create_app(services: Services, name: str = "office") -> Sanic:
    """The app with every blueprint; `services` is reachable as `app.ctx.services`."""
    app = Sanic(name)
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.ctx.services = services
    for blueprint in (health, dashboard, widget):
        app.blueprint(blueprint)
    security.install(app, services.settings)
    return app


def serve(services: Services, port: Optional[int] = None) -> None:
    """Run the office web app on loopback."""
    app = create_app(services)
    app.run(host="127.0.0.1", port=port or WEB_PORT, workers=1, access_log=False)
