"""Every private Textual attribute pjtui reads, calls or overrides, in one place.

Textual may rename its privates in any release.  Each one pjtui touches goes through a
function here, which says what pjtui does when it is gone, and ``PRIVATES`` lists them
all for ``tests/test_textual_compat.py``, which fails on the pinned Textual the day one
disappears, before a user meets the fallback.
"""

from __future__ import annotations

from typing import Any

# (module, class, attribute, whether it is set per instance in __init__ rather than on the class)
PRIVATES: tuple[tuple[str, str, str, bool], ...] = (
    ("textual.message_pump", "MessagePump", "_closing", True),
    ("textual.app", "App", "_close_messages_no_wait", False),
    ("textual.app", "App", "_fatal_error", False),       # overridden by PjtuiApp: no traceback with secrets
    ("textual.app", "App", "_keymap", True),
    ("textual.app", "App", "_exception", True),         # read by pjtui.ui.launch (see app_exception)
    ("textual.widgets", "Footer", "_bindings_ready", False),
    ("textual.widget", "Widget", "_scroll_update", False),
    ("textual.widgets", "Tree", "_tree_lines", False),
    ("textual.widgets", "Input", "_cursor_visible", False),   # the blink, for the masked editor
)


def is_closing(node: Any) -> bool:
    """Whether ``node`` (the app, a widget) has started to shut down its message queue."""
    return bool(getattr(node, "_closing", False))


def close_messages_no_wait(app: Any) -> None:
    """Stop the app's message loop without waiting: the exit path for a crash."""
    close = getattr(app, "_close_messages_no_wait", None)
    if close is not None:
        close()
    else:  # a later Textual without it: the ordinary exit
        app.exit(return_code=1)


def keymap(app: Any) -> dict[str, str]:
    """Binding id -> keys, as :meth:`App.set_keymap` left it ({} if unknown)."""
    return getattr(app, "_keymap", None) or {}


def app_exception(app: Any) -> BaseException | None:
    """The exception that ended the app, if one did."""
    return getattr(app, "_exception", None)


def footer_bindings_ready(footer: Any) -> bool:
    """Whether the Footer has built its keys at least once (False if unknown: it rebuilds)."""
    return bool(getattr(footer, "_bindings_ready", False))


def scroll_update(widget: Any, size: Any) -> bool:
    """Update ``widget``'s scroll range to ``size`` without a layout; False if Textual can't."""
    update = getattr(widget, "_scroll_update", None)
    if update is None:
        return False
    update(size)
    return True


def lay_out_tree_lines(tree: Any) -> None:
    """Make a Tree compute its lines now, so ``node.line`` is known before the next paint."""
    getattr(tree, "_tree_lines", None)


def cursor_visible(widget: Any) -> bool:
    """Whether an Input's blinking cursor is in its shown phase (True if unknown: shown)."""
    return bool(getattr(widget, "_cursor_visible", True))
