"""Editors' data: strict YAML, schemas, validation, loading, references, photos."""
