"""Options that take one of a closed set of values (a level, a kind, a contact mode, a rating …): a clerk types
the code, its Chinese label or a word real forms use (区级); the command receives the code. Declared once here
for every command, the kernel's and the plugins' (exported through lianluo.kernel)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Union

import click

from ..errors import InputError
from ..vocab import BODY_LABELS, BODY_WORDS, LEVEL_LABELS, LEVEL_WORDS, Vocabulary
from .filters import pick

Labels = Union[Mapping[str, str], Vocabulary, Callable[[Any], Mapping[str, str]]]


def one(value: str, known: Mapping[str, str], field: str, aliases: Mapping[str, str] | None = None) -> str:
    """The one code `value` stands for: a code, a label, an alias or the start of one label only (建议 for
    建议、批评和意见); anything else is an InputError naming `field` and listing the choices as "code（label）"."""
    text = value.strip()
    text = (aliases or {}).get(text, text)
    if text not in known and not any(label == text for label in known.values()):
        started = sorted(code for code, label in known.items() if len(text) >= 2 and label.startswith(text))
        if len(started) > 1:
            raise InputError(field, f"{value!r} 可指 {'、'.join(f'{c}（{known[c]}）' for c in started)}，请写全")
        text = started[0] if started else text
    codes = pick(text, known, field)
    if len(codes) > 1:
        raise InputError(field, f"{value!r} 可指 {'、'.join(sorted(codes))}，请写其中之一")
    return codes.pop()


class LabelChoice(click.ParamType):
    """One value of a closed vocabulary, given by code or Chinese label. `labels` is code → label, a Vocabulary,
    or a function of the App for values the enabled plugins decide (the kinds of items, a workflow's states);
    `aliases` maps other usual words to codes."""

    name = "值"

    def __init__(self, labels: Labels, aliases: Mapping[str, str] | None = None, offered_by: str | None = None):
        self._labels = labels.labels if isinstance(labels, Vocabulary) else labels
        self.aliases = dict(aliases or {})
        self.offered_by = offered_by  # the `register_*` hook whose installed but disabled plugins may offer a value

    def known(self, ctx: click.Context | None) -> Mapping[str, str]:
        if not callable(self._labels):
            return self._labels
        from .common import Root  # common imports nothing of ours; kept lazy to keep this module a leaf

        root = ctx.find_object(Root) if ctx is not None else None
        if root is None:
            raise RuntimeError("LabelChoice with a function of the App needs the lianluo root context")
        return self._labels(root.app())

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value is None or not isinstance(value, str):
            return value
        field = param.opts[0] if param is not None and getattr(param, "opts", None) else "值"
        known = self.known(ctx)  # loading the home may itself fail (a bad profile or holidays file): its own error
        try:
            return one(value, known, field, self.aliases)
        except InputError as exc:
            self.fail(exc.message + self._hint(value, ctx), param, ctx)

    def _hint(self, value: str, ctx: click.Context | None) -> str:
        """"；case 由已安装、但本数据目录未启用的插件 cases 提供，启用：…" when such a plugin offers `value`."""
        if self.offered_by is None or ctx is None:
            return ""
        from ..plugins import not_enabled_hint
        from .common import Root

        root = ctx.find_object(Root)
        return not_enabled_hint(root.app().pm, self.offered_by, value.strip()) if root is not None else ""

    def shell_complete(self, ctx, param, incomplete):
        from click.shell_completion import CompletionItem

        try:
            known = self.known(ctx)
        except Exception:  # noqa: BLE001 — completion must never fail loudly
            return []
        return [CompletionItem(code, help=label) for code, label in known.items() if code.startswith(incomplete)]


def kinds_of(table: str = "items", names: tuple[str, ...] = ()) -> LabelChoice:
    """The kinds of items the enabled plugins register (only `names`, when given), by name or Chinese label."""
    def labels(app) -> dict[str, str]:
        return {k.name: k.label for k in app.kinds.kinds.values()
                if k.table == table and k.registrable and (not names or k.name in names)}

    return LabelChoice(labels, offered_by="register_kinds")


LEVEL = LabelChoice(LEVEL_LABELS, LEVEL_WORDS)
BODY = LabelChoice(BODY_LABELS, BODY_WORDS)
