"""Edit → apply → verify: what pjtui predicts from the files against what Asterisk loaded.

:func:`predict` expands the files as Asterisk will (the wizard file with the pjsip.conf
beside it); :func:`apply` sends the reload (or, when asked, the restart), collects the
WARNING/ERROR lines logged meanwhile and reads the loaded objects back; :func:`status`
reads them without reloading, with the live state of every endpoint.  Nothing here
prints: the CLI and the TUI present the results.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from pjtui.pbx.asterisk import Asterisk, AsteriskError, Command
from pjtui.pbx.logtail import LogLine, LogTail, messages_logs
from pjtui.pbx.reload import Advice, advise_against_running, transport_settings
from pjtui.pbx.show import Endpoint
from pjtui.pjsip.export import Drift, compare, read_export


@dataclass
class Prediction:
    path: str                   # the file named by the user
    confdir: str                # its directory: logger.conf, asterisk.conf are read there
    wizard_model: object | None
    pjsip_model: object | None
    expansion: object | None    # pjtui.pjsip.wizard.Expansion of the wizard file

    @property
    def objects(self) -> list:
        return list(self.expansion.objects) if self.expansion is not None else []

    def endpoint_names(self) -> list[str]:
        names = [o.name for o in self.objects if o.type == "endpoint"]
        if self.pjsip_model is not None:
            names += [e.name for e in self.pjsip_model.sections
                      if not e.template and e.object_type == "endpoint"]
        return sorted(set(names))


def predict(path: str, *, pjsip: str | None = None) -> Prediction:
    """Raises :class:`pjtui.conf.loader.LoadError` when a file cannot be read."""
    from pjtui.pjsip.checks import load_context, read_profiles
    from pjtui.pjsip.model import build
    from pjtui.pjsip.loaded import expansion_of

    _kind, wcfg, pcfg = load_context(path, pjsip=pjsip)
    confdir = os.path.dirname(os.path.abspath(path))
    phoneprov = os.path.join(confdir, "phoneprov.conf")
    profiles = read_profiles(phoneprov) if os.path.isfile(phoneprov) else None
    wmodel = build(wcfg) if wcfg is not None else None
    pmodel = build(pcfg) if pcfg is not None else None
    exp = expansion_of(wmodel, pmodel, profiles=profiles) if wmodel is not None else None
    return Prediction(path, confdir, wmodel, pmodel, exp)


def loaded_drift(asterisk: Asterisk, prediction: Prediction) -> tuple[Drift, list]:
    """(drift, loaded export objects) of the running Asterisk against the prediction."""
    loaded = read_export(asterisk.export_wizard(), "pjsip export config_wizard primitives")
    return compare(prediction.objects, loaded), loaded


@dataclass
class ApplyResult:
    advice: Advice
    sent: list[str] = field(default_factory=list)          # the commands sent, in order
    answer: str = ""                                       # what the reload/restart printed
    log: list[LogLine] = field(default_factory=list)
    log_problem: str | None = None
    drift: Drift | None = None
    restart_pending: str | None = None    # why the restart has not happened (yet)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (self.drift is not None and self.drift.clean and self.restart_pending is None
                and not (self.advice.restart and Command.RESTART_GRACEFULLY.value not in self.sent))


def apply(asterisk: Asterisk, prediction: Prediction, *, restart: bool = False,
          tail: LogTail | None = None, restart_wait: float = 60.0) -> ApplyResult:
    """Reload (or restart when asked and needed), then read back.  Raises AsteriskError."""
    if prediction.pjsip_model is None:      # transports unknown: never claim they all went away
        result = ApplyResult(Advice(Command.RELOAD_PJSIP))
        result.notes.append(f"no pjsip.conf beside {prediction.path}: its transports were not compared "
                            "with the running ones (a changed socket needs a restart)")
    else:
        running = asterisk.transports()
        result = ApplyResult(advise_against_running(transport_settings(prediction.pjsip_model), running))
    advice = result.advice
    tail = tail if tail is not None else LogTail(messages_logs(prediction.confdir))
    tail.mark()
    if advice.restart and restart:
        uptime, since = asterisk.uptime(), time.monotonic()
        result.answer = asterisk.restart()
        result.sent.append(Command.RESTART_GRACEFULLY.value)
        if not _wait_for_new_process(asterisk, uptime, since, restart_wait):
            result.restart_pending = (f"Asterisk has not come back within {restart_wait:g} s; a graceful "
                                      "restart waits for the last call to end. Run pjtui status later")
    else:
        result.answer = asterisk.reload()
        result.sent.append(Command.RELOAD_PJSIP.value)
    result.log = tail.collect()
    result.log_problem = tail.problem
    if result.restart_pending is None:
        result.drift, _ = loaded_drift(asterisk, prediction)
    return result


def _wait_for_new_process(asterisk: Asterisk, uptime: int, since: float, limit: float) -> bool:
    """Until a new Asterisk answers: its uptime is less than the old one's would be by now.
    A graceful restart leaves the old process answering until its last call ends."""
    deadline = since + limit
    while time.monotonic() < deadline:
        time.sleep(1.0)
        try:
            now = asterisk.uptime()
        except AsteriskError:            # between the two processes nobody answers
            continue
        if now + 2 < uptime + (time.monotonic() - since):
            return True
    return False


# ------------------------------------------------------------------ status: no reload
@dataclass
class EndpointState:
    name: str
    loaded: bool
    state: str | None = None               # Asterisk's device state (Not in use, Unavailable, ...)
    contacts: list = field(default_factory=list)       # pjtui.pbx.show.Contact
    static: set = field(default_factory=set)           # URIs that are aor contact lines, not registrations

    @property
    def summary(self) -> str:
        if not self.loaded:
            return "not loaded"
        if self.state == "Unavailable" or not any(c.status != "Unavail" for c in self.contacts):
            return "unavailable"
        if any(c.uri not in self.static and c.status != "Unavail" for c in self.contacts):
            return "registered"
        return "reachable" if self.state == "Not in use" else self.state.lower()

    def to_dict(self) -> dict:
        return {"endpoint": self.name, "loaded": self.loaded, "state": self.state, "summary": self.summary,
                "contacts": [dict(c.to_dict(), registered=c.uri not in self.static) for c in self.contacts]}


@dataclass
class Status:
    version: str
    drift: Drift
    endpoints: list[EndpointState]
    running_only: list[str]                 # endpoints Asterisk has that no file defines

    def to_dict(self) -> dict:
        return {"asterisk": self.version, "drift": self.drift.to_dict(),
                "endpoints": [e.to_dict() for e in self.endpoints], "running_only": self.running_only}


def status(asterisk: Asterisk, prediction: Prediction) -> Status:
    """Drift between the files and the running Asterisk, and each endpoint's live state."""
    version = asterisk.version()
    drift, loaded = loaded_drift(asterisk, prediction)
    running = asterisk.endpoints()
    contacts = asterisk.contacts()
    static: dict[str, set[str]] = {}
    for obj in loaded:
        if obj.type == "aor":
            static[obj.name] = {v for k, v in obj.pairs if k == "contact"}
    names = prediction.endpoint_names()
    states = []
    matched: set[int] = set()
    for name in names:
        row = _find(running, name)
        if row is None:
            states.append(EndpointState(name, False))
            continue
        matched.add(id(row))
        aors = [a.name for a in row.aors]
        mine = [c for c in contacts if c.aor in aors] or row.contacts
        states.append(EndpointState(name, True, row.state, mine,
                                    {u for a in aors for u in static.get(a, ())}))
    running_only = [e.label for e in running if id(e) not in matched]
    return Status(version, drift, states, running_only)


def _find(rows: list[Endpoint], name: str) -> Endpoint | None:
    exact = [r for r in rows if r.label == name]
    if exact:
        return exact[0]
    for r in rows:
        if r.is_named(name):
            return r
    return None
