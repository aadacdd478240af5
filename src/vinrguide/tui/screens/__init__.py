"""The app's screens; each module is imported when its screen is first opened, to keep start-up fast."""
