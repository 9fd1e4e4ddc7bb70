"""Generate the "Hook reference" of docs/plugins.md from the typed hookspecs (lianluo.kernel.hookspecs, then
the hooks built-in plugins add through `register_hookspecs`, e.g. lianluo.plugins.scoring.hookspecs).

The spec modules are the contract; this renders every hookspec's typed signature, call type, version and docstring into
Markdown between the markers ``<!-- hooks:start -->`` and ``<!-- hooks:end -->``, so the guide cannot drift
from the code (tests/test_third_party_plugin.py regenerates it and compares).

Usage::

    python docs/gen_hooks.py            # rewrite the section in docs/plugins.md
    python docs/gen_hooks.py --check    # exit 1 if the section is out of date
"""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path
from types import ModuleType

START = "<!-- hooks:start -->"
END = "<!-- hooks:end -->"
DOC = Path(__file__).resolve().with_name("plugins.md")

_GROUP = re.compile(r"^# --- (.+?) -+\s*$")
_ROLE = re.compile(r":(?:class|func|meth|mod|attr|exc|data):`~?([^`]+)`")
_FIELD = re.compile(r"^:(param (\w+)|return):\s*(.*)$")
_VERSION = re.compile(r"^\.\. (versionadded|versionchanged|deprecated):: (.+)$")
_VERSION_WORDS = {"versionadded": "Added in", "versionchanged": "Changed in", "deprecated": "Deprecated since"}
PLUGIN_SPECS = ("lianluo.plugins.scoring.hookspecs", "lianluo.plugins.web.hookspecs")  # built-in plugins' own hooks (register_hookspecs)


def _hookspecs_module() -> ModuleType:
    from lianluo.kernel import hookspecs

    return hookspecs


def _plugin_spec_modules() -> list[ModuleType]:
    import importlib

    return [importlib.import_module(name) for name in PLUGIN_SPECS]


def signature(fn) -> str:
    """`name(arg: Type, …) -> Return`, the annotations as written in the spec."""
    sig = inspect.signature(fn)
    args = ", ".join(f"{name}: {param.annotation}" for name, param in sig.parameters.items())
    return f"{fn.__name__}({args}) -> {sig.return_annotation}"


def _md(text: str) -> str:
    """reST inline markup as Markdown: ``code`` and :role:`target` become `code`."""
    return _ROLE.sub(r"`\1`", text).replace("``", "`")


def hooks_in_order(module: ModuleType) -> list[tuple[str, str, object]]:
    """(group, name, function) for every hookspec, in source order, under its ``# --- group ---`` comment."""
    lines = inspect.getsource(module).splitlines()
    groups = [(number, m[1]) for number, line in enumerate(lines, 1) if (m := _GROUP.match(line))]
    found = []
    for name, fn in vars(module).items():
        if inspect.isfunction(fn) and hasattr(fn, "lianluo_spec"):
            line = inspect.getsourcelines(fn)[1]
            group = next((title for number, title in reversed(groups) if number < line), "")
            found.append((line, group, name, fn))
    return [(group, name, fn) for _, group, name, fn in sorted(found, key=lambda f: f[0])]


def _split_doc(doc: str) -> tuple[list[str], list[tuple[str, str]], str]:
    """A docstring's prose lines, its ``:param:`` fields and its ``:return:`` text."""
    prose: list[str] = []
    params: list[tuple[str, str]] = []
    returns = ""
    current: list | None = None  # [kind, name, text] of the field being read
    fields = []
    for line in doc.splitlines():
        match = _FIELD.match(line)
        if match:
            current = ["return" if match[1] == "return" else "param", match[2] or "", match[3].strip()]
            fields.append(current)
        elif current is not None and line.startswith((" ", "\t")) and line.strip():
            current[2] += " " + line.strip()
        else:
            current = None
            prose.append(line)
    for kind, name, text in fields:
        if kind == "param":
            params.append((name, text))
        else:
            returns = text
    while prose and not prose[-1].strip():
        prose.pop()
    return prose, params, returns


def _call_type(fn) -> str:
    spec = fn.lianluo_spec
    if spec.get("firstresult"):
        return "first result (implementations are called until one answers non-`None`)"
    if spec.get("historic"):
        return "historic (also called for plugins registered later)"
    return "fan-out (every implementation is called)"


def _prose_line(line: str) -> str:
    match = _VERSION.match(line.strip())
    return f"*{_VERSION_WORDS[match[1]]}:* {match[2]}." if match else _md(line)


def render_hook(name: str, fn) -> str:
    """One hook's entry: heading with its typed signature, call type, prose, version, parameters and return."""
    prose, params, returns = _split_doc(inspect.getdoc(fn) or "")
    out = [f'<a id="{name}"></a>', "", f"### `{signature(fn)}`", "", f"*Call:* {_call_type(fn)}.", ""]
    if prose:
        out += [_prose_line(line) for line in prose] + [""]
    if params:
        out += ["Parameters:", ""] + [f"- `{param}` — {_md(text)}" for param, text in params] + [""]
    if returns:
        out += [f"Returns: {_md(returns)}", ""]
    return "\n".join(out)


def render(module: ModuleType | None = None) -> str:
    """The whole generated section (what goes between the markers), from the hookspecs module."""
    module = module or _hookspecs_module()
    hooks = hooks_in_order(module)
    added = [hook for extra in _plugin_spec_modules() for hook in hooks_in_order(extra)]
    out = [
        "",
        ("<!-- Generated by docs/gen_hooks.py from kernel/hookspecs.py: edit the hookspecs, then run "
         "`python docs/gen_hooks.py`. -->"),
        "",
        _md(inspect.getdoc(module) or ""),
        "",
        "| hook | lifecycle | call | what it is for |",
        "|---|---|---|---|",
    ]
    for group, name, fn in hooks + added:
        summary = _md((inspect.getdoc(fn) or "").splitlines()[0]).replace("|", "\\|")
        call = "first result" if fn.lianluo_spec.get("firstresult") else "fan-out"
        out.append(f"| [`{name}`](#{name}) | {group} | {call} | {summary} |")
    out.append("")
    current = None
    for group, name, fn in hooks:
        if group != current:
            current = group
            out += [f"### {group[:1].upper() + group[1:]}" if group else "### Other hooks", ""]
        out.append(render_hook(name, fn).replace("### ", "#### ", 1))
    for group, name, fn in added:
        if group != current:
            current = group
            out += [f"### {group[:1].upper() + group[1:]}", "",
                    f"Declared by the plugin through `register_hookspecs` ({inspect.getmodule(fn).__name__}); "
                    "they exist only in homes that enable it.", ""]
        out.append(render_hook(name, fn).replace("### ", "#### ", 1))
    return "\n".join(out) + "\n"


def section(text: str) -> str:
    """The text between the markers in a document (raises ValueError if they are missing)."""
    start, end = text.index(START) + len(START), text.index(END)
    return text[start:end]


def replace_section(text: str, body: str) -> str:
    """The document with the text between the markers replaced by `body`."""
    start, end = text.index(START) + len(START), text.index(END)
    return text[:start] + body + text[end:]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = DOC.read_text(encoding="utf-8")
    body = render()
    if "--check" in args:
        if section(text) != body:
            print(f"{DOC}: the hook reference is out of date; run python docs/gen_hooks.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(replace_section(text, body), encoding="utf-8")
    count = len(hooks_in_order(_hookspecs_module())) + sum(len(hooks_in_order(m)) for m in _plugin_spec_modules())
    print(f"{DOC}: hook reference regenerated ({count} hooks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
