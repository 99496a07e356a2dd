"""hopsim: a reproducible study of attractor networks (Hopfield model and generalisations)."""

__version__ = "0.1.0"
