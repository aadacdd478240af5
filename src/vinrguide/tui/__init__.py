"""The Textual app: `app.py` (the App only), `screens/`, `widgets/`, one stylesheet `app.tcss`, help in `help.md`."""
