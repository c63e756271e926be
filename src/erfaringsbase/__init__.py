"""Erfaringsbasen: load, validate, cross-index and render an experience database."""

__version__ = "0.1.0"
