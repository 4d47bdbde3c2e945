"""Problems an editor can see in the files before Asterisk loads them.

Implements the warnings of ``shared/spec/pjsip-objects.md`` §4 that can be decided from
``pjsip_wizard.conf`` and ``pjsip.conf`` (each read together with the other one).  Every
problem has a stable ``code``, a severity — ``error`` (Asterisk rejects or does not
create something), ``warning`` (it loads but will not work as meant) or ``hint`` — the
file, line and section it is about, one sentence saying what Asterisk will do, and what
to change.

    from pjtui.pjsip.checks import Checker, check_paths
    problems = Checker(wizard=model_w, pjsip=model_p).run()     # models from model.build
    report = check_paths(["/etc/asterisk/pjsip_wizard.conf"])  # loads files + context

The rooms:

- ``registry``  — :class:`Problem`, the ``@rule`` decorator and the table of codes.
- rule families, one module each: ``syntax`` (the files as text), ``values`` (option
  names and values), ``objects`` (pjsip.conf object types), ``references``,
  ``preconditions`` (what a wizard must say), ``collisions`` (and shadowing),
  ``security`` (identification, auth, identify overlaps), ``hosts`` (DNS names),
  ``phoneprov`` (and hints).
- ``context``   — what a rule may ask (names, types, the expansion); ``view`` — a
  wizard as the rules read it; ``helpers`` — where to report, URIs, wording.
- ``engine``    — :class:`Checker`: runs the rules, full or after an edit, and the memos.
- ``files``     — files on disk: partners, phoneprov.conf, hosts files (``pjtui check``).
- ``codes``     — the README's table of codes (``pjtui check --codes`` prints ``CHECKS``).

To add a check: write a function in its family's module and put
``@rule(code, severity, summary, spec=..., scope=..., reads=...)`` on it (see
:mod:`.registry` for the scopes); the engine runs it, and the code table, ``--codes``
and the README's table follow (``python -m pjtui.pjsip.checks.codes README.md``).
"""

from __future__ import annotations

from pjtui.pjsip.checks.context import Resolver
from pjtui.pjsip.checks.engine import Checker
from pjtui.pjsip.checks.files import (
    Report, beside, check_paths, file_kind, hosts_file_resolver, load_context, read_profiles,
)
from pjtui.pjsip.checks.helpers import is_host_name, sip_uri_problem, uri_host
from pjtui.pjsip.checks.hosts import MUSL_NOTE
from pjtui.pjsip.checks.objects import auth_rules, endpoint_validation, registration_rules
from pjtui.pjsip.checks.registry import CODES, SEVERITIES, Code, Problem, ordered, read_keys, rule
from pjtui.pjsip.checks.view import WizardView, generated_objects

#: code -> (severity, spec id, summary), the table as a plain dict (made from :data:`CODES`)
CHECKS: dict[str, tuple[str, str, str]] = {c.code: (c.severity, c.spec, c.summary) for c in ordered()}

__all__ = [
    "CHECKS", "CODES", "Checker", "Code", "MUSL_NOTE", "Problem", "Report", "Resolver", "SEVERITIES",
    "WizardView", "auth_rules", "beside", "check_paths", "endpoint_validation", "file_kind",
    "generated_objects", "hosts_file_resolver", "is_host_name", "load_context", "read_keys",
    "read_profiles", "registration_rules", "rule", "sip_uri_problem", "uri_host",
]
