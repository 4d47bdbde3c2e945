"""Shared fixtures: where the team's shared reference material lives, and a private
config directory for the editor's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()


def shared_files(*folders: str) -> list[Path]:
    """Every config-like file under the given shared folders (READMEs excluded)."""
    out: list[Path] = []
    for folder in folders:
        base = SHARED / folder
        if base.is_dir():
            out.extend(p for p in sorted(base.rglob("*")) if p.is_file() and p.suffix != ".md")
    return out


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"../shared not found beside the checkout (looked in {SHARED})")
    return SHARED


@pytest.fixture
def asterisk_dir(tmp_path, monkeypatch) -> Path:
    """An empty config directory; the editor's state and settings go to private places,
    never the user's, and colours are on."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    work = tmp_path / "asterisk"
    work.mkdir()
    return work


@pytest.fixture(params=[True, False], ids=["plans", "no-plans"])
def wizard_plans(request, monkeypatch) -> bool:
    """The test runs twice: with the wizard's plan layer on and off (its one switch,
    ``pjtui.pjsip.wizard.plans.ENABLED``), so the short way and the reference agree."""
    from pjtui.pjsip.wizard import plans

    monkeypatch.setattr(plans, "ENABLED", request.param)
    return request.param


@pytest.fixture(autouse=True)
def _no_real_dns(monkeypatch):
    """No test asks real DNS: the system resolver (pjtui.io.resolver) answers every name
    with a documentation address, as if it resolved.  Tests that want a name to fail
    give a resolver of their own (--hosts, or a fake getaddrinfo)."""
    import socket

    from pjtui.io import resolver

    def getaddrinfo(host, port, family=0, type_=0, *rest):
        return [(socket.AF_INET, type_ or socket.SOCK_DGRAM, 17, "", ("192.0.2.254", 0))]

    monkeypatch.setattr(resolver, "getaddrinfo", getaddrinfo)
