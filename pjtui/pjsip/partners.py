"""The files Asterisk reads beside a config file: the partner (pjsip.conf beside a
pjsip_wizard.conf and the other way round) and phoneprov.conf's profile names.  Shared
by :mod:`pjtui.pjsip.loaded` and :mod:`pjtui.pjsip.checks.files`.  No Textual, no tomlkit."""

from __future__ import annotations

import os


def read_profiles(path: str) -> set[str] | None:
    """Profile names of a phoneprov.conf (every section but [general]); None if unreadable."""
    from pjtui.conf import parse
    from pjtui.conf.loader import LoadError, read_config_bytes

    try:
        doc = parse(read_config_bytes(path), path)
    except LoadError:
        return None
    return {s.name for s in doc.sections if not s.template and s.name.lower() != "general"}


def beside(path: str, kind: str) -> str | None:
    """The partner file Asterisk reads with ``path``: pjsip.conf for a wizard file and
    pjsip_wizard.conf for a pjsip.conf, in the same directory, when it exists."""
    name = "pjsip.conf" if kind == "wizard" else "pjsip_wizard.conf"
    other = os.path.join(os.path.dirname(os.path.abspath(path)), name)
    if os.path.isfile(other) and os.path.abspath(other) != os.path.abspath(path):
        return other
    return None


def load_partner(path: str, kind: str, given: str | None = None, confdir: str | None = None):
    """The partner Config of ``path`` (``given``, else the one :func:`beside` it), or None.
    Raises LoadError when ``given`` can't be read; an unreadable one found beside is skipped."""
    from pjtui.conf.loader import LoadError, load

    partner = given or beside(path, kind)
    if not partner:
        return None
    try:
        return load(partner, confdir)
    except LoadError:
        if partner == given:
            raise
        return None
