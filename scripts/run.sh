#!/usr/bin/env bash
# Start every process of the product on loopback through honcho (Procfile); Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false PYTHONUNBUFFERED=1
cat <<'MSG'

  Patient-complaint intake assistant is starting:
    Chat widget demo   http://127.0.0.1:8000/
    Manager dashboard  http://127.0.0.1:8000/dashboard
    Rasa server        http://127.0.0.1:5005  (REST: /webhooks/rest/webhook, SMS: /webhooks/twilio/webhook)
    Action server      http://127.0.0.1:5055  (private, token-protected)
  Press Ctrl-C to stop everything.

MSG
exec .venv/bin/honcho start -f Procfile
