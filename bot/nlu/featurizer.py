"""A Rasa dense featurizer that adds MiniLM vectors to every message.

DIET then sees, next to the sparse word and character n-grams, what a message means: "the wait
was ridiculous" and "I sat there for hours" land close together although they share no word.
Sequence features are the contextual vectors of the word pieces that make up each Rasa token
(averaged); the sentence feature is the normalised mean of all pieces, as the encoder was trained.
"""

from __future__ import annotations

from typing import Any, Dict, List, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.minilm import Encoded, shared_encoder

BATCH = 64


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class MiniLMFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds all-MiniLM-L6-v2 features to the text of each message."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {**DenseFeaturizer.get_default_config()}

    @staticmethod
    def required_packages() -> List[str]:
        return ["tokenizers", "safetensors"]

    def __init__(self, config: Dict[str, Any], execution_context: ExecutionContext) -> None:
        super().__init__(execution_context.node_name, config)

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MiniLMFeaturizer:
        return cls(config, execution_context)

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        """Nothing to validate: the encoder has no options."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        with_text = [m for m in messages if m.get(TEXT) and m.get(TOKENS_NAMES[TEXT])]
        encoder = shared_encoder()
        for start in range(0, len(with_text), BATCH):
            batch = with_text[start : start + BATCH]
            for message, encoded in zip(
                batch, encoder.encode([m.get(TEXT) for m in batch]), strict=True
            ):
                tokens: List[Token] = message.get(TOKENS_NAMES[TEXT])
                self.add_features_to_message(
                    sequence=token_vectors(tokens, encoded),
                    sentence=encoded.sentence[np.newaxis, :],
                    attribute=TEXT,
                    message=message,
                )
        return messages


def token_vectors(tokens: List[Token], encoded: Encoded) -> np.ndarray:
    """One vector per Rasa token: the mean of the word pieces overlapping its characters."""
    vectors = np.zeros((len(tokens), encoded.pieces.shape[1]), dtype=np.float32)
    for row, token in enumerate(tokens):
        end = token.end if token.end is not None else token.start + len(token.text)
        pieces = [
            index
            for index, (piece_start, piece_end) in enumerate(encoded.offsets)
            if piece_end > piece_start and piece_start < end and piece_end > token.start
        ]
        if pieces:
            vectors[row] = encoded.pieces[pieces].mean(axis=0)
    return vectors
