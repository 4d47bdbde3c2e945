"""The PJSIP parameter catalogue: every object type, every parameter, how Asterisk parses it.

Data comes from ``pjtui/data/pjsip-params.json`` (a copy of
``shared/data/pjsip-params.json``, refreshed by ``scripts/regen-catalogue``).  The JSON is
read on first use only (about 2 ms), so importing this module costs nothing.

    from pjtui.pjsip.catalogue import catalogue
    cat = catalogue()
    p = cat.param("endpoint", "Direct_Media")      # names are case-insensitive
    p.kind, p.default, p.enum, p.accumulates, p.references, p.synopsis
    p.validate("maybe")   -> [ValueIssue("warning", "'maybe' is not a boolean ...")]
    cat.suggest("endpoint", "dirct_media")          -> ["direct_media"]
    cat.wizard_option("endpoint/context")          -> WizardOption(prefix="endpoint", ...)
    doc_text("endpoint", "direct_media", "/var/lib/asterisk/documentation")

Value validation follows main/config_options.c and main/config.c ``ast_parse_arg`` as
described in ``shared/spec/pjsip-objects.md`` §1: booleans never fail (anything but the
true words is silently false), integers use C ``strtoul``/``strtol`` base 0 (hex, octal),
enums are case-insensitive, lists are comma separated with empty items skipped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "pjsip-params.json"
DEFAULT_DOCS_DIR = "/var/lib/asterisk/documentation"

#: Object types pjtui handles (the seed's list), in the order the UI shows them.
OBJECT_TYPES = (
    "endpoint", "aor", "auth", "identify", "registration", "transport", "domain_alias",
    "acl", "global", "system", "phoneprov", "resource_list", "contact", "wizard",
)

#: Wizard pass-through prefixes (case-sensitive in Asterisk) and the type they feed.
WIZARD_PREFIXES = {
    "endpoint": "endpoint",
    "aor": "aor",
    "inbound_auth": "auth",
    "outbound_auth": "auth",
    "identify": "identify",
    "registration": "registration",
    "phoneprov": "phoneprov",
}

TRUE_WORDS = frozenset(("yes", "true", "y", "t", "1", "on"))
FALSE_WORDS = frozenset(("no", "false", "n", "f", "0", "off"))


def is_true(value: str) -> bool:
    """Asterisk's ``ast_true``: yes/true/y/t/1/on in any case; everything else is false."""
    return value.strip().lower() in TRUE_WORDS


def is_false(value: str) -> bool:
    """Asterisk's ``ast_false`` (explicitly false words)."""
    return value.strip().lower() in FALSE_WORDS


# Format names known to Asterisk's core (main/codec_builtin.c, format cache).
CODEC_NAMES = frozenset("""
    ulaw alaw gsm g723 g726 g726aal2 adpcm lpc10 g729 speex speex16 speex32 ilbc g722
    siren7 siren14 g719 opus testlaw codec2 silk silk8 silk12 silk16 silk24
    slin slin12 slin16 slin24 slin32 slin44 slin48 slin96 slin192
    h261 h263 h263p h264 h265 mpeg4 vp8 vp9 jpeg png red t140 t140red t38 none
""".split())

# DiffServ names accepted by ast_str2tos (main/acl.c dscp_pool1).
TOS_NAMES = frozenset("""
    cs0 cs1 cs2 cs3 cs4 cs5 cs6 cs7 af11 af12 af13 af21 af22 af23 af31 af32 af33
    af41 af42 af43 ef
""".split())

# Custom-handled parameters whose handler is really ast_true/ast_false.
_CUSTOM_BOOLS = frozenset((
    "verify_server", "verify_client", "require_client_cert", "allow_wildcard_certs",
    "dtls_auto_generate_cert",
))
_CUSTOM_UINTS = frozenset(("dtls_rekey",))
_ACL_PARAMS = frozenset(("permit", "deny", "contact_permit", "contact_deny"))

_INT_RE = re.compile(r"[+-]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)\Z")
_FLOAT_RE = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\Z")


@dataclass(frozen=True, slots=True)
class ValueIssue:
    """A problem with one value: severity is ``error`` (object rejected) or ``warning``."""

    severity: str
    message: str


@dataclass(frozen=True, slots=True)
class Reference:
    """What a parameter's value names: a pjsip object type, or something outside pjsip."""

    object: str | None = None      # pjsip object type, e.g. "aor"
    external: str | None = None    # e.g. "dialplan context"


@dataclass(slots=True, eq=False)
class Param:
    type: str                       # object type it belongs to
    name: str                       # spelling from the catalogue (lower case)
    kind: str
    default: str | None
    synopsis: str
    enum: tuple[str, ...] = ()
    separator: str | None = None    # list separator when the value is a list
    accumulates: bool | None = None  # repeated lines add up (True) or replace (False)
    references: tuple[Reference, ...] = ()
    range: tuple[int, int] | None = None
    registered: bool = True
    passes_to: str | None = None    # wizard pass-through prefixes: target type
    doc_default: str | None = None
    since: tuple[str, ...] = ()
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def is_list(self) -> bool:
        return self.separator is not None

    @property
    def object_refs(self) -> tuple[str, ...]:
        return tuple(r.object for r in self.references if r.object)

    @property
    def external_refs(self) -> tuple[str, ...]:
        return tuple(r.external for r in self.references if r.external)

    @property
    def checks_values(self) -> bool:
        """False when :meth:`validate` accepts every value (plain strings, patterns...)."""
        kind = self.kind
        if kind in ("bool", "uint", "int", "double", "enum", "codec_list"):
            return True
        if kind == "list":
            return bool(self.enum) or self.name in _ACL_PARAMS
        if kind == "custom":
            return self.name in _CUSTOM_BOOLS or self.name in _CUSTOM_UINTS or \
                self.name in ("tos", "tos_audio", "tos_video") or (self.name == "bind" and self.type == "transport")
        return False

    @property
    def help(self) -> str:
        """One short line: synopsis, default and allowed values."""
        parts = [self.synopsis.rstrip(".") + "." if self.synopsis else self.name]
        if self.default not in (None, ""):
            parts.append(f"Default: {self.default}.")
        if self.enum:
            parts.append("Values: " + ", ".join(self.enum) + ".")
        if self.range:
            parts.append(f"Range: {self.range[0]}-{self.range[1]}.")
        return " ".join(parts)

    def validate(self, value: str) -> list[ValueIssue]:
        """Issues with ``value`` as Asterisk would parse it (cached per value)."""
        try:
            return self._cache[value]
        except KeyError:
            pass
        issues = _validate(self, value)
        if len(self._cache) < 4096:
            self._cache[value] = issues
        return issues


@dataclass(slots=True)
class ObjectType:
    name: str
    params: dict[str, Param]        # keyed by lower-case name
    config_file: str
    accepts_any_param: bool
    reload: bool
    single_object: bool
    regex_params: tuple[str, ...] = ()
    note: str = ""
    extra: bool = False

    def param(self, name: str) -> Param | None:
        return self.params.get(name.lower())

    def accepts(self, name: str) -> bool:
        """Would Asterisk accept an option of this name for this type?"""
        low = name.lower()
        if low in self.params or name.startswith("@") or self.accepts_any_param:
            return True
        return any(re.match(rx, name) for rx in self.regex_params)


@dataclass(frozen=True, slots=True)
class WizardOption:
    """How the wizard reads one option name: a wizard option, a pass-through, or unknown."""

    name: str
    prefix: str | None        # "endpoint", "inbound_auth", ... for pass-through names
    target_type: str | None   # object type a pass-through feeds
    param: Param | None       # wizard option, or the target type's parameter
    suffix: str = ""          # the name after the prefix


class Catalogue:
    def __init__(self, data: dict):
        self.source = data.get("source", {})
        self.types: dict[str, ObjectType] = {}
        for tname, tdata in data["object_types"].items():
            params: dict[str, Param] = {}
            for pname, p in tdata.get("params", {}).items():
                lst = p.get("list") or {}
                rng = p.get("range")
                params[pname.lower()] = Param(
                    type=tname,
                    name=pname,
                    kind=p.get("kind", "string"),
                    default=p.get("default"),
                    synopsis=p.get("synopsis") or "",
                    enum=tuple(p.get("enum") or ()),
                    separator=lst.get("separator") if lst else None,
                    accumulates=lst.get("accumulates") if lst else None,
                    references=tuple(Reference(r.get("object"), r.get("external"))
                                     for r in p.get("references") or ()),
                    range=_range(rng),
                    registered=p.get("registered", True),
                    passes_to=p.get("passes_to"),
                    doc_default=p.get("doc_default"),
                    since=tuple(p.get("since") or ()),
                )
            storage = tdata.get("storage") or {}
            self.types[tname] = ObjectType(
                name=tname,
                params=params,
                config_file=tdata.get("config_file", "pjsip.conf"),
                accepts_any_param=bool(tdata.get("accepts_any_param")),
                reload=bool(tdata.get("reload", True)),
                single_object=storage.get("single_object") == "yes",
                regex_params=tuple(tdata.get("regex_params") or ()),
                note=tdata.get("note", ""),
                extra=bool(tdata.get("extra")),
            )
        self._names_cache: dict[str, list[str]] = {}

    # -- lookups -----------------------------------------------------------------------
    def type(self, name: str) -> ObjectType | None:
        return self.types.get(name)

    def param(self, type_name: str, name: str) -> Param | None:
        t = self.types.get(type_name)
        return t.params.get(name.lower()) if t else None

    def param_names(self, type_name: str) -> list[str]:
        names = self._names_cache.get(type_name)
        if names is None:
            t = self.types.get(type_name)
            names = sorted(p.name for p in t.params.values() if "*" not in p.name) if t else []
            self._names_cache[type_name] = names
        return names

    def suggest(self, type_name: str, name: str, n: int = 3) -> list[str]:
        """Close spellings of ``name`` among the parameters of ``type_name``."""
        import difflib

        candidates = self.param_names(type_name)
        if type_name == "wizard":
            candidates = candidates + [p + "/" for p in WIZARD_PREFIXES]
        low = name.lower()
        hits = difflib.get_close_matches(low, candidates, n=n, cutoff=0.75)
        if not hits:
            hits = [c for c in candidates if len(low) >= 4 and (c.startswith(low) or low.startswith(c))][:n]
        return hits

    def wizard_option(self, name: str) -> WizardOption:
        """Classify a wizard variable name exactly as res_pjsip_config_wizard reads it."""
        slash = name.find("/")
        if slash > 0:
            prefix = name[:slash]
            target = WIZARD_PREFIXES.get(prefix)   # case-sensitive, like Asterisk
            if target is not None:
                suffix = name[slash + 1:]
                return WizardOption(name, prefix, target, self.param(target, suffix) if suffix else None, suffix)
            return WizardOption(name, None, None, None, name[slash + 1:])
        return WizardOption(name, None, None, self.param("wizard", name))


def _range(rng) -> tuple[int, int] | None:
    if not rng:
        return None
    lo, hi = rng
    try:
        lo = int(lo)
    except (TypeError, ValueError):
        lo = -(2 ** 31)
    try:
        hi = int(hi)
    except (TypeError, ValueError):
        hi = 2 ** 31 - 1
    return (lo, hi)


@lru_cache(maxsize=None)
def catalogue(path: str | None = None) -> Catalogue:
    """The catalogue (loaded once).  ``path`` overrides the packaged JSON (tests)."""
    with open(path or DATA_FILE, "rb") as fh:
        return Catalogue(json.load(fh))


# -- value validation ------------------------------------------------------------------

def parse_c_int(text: str) -> int | None:
    """C ``strtol`` with base 0 on a whole string; None when it does not parse fully."""
    if not _INT_RE.match(text):
        return None
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    if body[:2] in ("0x", "0X"):
        return sign * int(body[2:], 16)
    if len(body) > 1 and body[0] == "0":
        return sign * int(body[1:], 8)
    return sign * int(body)


def _int_issues(p: Param, value: str, unsigned: bool) -> list[ValueIssue]:
    v = value.strip()
    what = "a non-negative integer" if unsigned else "an integer"
    if v == "":
        return [ValueIssue("error", f"{p.name} is empty; it needs {what}")]
    n = parse_c_int(v)
    if n is None:
        if re.fullmatch(r"[+-]?0[0-7]*[89][0-9]*", v):
            return [ValueIssue("error", f"'{v}' starts with 0, so Asterisk reads it as octal, where 8 and 9 are not digits")]
        return [ValueIssue("error", f"'{v}' is not {what}")]
    if unsigned and v.startswith("-"):
        return [ValueIssue("error", f"'{v}' is negative; {p.name} needs {what}")]
    lo, hi = p.range or ((0, 2 ** 32 - 1) if unsigned else (-(2 ** 31), 2 ** 31 - 1))
    if not lo <= n <= hi:
        return [ValueIssue("error", f"{n} is out of range {lo}-{hi}")]
    body = v.lstrip("+-")
    if len(body) > 1 and body[0] == "0" and body[1] not in "xX" and n != int(body):
        return [ValueIssue("warning", f"'{v}' has a leading 0, so Asterisk reads it as octal: {n}, not {int(body)}")]
    return []


def _enum_ok(p: Param, item: str) -> bool:
    low = item.lower()
    allowed = p.enum
    if any(low == e.lower() for e in allowed):
        return True
    # enum handlers that also take the boolean words (100rel = on, timers = false)
    if "yes" in allowed and low in TRUE_WORDS:
        return True
    if "no" in allowed and low in FALSE_WORDS:
        return True
    return False


def _enum_message(p: Param, item: str) -> str:
    import difflib

    hint = difflib.get_close_matches(item.lower(), [e.lower() for e in p.enum], n=1, cutoff=0.6)
    extra = f" (did you mean '{hint[0]}'?)" if hint else ""
    return f"'{item}' is not a valid {p.name}{extra}; allowed: {', '.join(p.enum)}"


def split_list(value: str, separator: str = ",") -> list[str]:
    """Items of a list value the way Asterisk reads them: trimmed, empty items skipped."""
    return [s for s in (x.strip() for x in value.split(separator)) if s]


def _validate_acl_item(item: str) -> bool:
    import ipaddress

    text = item.strip()
    if text.startswith("!"):
        text = text[1:].strip()
    try:
        if "/" in text:
            addr, mask = text.split("/", 1)
            ipaddress.ip_address(addr.strip())
            mask = mask.strip()
            if mask.isdigit():
                ipaddress.ip_network(f"{addr.strip()}/{mask}", strict=False)
            else:
                ipaddress.ip_address(mask)
        else:
            ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def parse_host_port(text: str) -> tuple[str, int | None] | None:
    """Split ``host[:port]`` / ``[v6]:port`` / bare IPv6; None when malformed."""
    t = text.strip()
    if not t:
        return None
    if t.startswith("["):
        end = t.find("]")
        if end < 0:
            return None
        host, rest = t[1:end], t[end + 1:]
        if rest and not (rest.startswith(":") and rest[1:].isdigit()):
            return None
        return host, int(rest[1:]) if rest else None
    if t.count(":") > 1:                 # bare IPv6 address
        return t, None
    if ":" in t:
        host, port = t.rsplit(":", 1)
        if not port.isdigit():
            return None
        return host, int(port)
    return t, None


_IP_LITERAL: dict[str, bool] = {}


def is_ip_literal(host: str) -> bool:
    got = _IP_LITERAL.get(host)
    if got is None:
        import ipaddress

        try:
            ipaddress.ip_address(host)
            got = True
        except ValueError:
            got = False
        if len(_IP_LITERAL) < 65536:    # the same hosts recur over thousands of trunks
            _IP_LITERAL[host] = got
    return got


def _validate_bind(value: str) -> list[ValueIssue]:
    hp = parse_host_port(value)
    if hp is None or not hp[0]:
        return [ValueIssue("error", f"'{value}' is not an address[:port] to bind to")]
    host, port = hp
    if not is_ip_literal(host):
        return [ValueIssue("error", f"bind needs an IP address, not the host name '{host}'")]
    if port is not None and port > 65535:
        return [ValueIssue("error", f"port {port} is out of range 0-65535")]
    return []


def _validate(p: Param, value: str) -> list[ValueIssue]:
    kind = p.kind
    name = p.name
    if kind == "custom":
        if name in _CUSTOM_BOOLS:
            kind = "bool"
        elif name in _CUSTOM_UINTS:
            kind = "uint"
        elif name in ("tos", "tos_audio", "tos_video"):
            v = value.strip()
            if v.lower() in TOS_NAMES or re.fullmatch(r"(0[xX][0-9a-fA-F]+|\d+)", v):
                return []
            return [ValueIssue("error", f"'{value}' is not a ToS value: use a number or a DiffServ name (ef, af41, cs3...)")]
        elif name == "bind" and p.type == "transport":
            return _validate_bind(value)
        else:
            return []
    if kind == "bool":
        low = value.strip().lower()
        if low in TRUE_WORDS or low in FALSE_WORDS:
            return []
        shown = value if value else "(empty)"
        return [ValueIssue("warning", f"'{shown}' is not a boolean word, so Asterisk reads it as 'no'; "
                                      "write yes or no")]
    if kind == "uint":
        return _int_issues(p, value, unsigned=True)
    if kind == "int":
        return _int_issues(p, value, unsigned=False)
    if kind == "double":
        v = value.strip()
        if not _FLOAT_RE.match(v):
            return [ValueIssue("error", f"'{value}' is not a number")]
        return []
    if kind == "enum":
        v = value.strip()
        if v == "" and p.default in ("", None):
            return []
        if _enum_ok(p, v):
            return []
        return [ValueIssue("error", _enum_message(p, v))]
    if kind == "list":
        items = split_list(value, p.separator or ",")
        if p.enum:
            return [ValueIssue("error", _enum_message(p, it)) for it in items if not _enum_ok(p, it)]
        if name in _ACL_PARAMS:
            return [ValueIssue("error", f"'{it}' is not an address or network (ADDR[/MASK]) in {name}")
                    for it in items if not _validate_acl_item(it)]
        return []
    if kind == "codec_list":
        import difflib

        issues = []
        v = value.strip()
        if len(v) >= 2 and v[0] == "(" and v[-1] == ")":
            v = v[1:-1]         # the "(ulaw|alaw)" form Asterisk prints is accepted back
        for raw in re.split(r"[,|]", v):
            item = raw.strip()
            if not item:
                continue
            if item.startswith("!"):
                item = item[1:].strip()
            base = item.split(":", 1)[0].strip().lower()
            if base == "all" or base in CODEC_NAMES:
                continue
            hint = difflib.get_close_matches(base, sorted(CODEC_NAMES), n=1, cutoff=0.6)
            extra = f" (did you mean '{hint[0]}'?)" if hint else ""
            issues.append(ValueIssue("error", f"unknown codec '{item}'{extra}"))
        return issues
    return []


# -- Asterisk XML documentation ----------------------------------------------------------

_DOC_INDEX: dict[str, dict[tuple[str, str], str]] = {}


def _element_text(elem) -> str:
    """Readable text of an XML doc element: paragraphs separated, enums as bullets."""
    out: list[str] = []

    def walk(e, indent: str = "") -> None:
        tag = e.tag
        if tag in ("para", "note", "warning"):
            text = " ".join("".join(e.itertext()).split())
            if text:
                prefix = {"note": "Note: ", "warning": "Warning: "}.get(tag, "")
                out.append(indent + prefix + text)
            return
        if tag == "enum":
            name = e.get("name", "")
            desc = " ".join(" ".join(p.itertext()) for p in e.findall("para")).split()
            out.append(f"{indent}- {name}: {' '.join(desc)}".rstrip(": ") if desc else f"{indent}- {name}")
            for sub in e:
                if sub.tag != "para":
                    walk(sub, indent + "  ")
            return
        if tag in ("since", "see-also"):
            return
        for sub in e:
            walk(sub, indent)

    walk(elem)
    return "\n".join(out)


def _load_docs(docs_dir: str) -> dict[tuple[str, str], str]:
    index = _DOC_INDEX.get(docs_dir)
    if index is not None:
        return index
    import xml.etree.ElementTree as ET

    index = {}
    for path in sorted(Path(docs_dir).glob("*.xml")):
        try:
            root = ET.parse(path).getroot()
        except (ET.ParseError, OSError):
            continue
        for obj in root.iter("configObject"):
            tname = obj.get("name", "")
            if not tname:
                continue
            desc = obj.find("description")
            if desc is not None and (tname, "") not in index:
                index[(tname, "")] = _element_text(desc)
            for opt in obj.findall("configOption"):
                oname = (opt.get("name") or "").lower()
                if not oname or (tname, oname) in index:
                    continue
                parts = []
                syn = opt.find("synopsis")
                if syn is not None and syn.text:
                    parts.append(" ".join("".join(syn.itertext()).split()))
                d = opt.find("description")
                if d is not None:
                    body = _element_text(d)
                    if body:
                        parts.append(body)
                index[(tname, oname)] = "\n\n".join(parts)
    _DOC_INDEX[docs_dir] = index
    return index


def doc_text(type_name: str, param: str = "", docs_dir: str | None = DEFAULT_DOCS_DIR) -> str | None:
    """Full description from Asterisk's XML docs in ``docs_dir``, or None when absent.

    ``param`` empty gives the object type's own description.  Wizard pass-through names
    (``endpoint/context``) fall back to the target type's parameter.  The directory is
    parsed once per process, on first call.
    """
    if not docs_dir or not Path(docs_dir).is_dir():
        return None
    index = _load_docs(docs_dir)
    key = (type_name, param.lower())
    if key in index:
        return index[key] or None
    if type_name == "wizard" and "/" in param:
        prefix, suffix = param.split("/", 1)
        target = WIZARD_PREFIXES.get(prefix)
        if target:
            return index.get((target, suffix.lower())) or index.get(("wizard", prefix.lower() + "/*")) or None
    return None
