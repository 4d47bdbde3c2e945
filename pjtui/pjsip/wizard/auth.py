"""The auth objects: ``<name>-oauth`` (sends_auth, outbound_auth/...) and
``<name>-iauth`` (accepts_auth, inbound_auth/...), spec §4.1.

``make`` decides whether they exist, ``params`` builds one's parameter list on first
use, ``check`` is res_pjsip's apply check of an auth.  No Textual, no tomlkit."""

from __future__ import annotations

from pjtui.pjsip.wizard.apply import _pick
from pjtui.pjsip.wizard.records import _BY_NAME, WIZ_C, Derived, Param, WizObject, _mk

_AUTH_KEYS = frozenset(("auth_type", "refresh_token", "oauth_clientid", "oauth_secret", "password", "md5_cred",
                        "password_digest", "supported_algorithms_uas", "supported_algorithms_uac"))


#: pjsip's digest algorithms Asterisk takes in md5_cred / password_digest: IANA name ->
#: length of the hex digest (res_pjsip/config_auth.c pjsip_auth_algorithms, pjproject 2.17)
DIGESTS = {"MD5": 32, "SHA-256": 64, "SHA-512-256": 64}
_NO_OPENSSL = ("AKAV1-MD5", "AKAV2-MD5")       # known to pjsip, no OpenSSL digest


def digests(value: str) -> list[tuple[str, str]]:
    """(algorithm, digest) of each item of an md5_cred / password_digest value
    (password_digest_handler: ``NAME:DIGEST``, or a bare digest, which is MD5)."""
    out = []
    for item in (x.strip() for x in value.split(",")):
        if item:
            name, sep, digest = item.partition(":")
            out.append((DIGEST_NAMES.get(name.strip().upper(), name.strip()) or "MD5", digest.strip())
                       if sep else ("MD5", item))
    return out


DIGEST_NAMES = {n.upper(): n for n in DIGESTS}


def digest_error(auth_name: str, value: str) -> str | None:
    """What password_digest_handler logs when it refuses ``value`` (None: it takes it)."""
    for name, digest in digests(value):
        want = DIGESTS.get(name)
        if want is None:
            if name.upper() in _NO_OPENSSL:
                return (f"{auth_name}: password_digest algorithm '{name}' is not supported by the version "
                        "of OpenSSL in use")
            return f"{auth_name}: Unknown password_digest algorithm '{name}' specified"
        if len(digest) != want:
            return f"{auth_name}: password_digest algorithm '{name}' length ({len(digest)}) must be {want}"
    return None


def make(ex, w, c) -> bool:
    """``handle_auths``: the wizard's auths, or False (and a log line) when it cannot make them."""
    name = w.name
    store = ex.store["auth"]
    for direction, test, suffix in (("outbound", "sends_auth", "-oauth"), ("inbound", "accepts_auth", "-iauth")):
        new_id = name + suffix
        prefix = direction + "_auth"
        if not getattr(c, test):
            store.pop(new_id, None)
            continue
        if not w.has(prefix, "username"):
            ex.err(WIZ_C, f"Wizard '{name}' must have '{prefix}/username' if it {test}.",
                   name, w.find(test))
            return False

        # the check sees the pass-through lines; the wizard's own auth_type is userpass
        if ex.create(w, "auth", new_id, None, prefix, w.passthrough[prefix], params) is None:
            return False
    return True


def params(obj: WizObject) -> list[Param]:
    w = obj.wizard
    if obj.name == w.name + "-oauth":
        prefix, test = "outbound_auth", "sends_auth"
    else:
        prefix, test = "inbound_auth", "accepts_auth"
    params = list(w.passthrough[prefix])
    params.append(_mk(Param, ("@pjsip_wizard", w.name, _BY_NAME)))
    if not w.has(prefix, "auth_type"):
        params.append(_mk(Param, ("auth_type", "userpass", _mk(Derived, (
            f"{test} (no {prefix}/auth_type)", (w.find(test),), None)))))
    return params


def check(ex, w, name, params) -> bool:
    for p in params:    # each line's handler runs as the object is applied, before auth_apply
        if p[0].lower() in ("md5_cred", "password_digest"):
            error = digest_error(name, p[1])
            if error is not None:
                ex.err("res_pjsip/config_auth.c", error, w.name, p[2], level="WARNING")
                ex.err("config_options.c", f"Error parsing {p[0]}={p[1]} at line 0 of", w.name, p[2])
                return False
    f = _pick(params, _AUTH_KEYS)
    auth_type = (f.get("auth_type") or "userpass").strip().lower()
    if auth_type == "google_oauth":
        if not (f.get("refresh_token") and f.get("oauth_clientid") and f.get("oauth_secret")):
            ex.err("res_pjsip/config_auth.c", "'google_oauth' authentication specified but refresh_token, "
                   "oauth_clientid, or oauth_secret not specified", w.name)
            return False
        return True
    if f.get("password") or f.get("md5_cred") or f.get("password_digest"):
        return True
    ok = True
    for which in ("uas", "uac"):
        algs = f.get(f"supported_algorithms_{which}") or "MD5"
        for alg in [a.strip() for a in algs.split(",") if a.strip()]:
            ex.err("res_pjsip/config_auth.c", f"{name}: No plain text or digest password found for "
                   f"algorithm {alg.upper() if alg.lower() == 'md5' else alg} in supported_algorithms_{which}",
                   w.name)
            ok = False
    return ok
