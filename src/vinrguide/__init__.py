"""vinrguide: beslutsstöd vid våld i nära relationer och hedersrelaterat våld och förtryck."""

__version__ = "0.1.0"
