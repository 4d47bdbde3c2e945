"""The one place pjtui reaches into argparse's private attributes.

argparse has no public way to list a parser's subcommands or their one-line help, so
``--help``, the man page and completion read ``_subparsers._group_actions`` and
``_choices_actions`` here.  tests/test_argparse_compat.py checks that they still exist on
the Python in use, so a change in argparse fails one clear test instead of ``pjtui``.
"""

from __future__ import annotations

import argparse


def subcommand_action(parser: argparse.ArgumentParser) -> argparse.Action | None:
    """The action ``add_subparsers`` made on ``parser``, or None when it has none."""
    group = getattr(parser, "_subparsers", None)
    for action in getattr(group, "_group_actions", ()) if group is not None else ():
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """name -> parser of every subcommand, in the order they were added."""
    action = subcommand_action(parser)
    return dict(action.choices) if action is not None else {}


def subcommand_help(parser: argparse.ArgumentParser) -> dict[str, str]:
    """name -> the one-line ``help=`` each subcommand was added with ("" when none)."""
    action = subcommand_action(parser)
    if action is None:
        return {}
    helps = {choice.dest: choice.help or "" for choice in getattr(action, "_choices_actions", ())}
    return {name: helps.get(name, "") for name in action.choices}


def options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """Every argument of ``parser`` (positionals and options), in the order added."""
    return list(parser._actions)
