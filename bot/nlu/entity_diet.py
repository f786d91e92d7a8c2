"""`EntityDIET`: DIET for entities only, trained on the examples that teach entities.

DIET here extracts dates, times, names, case numbers, emails and phone numbers; intents come from
the MiniLM classifiers. Rasa trains it on every example all the same, and under 60 of the
~3,000 carry an entity annotation: each epoch spent most of its time on complaints that only
teach "these words are not entities", and DIET took 5 of a clean-clone CI run's 26 minutes.
It now trains on every annotated example plus a fixed sample of the others, enough for it to
learn what is not an entity, with more epochs over the smaller set. The sample holds short
messages only: DIET pads each batch to its longest message, and one 200-word forum post in a
batch of 64 made the whole batch cost as much as 64 such posts (DIET went from 3 to 5 minutes
when the long crisis files came in). The annotated examples, which teach the entities, stay
whatever their length, and so do the examples written for DIET alone (`entities_only`, see
`bot.nlu.teaching`): names, days and times inside complaints.

Loading is also cheaper. Rasa builds a loaded DIET's variables by running one training step
(`RasaModel.load` calls `fit`), and tracing that step through the CRF entity loss took 46 of
the 59 seconds the whole bot took to load: every server start, `bot triage` run and test
session paid it. `InferenceBuiltDIET` builds the variables with one prediction instead, then
restores the trained weights into them; the weights a prediction does not use (the optimizer's,
the loss's) stay in the file, unread.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Type

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.diet_classifier import DIET, DIETClassifier
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel

from bot.nlu.teaching import entities_only, intent_teaching

# How many examples without entities DIET still sees, drawn with the component's random seed.
UNLABELLED_KEY = "unlabelled_examples"
# The longest example without entities, in words, that the sample may draw (90% are shorter).
MAX_WORDS_KEY = "unlabelled_max_words"


def entity_training_examples(
    examples: List[Message], unlabelled: int, seed: int, max_words: int = 40
) -> List[Message]:
    """The intent examples with entities, every example written for entities alone (those
    without an entity teach what is not one), then a seeded sample of `unlabelled` intent
    examples without entities, each of at most `max_words` words; those that teach urgency alone
    stay out, and the sample is drawn from the intent examples only, so neither mark moves it."""
    teaching = intent_teaching(examples)
    labelled = [example for example in teaching if example.get(ENTITIES)]
    labelled += [example for example in examples if entities_only(example)]
    others = [
        example
        for example in teaching
        if not example.get(ENTITIES) and len(str(example.get(TEXT)).split()) <= max_words
    ]
    picked = np.random.default_rng(seed).choice(
        len(others), size=min(unlabelled, len(others)), replace=False
    )
    return labelled + [others[index] for index in sorted(picked)]


class InferenceBuiltDIET(DIET):
    """DIET whose loading builds its variables with a prediction instead of a training step."""

    @classmethod
    def load(
        cls,
        model_file_name: str,
        model_data_example: RasaModelData,
        predict_data_example: Optional[RasaModelData] = None,
        finetune_mode: bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> RasaModel:
        """The trained model, ready to predict (fine-tuning keeps Rasa's way: it needs the
        optimizer's state)."""
        if finetune_mode or predict_data_example is None:
            return super().load(
                model_file_name,
                model_data_example,
                predict_data_example,
                finetune_mode,
                *args,
                **kwargs,
            )
        model = cls(*args, **kwargs)
        model.run_inference(predict_data_example)
        model.load_weights(model_file_name).expect_partial()
        return model


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    ],
    is_trainable=True,
)
class EntityDIET(DIETClassifier):
    """`DIETClassifier` trained on the entity examples and a sample of the rest."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """DIET's defaults plus how many unlabelled examples to keep, and how long they may be."""
        return {**DIETClassifier.get_default_config(), UNLABELLED_KEY: 600, MAX_WORDS_KEY: 40}

    @staticmethod
    def model_class() -> Type[RasaModel]:
        """DIET, loaded without a training step."""
        return InferenceBuiltDIET

    def train(self, training_data: TrainingData) -> Resource:
        """Train DIET on the annotated examples and a seeded sample of the others."""
        examples = [example for example in training_data.nlu_examples if example.get(TEXT)]
        kept = entity_training_examples(
            examples,
            int(self.component_config[UNLABELLED_KEY]),
            int(self.component_config["random_seed"]),
            int(self.component_config[MAX_WORDS_KEY]),
        )
        subset = TrainingData(
            training_examples=kept,
            entity_synonyms=training_data.entity_synonyms,
            regex_features=training_data.regex_features,
            lookup_tables=training_data.lookup_tables,
        )
        return super().train(subset)
