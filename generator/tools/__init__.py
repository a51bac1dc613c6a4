"""Editors' tools around the pipeline: scaffolding, the review summary, the JSON Schema."""
