"""pjtui(1) in roff, made from the argparse parsers and the editor's key table.

``scripts/gen-manpage`` writes ``man/pjtui.1`` with it; tests/test_manpage.py fails when
the committed page differs from what the current parsers and key bindings give.  No
Textual here: the key table is passed in (``PjtuiApp.key_groups()`` makes it).
"""

from __future__ import annotations

import argparse
import functools

from pjtui._argparse_compat import options, subcommand_help, subcommands

Keys = list[tuple[str, list[tuple[str, str]]]]


def esc(text: str) -> str:
    """Text safe in a roff line: backslashes, hyphens and non-ASCII escaped, no leading dot."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    text = "".join(ch if ord(ch) < 128 else f"\\[u{ord(ch):04X}]" for ch in text)
    return "\\&" + text if text[:1] in (".", "'") else text


def _one_line_usage(parser: argparse.ArgumentParser) -> str:
    saved = parser.formatter_class
    parser.formatter_class = functools.partial(argparse.HelpFormatter, width=10_000)
    try:
        return " ".join(parser.format_usage().split())[len("usage: "):]
    finally:
        parser.formatter_class = saved


def _arguments(parser: argparse.ArgumentParser) -> list[str]:
    out = []
    for action in options(parser):
        if action.help == argparse.SUPPRESS or action.dest == "help":
            continue
        if action.option_strings:
            metavar = action.metavar or (action.dest.upper() if action.nargs != 0 else None)
            if action.choices and not action.metavar:
                metavar = "{" + ",".join(map(str, action.choices)) + "}"
            names = ", ".join(f"\\fB{esc(o)}\\fR" + (f" \\fI{esc(metavar)}\\fR" if metavar else "")
                              for o in action.option_strings)
        else:
            names = f"\\fI{esc(action.metavar or action.dest)}\\fR"
        out += [".TP", names, esc(action.help or "")]
    return out


def render(parser: argparse.ArgumentParser, editor: argparse.ArgumentParser, keys: Keys,
           version: str) -> str:
    """The whole page.  ``parser``: ``pjtui COMMAND``; ``editor``: ``pjtui [FILE]``."""
    lines = [
        "'\\\" t",
        f'.TH PJTUI 1 "" "pjtui {esc(version)}" "User Commands"',
        ".SH NAME",
        "pjtui \\- edit and check Asterisk PJSIP configuration (pjsip_wizard.conf, pjsip.conf)",
        ".SH SYNOPSIS",
        f"\\fB{esc(_one_line_usage(editor))}\\fR",
        ".br",
        "\\fBpjtui\\fR \\fICOMMAND\\fR [\\fIOPTION\\fR...] [\\fIFILE\\fR...]",
        ".SH DESCRIPTION",
        esc(editor.description or ""),
        "Without a command, pjtui opens FILE in the editor; the commands below work on files "
        "without opening it.",
        ".SH OPTIONS",
        *_arguments(editor),
        ".SH COMMANDS",
    ]
    helps = subcommand_help(parser)
    for name, sub in subcommands(parser).items():
        lines += [f'.SS "{esc(_one_line_usage(sub))}"', esc(sub.description or helps.get(name, ""))]
        lines += _arguments(sub)
    lines += [".SH KEYS", "In the editor (F1 shows the same list, with your own key map applied):"]
    for group, rows in keys:
        lines += [".PP", f"\\fB{esc(group)}\\fR", ".TS", "l l.", *(f"{esc(k)}\t{esc(d)}" for k, d in rows),
                  ".TE"]
    lines += [
        ".SH FILES",
        ".TP", "\\fI$XDG_CONFIG_HOME/pjtui/config.toml\\fR (default \\fI~/.config/pjtui/config.toml\\fR)",
        "Settings: theme, backups, mask_secrets and the [keymap] table (binding id = keys).",
        ".TP", "\\fI$XDG_CONFIG_HOME/pjtui/themes/*.toml\\fR",
        "Your own colour themes; one with the name of a shipped theme replaces it.",
        ".SH ENVIRONMENT",
        ".TP", "\\fBXDG_CONFIG_HOME\\fR",
        "Where the settings and themes are read (an unset or relative value means ~/.config).",
        ".TP", "\\fBNO_COLOR\\fR",
        "Use the terminal's own 16 colours.",
        ".SH EXIT STATUS",
        "pjtui check: 0 no errors (warnings and hints allowed), 1 errors, 2 a file cannot be read. "
        "Each command's other statuses are in its description above.",
        ".SH SEE ALSO",
        "\\fBasterisk\\fR(8); \\fBpjtui completion\\fR \\fIbash|zsh|fish\\fR for shell completion.",
    ]
    return "\n".join(lines) + "\n"


def page() -> str:
    """The page for the current parsers and the editor's default keys."""
    from pjtui import cli
    from pjtui.editor_args import version
    from pjtui.ui.keytable import default_key_groups

    parser = cli.build_parser()
    return render(parser, cli.build_editor_parser_for(parser), default_key_groups(), version())
