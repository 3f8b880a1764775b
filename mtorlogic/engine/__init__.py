"""How a Model runs: compile, percolate, attractors, simulate."""
