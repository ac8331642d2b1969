"""joinedup: see how a partnership of organisations works, and how it is changing."""

__version__ = "0.1.0"
