"""Extraction stages: quotes and speakers, entities, canonical quotes (see each module)."""
