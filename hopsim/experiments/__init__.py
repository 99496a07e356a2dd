"""Study steps: each function runs one step of an experiment and returns an xarray.Dataset."""
