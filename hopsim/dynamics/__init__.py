"""Dynamics of the model families, one module each: binary (deterministic sync and async) and
glauber (stochastic, temperature T)."""
