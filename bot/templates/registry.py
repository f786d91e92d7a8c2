"""The set of templates in `data/templates/`, re-read when a file changes.

The Rasa server keeps one registry for its lifetime; checking file modification times on each
lookup (a few `stat` calls) lets the office change wording without retraining or restarting.
A file that breaks on reload keeps its previous good content, so a typo never silences the bot.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Dict, Optional, Tuple

from bot.settings import PROJECT_ROOT
from bot.templates.model import Template, TemplateError, load_file

logger = logging.getLogger(__name__)

DEFAULT_DIRECTORY = PROJECT_ROOT / "data" / "templates"


class TemplateRegistry:
    """Templates by id from every `*.yml` file of one directory."""

    def __init__(self, directory: Path = DEFAULT_DIRECTORY) -> None:
        self.directory = directory
        self._lock = threading.Lock()
        self._files: Dict[Path, Tuple[float, Dict[str, Template]]] = {}

    def get(self, template_id: str) -> Optional[Template]:
        """The current version of a template, or None if no file defines it."""
        return self.templates().get(template_id)

    def templates(self) -> Dict[str, Template]:
        """All templates, after re-reading any file added, changed or removed since last time."""
        with self._lock:
            self._refresh()
            merged: Dict[str, Template] = {}
            for path in sorted(self._files):
                for template_id, template in self._files[path][1].items():
                    if template_id in merged:
                        logger.error(
                            "template %s is defined twice; using %s", template_id, path.name
                        )
                    merged[template_id] = template
            return merged

    def _refresh(self) -> None:
        present = {path: path.stat().st_mtime for path in self.directory.glob("*.yml")}
        for gone in set(self._files) - set(present):
            del self._files[gone]
        for path, mtime in present.items():
            known = self._files.get(path)
            if known is not None and known[0] == mtime:
                continue
            try:
                self._files[path] = (mtime, load_file(path))
            except TemplateError as error:
                logger.error("template file not reloaded: %s", error)
                self._files[path] = (mtime, known[1] if known is not None else {})
