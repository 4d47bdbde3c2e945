"""An object's lines as Asterisk's export writes them: the one reading every surface
(``pjtui expand``, ``pjtui show``, the preview) prints an object from.

Per parameter of :attr:`WizObject.params <pjtui.pjsip.wizard.records.WizObject.params>`
(Asterisk's apply order) one :class:`Line`: the option name Asterisk writes (``context``
for ``endpoint/Context``: sorcery looks names up ignoring case and exports its own
spelling), the value, and whether the line takes effect.  Then what Asterisk derives:
an auth with ``md5_cred`` also exports ``password_digest = MD5:<digest>`` (golden f32,
res_pjsip/config_auth.c: both options fill the same digest slot), and the variables the
phoneprov provider adds.  A ``contact`` URI listed again gives no second contact
(golden f39: each permanent contact is named ``<aor>@@<md5(uri)>`` in a container that
rejects duplicates, res_pjsip/location.c).  No Textual, no tomlkit."""

from __future__ import annotations

from typing import NamedTuple

from pjtui.pjsip.catalogue import catalogue
from pjtui.pjsip.wizard.auth import DIGESTS, digests
from pjtui.pjsip.wizard.records import Derived, Param, WizObject

#: Line.state: the line takes effect / a later line of that name replaces it / the
#: object's type is fixed and ignores a ``type`` line / the same contact URI again /
#: added by the phoneprov provider / derived by Asterisk from other lines.
EFFECT, REPLACED, IGNORED, REPEATED, ADDED, DERIVED = "", "replaced", "ignored", "repeated", "added", "derived"

#: States whose line Asterisk's export shows.
SHOWN = frozenset((EFFECT, ADDED, DERIVED))


class Line(NamedTuple):
    key: str        # the name Asterisk exports
    value: str
    param: Param    # what it comes from (a Derived source for Asterisk's own lines)
    state: str      # EFFECT, REPLACED, IGNORED, REPEATED, ADDED or DERIVED
    why: int | str | None = None    # REPLACED: index of the line that wins; else why not shown

    @property
    def shown(self) -> bool:
        """Does Asterisk's export have this line?"""
        return self.state in SHOWN


def canonical_key(type_: str, key: str) -> str:
    """The option name Asterisk exports for ``key`` as written (phoneprov variables and
    ``@`` keys keep their spelling; a name the catalogue lacks is lower-cased)."""
    if type_ == "phoneprov" or key.startswith("@"):
        return key
    spec = catalogue().param(type_, key)
    return spec.name if spec is not None else key.lower()


def export_lines(obj: WizObject) -> list[Line]:
    """Every line of ``obj`` in apply order, then Asterisk's derived lines and the
    phoneprov provider's variables (see the module doc)."""
    type_ = obj.type
    out: list[Line] = []
    contacts: set[str] = set()
    for p, why in zip(obj.params, obj.replaced_by(), strict=True):
        key = canonical_key(type_, p.key)
        if why is not None:
            state = REPLACED if isinstance(why, int) else IGNORED
        elif key == "contact" and type_ == "aor":
            uris = [u.strip() for u in p.value.split(",") if u.strip()]
            if uris and contacts.issuperset(uris):
                state, why = REPEATED, "the same contact again: Asterisk keeps one"
            else:
                state = EFFECT
            contacts.update(uris)
        else:
            state = EFFECT
        out.append(Line(key, p.value, p, state, why))
    if type_ == "auth":
        derived = _password_digest(out)
        if derived is not None:
            out.append(derived)
    out.extend(Line(p.key, p.value, p, ADDED) for p in obj.added)
    return out


def shown_pairs(obj: WizObject) -> list[tuple[str, str]]:
    """(key, value) of the lines Asterisk's export has, in :func:`export_lines` order."""
    return [(line.key, line.value) for line in export_lines(obj) if line.state in SHOWN]


def _password_digest(lines: list[Line]) -> Line | None:
    """``password_digest`` as Asterisk exports it when only ``md5_cred`` set the digest."""
    slots: dict[str, str] = {}
    source = None
    for line in lines:
        if line.state != EFFECT or line.key not in ("md5_cred", "password_digest"):
            continue
        if line.key == "password_digest":
            return None             # the user's own line says it
        for name, digest in digests(line.value):
            slots[name] = digest
            source = line.param.source
    if not slots:
        return None
    order = sorted(slots, key=list(DIGESTS).index)    # an object with a bad one is never made
    value = ",".join(f"{n}:{slots[n]}" for n in order)
    entries = () if source is None or isinstance(source, Derived) else (source,)
    return Line("password_digest", value,
                Param("password_digest", value, Derived("md5_cred is stored as a password digest", entries)),
                DERIVED)
