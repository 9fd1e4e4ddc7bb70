"""The web plugin's own hook, added to the contract through `register_hookspecs` (kernel/hookspecs.py).

A plugin that brings pages to the web desk implements it with ``@hookimpl(optionalhook=True)``, so that homes
which do not enable `web` still accept the plugin (pluggy skips an optional hook nobody declared).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from .pages import PluginPages

hookspec = pluggy.HookspecMarker("lianluo")


# --- the web desk (added by the web plugin) ---------------------------------------------------------


@hookspec
def register_web_pages(register: PluginPages) -> None:
    """Add pages, navigation entries, panels and templates to the web desk, as datasette's ``register_routes``.

    Called once when the web application is built (``lianluo serve``), for the enabled plugins only. The web
    plugin's own pages (工作台, 事项, 通知) are registered through the same hook.

    .. versionadded:: 0.2

    :param register: a :class:`lianluo.plugins.web.pages.PluginPages`, tagged with the calling plugin:
        ``register.page(path, view, roles=…, nav=…, methods=…)`` adds a page (``view(page, **url_values)``
        gets a :class:`~lianluo.plugins.web.helper.Page` helper: the logged-in person, the home as that person,
        transactions, rendering, masking); ``register.panel(slot, render, roles=…)`` adds a box to the
        ``home`` (工作台) or ``item`` (事项) page; ``register.templates(folder)`` makes the plugin's Jinja templates
        available as ``PLUGIN/NAME.html``. A path registered twice raises, naming both plugins.
    :return: ignored.
    """
