"""csu-kb: load, validate and publish the CSU knowledge base."""

__version__ = "0.1.0"
