"""Built-in profiles: the TOML files beside this module, one per organisation in the source texts."""

from __future__ import annotations

from pathlib import Path

from lianluo.kernel import hookimpl

HERE = Path(__file__).parent


@hookimpl
def register_profiles(register):
    for path in sorted(HERE.glob("*.toml")):
        register(path.stem, path)
