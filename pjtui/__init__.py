"""pjtui: a terminal editor for Asterisk PJSIP configuration."""


def __getattr__(name: str):
    # The version lives in pyproject.toml only; the metadata is read when someone asks.
    if name == "__version__":
        from pjtui.editor_args import version

        return version()
    raise AttributeError(f"module 'pjtui' has no attribute {name!r}")
