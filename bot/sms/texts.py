"""The SMS channel's own wording, read from `data/templates/sms_channel.yml`.

Going through the template registry (not string constants) keeps every patient-facing text in
one reviewed, versioned place and lets the office change it without a deploy.
"""

from __future__ import annotations

import logging
from typing import Optional

from bot.settings import Settings
from bot.templates.registry import TemplateRegistry
from bot.templates.render import office_values, render

logger = logging.getLogger(__name__)

SMS_CHANNEL = "twilio"

FIRST_CONTACT = "utter_sms_first_contact"
OPTED_OUT = "utter_sms_opted_out"
OPTED_IN = "utter_sms_opted_in"
HELP = "utter_sms_help"
MEDIA_ONLY = "utter_sms_media_only"
EMPTY = "utter_sms_empty"
RETRY = "utter_sms_retry"
CHOICES = "utter_sms_choices"
SURVEY_THANKS = "utter_sms_survey_thanks"


class SmsTexts:
    """Renders the channel's templates for SMS with the office's details filled in."""

    def __init__(self, registry: TemplateRegistry, settings: Settings) -> None:
        self._registry = registry
        self._office = office_values(settings)

    def text(self, template_id: str, **values: str) -> Optional[str]:
        """The rendered text, or None (logged) when the template is missing."""
        template = self._registry.get(template_id)
        if template is None:
            logger.error("SMS template %s is missing; message not sent", template_id)
            return None
        return render(template, SMS_CHANNEL, {**self._office, **values}).text
