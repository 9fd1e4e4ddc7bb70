"""What plugins add to the web desk (the `register_web_pages` hook): pages, navigation entries, panels and
template folders, each tagged with the plugin that declared it.

A page is a path (Flask's rule syntax: ``/cases/<int:case_id>``), a view ``view(page, **url_values)`` and the
roles that may open it; the web plugin wraps every view with the same login, role and security checks
(app.py), so a plugin's page cannot forget them. The view returns a `str` of HTML (`page.render(...)`) or
what `page.redirect(...)` returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs

from lianluo.kernel import DuplicateError, PluginError

from .roles import EVERYONE, ROLES

SLOTS = ("home", "item")  # where panels go: 工作台, and the item page (render(page, item))
METHODS = ("GET", "POST")


@attrs.frozen
class PageDecl:
    path: str
    view: Callable[..., Any]
    plugin: str
    roles: tuple[str, ...]
    methods: tuple[str, ...] = ("GET",)
    nav: str | None = None  # the label in the top navigation, or no entry
    order: int = 50  # navigation order (the web plugin's own: 10, 20, 30 …)
    endpoint: str = ""


@attrs.frozen
class Panel:
    slot: str
    render: Callable[..., Any]
    plugin: str
    roles: tuple[str, ...]
    title: str = ""
    order: int = 50


class Pages:
    """Everything registered, across plugins; `for_plugin(name)` is what the hook receives."""

    def __init__(self) -> None:
        self.pages: dict[str, PageDecl] = {}
        self.panels: list[Panel] = []
        self.template_dirs: dict[str, Path] = {}

    def for_plugin(self, plugin: str) -> "PluginPages":
        return PluginPages(self, plugin)

    def nav(self, role: str) -> list[PageDecl]:
        return sorted((p for p in self.pages.values() if p.nav and role in p.roles), key=lambda p: (p.order, p.path))

    def panels_for(self, slot: str, role: str) -> list[Panel]:
        return sorted((p for p in self.panels if p.slot == slot and role in p.roles), key=lambda p: p.order)


def _roles(plugin: str, roles: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(roles)
    unknown = [r for r in chosen if r not in ROLES]
    if unknown or not chosen:
        raise PluginError(plugin, "register_web_pages", ValueError(f"未知角色 {unknown or '（空）'}；可用：{'、'.join(ROLES)}"))
    return chosen


@attrs.frozen
class PluginPages:
    """The `pages` argument of `register_web_pages`: the registry, tagged with the declaring plugin."""

    registry: Pages
    plugin: str

    def page(self, path: str, view: Callable[..., Any], *, roles: Iterable[str] = EVERYONE,
             methods: Iterable[str] = ("GET",), nav: str | None = None, order: int = 50) -> None:
        """Add a page at `path`; `roles` may open it (anyone else gets 403), `nav` puts it in the navigation."""
        if not path.startswith("/"):
            raise PluginError(self.plugin, "register_web_pages", ValueError(f"路径 {path!r} 须以 / 开头"))
        methods = tuple(m.upper() for m in methods)
        if any(m not in METHODS for m in methods):
            raise PluginError(self.plugin, "register_web_pages", ValueError(f"方法 {methods} 只能是 GET、POST"))
        held = self.registry.pages.get(path)
        if held is not None:
            raise DuplicateError("网页", path, held.plugin, self.plugin)
        endpoint = f"{self.plugin}:{path}"
        self.registry.pages[path] = PageDecl(path, view, self.plugin, _roles(self.plugin, roles), methods, nav,
                                             order, endpoint)

    def panel(self, slot: str, render: Callable[..., Any], *, roles: Iterable[str] = EVERYONE, title: str = "",
              order: int = 50) -> None:
        """Add a box to a page: `home` (render(page)) or `item` (render(page, item)); return HTML from
        `page.fragment(...)`, plain text (escaped), or None for nothing."""
        if slot not in SLOTS:
            raise PluginError(self.plugin, "register_web_pages", ValueError(f"未知位置 {slot!r}；可用：{'、'.join(SLOTS)}"))
        self.registry.panels.append(Panel(slot, render, self.plugin, _roles(self.plugin, roles), title, order))

    def templates(self, folder: str | Path) -> None:
        """Make the Jinja templates in `folder` available as ``PLUGIN/NAME.html`` (they may extend
        ``base.html``, the web desk's layout)."""
        self.registry.template_dirs[self.plugin] = Path(folder)
