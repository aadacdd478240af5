"""The app in a browser (`vinrguide serve`): textual-serve with our own page, no logs of user input, a session cap.

Only constants here, so that the command line can show its help without importing the web server.
"""

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_SESSIONS = 24
"""Measured with bench/load_bench.py: see the README section "I webbläsaren"."""
TITLE = "Stöd vid våld"
