"""What an expansion is made of: settings, parameters, log lines, hints, objects.

Plain records with no behaviour beyond reading themselves; every other module of the
wizard package builds on these.  No Textual, no tomlkit."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from pjtui.pjsip.catalogue import catalogue

if TYPE_CHECKING:
    from pjtui.pjsip.wizard.reading import Wizard

#: The source file Asterisk names in the wizard's own log lines.
WIZ_C = "res_pjsip_config_wizard.c"

#: ``NamedTuple`` without its ``__new__`` argument handling: the hot paths make
#: hundreds of thousands of Params and Derived.
_mk = tuple.__new__


class Setting(NamedTuple):
    name: str
    value: str | None          # effective value (the default when nothing sets it)
    entry: object | None       # the winning model entry, None when defaulted
    default: str | None        # the wizard default


class Derived(NamedTuple):
    """A value the wizard computed itself."""

    rule: str                  # e.g. "wizard name", "transport", "contact_pattern"
    entries: tuple = ()        # model entries it came from (wizard options)
    default: str | None = None  # the wizard default used, when no line set it


class Param(NamedTuple):
    key: str
    value: str
    source: object             # model entry (pass-through) or Derived


class LogLine(NamedTuple):
    level: str                 # "ERROR" | "WARNING"
    source: str                # Asterisk source file, e.g. "res_pjsip_config_wizard.c"
    message: str
    wizard: str | None = None  # wizard section name it is about
    entry: object | None = None  # the line it is about, when one is known

    def __str__(self) -> str:
        return f"{self.level}: {self.source}: {self.message}"


class Hint(NamedTuple):
    exten: str
    context: str
    device: str                # "PJSIP/ID"
    application: str | None    # "Dial(${HINT})" style text, None without priority 1
    wizard: str

    def lines(self) -> list[str]:
        out = [f"{self.exten}@{self.context} => {self.device}"]
        if self.application is not None:
            out.append(f"{self.exten}@{self.context},1 => {self.application}")
        return out


class WizObject:
    """One object the wizard creates (auth, aor, endpoint, identify, registration, phoneprov).

    ``params`` is built on first use: deciding whether an object exists does not
    need its parameter list, and the preview only looks at a few wizards."""

    __slots__ = ("type", "name", "wizard", "_params", "_added", "hidden_by")

    def __init__(self, type_: str, name: str, wizard: "Wizard", params=None):
        """``params``: the list, or ``f(obj) -> list`` to build it on first use (the
        expansion's own objects: functions of the object alone, e.g. auth.params)."""
        self.type = type_
        self.name = name
        self.wizard = wizard
        self._params = params
        self._added: list[Param] | None = None  # see added
        self.hidden_by = None             # pjsip.conf Effective of the same type and name

    @property
    def params(self) -> list[Param]:
        """Parameters in Asterisk's apply order."""
        params = self._params
        if params.__class__ is not list:
            params = self._params = params(self) if params is not None else []
        return params

    @property
    def maker(self):
        """The function that will build ``params``, or None once they are built."""
        params = self._params
        return None if params.__class__ is list or params is None else params

    def __repr__(self) -> str:
        return f"<WizObject {self.type} {self.name!r} {len(self.params)} params>"

    @property
    def added(self) -> list[Param]:
        """Parameters the phoneprov provider appended (empty for other types).  The
        list is made on first use: 30,000 objects of other types need none."""
        added = self._added
        if added is None:
            added = self._added = []
        return added

    @added.setter
    def added(self, value: list[Param]) -> None:
        self._added = value

    def all_params(self) -> list[Param]:
        added = self._added
        return self.params + added if added else self.params

    def overridden(self) -> list[bool]:
        """Per entry of ``params``: True when it does not take effect (see
        :meth:`replaced_by`)."""
        return [r is not None for r in self.replaced_by()]

    def replaced_by(self) -> list[int | str | None]:
        """Per entry of ``params``: None when it takes effect, else the index of the
        later parameter that replaces it, or (a str) why it has no effect at all.

        Single-valued names: the last line wins (names compare case-insensitively).
        Lines of parameters that accumulate (``allow``, ``contact``, ``match``…) and
        phoneprov variables are never replaced, except an endpoint's ``set_var``:
        Asterisk keeps one value per variable name (the last), and an empty
        ``set_var`` adds nothing.  A pass-through ``type`` line is ignored: the
        object's type is fixed."""
        params = self.params
        out: list[int | str | None] = [None] * len(params)
        if self.type == "phoneprov":
            return out
        t = catalogue().type(self.type)
        last: dict[str, int] = {}
        for i in range(len(params) - 1, -1, -1):
            key = params[i][0]
            low = key if key.startswith("@") else key.lower()
            if low == "type":
                out[i] = "ignored: the object's type is fixed"
                continue
            if low == "set_var" and self.type == "endpoint":
                name = channel_variable(params[i][1])
                if name is None:
                    out[i] = "adds nothing: set_var is empty"
                    continue
                low = "set_var\0" + name
            else:
                spec = t.param(low) if t is not None else None
                if spec is not None and spec.accumulates:
                    continue
            if low in last:
                out[i] = last[low]
            else:
                last[low] = i
        return out

    def fields(self) -> dict:
        """The object's fields after Asterisk applied ``params`` in order: the last
        value wins, except for parameters whose repeated lines accumulate (a list).
        Keys are lower-cased (objects look names up case-insensitively), except for
        ``@`` keys and phoneprov variables, which keep their spelling."""
        return fold(self.type, self.all_params())

    def value(self, key: str):
        """``fields()[key]`` (None when unset), without folding every parameter when
        the name is single-valued: the last parameter of that name wins."""
        if self.type == "phoneprov":
            return self.fields().get(key)
        low = key.lower()
        t = catalogue().type(self.type)
        spec = t.param(low) if t is not None and not low.startswith("@") else None
        if spec is not None and spec.accumulates:
            return self.fields().get(low)
        params = self.all_params()
        for i in range(len(params) - 1, -1, -1):
            k = params[i][0]
            if k == low or (not k.startswith("@") and k.lower() == low):
                return params[i][1]
        return None


def channel_variable(value: str) -> str | None:
    """The variable name an endpoint ``set_var`` value sets (the text before its first
    ``=``: ``X=a=b`` sets ``X`` to ``a=b``); None when the value is empty."""
    if not value:
        return None
    return value.split("=", 1)[0]


def fold(type_: str, params) -> dict:
    """The fields after applying ``params`` in order (see :meth:`WizObject.fields`)."""
    cat = catalogue()
    t = cat.type(type_)
    out: dict = {}
    keep_case = type_ == "phoneprov"
    channel_vars: dict[str, int] = {}      # set_var: variable name -> its place in the list
    for p in params:
        key = p.key if (keep_case or p.key.startswith("@")) else p.key.lower()
        spec = t.param(key) if (t is not None and not keep_case) else None
        if key == "set_var" and type_ == "endpoint":
            # ast_variable_list_replace: one value per name, in the place of the first
            name = channel_variable(p.value)
            if name is None:
                continue
            lst = out.setdefault(key, [])
            at = channel_vars.get(name)
            if at is None:
                channel_vars[name] = len(lst)
                lst.append(p.value)
            else:
                lst[at] = p.value
        elif spec is not None and spec.accumulates:
            out.setdefault(key, []).append(p.value)
        else:
            out[key] = p.value
    return out


_BY_NAME = Derived("wizard name")


class _Made(NamedTuple):
    """What the parameter builders read of an object, before it exists."""

    wizard: object
    name: str
