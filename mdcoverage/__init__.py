"""mdcoverage: a conceptual, illustrative missile-defence coverage model for teaching."""

__version__ = "0.1.0"
