"""Reading what Asterisk's CLI prints: ``core show version`` and ``pjsip show …``.

The layouts are those of Asterisk's CLI formatters (res/res_pjsip/pjsip_cli.c
``ast_sip_cli_traverse_objects``; ``cli_endpoint_print_body`` in pjsip_configuration.c,
``cli_aor_print_body``/``cli_contact_print_body`` in location.c, ``cli_print_body`` in
config_auth.c, config_transport.c and res_pjsip_endpoint_identifier_ip.c): a header block,
a line of 90 ``=``, then one line per object, ``<Title>:  <fields>``, the title
right-aligned so that nested objects are indented two more columns.  Fixed-width fields
are cut by Asterisk (an endpoint name after 51 characters at the top level), so the
parsers read them from the right, where the fields have known words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: ast_sip_get_contact_short_status_label (pjsip_options.c) -> pjtui's words.
CONTACT_STATUS = {"Avail": "available", "Unavail": "unavailable", "Unknown": "unknown",
                  "NonQual": "not qualified", "Removed": "removed"}
#: devstatestring (main/devicestate.c), what ``pjsip show endpoints`` prints as <State>.
DEVICE_STATES = ("Unknown", "Not in use", "In use", "Busy", "Invalid", "Unavailable", "Ringing",
                 "Ring+Inuse", "On Hold")

_SEPARATOR = "=" * 90
_VERSION = re.compile(r"^Asterisk (?P<version>\S+) built by ", re.MULTILINE)
_UPTIME = re.compile(r"^System uptime: (?P<seconds>\d+)$", re.MULTILINE)
_ENDPOINT = re.compile(r"^(?P<label>.+?)\s+(?P<state>" + "|".join(re.escape(s) for s in DEVICE_STATES)
                       + r")\s+(?P<channels>\d+) of (?P<busy_at>\S+)$")
_CONTACT = re.compile(r"^(?P<aor_uri>.+?)\s+(?P<hash>[0-9a-f]{1,10})\s+(?P<status>"
                      + "|".join(CONTACT_STATUS) + r")\s+(?P<rtt>\S+)$")
_AOR = re.compile(r"^(?P<name>.+?)\s+(?P<max_contacts>\d+)$")
_TRANSPORT = re.compile(r"^(?P<name>\S+)\s+(?P<protocol>\S+)\s+(?P<cos>\d+)\s+(?P<tos>\d+)\s+(?P<bind>\S+)$")


class ShowError(ValueError):
    """Output in a layout pjtui does not know; ``str()`` names the line."""


@dataclass
class Contact:
    aor: str
    uri: str
    hash: str
    status: str              # Asterisk's short label: Avail, Unavail, NonQual, Unknown, Removed
    rtt_ms: float | None     # None when Asterisk printed nan (not qualified / not available)

    @property
    def status_text(self) -> str:
        return CONTACT_STATUS.get(self.status, self.status)

    def to_dict(self) -> dict:
        return {"aor": self.aor, "uri": self.uri, "status": self.status_text, "rtt_ms": self.rtt_ms}


@dataclass
class Aor:
    name: str
    max_contacts: int
    contacts: list[Contact] = field(default_factory=list)


@dataclass
class Endpoint:
    label: str               # the id, or id/callerid-number; cut after 51 characters
    state: str               # device state: Not in use, Unavailable, In use, ...
    channels: int
    aors: list[Aor] = field(default_factory=list)
    auths: list[tuple[str, str, str]] = field(default_factory=list)    # (In|Out, auth id, username)
    identifies: list[str] = field(default_factory=list)

    @property
    def contacts(self) -> list[Contact]:
        return [c for a in self.aors for c in a.contacts]

    def is_named(self, name: str) -> bool:
        """Whether this row is endpoint ``name`` (the label may add /number or be cut)."""
        label = self.label
        if label == name or label.startswith(name + "/"):
            return True
        return len(label) >= 51 and name.startswith(label)


@dataclass
class Transport:
    name: str
    protocol: str
    bind: str


def parse_version(text: str) -> str:
    """``GIT-master-f0c1c1a7b7`` / ``22.5.0`` from ``core show version``."""
    m = _VERSION.search(text)
    if not m:
        raise ShowError(f"core show version: unexpected output {text.strip()[:80]!r}")
    return m.group("version")


def parse_uptime(text: str) -> int:
    """Seconds from ``core show uptime seconds``."""
    m = _UPTIME.search(text)
    if not m:
        raise ShowError(f"core show uptime seconds: unexpected output {text.strip()[:80]!r}")
    return int(m.group("seconds"))


def _body(text: str, command: str) -> list[tuple[int, str, str, int]]:
    """(indent, title, fields, line number) of each object line after the separator."""
    lines = text.splitlines()
    if any(line.strip() == "No objects found." for line in lines[:3]):
        return []
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == _SEPARATOR)
    except StopIteration:
        raise ShowError(f"{command}: no '=====' line after the header; is this Asterisk's output?") from None
    out = []
    for number, line in enumerate(lines[start + 1:], start + 2):
        if not line.strip() or line.startswith("Objects found:"):
            continue
        colon = line.find(":")
        if colon < 0:
            raise ShowError(f"{command}: line {number}: no 'Title:' in {line!r}")
        # Titles are right-aligned in their column; fields follow ':' and one or two blanks.
        out.append((colon, line[:colon].strip(), line[colon + 1:].strip(), number))
    return out


def _contact(fields: str, aor: str | None, command: str, number: int) -> Contact:
    m = _CONTACT.match(fields)
    if not m:
        raise ShowError(f"{command}: line {number}: not a contact line: {fields!r}")
    aor_uri = m.group("aor_uri")
    if aor is not None and aor_uri.startswith(aor + "/"):
        name, uri = aor, aor_uri[len(aor) + 1:]
    else:
        split = re.match(r"(?P<aor>.*?)/(?P<uri>(?:sips?|tel):.*)$", aor_uri) or re.match(
            r"(?P<aor>[^/]*)/(?P<uri>.*)$", aor_uri)
        if not split:
            raise ShowError(f"{command}: line {number}: no aor/uri in {aor_uri!r}")
        name, uri = split.group("aor"), split.group("uri")
    rtt = m.group("rtt")
    try:
        rtt_ms = float(rtt)
    except ValueError:
        rtt_ms = None
    if rtt_ms is not None and rtt_ms != rtt_ms:      # nan
        rtt_ms = None
    return Contact(name, uri, m.group("hash"), m.group("status"), rtt_ms)


def _aor(fields: str, command: str, number: int) -> Aor:
    m = _AOR.match(fields)
    if not m:
        raise ShowError(f"{command}: line {number}: not an aor line: {fields!r}")
    return Aor(m.group("name"), int(m.group("max_contacts")))


def parse_contacts(text: str) -> list[Contact]:
    """``pjsip show contacts``."""
    command = "pjsip show contacts"
    return [_contact(f, None, command, n) for _i, title, f, n in _body(text, command) if title == "Contact"]


def parse_aors(text: str) -> list[Aor]:
    """``pjsip show aors``: each aor with the contacts listed under it."""
    command = "pjsip show aors"
    out: list[Aor] = []
    for _indent, title, fields, number in _body(text, command):
        if title == "Aor":
            out.append(_aor(fields, command, number))
        elif title == "Contact" and out:
            out[-1].contacts.append(_contact(fields, out[-1].name, command, number))
    return out


def parse_endpoints(text: str) -> list[Endpoint]:
    """``pjsip show endpoints``: each endpoint with its auths, aors (and their contacts)
    and identifies, as nested below it."""
    command = "pjsip show endpoints"
    out: list[Endpoint] = []
    for _indent, title, fields, number in _body(text, command):
        if title == "Endpoint":
            m = _ENDPOINT.match(fields)
            if not m:
                raise ShowError(f"{command}: line {number}: not an endpoint line: {fields!r}")
            out.append(Endpoint(m.group("label"), m.group("state"), int(m.group("channels"))))
            continue
        if not out:
            raise ShowError(f"{command}: line {number}: a {title} line before any endpoint")
        ep = out[-1]
        if title in ("InAuth", "OutAuth"):
            auth, _, user = fields.partition("/")
            ep.auths.append((title[:-4], auth, user))
        elif title == "Aor":
            ep.aors.append(_aor(fields, command, number))
        elif title == "Contact" and ep.aors:
            ep.aors[-1].contacts.append(_contact(fields, ep.aors[-1].name, command, number))
        elif title == "Identify":
            ep.identifies.append(fields.rpartition("/")[0] or fields)
        # Transport, Match, Header, Channel, Exten lines: not live state pjtui shows
    return out


def parse_transports(text: str) -> list[Transport]:
    """``pjsip show transports``: name, protocol and the address the socket is bound to."""
    command = "pjsip show transports"
    out = []
    for _indent, title, fields, number in _body(text, command):
        if title != "Transport":
            continue
        m = _TRANSPORT.match(fields)
        if not m:
            raise ShowError(f"{command}: line {number}: not a transport line: {fields!r}")
        out.append(Transport(m.group("name"), m.group("protocol"), m.group("bind")))
    return out
