"""Tekan: YAML data about people and places, turned into an annual special-issue site."""
