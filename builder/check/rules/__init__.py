"""The checks. Each module reads the loaded base and returns findings."""
