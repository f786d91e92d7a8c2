"""The office manager's dashboard, mounted at /dashboard: sign-in, cases, trends, CSV export.

Importing the package registers every route on `dashboard`, the blueprint `bot.web.app` mounts.
"""

from bot.web.dashboard import case_routes, login_routes, trend_routes
from bot.web.dashboard.blueprint import dashboard

__all__ = ["case_routes", "dashboard", "login_routes", "trend_routes"]
