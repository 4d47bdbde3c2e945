"""``pjtui completion bash|zsh|fish``: print the shell script that completes pjtui.

bash: ``eval "$(pjtui completion bash)"`` in ~/.bashrc (or save it in
/etc/bash_completion.d/pjtui); zsh: ``eval "$(pjtui completion zsh)"`` in ~/.zshrc;
fish: ``pjtui completion fish > ~/.config/fish/completions/pjtui.fish``.
"""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    from pjtui.completion import SHELLS

    p = subparsers.add_parser(
        "completion",
        help="print the shell completion script (bash, zsh or fish)",
        description="Print the script that makes SHELL complete pjtui's subcommands, options, files "
                    "and the section names of the file on the line. bash: eval \"$(pjtui completion "
                    "bash)\" in ~/.bashrc; zsh: the same in ~/.zshrc; fish: pjtui completion fish > "
                    "~/.config/fish/completions/pjtui.fish",
    )
    p.add_argument("shell", choices=SHELLS, metavar="SHELL", help="bash, zsh or fish")
    p.set_defaults(func=run)


def run(args) -> int:
    from pjtui.completion import shell_script

    sys.stdout.write(shell_script(args.shell))
    return 0
