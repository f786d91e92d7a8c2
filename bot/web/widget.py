"""The chat widget: its static files, the socket.io browser client, and the demo page at `/`.

One tag embeds the widget in any page of the office's website:

    <script src="https://office.example/widget/widget.js"
            data-server="https://chat.office.example" data-title="Tell us what went wrong" defer>
    </script>

The widget talks socket.io straight to the Rasa server's `socketio` channel (see
`bot/channels/socketio.py`), which only accepts this app's origin.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.settings import PROJECT_ROOT

HERE = Path(__file__).parent
STATIC = HERE / "static"
SOCKET_IO_CLIENT = PROJECT_ROOT / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
CACHE = {"Cache-Control": "public, max-age=300"}

pages = Environment(
    loader=FileSystemLoader(str(HERE / "templates")),
    autoescape=select_autoescape(["html"]),
)

widget = Blueprint("widget")


@widget.get("/")
async def demo_page(request: Request) -> HTTPResponse:
    """A sample office page with the widget embedded by its one script tag."""
    settings = request.app.ctx.services.settings
    html = pages.get_template("widget_demo.html").render(
        office_name=settings.office_name,
        office_hours=settings.office_hours,
        office_phone=settings.office_phone,
        chat_server=settings.rasa_url,
    )
    return response.html(html)


@widget.get("/widget/<name:(widget\\.js|widget\\.css|demo\\.css)>")
async def widget_file(_request: Request, name: str) -> HTTPResponse:
    """The widget's script and style, and the demo page's style."""
    return await response.file(STATIC / name, headers=CACHE)


@widget.get("/widget/socket.io.min.js")
async def socket_io_client(_request: Request) -> HTTPResponse:
    """socket.io-client's browser build from npm (`npm ci` in `make install`)."""
    if not SOCKET_IO_CLIENT.exists():
        return response.json({"error": "socket.io-client is not installed: run `npm ci`"}, 503)
    return await response.file(SOCKET_IO_CLIENT, headers=CACHE)
