"""Asterisk's ``pjsip export config_wizard primitives`` format, and comparing it with a prediction.

One reader for the export layout (``[name]``, ``type = <type>``, ``key = value``; the
``;!`` header lines a file export starts with are skipped), used by the golden tests on
../shared/golden/*/export.conf and by ``pjtui apply``/``status`` on a live export.

The comparison follows ../shared/golden/README.md: a prediction is printed the way the
export prints values (:func:`predicted_export`), both sides go through the same default
filter (:func:`filtered`, defaults in ``pjtui/data/export-defaults``, a copy of
../shared/golden/defaults), and values compare after Asterisk's normalisations
(:func:`norm_value`).  :func:`compare` says which objects are missing, extra or differ.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pjtui.pjsip.catalogue import catalogue, is_true, parse_c_int
from pjtui.pjsip.wizard.exported import DERIVED, export_lines
from pjtui.pjsip.wizard.values import _split_callerid   # ast_callerid_split, kept in one place

DEFAULTS_DIR = Path(__file__).resolve().parents[1] / "data" / "export-defaults"
#: Compared exactly, never normalised (references and URIs).
EXACT = frozenset({"aors", "auth", "outbound_auth", "endpoint", "transport", "contact", "server_uri",
                   "client_uri", "outbound_proxy"})
DSCP = {"cs0": 0, "cs1": 8, "cs2": 16, "cs3": 24, "cs4": 32, "cs5": 40, "cs6": 48, "cs7": 56, "af11": 10,
        "af12": 12, "af13": 14, "af21": 18, "af22": 20, "af23": 22, "af31": 26, "af32": 28, "af33": 30,
        "af41": 34, "af42": 36, "af43": 38, "ef": 46}


@dataclass
class ExportObject:
    type: str | None
    name: str
    pairs: list[tuple[str, str]] = field(default_factory=list)

    def __iter__(self):            # (type, name, pairs), as the golden tests unpack it
        return iter((self.type, self.name, self.pairs))


class ExportError(ValueError):
    """An export text that is not in the export layout; ``str()`` names the line."""


def read_export(text: str, name: str = "export") -> list[ExportObject]:
    """Objects of an export-layout text, in file order."""
    out: list[ExportObject] = []
    cur: ExportObject | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith(";"):
            continue
        if line.startswith("["):
            end = line.find("]")
            if end < 0:
                raise ExportError(f"{name}:{number}: a section header without ']': {line!r}")
            cur = ExportObject(None, line[1:end])
            out.append(cur)
            continue
        if cur is None or " = " not in line:
            raise ExportError(f"{name}:{number}: expected 'key = value' inside a [section], got {line!r}")
        key, _, value = line.partition(" = ")
        if key == "type" and cur.type is None:
            cur.type = value
        else:
            cur.pairs.append((key, value))
    return out


def read_objects(path: Path | str) -> list[ExportObject]:
    """:func:`read_export` of a file (expected.conf, export.conf)."""
    p = Path(path)
    return read_export(p.read_text(), str(p))


@lru_cache(maxsize=4)
def read_defaults(folder: Path | str = DEFAULTS_DIR) -> dict[str, list[tuple[str, str]]]:
    """type -> the (key, value) lines one default object of that type exports."""
    out = {}
    for f in sorted(Path(folder).glob("*.conf")):
        pairs = []
        for line in f.read_text().splitlines():
            if line.startswith(";") or not line.strip():
                continue
            key, _, value = line.partition(" = ")
            pairs.append((key, value))
        out[f.stem] = pairs
    return out


# ------------------------------------------------------------------ the prediction as an export
def codec_list(ops: list[tuple[str, str]]) -> list[str]:
    """allow/disallow lines applied in order -> codec names (Asterisk's cap update)."""
    caps: list[str] = []
    for key, value in ops:
        for raw in value.split(","):
            item = raw.strip().lower()
            if not item:
                continue
            allowing = key == "allow"
            if item.startswith("!"):
                allowing = not allowing
                item = item[1:].strip()
            if item == "all":
                if not allowing:
                    caps = []
                continue
            if allowing:
                if item not in caps:
                    caps.append(item)
            elif item in caps:
                caps.remove(item)
    return caps


def predicted_export(obj) -> list[tuple[str, str]]:
    """A predicted wizard object as (key, value) lines like the export prints them (values raw)."""
    out: list[tuple[str, str]] = []
    params = obj.all_params()
    if obj.type == "phoneprov":
        return [(p.key, p.value) for p in params]
    fields = obj.fields()
    for key, value in fields.items():
        if key in ("allow", "disallow", "type"):
            continue
        if key == "set_var" and obj.type == "endpoint":
            # set_var_to_vl: the export lists the channel variables themselves, NAME = value
            out.extend(tuple(v.split("=", 1)) for v in value)
            continue
        if isinstance(value, list):
            items = []
            for v in value:
                items.extend(x.strip() for x in v.split(",") if x.strip())
            if key == "contact":
                items = list(dict.fromkeys(items))
            out.extend((key, x) for x in items)
        elif value != "":
            out.append((key, value))
    if obj.type == "endpoint":
        ops = [(p.key.lower(), p.value) for p in params if p.key.lower() in ("allow", "disallow")]
        codecs = codec_list(ops)
        out.append(("allow", "(" + "|".join(codecs) + ")" if codecs else "(nothing)"))
    # what Asterisk derives (password_digest from md5_cred), as pjtui expand prints it
    out.extend((line.key, line.value) for line in export_lines(obj) if line.state == DERIVED)
    return out


def norm_value(type_: str, key: str, value: str, hosts: dict) -> object:
    """A value as Asterisk means it (README's normalisation table); ``hosts`` resolves names
    in identify matches (name -> addresses); an unknown name stays as written."""
    if key.startswith("@") or key in EXACT or type_ == "phoneprov":
        return value
    if key == "match":
        addr, _, mask = value.partition("/")
        if addr.count(":") == 1:
            host, port = addr.split(":")
        else:
            host, port = addr, None
        try:
            ipaddress.ip_address(host)
            addrs = [host]
        except ValueError:
            addrs = hosts.get(host.lower(), [host])
        if mask == "":
            mask = "255.255.255.255"
        elif mask.isdigit():
            mask = str(ipaddress.ip_network(f"0.0.0.0/{mask}").netmask)
        return tuple((a, port, mask) for a in addrs)
    if key == "allow":
        return tuple(value.strip("()").split("|")) if value != "(nothing)" else ()
    if key == "callerid":
        return _split_callerid(value) if value != "<unknown>" else ("", "")
    if key in ("tos_audio", "tos_video", "tos"):
        v = value.strip().lower()
        return DSCP[v] << 2 if v in DSCP else parse_c_int(v)
    p = catalogue().param(type_, key)
    kind = p.kind if p else "string"
    if kind == "bool" or value in ("true", "false") and kind == "custom":
        return is_true(value)
    if kind in ("uint", "int"):
        return parse_c_int(value.strip())
    if kind == "double":
        return float(value)
    if kind == "enum":
        return value.strip().lower()
    return value


def filtered(type_: str, pairs: list[tuple[str, str]], defaults: dict, hosts: dict) -> dict:
    """Group by key, normalise, drop keys equal (as multisets) to the defaults'."""
    groups: dict[str, list] = {}
    for key, value in pairs:
        nv = norm_value(type_, key, value, hosts)
        if key == "match":
            groups.setdefault(key, []).extend(nv)
        else:
            groups.setdefault(key, []).append(nv)
    dgroups: dict[str, list] = {}
    for key, value in defaults.get(type_, []):
        dgroups.setdefault(key, []).append(norm_value(type_, key, value, hosts))
    out = {}
    for key, vals in groups.items():
        if key.startswith("@") or sorted(map(repr, vals)) != sorted(map(repr, dgroups.get(key, []))):
            out[key] = sorted(map(repr, vals))
    return out


# ------------------------------------------------------------------ prediction against what is loaded
@dataclass
class Difference:
    type: str
    name: str
    key: str
    predicted: list[str]      # the export lines' values pjtui expects ([] = the default / none)
    loaded: list[str]         # what Asterisk exported ([] = the default / none)


@dataclass
class Drift:
    """What Asterisk loaded against what pjtui predicts from the files."""
    missing: list[tuple[str, str]] = field(default_factory=list)     # predicted, not loaded
    extra: list[tuple[str, str]] = field(default_factory=list)       # loaded, not predicted
    differing: list[Difference] = field(default_factory=list)
    unresolved: list[tuple[str, str, str]] = field(default_factory=list)  # (type, name, host) not compared

    @property
    def clean(self) -> bool:
        return not (self.missing or self.extra or self.differing)

    def lines(self) -> list[str]:
        from pjtui.io.secrets import MASK, is_secret_key

        out = [f"missing: {t} {n} (pjtui expects it; Asterisk did not load it)" for t, n in self.missing]
        out += [f"extra: {t} {n} (Asterisk has it loaded; the files no longer make it)" for t, n in self.extra]
        for d in self.differing:
            if is_secret_key(d.key):    # say that it differs, never what it is
                out.append(f"differs: {d.type} {d.name}: {d.key} = {MASK} in the files, another value loaded")
                continue
            out.append(f"differs: {d.type} {d.name}: {d.key} = {_show(d.predicted)} in the files, "
                       f"{_show(d.loaded)} loaded")
        out += [f"note: {t} {n}: match host {h} not compared (pjtui does not resolve host names)"
                for t, n, h in self.unresolved]
        return out

    def to_dict(self) -> dict:
        from pjtui.io.secrets import MASK, is_secret_key

        def values(d: Difference, vals: list[str]) -> list[str]:
            return [MASK for _ in vals] if is_secret_key(d.key) else vals

        return {"clean": self.clean,
                "missing": [{"type": t, "name": n} for t, n in self.missing],
                "extra": [{"type": t, "name": n} for t, n in self.extra],
                "differing": [{"type": d.type, "name": d.name, "key": d.key,
                               "predicted": values(d, d.predicted), "loaded": values(d, d.loaded)} for d in self.differing],
                "unresolved": [{"type": t, "name": n, "host": h} for t, n, h in self.unresolved]}


def _show(values: list[str]) -> str:
    if not values:
        return "(default)"
    return ", ".join(values) if len(values) > 1 else values[0]


def _raw_values(pairs: list[tuple[str, str]], key: str) -> list[str]:
    return [v for k, v in pairs if k == key]


def _names_in_matches(pairs: list[tuple[str, str]]) -> list[str]:
    names = []
    for key, value in pairs:
        if key != "match":
            continue
        host = value.partition("/")[0]
        if host.count(":") == 1:
            host = host.split(":")[0]
        try:
            ipaddress.ip_address(host)
        except ValueError:
            names.append(host)
    return names


def compare(predicted, loaded: list[ExportObject], *, defaults: dict | None = None,
            hosts: dict | None = None) -> Drift:
    """``predicted``: pjtui's wizard objects (``WizObject``); ``loaded``: the live export."""
    defaults = read_defaults() if defaults is None else defaults
    hosts = hosts or {}
    drift = Drift()
    want = {(o.type, o.name): predicted_export(o) for o in predicted}
    have = {(o.type, o.name): o.pairs for o in loaded}
    drift.missing = [k for k in want if k not in have]
    drift.extra = [k for k in have if k not in want]
    for ident, pairs in want.items():
        if ident not in have:
            continue
        type_, name = ident
        unresolved = [h for h in _names_in_matches(pairs) if h.lower() not in hosts]
        drift.unresolved.extend((type_, name, h) for h in unresolved)
        got = filtered(type_, pairs, defaults, hosts)
        live = filtered(type_, have[ident], defaults, hosts)
        for key in sorted(set(got) | set(live)):
            if key == "match" and unresolved:
                continue
            if got.get(key) != live.get(key):
                drift.differing.append(Difference(
                    type_, name, key,
                    _raw_values(pairs, key) if key in got else [],
                    _raw_values(have[ident], key) if key in live else []))
    return drift
