"""Plain numpy arrays in a Rasa model archive: how the pipeline's own components keep weights.

A trained component's weights go into its resource as one `.npz` file and come back with
`allow_pickle=False`, so loading a model archive never runs code stored in it.
"""

from __future__ import annotations

from typing import Dict, Mapping, Optional

import numpy as np
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage


def write_arrays(
    storage: ModelStorage, resource: Resource, filename: str, arrays: Mapping[str, np.ndarray]
) -> None:
    """Store `arrays` under `resource` as the file `filename`."""
    with storage.write_to(resource) as directory:
        np.savez(directory / filename, **arrays)


def read_arrays(
    storage: ModelStorage, resource: Resource, filename: str
) -> Optional[Dict[str, np.ndarray]]:
    """The arrays `write_arrays` stored, or None when the resource holds none (never trained)."""
    try:
        with (
            storage.read_from(resource) as directory,
            np.load(directory / filename, allow_pickle=False) as arrays,
        ):
            return {name: arrays[name] for name in arrays.files}
    except (ValueError, FileNotFoundError):
        return None
