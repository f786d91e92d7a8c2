"""rasa-sdk's action server, made private.

The stock server accepts calls from anyone and answers a failing action with a 500 that echoes the
whole tracker (every patient message) back to the caller and into the log. Here every call but
`/health` needs the shared token that Rasa sends as `?token=` (endpoints.yml), and errors answer
with a bare id that can be matched to a log line holding no patient text.
"""

from __future__ import annotations

import hmac
import logging
import uuid
from typing import Optional

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

OPEN_PATHS = frozenset({"/health"})


def build_action_app(token: str, package: str = "actions") -> Sanic:
    """The action server app, with token check and PHI-free error responses."""
    app = create_app(package, cors_origins=[])

    @app.middleware("request")
    async def require_token(request: Request) -> Optional[HTTPResponse]:
        if request.path in OPEN_PATHS:
            return None
        given = request.args.get("token") or ""
        if not hmac.compare_digest(given.encode(), token.encode()):
            logger.warning("action server: call without a valid token refused")
            return response.json({"error": "forbidden"}, status=403)
        return None

    async def sanitized_error(request: Request, exception: Exception) -> HTTPResponse:
        error_id = uuid.uuid4().hex[:12]
        logger.error(
            "action server error %s: %s in %s",
            error_id,
            type(exception).__name__,
            request.path,
        )
        return response.json({"error": "internal error", "error_id": error_id}, status=500)

    app.error_handler.add(Exception, sanitized_error)
    return app


def serve(token: str, host: str = "127.0.0.1", port: int = 5055) -> None:
    """Run the action server in the foreground (one process; replicate by running more)."""
    app = build_action_app(token)
    app.run(host=host, port=port, workers=1, access_log=False)
