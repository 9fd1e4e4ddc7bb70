"""The scoring plugin's own hook, added to the contract through `register_hookspecs` (kernel/hookspecs.py).

A plugin that offers rule sets implements it; it exists only in homes whose profile enables `scoring`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from .ruleset import RuleSet

hookspec = pluggy.HookspecMarker("lianluo")


# --- assessment (added by the scoring plugin) -----------------------------------------------------


@hookspec
def register_scoring_rules(register: Callable[[RuleSet], None]) -> None:
    """Offer assessment rule sets: which items and indicators count, how they are read, weights and thresholds.

    Called once when a command scores a period (``lianluo score``), for the enabled plugins only.

    .. versionadded:: 0.1 (declared by the kernel until 0.2, by the scoring plugin since)

    :param register: ``register(rule_set)`` with a :class:`lianluo.plugins.scoring.ruleset.RuleSet`; a name
        registered twice raises, naming both plugins.
    :return: ignored.
    """
