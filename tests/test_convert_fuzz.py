"""Generated pjsip.conf files: ``--to-wizard`` either converts (its proof held) or keeps the
objects with a reason; the whole result never fails a proof its sections passed one by one
(templates and the remainder must not change meaning), and nothing raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from pjtui.pjsip.convert import to_objects, to_wizard

ENDPOINT_LINES = [
    ("context", ["internal", "sales", "from-trunk"]),
    ("direct_media", ["no", "yes"]),
    ("callerid", ["Desk <100>", '"Front" <200>']),
    ("transport", ["transport-udp"]),
    ("dtmf_mode", ["rfc4733", "inband"]),
    ("language", ["en", "de"]),
    ("set_var", ["A=1", "B=2"]),
    ("permit", ["192.0.2.0/24"]),
    ("deny", ["0.0.0.0/0"]),
    ("allow", ["ulaw", "g722,alaw"]),
    ("disallow", ["all", "g729"]),
]
AOR_LINES = [("max_contacts", ["1", "3"]), ("qualify_frequency", ["30", "60"]),
             ("contact", ["sip:192.0.2.10", "sip:192.0.2.11:5070"]), ("remove_existing", ["yes"])]

line = st.sampled_from(ENDPOINT_LINES).flatmap(lambda kv: st.tuples(st.just(kv[0]), st.sampled_from(kv[1])))
aor_line = st.sampled_from(AOR_LINES).flatmap(lambda kv: st.tuples(st.just(kv[0]), st.sampled_from(kv[1])))
endpoint = st.fixed_dictionaries({
    "lines": st.lists(line, max_size=6),
    "aor": st.lists(aor_line, max_size=3),
    "aor_name": st.sampled_from(["same", "other", "none"]),
    "auth": st.sampled_from(["none", "same", "other", "nouser"]),
    "oauth": st.booleans(),
    "identify": st.sampled_from(["none", "host", "network"]),
    "register": st.booleans(),
})


def render(eps: list[dict]) -> bytes:
    out = ["[transport-udp]", "type = transport", "protocol = udp", "bind = 0.0.0.0", ""]
    for i, e in enumerate(eps):
        n = f"ep{i}"
        aor = {"same": n, "other": f"{n}-contacts", "none": None}[e["aor_name"]]
        out += [f"[{n}]", "type = endpoint", *(f"{k} = {v}" for k, v in e["lines"])]
        if aor:
            out.append(f"aors = {aor}")
        if e["auth"] != "none":
            out.append(f"auth = {n}-in")
        if e["oauth"]:
            out.append(f"outbound_auth = {n}-out")
        out.append("")
        if aor:
            out += [f"[{aor}]", "type = aor", *(f"{k} = {v}" for k, v in e["aor"]), ""]
        if e["auth"] != "none":
            user = [] if e["auth"] == "nouser" else [f"username = u{i}"]
            out += [f"[{n}-in]", "type = auth", *user, f"password = p{i}", ""]
        if e["oauth"]:
            out += [f"[{n}-out]", "type = auth", f"username = acct{i}", "password = s", ""]
        if e["identify"] != "none":
            match = f"198.51.100.{i}" if e["identify"] == "host" else "198.51.100.0/24"
            out += [f"[{n}-id]", "type = identify", f"endpoint = {n}", f"match = {match}", ""]
        if e["register"]:
            out += [f"[{n}-reg]", "type = registration", f"server_uri = sip:198.51.100.{i}",
                    f"client_uri = sip:acct{i}@198.51.100.{i}"]
            out += [f"outbound_auth = {n}-out", ""] if e["oauth"] else [""]
    return "\n".join(out).encode()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(endpoint, min_size=1, max_size=8))
def test_to_wizard_on_generated_files(eps):
    data = render(eps)
    r = to_wizard(data, "pjsip.conf")        # a failed whole-result proof raises ConversionError
    assert r.groups + len(r.kept) == len(eps)
    if r.groups:
        back = to_objects(r.wizard.encode(), "pjsip_wizard.conf")
        assert back.objects >= 2 * r.groups    # every wizard made at least its endpoint and aor
