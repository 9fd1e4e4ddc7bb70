"""Which organisation a home is, in which network, and what it may see of the others.

The boundary: a home acts as its own organisation only; it reads the organisations below it (read-only) and
writes into a direct child's register only by handing a matter down. Nothing here reads a sibling or a parent.
"""

from __future__ import annotations

from pathlib import Path

from ..context import App
from ..errors import RefusedError, StoreError
from ..readonly import ReadOnlyStore
from ..store.factory import store_config
from .registry import Org, Registry, subtree

FILE_STORE = ("本数据目录使用文件存储（TinyDB），只能单独使用；联络网络要求各单位的数据在同一个 PostgreSQL 数据库中"
              "（lianluo migrate --to postgresql://…，见 docs/network.md）")
NOT_JOINED = "本数据目录尚未加入联络网络（用 lianluo network add 代号 --name 单位名称 加入）"


def pg_config(home: Path) -> dict:
    config = store_config(home)
    if not config:
        raise RefusedError(FILE_STORE)
    return config


def registry_of(home: Path, network: str | None = None) -> Registry:
    config = pg_config(home)
    name = network or config.get("network")
    if not name:
        raise RefusedError(NOT_JOINED)
    return Registry(config["url"], name)


def me(home: Path) -> tuple[Registry, Org]:
    """The network this home has joined and the organisation it is there."""
    registry = registry_of(home)
    org = registry.by_schema(pg_config(home)["schema"])
    if org is None:
        raise RefusedError(NOT_JOINED)
    return registry, org


def below(registry: Registry, mine: Org, code: str, field: str = "单位代号", children_only: bool = False) -> Org:
    """An organisation below `mine` (a direct child when `children_only`), or a refusal naming the boundary."""
    orgs = registry.orgs()
    target = registry.get(code, field)
    allowed = ([o for o in orgs if o.parent == mine.code] if children_only
               else [o for o in subtree(orgs, mine.code) if o.code != mine.code])
    if target.code not in {o.code for o in allowed}:
        which = "直接下级单位" if children_only else "下级单位"
        raise RefusedError(f"{target.name} 不是本单位（{mine.name}）的{which}，不能查看或交办其事项")
    return target


def open_org(org: Org, user: str, extra: dict | None = None, managers: dict | None = None) -> App:
    """The App of another organisation's home, checked to be the schema the registry names; `managers` as
    `App.open` shares them between the organisations one command opens."""
    home = Path(org.home)
    config = store_config(home) if home.is_dir() else {}
    if config.get("schema") != org.schema:
        raise StoreError(f"单位 {org.name} 的数据目录 {home} 不存在或已不使用 schema {org.schema}；请核对联络网络登记")
    return App.open(home, user, extra, managers)


def writable_pg(app: App):
    """The PgStore under the app (a home missing a plugin is refused as its own writers are)."""
    store = app.store
    if isinstance(store, ReadOnlyStore):
        store.transaction()  # raises the home's own refusal
    return store
