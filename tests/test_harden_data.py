"""Issue 24 points 1, 2, 4, 9, 11, 12: no copy of the data is overwritten, no output path can hit the data
home, an output failure after a commit says the work was saved, a killed backup or migrate leaves nothing
behind, only regular files of bounded size are read, and known causes are named instead of "内部错误"."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from fixtures import TEST_PG, Clerk
from lianluo.kernel.cli import home_cmds
from lianluo.kernel.store.factory import STORE_FILE, open_store

REGISTER = ("item", "register", "--kind", "suggestion", "--deputy", "1", "--date", "2026-03-02", "--title")
SAVED_EXIT = 4  # documented in docs/architecture.md (the contract) and docs/guarantees.md


def _titles(path: Path) -> set[str]:
    data = json.loads(path.read_bytes())
    return {doc["title"] for doc in data.get("items", {}).values()}


def _lianluo(home: Path, *args: str, stdout=subprocess.PIPE, timeout: float = 60, **kw) -> subprocess.CompletedProcess:
    """The installed command as a clerk (or cron) runs it."""
    return subprocess.run([str(Path(sys.executable).parent / "lianluo"), "--home", str(home), *args],
                          stdout=stdout, stderr=subprocess.PIPE, timeout=timeout, env=os.environ.copy(), **kw)


def _hidden(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob(".*") if p.is_file() and p.name != ".lianluo.lock")


# --- 1. never reuse a name -----------------------------------------------------------------------------
def test_two_restores_in_one_second_keep_both_replaced_copies(liwan, monkeypatch):
    monkeypatch.setattr(home_cmds, "_stamp", lambda: "20261206-185215")  # both restores in the same second
    backup = Path(liwan.json("backup")["backup"])
    liwan.run(*REGISTER, "第一次恢复前登记")
    first = liwan.json("restore", str(backup))["replaced"]
    liwan.run(*REGISTER, "两次恢复之间登记")
    second = liwan.json("restore", str(backup))["replaced"]
    assert first != second
    assert "第一次恢复前登记" in _titles(Path(first))
    assert "两次恢复之间登记" in _titles(Path(second))  # the item registered between them is kept


def test_restore_never_overwrites_a_file_it_did_not_create(liwan, monkeypatch):
    monkeypatch.setattr(home_cmds, "_stamp", lambda: "20261206-185215")
    mine = liwan.home / "lianluo.json.replaced-20261206-185215"
    mine.write_text("书记员自己的文件")
    backup = Path(liwan.json("backup")["backup"])
    kept = liwan.json("restore", str(backup))["replaced"]
    assert mine.read_text() == "书记员自己的文件" and Path(kept) != mine


def test_two_backups_in_one_second_keep_both(liwan, monkeypatch):
    monkeypatch.setattr(home_cmds, "_stamp", lambda: "20261206-185215")
    first = Path(liwan.json("backup")["backup"])
    liwan.run(*REGISTER, "两次备份之间登记")
    second = Path(liwan.json("backup")["backup"])
    assert first != second and first.exists()
    assert "两次备份之间登记" not in _titles(first) and "两次备份之间登记" in _titles(second)


# --- 2. no output path overwrites a file, or touches the data home ---------------------------------------
@pytest.mark.parametrize("target", ["lianluo.json", "lianluo.json.bak", "data/x.md", "store.toml", "profile.toml"])
def test_report_out_never_writes_into_the_data_files(liwan, target):
    before = liwan.data_bytes()
    line = liwan.fails("report", "--period", "2026", "--out", str(liwan.home / target), "--force")
    assert line.startswith("错误：--out：") and "数据" in line
    assert liwan.data_bytes() == before
    liwan.run("item", "list")


def test_report_out_refuses_an_existing_file_unless_forced(liwan, tmp_path):
    out = tmp_path / "报告.md"
    out.write_text("上个月的报告")
    assert "已存在" in liwan.fails("report", "--period", "2026", "--out", str(out))
    assert out.read_text() == "上个月的报告"
    liwan.run("report", "--period", "2026", "--out", str(out), "--force")
    assert "上个月的报告" not in out.read_text()


def test_every_user_chosen_output_refuses_the_data_files(liwan):
    liwan.run(*REGISTER, "关于诉讼服务的建议")
    liwan.run("item", "approve", "1", "--date", "2026-03-02")
    liwan.run("item", "assign", "1", "--lead", "立案庭", "--date", "2026-03-03")
    liwan.run("item", "reply", "1", "--category", "A", "--text", "已解决", "--date", "2026-03-10")
    before = liwan.data_bytes()
    for args in (("item", "letter", "1", "--deputy", "1", "--out", str(liwan.home / "data" / "函.docx")),
                 ("backup", "--out", str(liwan.home / "data" / "b.json")),
                 ("deputy", "template", str(liwan.home / "data" / "名册.xlsx"))):
        assert "数据" in liwan.fails(*args)
    assert liwan.data_bytes() == before
    assert not list((liwan.home / "data").glob("*.docx")) and not list((liwan.home / "data").glob("*.xlsx"))


# --- 4. an output failure after a commit says the work was saved ----------------------------------------
def test_register_to_a_full_device_says_the_item_was_saved(liwan):
    with open("/dev/full", "w") as full:
        done = _lianluo(liwan.home, *REGISTER, "写往满设备的登记", stdout=full)
    err = done.stderr.decode()
    assert done.returncode == SAVED_EXIT, err
    assert "数据未作修改" not in err and "已保存" in err and "内部错误" not in err
    assert [i["title"] for i in liwan.json("item", "list")] == ["写往满设备的登记"]


def test_tick_into_a_closed_pipe_says_the_tick_was_saved(liwan):
    liwan.run(*REGISTER, "关于诉讼服务的建议")
    read, write = os.pipe()
    os.close(read)  # the reader went away before the tick printed anything
    try:
        done = _lianluo(liwan.home, "tick", "--today", "2026-05-20", stdout=write)
    finally:
        os.close(write)
    err = done.stderr.decode()
    assert done.returncode == SAVED_EXIT, err
    assert "已保存" in err and "数据未作修改" not in err and "Traceback" not in err
    assert liwan.run("tick", "--today", "2026-05-20").stdout.count("已发") == 0  # nothing sent twice


def test_a_read_only_command_to_a_full_device_is_not_called_saved(liwan):
    with open("/dev/full", "w") as full:
        done = _lianluo(liwan.home, "item", "list", stdout=full)
    err = done.stderr.decode()
    assert done.returncode == 1 and "已保存" not in err and "内部错误" not in err and "输出" in err


# --- 9. a killed backup or migrate leaves nothing behind --------------------------------------------------
KILL_AT = textwrap.dedent(
    """
    import os, signal, sys
    import {module} as target
    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)
    setattr(target, {name!r}, die)
    from lianluo.kernel.cli.main import main
    sys.argv = ["lianluo", *sys.argv[1:]]
    main()
    """
)


def _killed(home: Path, module: str, name: str, *args: str) -> int:
    code = KILL_AT.format(module=module, name=name)
    return subprocess.run([sys.executable, "-c", code, "--home", str(home), *args], capture_output=True,
                          timeout=60, env=os.environ.copy()).returncode


def test_a_killed_backup_leaves_no_hidden_copy_after_the_next_run(liwan):
    assert _killed(liwan.home, "os", "fsync", "backup") == -9  # the copy is written, not yet named
    left = _hidden(liwan.home / "backups")
    assert left, "the kill should have hit while the temp copy existed"
    done = liwan.run("backup")
    assert not _hidden(liwan.home / "backups")
    assert "临时文件" in done.stderr and "已删除" in done.stderr


def test_a_killed_migrate_leaves_no_orphan_schema(tmp_path, monkeypatch, pg_url):
    import psycopg

    from fixtures import set_up_liwan

    monkeypatch.delenv("LIANLUO_STORE", raising=False)
    clerk = set_up_liwan(Clerk(tmp_path / "tiny"))
    clerk.run(*REGISTER, "迁移中被杀")
    schema = "lianluo_killed_migrate_test"
    code = _killed(clerk.home, "lianluo.kernel.cli.migrate_cmds", "save_store_config",
                   "migrate", "--to", pg_url, "--schema", schema)
    assert code == -9 and not (clerk.home / STORE_FILE).exists()
    done = clerk.run("migrate", "--to", pg_url, "--schema", "lianluo_killed_migrate_next")
    assert schema in done.stderr and "已删除" in done.stderr
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT to_regnamespace(%s)", (schema,)).fetchone()[0] is None
    assert [i["title"] for i in clerk.json("item", "list")] == ["迁移中被杀"]


# --- 11. only regular files, bounded sizes ---------------------------------------------------------------
def test_restore_from_a_device_or_a_fifo_is_refused_at_once(liwan, tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for source in ("/dev/zero", str(fifo)):
        done = _lianluo(liwan.home, "restore", source, timeout=30)
        err = done.stderr.decode()
        assert done.returncode == 2 and "普通文件" in err and len(err.strip().splitlines()) == 1, err


def test_report_out_to_a_fifo_or_a_device_is_refused(liwan, tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    for out, fmt in ((fifo, "md"), ("/dev/full", "docx")):
        done = _lianluo(liwan.home, "report", "--period", "2026", "--format", fmt, "--out", str(out), "--force",
                        timeout=30)
        err = done.stderr.decode()
        assert done.returncode == 2 and "普通文件" in err and "Traceback" not in err, err


def test_a_deeply_nested_backup_is_refused_in_one_line(liwan, tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    before = liwan.data_bytes()
    line = liwan.fails("restore", str(deep), code=1)
    assert str(deep) in line and "内部错误" not in line
    assert liwan.data_bytes() == before


def test_a_zip_bomb_roster_is_refused_quickly(liwan, tmp_path):
    bomb = tmp_path / "名册.xlsx"
    row = "<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData>" + row * 2_000_000 + "</sheetData></worksheet>")
    started = time.monotonic()
    line = liwan.fails("deputy", "import", str(bomb))
    assert time.monotonic() - started < 10
    assert "解压" in line and str(bomb) in line


def test_row_errors_stop_after_a_hundred_with_a_count(liwan, tmp_path):
    roster = tmp_path / "名册.csv"
    roster.write_text("姓名,类别,层级\n" + "".join(f"某{n},外星,宇宙\n" for n in range(5000)), encoding="utf-8")
    done = liwan.run("deputy", "import", str(roster), expect=2)
    lines = done.stderr.strip().splitlines()
    assert len(lines) < 150
    assert any("5000 行有误" in line for line in lines)
    assert any("其余" in line for line in lines)


# --- 12. clear causes ----------------------------------------------------------------------------------
def test_restore_while_the_home_is_busy_says_the_home_is_busy(liwan, monkeypatch):
    if TEST_PG:
        pytest.skip("PostgreSQL 后端：忙碌由行锁判断，见 test_pg_concurrency")
    backup = liwan.json("backup")["backup"]
    import filelock

    monkeypatch.setenv("LIANLUO_LOCK_TIMEOUT", "0.2")
    with filelock.FileLock(str(liwan.home / ".lianluo.lock")):
        line = liwan.fails("restore", backup, code=1)
    assert "正被另一个 lianluo 进程使用" in line and "备份不能使用" not in line


def test_a_data_file_replaced_by_a_folder_is_named(liwan):
    if TEST_PG:
        pytest.skip("PostgreSQL 后端没有 lianluo.json")
    manifest = liwan.home / "lianluo.json"
    manifest.rename(liwan.home / "moved.json")
    manifest.mkdir()
    line = liwan.fails("item", "list", code=1)
    assert str(manifest) in line and "文件夹" in line


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "磁盘空间已满"), (errno.EROFS, "只读"),
                                         (errno.EACCES, "没有写入权限")])
def test_a_failing_disk_is_named_and_nothing_is_saved(liwan, monkeypatch, code, words):
    if TEST_PG:
        pytest.skip("PostgreSQL 后端：数据写入服务器")
    before = open_store(liwan.home).dump()

    def fail(fd):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", fail)
    line = liwan.fails(*REGISTER, "磁盘出错时登记", code=1)
    monkeypatch.undo()
    assert words in line and "内部错误" not in line and "未作修改" in line
    assert open_store(liwan.home).dump() == before


@pytest.mark.parametrize("path", ["", "x" * 5000, "no-such-folder/报告.md"])
def test_bad_output_paths_are_named(liwan, tmp_path, path):
    for args in (("report", "--period", "2026", "--out", path), ("backup", "--out", path)):
        line = liwan.fails(*args)
        assert line.startswith("错误：--out：") and "内部错误" not in line, line


def test_a_report_cut_short_by_a_full_disk_leaves_no_file(liwan, tmp_path, monkeypatch):
    out = tmp_path / "报告.docx"

    def fail(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fail)
    line = liwan.fails("report", "--period", "2026", "--format", "docx", "--out", str(out), code=1)
    monkeypatch.undo()
    assert "磁盘空间已满" in line and "内部错误" not in line
    assert list(tmp_path.glob("*报告*")) == [] and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
