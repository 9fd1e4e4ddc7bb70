"""The kernel–plugin boundary, checked the way CI would: import-linter's three contracts (pyproject.toml
`[tool.importlinter]`) over the installed packages, and the same rule for `examples/`, which import-linter
cannot see (they are separate distributions)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import lianluo.kernel

ROOT = Path(__file__).resolve().parent.parent
PLUGINS = ROOT / "plugins"
LINT = Path(sys.executable).with_name("lint-imports")


def lint() -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_lint_imports_keeps_the_three_contracts():
    result = lint()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    for name in ("The kernel imports no plugin", "A plugin imports only the public API",
                 "Plugins do not import one another"):
        assert f"{name}" in result.stdout
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_a_plugin_reaching_into_a_private_kernel_module_or_another_plugin_breaks_the_contracts():
    """The contracts can fail: a module under plugins/ that imports `lianluo.kernel.desk` and another
    plugin's module is reported, naming both imports."""
    probe = PLUGINS / "suggestions" / "_contract_probe.py"
    probe.write_text("from lianluo.kernel.desk import Desk  # noqa\nfrom lianluo.plugins.cases import rules  # noqa\n")
    try:
        result = lint()
    finally:
        probe.unlink()
    assert result.returncode == 1
    assert "lianluo.plugins.suggestions._contract_probe -> lianluo.kernel.desk" in result.stdout
    assert "lianluo.plugins.suggestions._contract_probe -> lianluo.plugins.cases.rules" in result.stdout
    assert "Contracts: 1 kept, 2 broken." in result.stdout


def _lianluo_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lianluo"):
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("lianluo")]
    return found


def test_examples_import_only_the_public_api():
    files = sorted((ROOT / "examples").rglob("*.py"))
    assert files
    outside = {f"{p.relative_to(ROOT)}: {m}" for p in files for m in _lianluo_imports(p) if m != "lianluo.kernel"}
    assert not outside


def test_every_public_name_exists():
    """`__all__` is the public API's list: each name in it is there (the lazy `lianluo_command` included)."""
    missing = [name for name in lianluo.kernel.__all__ if not hasattr(lianluo.kernel, name)]
    assert not missing
    assert len(set(lianluo.kernel.__all__)) == len(lianluo.kernel.__all__)
