"""Figures of the study: simulation beside theory, symbols and units on every axis; one module
per experiment, one style (`style.py`)."""
