"""`lianluo reindex`: rebuild the report facts (kernel/facts.py) from the item documents."""

from __future__ import annotations

import click

from ..errors import StoreError
from ..store.factory import open_store
from .common import Root, emit, json_option, pass_root
from .roster_cmds import _progress as progress  # the same terminal-only bar as a roster import

PROGRESS_ITEMS = 5000  # fewer are rebuilt before a bar would be drawn


@click.command(name="reindex")
@json_option
@pass_root
def reindex(root: Root, json_: bool) -> None:
    """重建报告汇总（各事项的统计要素）：从事项原始数据重新生成，报告和考核据此统计。
    升级 lianluo 后或从备份恢复后如统计变慢，可运行本命令；运行期间其他写入等待。"""
    store = open_store(root.home)
    if not store.exists():
        raise StoreError(f"数据目录 {root.home} 尚未初始化（没有 lianluo.json），请先运行 lianluo init")
    with store.reader() as tx:
        total = tx.count("items")
    with progress(total if total > PROGRESS_ITEMS else 0, total, "重建报告汇总") as bar:
        seen = [0]

        def step(done: int, _total: int) -> None:
            bar.update(done - seen[0])
            seen[0] = done

        done = store.reindex(progress=step)
    emit(json_, {"items": done}, f"已重建报告汇总：{done} 件事项")


COMMANDS = (reindex,)
