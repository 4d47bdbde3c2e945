"""pjtui: a terminal editor for Asterisk PJSIP configuration."""

__version__ = "0.1.0"
