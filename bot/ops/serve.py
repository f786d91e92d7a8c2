"""Start one process of the product. `make run` starts them all through honcho (Procfile); each
can also run alone, and several copies of any of them can run at once."""

from __future__ import annotations

import os
import sys
from typing import Dict, Optional

from bot.ops.training import model_path
from bot.settings import PROJECT_ROOT, ConfigError, Settings
from bot.wiring import Services, install

RASA_PORT = 5005
ACTIONS_PORT = 5055
# One turn's matrices are tiny: extra BLAS and TensorFlow threads only spin and take the cores
# that the action server and concurrent conversations need (see bot/ops/rasa_runtime.py).
# Variables the operator sets win.
SINGLE_THREADED_MATH = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "TF_INTRA_OP_PARALLELISM_THREADS": "1",
    "TF_INTER_OP_PARALLELISM_THREADS": "1",
}


def rasa_environment(settings: Settings) -> Dict[str, str]:
    """The environment `endpoints.yml` expands, derived from the validated settings."""
    env = {**SINGLE_THREADED_MATH, **os.environ}
    env.update(
        ACTION_SERVER_URL=settings.action_server_url,
        ACTION_SERVER_TOKEN=settings.action_server_token,
        RASA_TELEMETRY_ENABLED="false",
    )
    return env


def serve_rasa(services: Services, port: Optional[int] = None) -> None:
    """Run `rasa run` in this process on our channels, stores and model.

    In-process rather than `exec`, so that `bot.ops.rasa_runtime` can adjust Rasa first and the
    channels and stores Rasa creates find `services` through `current_services()`.
    """
    settings = services.settings
    model = model_path()
    if not model.exists():
        raise ConfigError(f"no trained model at {model.relative_to(PROJECT_ROOT)}: run 'bot train'")
    sys.argv = [
        "rasa",
        "run",
        "--model",
        str(model),
        "--endpoints",
        str(PROJECT_ROOT / "endpoints.yml"),
        "--credentials",
        str(PROJECT_ROOT / "credentials.yml"),
        "--interface",
        "127.0.0.1",
        "--port",
        str(port or RASA_PORT),
        "--cors",
        settings.office_base_url,
    ]
    os.chdir(PROJECT_ROOT)
    os.environ.update(rasa_environment(settings))
    # Rasa reads parts of its environment (telemetry, logging) on import: import it only now.
    from rasa.__main__ import main as rasa_main

    from bot.ops import rasa_runtime

    rasa_runtime.apply()
    install(services)
    rasa_main()


def serve_actions(services: Services, port: Optional[int] = None) -> None:
    """Run the token-protected action server; the actions find `services` as `current_services()`."""
    from bot.channels.action_server import serve

    install(services)
    serve(services.settings.action_server_token, port=port or ACTIONS_PORT)
