"""kot: knees-over-toes training programs from a YAML exercise library, by goal and pain level."""

__version__ = "0.1.0"
