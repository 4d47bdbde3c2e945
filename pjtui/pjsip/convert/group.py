"""Which objects belong together: an endpoint and what it references (its aor, its auths)
or what references it (identify, registrations, phoneprov) — one wizard section each."""

from __future__ import annotations

from dataclasses import dataclass, field

from pjtui.pjsip.catalogue import catalogue
from pjtui.pjsip.convert.objects import Obj


@dataclass
class Group:
    endpoint: Obj
    aor: Obj
    iauth: Obj | None = None
    oauth: Obj | None = None
    identify: Obj | None = None
    regs: list = field(default_factory=list)
    phoneprov: Obj | None = None

    @property
    def name(self) -> str:
        return self.endpoint.name

    def members(self) -> list[Obj]:
        out = [self.endpoint, self.aor, self.iauth, self.oauth, self.identify, *self.regs, self.phoneprov]
        return [o for o in out if o is not None]


def referrers(objs: list[Obj]) -> dict[tuple[str, str], list[Obj]]:
    """(type, name) -> the objects whose reference keys (the catalogue's) name it."""
    cat = catalogue()
    out: dict[tuple[str, str], list[Obj]] = {}
    for o in objs:
        seen = set()
        for key, _ in o.lines:
            low = key.lower()
            spec = cat.param(o.type, low)
            if spec is None or not spec.object_refs or low in seen:
                continue
            seen.add(low)
            for target in spec.object_refs:
                for name in o.refs(low):
                    out.setdefault((target, name), []).append(o)
    return out


def find_groups(objs: list[Obj]) -> tuple[list[Group], dict[str, str]]:
    """Groups in endpoint order, and why each other endpoint makes none."""
    by_key = {(o.type, o.name): o for o in objs}
    refs = referrers(objs)
    claimed: set[int] = set()
    groups: list[Group] = []
    why: dict[str, str] = {}

    by_endpoint: dict[tuple[str, str], list[Obj]] = {}     # identify, registration, phoneprov
    regs_named: dict[str, list[Obj]] = {}                  # by name and by the wizard that made it
    regs_using: dict[str, list[Obj]] = {}                  # by outbound_auth
    for o in objs:
        if o.type in ("identify", "registration", "phoneprov") and o.value("endpoint"):
            by_endpoint.setdefault((o.type, o.value("endpoint")), []).append(o)
        if o.type == "registration":
            for n in dict.fromkeys((o.name, o.tags.get("@pjsip_wizard"))):
                if n:
                    regs_named.setdefault(n, []).append(o)
            auths = o.refs("outbound_auth")
            if auths:
                regs_using.setdefault(auths[0], []).append(o)

    def only(target: Obj, users) -> bool:
        return all(u is target or any(u is x for x in users) for u in refs.get((target.type, target.name), ()))

    for ep in (o for o in objs if o.type == "endpoint"):
        aors = ep.refs("aors")
        if len(aors) != 1:
            why[ep.name] = (f"endpoint {ep.name} has no aor" if not aors else
                            f"endpoint {ep.name} has {len(aors)} aors") + "; a wizard makes exactly one"
            continue
        aor = by_key.get(("aor", aors[0]))
        if aor is None:
            why[ep.name] = f"endpoint {ep.name}: its aor {aors[0]} does not exist"
            continue
        if id(aor) in claimed or not only(aor, [ep]):
            why[ep.name] = f"aor {aor.name} is shared with other objects"
            continue
        g = Group(ep, aor)
        auths = ep.refs("auth")
        if len(auths) == 1:
            a = by_key.get(("auth", auths[0]))
            if a is not None and id(a) not in claimed and only(a, [ep]) and a.value("username") is not None:
                g.iauth = a
        for r in (by_endpoint.get(("registration", ep.name), []) + regs_named.get(ep.name, [])
                  + [r for a in ep.refs("outbound_auth") for r in regs_using.get(a, [])]):
            if id(r) not in claimed and not any(r is x for x in g.regs):
                g.regs.append(r)
        oauths = ep.refs("outbound_auth")
        if len(oauths) == 1:
            a = by_key.get(("auth", oauths[0]))
            if (a is not None and a is not g.iauth and id(a) not in claimed and only(a, [ep, *g.regs])
                    and a.value("username") is not None):
                g.oauth = a
        for t in ("identify", "phoneprov"):
            got = next((o for o in by_endpoint.get((t, ep.name), ()) if id(o) not in claimed), None)
            setattr(g, t, got)
        claimed.update(id(o) for o in g.members())
        groups.append(g)
    return groups, why
