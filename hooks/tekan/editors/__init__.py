"""Editors' commands: tekan new, import, entry files, JSON Schemas."""
