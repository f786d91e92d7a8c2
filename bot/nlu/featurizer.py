"""A Rasa dense featurizer that adds MiniLM vectors to every message, after fine-tuning MiniLM.

At `bot train` time the encoder is fine-tuned on the intent examples (`bot.nlu.tuning`), compiled
to a TFLite graph and stored in the model archive, so a trained model carries the exact encoder
its classifiers were trained on; loading it needs no compile step and no cache. With
`epochs: 0` nothing is stored and the pretrained encoder is used as it comes.

DIET then sees, next to the sparse word and character n-grams, what a message means: "the wait
was ridiculous" and "I sat there for hours" land close together although they share no word.
Sequence features are the contextual vectors of the word pieces that make up each Rasa token
(averaged); the sentence feature is the normalised mean of all pieces, as the encoder was trained.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, Dict, List, Optional, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.encoder import Encoded, SentenceEncoder
from bot.nlu.minilm import compile_bert, load_tokenizer, load_weights, shared_encoder
from bot.nlu.teaching import intent_teaching
from bot.nlu.tuning import TuningConfig, fine_tune

BATCH = 64
GRAPH_FILE = "encoder.tflite"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class MiniLMFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds all-MiniLM-L6-v2 features to the text of each message."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """The fine-tuning settings (`bot.nlu.tuning.TuningConfig`) and Rasa's own."""
        tuning = TuningConfig()
        return {
            **DenseFeaturizer.get_default_config(),
            **{field.name: getattr(tuning, field.name) for field in fields(TuningConfig)},
        }

    @staticmethod
    def required_packages() -> List[str]:
        return ["tokenizers", "safetensors"]

    def __init__(
        self,
        config: Dict[str, Any],
        execution_context: ExecutionContext,
        model_storage: ModelStorage,
        resource: Resource,
        encoder: Optional[SentenceEncoder] = None,
    ) -> None:
        super().__init__(execution_context.node_name, config)
        self._storage = model_storage
        self._resource = resource
        self._encoder = encoder

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MiniLMFeaturizer:
        """A featurizer with the pretrained encoder, ready to be fine-tuned by `train`."""
        return cls(config, execution_context, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> MiniLMFeaturizer:
        """The featurizer with the encoder `train` stored (the pretrained one if none was)."""
        try:
            with model_storage.read_from(resource) as directory:
                compiled = (directory / GRAPH_FILE).read_bytes()
        except (ValueError, FileNotFoundError):
            return cls(config, execution_context, model_storage, resource)
        encoder = SentenceEncoder(compiled, load_tokenizer())
        return cls(config, execution_context, model_storage, resource, encoder)

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        """Reject settings the fine-tuning cannot use, at config load rather than mid-training."""
        tuning = tuning_config(config)
        if tuning.epochs < 0 or tuning.batch_size < 1 or tuning.learning_rate <= 0:
            raise ValueError(
                "MiniLMFeaturizer needs epochs >= 0, batch_size >= 1 and learning_rate > 0"
            )

    def train(self, training_data: TrainingData) -> Resource:
        """Fine-tune the encoder on the examples that teach an intent and store its compiled graph."""
        config = tuning_config(self._config)
        with self._storage.write_to(self._resource) as directory:
            if config.epochs > 0:
                examples = [
                    (str(message.get(TEXT)), str(message.get(INTENT)))
                    for message in intent_teaching(training_data.intent_examples)
                    if message.get(TEXT)
                ]
                tokenizer = load_tokenizer()
                compiled = compile_bert(fine_tune(load_weights(), tokenizer, examples, config))
                (directory / GRAPH_FILE).write_bytes(compiled)
                self._encoder = SentenceEncoder(compiled, tokenizer)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        with_text = [m for m in messages if m.get(TEXT) and m.get(TOKENS_NAMES[TEXT])]
        encoder = self._encoder or shared_encoder()
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


def tuning_config(config: Dict[str, Any]) -> TuningConfig:
    """The fine-tuning settings found in a component config (defaults for the rest)."""
    return TuningConfig(
        **{field.name: config[field.name] for field in fields(TuningConfig) if field.name in config}
    )


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
