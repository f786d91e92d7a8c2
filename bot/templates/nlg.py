"""Rasa's response generator, reading our versioned templates in-process.

`endpoints.yml` names this class (`nlg: type: bot.templates.nlg.TemplateNLG`); Rasa builds it with
`(endpoint_config=..., domain=...)` and calls `generate` for every `utter_*` response, whether the
policy predicted it or a custom action asked for it with `response=`. Whatever keys the returned
dict has beyond text and buttons end up in the BotUttered event's metadata, which is how each
stored bot message records `template_id` and `template_version`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Dict, Optional

from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.settings import PROJECT_ROOT
from bot.templates.registry import DEFAULT_DIRECTORY, TemplateRegistry
from bot.templates.render import buttons_as_dicts, office_values, render, usable_values
from bot.wiring import current_services

logger = logging.getLogger(__name__)


class TemplateNLG(NaturalLanguageGenerator):
    """Renders `data/templates/*.yml` (or `directory:` from the endpoint config)."""

    def __init__(
        self,
        endpoint_config: Optional[EndpointConfig] = None,
        domain: Optional[Domain] = None,
        registry: Optional[TemplateRegistry] = None,
        office: Optional[Dict[str, str]] = None,
    ) -> None:
        directory = DEFAULT_DIRECTORY
        if endpoint_config is not None and endpoint_config.kwargs.get("directory"):
            directory = PROJECT_ROOT / Path(str(endpoint_config.kwargs["directory"]))
        self.registry = registry or TemplateRegistry(directory)
        self._office = office

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> Optional[Dict[str, Any]]:
        """The filled template as a Rasa message dict, or None if no template has this id."""
        template = self.registry.get(utter_action)
        if template is None:
            logger.error("no template named %s in data/templates", utter_action)
            return None
        arguments = {k: v for k, v in kwargs.items() if k != "domain_responses"}
        values = usable_values(arguments, tracker.current_slot_values(), self._office_values())
        rendered = render(template, output_channel, values)
        return {
            "text": rendered.text,
            "buttons": buttons_as_dicts(rendered.buttons),
            "template_id": rendered.template_id,
            "template_version": rendered.template_version,
        }

    def _office_values(self) -> Dict[str, str]:
        if self._office is None:
            self._office = office_values(current_services().settings)
        return self._office
