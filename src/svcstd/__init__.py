"""svcstd: internal service standards as YAML in Git."""

__version__ = "0.1.0"
