"""How the commands resolve identify host names: the same options and the same answer
in ``expand``, ``show`` and ``check`` (``--hosts F``, ``--no-resolve``, by default
the system resolver with a short limit; :mod:`pjtui.io.resolver`)."""

from __future__ import annotations

from pjtui.io.resolver import DEFAULT_TIMEOUT, MUSL_NOTE, Resolver, hosts_file_resolver, system_resolver


def add_arguments(parser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--hosts", metavar="F",
                       help="hosts(5) file deciding which host names resolve (default: this machine's "
                            f"resolver, at most {DEFAULT_TIMEOUT:g} s per name)")
    group.add_argument("--no-resolve", action="store_true",
                       help="do not resolve host names: every name counts as resolving")


def from_args(args) -> Resolver | None:
    """The resolver the options ask for (None: --no-resolve).  OSError when the
    ``--hosts`` file cannot be read."""
    if getattr(args, "no_resolve", False):
        return None
    hosts = getattr(args, "hosts", None)
    return hosts_file_resolver(hosts) if hosts else system_resolver()


def note(resolver: Resolver | None) -> str | None:
    """One line saying who answered, when any host name was looked up."""
    if resolver is None or not resolver.asked():
        return None
    text = (f"note: host names were resolved by {resolver.description}; Asterisk resolves them again on "
            "its own host when it loads the file")
    if "system resolver" in resolver.description:
        text += f". {MUSL_NOTE}"
    unsure = resolver.unsure()
    if unsure:
        names = ", ".join(f"{host} ({why})" for host, why in unsure[:5]) + (" …" if len(unsure) > 5 else "")
        text += (f". Could not tell whether {len(unsure)} name(s) resolve, counted as resolving: {names}; "
                 "run pjtui where Asterisk runs, or give --hosts F")
    return text

