"""The one seam into argparse's privates still finds what it reads on this Python."""

from __future__ import annotations

import argparse

from pjtui import cli
from pjtui._argparse_compat import options, subcommand_action, subcommand_help, subcommands


def test_the_private_attributes_the_seam_reads_still_exist():
    parser = argparse.ArgumentParser()
    action = parser.add_subparsers()
    action.add_parser("one", help="the first")
    assert parser._subparsers is not None
    assert action in parser._subparsers._group_actions
    assert [c.dest for c in action._choices_actions] == ["one"]
    assert [c.help for c in action._choices_actions] == ["the first"]
    assert all(isinstance(a, argparse.Action) for a in parser._actions)


def test_subcommands_and_their_help_in_registration_order():
    parser = cli.build_parser()
    names = list(subcommands(parser))
    assert names[:3] == ["expand", "check", "show"]
    assert {"get", "set", "unset", "match", "completion"} <= set(names)
    helps = subcommand_help(parser)
    assert list(helps) == names
    assert helps["check"] == "report what Asterisk would reject or misread in the files"
    assert all(helps.values()), "every subcommand has a one-line help"


def test_a_parser_without_subcommands():
    parser = argparse.ArgumentParser()
    parser.add_argument("--x")
    assert subcommand_action(parser) is None
    assert subcommands(parser) == {} and subcommand_help(parser) == {}
    assert [a.dest for a in options(parser)] == ["help", "x"]
