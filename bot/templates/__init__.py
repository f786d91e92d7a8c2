"""Versioned patient-facing response templates: registry, rendering, Rasa NLG adapter, lint.

Every text a patient sees lives in `data/templates/*.yml` with a stable id and a version, so the
office can tell from a transcript exactly which wording a patient saw (see README there).
"""
