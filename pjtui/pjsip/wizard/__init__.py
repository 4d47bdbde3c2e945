"""pjsip_wizard.conf: which sections are wizards, how they are read, what Asterisk makes of them.

Built on :mod:`pjtui.pjsip.model`; follows ``shared/spec/wizard-expansion.md`` and the
golden cases (Asterisk ``res_pjsip_config_wizard.c``).  No Textual, no tomlkit.

Quick reference
---------------
::

    from pjtui.conf import parse
    from pjtui.pjsip.model import build
    from pjtui.pjsip.wizard import expand, read_wizard

    model = build(parse(data, "pjsip_wizard.conf"))
    w = read_wizard(eff)               # how one wizard section is read (no expansion)
    w.option("transport")              # -> Setting(name, value, entry|None, default)
    w.is_true("sends_auth")
    w.passthrough["endpoint"]          # sequence of Param(param, value, entry), W order, prefix removed
    w.has("inbound_auth", "username")  # passed through? (prefix exact, name any case)
    w.ignored                          # [(entry, reason)]: silently ignored by Asterisk
    w.settings_view()                  # every wizard option: value or default, and the line
    w.remote_hosts                     # list[str] as the wizard splits them

    exp = expand(model, pjsip=None, resolver=None, profiles=None)
    exp = expand_resolving(model, resolver, ...)  # names looked up at once first (worker thread)
    exp.objects        # list[WizObject] as Asterisk exports them (type order, then name)
    exp.hints          # list[Hint]
    exp.removed_hints  # list[RemovedHint]: hints a later wizard (has_hint off) removed
    exp.log            # list[LogLine] every WARNING/ERROR Asterisk logs, in its words
    exp.wizards        # list[Wizard] in file order
    exp.rejected       # the file is invalid: nothing is created

    obj.type, obj.name, obj.wizard (Wizard)
    obj.params         # list[Param(key, value, source)] in Asterisk's apply order (built on
                       # first use: existence, errors and hints are known without it)
    obj.overridden()   # per param: replaced by a later one (single-valued names)?
    obj.fields()       # {key: value or [values]}: the object after apply (last wins, lists add up)
    exp.get(type, name), exp.of_wizard(name), exp.of_type(type), exp.hint_lines()
    exp.refresh(model.refresh([section]))   # after an edit: ~1 ms instead of a new expand()
                                            # (False: call expand() again)

    pjsip_objects(pjsip_model)  # ([PjsipObject(type, name, eff)], log): what pjsip.conf loads
    obj.added          # phoneprov only: Param list the phoneprov provider appended

``Param.source`` is either a model entry (a pass-through line: a conf Option or
:class:`~pjtui.pjsip.model.Appended`) or a :class:`Derived` saying which wizard
rule produced the value and from which lines (``Derived.entries``) or default
(``Derived.default``).

Optional context, all offline:

* ``pjsip``: a :class:`~pjtui.pjsip.model.Model` of pjsip.conf.  Its objects hide
  same-named wizard objects of the same type (§7), its transports feed the
  phoneprov provider, its endpoints/auths win name look-ups.  Without it, every
  named transport is assumed to exist (bind port 5060/5061 by protocol default).
* ``resolver(host, port) -> list[str] | None``: resolves identify host names
  (:mod:`pjtui.io.resolver` makes them); None (the default) treats every name as
  resolvable.  Return None for "does not resolve"; the getaddrinfo text in the log is
  ``resolver.why(host, port)`` (or a plain ``resolver.error_text``).
* ``profiles``: the phoneprov.conf profile names; None skips that check.

Where things are (one room per concern; "add a wizard option" starts in reading.py
and ends in the module of the object type it changes)::

    reading.py       how one wizard section is read: WIZARD_OPTIONS, Wizard, its shape
    auth.py          <name>-oauth / <name>-iauth         make(), params(), check()
    endpoint.py      <name>                              make(), params()
    aor.py           <name>                              make(), params(), check()
    identify.py      <name>-identify                     make(), params(), check()
    registration.py  <name>-reg-<i>                      make(), check()
    phoneprov.py     <name>-phoneprov and the phoneprov provider's variables
    hints.py         the dialplan hints (record, hint_map, replay after a refresh)
    apply.py         ast_sorcery_objectset_apply: storing an object, judging its lines
    naming.py        Asterisk's export order (type, then strcmp of the name), format_value
    values.py        ${NAME} substitution, SIP URIs, addresses, caller ids, bind ports
    records.py       Setting, Derived, Param, LogLine, Hint, WizObject, fold
    plans.py         the plan layer (shape -> what such a wizard makes); switch: ENABLED
    expander.py      expand(): every wizard in file order through the makers
    expansion.py     Expansion (the result) and its refresh after an edit
    pjsip_conf.py    what pjsip.conf loads (pjsip_objects)
    provenance.py    where a parameter came from, as JSON-friendly data

Cost (10,000 wizards of benchmarks/bench.py, CPU): 0.1-0.15 s, about 0.3x
configparser's parse of the same file.  How:

* Plans.  Each reading records its *shape*: the base reading (the template's) and,
  for each line after it, what anything downstream reads of it (by value, by "empty or
  not", or "is it the wizard's name" for inbound_auth/username; see
  :func:`.plans.shape_mode`).  The first wizard of a shape that goes through cleanly
  and makes only objects whose parameters are built on demand leaves a plan; later
  wizards of that shape get the same objects under their own names without the
  makers (:mod:`.plans`).  Switch them off with ``pjtui.pjsip.wizard.plans.ENABLED =
  False`` (read when an expansion starts): tests/test_wizard_plans.py compares against
  that, and the refresh and check equivalence tests run both ways.
* Laziness.  Pass-through lists, parameter lists, each type's sorted order,
  ``objects`` and ``hints`` are made when first asked for.
* A pass-through list is validated once (a template's list once for all its
  children, a child's only on its own lines), names once per type, values only for
  kinds that can fail.
* ``expand`` runs with the collector paused (pjtui/_gc.py); what it made goes straight
  to the oldest generation afterwards, unwalked.
"""

from __future__ import annotations

from pjtui.pjsip.wizard import plans as plans
from pjtui.pjsip.wizard.expander import _Expander as _Expander, expand, expand_resolving
from pjtui.pjsip.wizard.expansion import Expansion
from pjtui.pjsip.wizard.naming import EXPORT_TYPE_ORDER, format_value
from pjtui.pjsip.wizard.pjsip_conf import PjsipObject, pjsip_objects
from pjtui.pjsip.wizard.plans import PRESENCE_KEYS as PRESENCE_KEYS
from pjtui.pjsip.wizard.provenance import provenance as provenance
from pjtui.pjsip.wizard.reading import _FLAGS as _FLAGS, _strsep as _strsep
from pjtui.pjsip.wizard.reading import PREFIXES, WIZARD_OPTIONS, Wizard, read_wizard, split_remote_hosts
from pjtui.pjsip.wizard.records import Derived, Hint, LogLine, Param, Setting, WizObject, fold as fold
from pjtui.pjsip.wizard.values import _split_callerid as _split_callerid, _substitute as _substitute
from pjtui.pjsip.wizard.values import sip_uri_ok as sip_uri_ok, substitute

# Besides __all__, the names written "x as x" above are imported from here by other
# modules and tests (checks: PRESENCE_KEYS, _FLAGS, sip_uri_ok; match: fold; the plan
# tests: _Expander, _substitute, _strsep); keep them when moving code.
__all__ = [
    "EXPORT_TYPE_ORDER", "PREFIXES", "WIZARD_OPTIONS",
    "Derived", "Expansion", "Hint", "LogLine", "Param", "Setting", "WizObject", "Wizard",
    "expand", "expand_resolving", "read_wizard", "split_remote_hosts", "substitute", "pjsip_objects",
    "PjsipObject", "format_value",
]
