"""Shell completion through argcomplete: subcommands, options, files, and the section
names of the file already on the command line (``pjtui show FILE <TAB>``).

The shell scripts ``pjtui completion bash|zsh|fish`` prints call ``pjtui`` itself with
``_ARGCOMPLETE`` set; :func:`pjtui.cli.main` then hands the parser to :func:`complete`,
which prints the candidates and exits before anything else runs.
"""

from __future__ import annotations

import argparse

from pjtui._argparse_compat import options, subcommands

SHELLS = ("bash", "zsh", "fish")
# Arguments that name a file, by dest; their completion is the shell's file names.
FILE_ARGS = ("file", "files", "pjsip", "hosts", "phoneprov")


def section_names(path: str) -> list[str]:
    """The section names of ``path`` in file order, once each; [] when it can't be read."""
    from pjtui.conf import parse
    from pjtui.conf.loader import LoadError, read_config_bytes

    try:
        doc = parse(read_config_bytes(path), path)
    except (LoadError, OSError, ValueError):
        return []
    return list(dict.fromkeys(s.name for s in doc.sections))


def _sections_of_file(prefix: str, parsed_args: argparse.Namespace, **_kwargs) -> list[str]:
    path = getattr(parsed_args, "file", None)
    if not path:
        return []
    return [name for name in section_names(path) if name.startswith(prefix)]


def attach_completers(parser: argparse.ArgumentParser) -> None:
    """Set argcomplete's ``completer`` on every SECTION and file argument of ``parser``."""
    from argcomplete.completers import FilesCompleter

    files = FilesCompleter()
    for sub in [parser, *subcommands(parser).values()]:
        for action in options(sub):
            if action.dest == "section":
                action.completer = _sections_of_file
            elif action.dest in FILE_ARGS:
                action.completer = files


def complete(parser: argparse.ArgumentParser, **kwargs) -> None:
    """Answer the shell's completion request (argcomplete exits the process when done)."""
    import argcomplete

    attach_completers(parser)
    kwargs.setdefault("always_complete_options", False)  # options once a '-' is typed
    argcomplete.autocomplete(parser, **kwargs)


def shell_script(shell: str, prog: str = "pjtui") -> str:
    """The script that makes ``shell`` complete ``prog``'s arguments."""
    import argcomplete

    return argcomplete.shellcode([prog], shell=shell)
