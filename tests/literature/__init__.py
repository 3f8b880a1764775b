"""The literature test set (findings.toml) and its test module; ``python -m tests.literature`` prints the table."""
