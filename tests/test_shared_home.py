"""A home shared by a group (`lianluo init --group NAME`): the timer's account and the clerks' accounts all use
it. Every file made in it — data, backups, restored data, reports, locks — is 0660 in a 2770 folder of
that group, a drifted folder is said so, and nothing ever has world bits.

The mode tests run as any account, with its own primary group. The last test runs the CLI as real second and
third system accounts (made with groupadd/useradd, run through setpriv): only where the tests run as root and
those tools exist, skipped with the reason elsewhere.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from fixtures import TEST_PG, Clerk, set_up_liwan

OWN_GROUP = grp.getgrgid(os.getgid()).gr_name


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _everything(home: Path) -> list[Path]:
    return [home, *home.rglob("*")]


def _assert_shared(home: Path, gid: int) -> None:
    """Every folder 2770, every file 0660, all of the group; no world bits anywhere."""
    for path in _everything(home):
        found = path.stat()
        assert found.st_gid == gid, path
        assert _mode(path) == (0o2770 if path.is_dir() else 0o660), (path, oct(_mode(path)))
        assert not found.st_mode & 0o007, path


@pytest.fixture
def shared(tmp_path) -> Clerk:
    clerk = Clerk(tmp_path / "shared-home")
    clerk.run("init", "--profile", "liwan-court", "--org", "示例区人民法院", "--group", OWN_GROUP, "--head", "周院长")
    return clerk


def test_init_with_group_makes_a_setgid_folder_of_group_files(shared):
    assert _mode(shared.home) == 0o2770
    assert (shared.home / "access.toml").read_text(encoding="utf-8").count(f'group = "{OWN_GROUP}"') == 1
    _assert_shared(shared.home, os.getgid())


def test_every_later_write_backup_restore_and_report_keeps_the_mode(shared, tmp_path):
    set_up_liwan_after_init(shared)
    _register(shared, "诉讼服务中心停车难", "2026-01-08")
    shared.run("tick", "--today", "2026-03-02")
    backup = Path(shared.json("backup")["backup"])
    assert backup.parent == shared.home / "backups"
    _register(shared, "关于执行款发放的建议", "2026-01-09")
    restored = shared.json("restore", str(backup))
    assert restored["replaced"]
    shared.run("report", "--period", "2026-Q1", "--format", "xlsx")
    shared.run("report", "--period", "2026-Q1", "--format", "docx")
    made = sorted(p.name for p in (shared.home / "reports").iterdir())
    assert len(made) == 3 and any(name.startswith("办理情况专项报告") for name in made), made  # one by the tick
    _assert_shared(shared.home, os.getgid())
    # a file the clerk asks for outside the home stays the clerk's own
    outside = tmp_path / "elsewhere.json"
    shared.run("backup", "--out", str(outside))
    assert _mode(outside) == 0o600


def _register(clerk: Clerk, title: str, day: str) -> None:
    ref = str(clerk.json("item", "register", "--kind", "suggestion", "--title", title, "--deputy", "1",
                         "--channel", "interim", "--date", day)["id"])
    clerk.run("item", "approve", ref, "--date", day)
    clerk.run("item", "assign", ref, "--lead", "立案庭", "--date", day)


def set_up_liwan_after_init(clerk: Clerk) -> None:
    """set_up_liwan's departments, deputies and session on a home already made."""
    clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
    clerk.run("deputy", "add", "--name", "陈代表", "--level", "district", "--phone", "13812345678")
    clerk.run("session", "add", "--name", "区人大五次会议", "--opens", "2026-01-06", "--closes", "2026-01-09")


def test_a_drifted_shared_folder_is_said_so(shared):
    os.chmod(shared.home, 0o700)
    err = shared.run("deputy", "list").stderr
    assert f"应由用户组 {OWN_GROUP} 共用" in err and "0700" in err and "chmod 2770" in err


def test_a_private_home_stays_owner_only(clerk):
    set_up_liwan(clerk)
    clerk.run("report", "--period", "2026-Q1", "--format", "docx")
    clerk.run("backup")
    for path in _everything(clerk.home):
        assert _mode(path) == (0o700 if path.is_dir() else 0o600), path


def test_an_unknown_group_is_refused_and_nothing_is_made(clerk):
    line = clerk.fails("init", "--profile", "liwan-court", "--org", "示例区人民法院", "--group", "no-such-group-xyz")
    assert line.startswith("错误：--group：") and "no-such-group-xyz" in line and "groupadd" in line
    assert not clerk.home.exists()


# --- as other system accounts -------------------------------------------------------------------------

def _second_users_unavailable() -> str | None:
    if os.geteuid() != 0:
        return "测试不是以 root 运行，不能建立临时系统用户"
    missing = [tool for tool in ("groupadd", "useradd", "userdel", "groupdel", "setpriv") if not shutil.which(tool)]
    if missing:
        return f"缺少系统工具：{'、'.join(missing)}"
    if TEST_PG:
        return "PostgreSQL 运行：数据不在文件中（文件权限由文件存储测试覆盖）"
    return None


@pytest.fixture
def accounts():
    """A throwaway group, a timer account and a clerk account in it, and an outsider; removed afterwards."""
    reason = _second_users_unavailable()
    if reason:
        pytest.skip(reason)
    tag = uuid.uuid4().hex[:6]
    group, timer, clerk, outsider = f"llg{tag}", f"llt{tag}", f"llc{tag}", f"llo{tag}"
    made: list[list[str]] = []
    try:
        for command, undo in (
            (["groupadd", group], ["groupdel", group]),
            (["useradd", "-M", "-U", "-G", group, "-s", "/usr/sbin/nologin", timer], ["userdel", timer]),
            (["useradd", "-M", "-U", "-G", group, "-s", "/usr/sbin/nologin", clerk], ["userdel", clerk]),
            (["useradd", "-M", "-U", "-s", "/usr/sbin/nologin", outsider], ["userdel", outsider]),
        ):
            subprocess.run(command, check=True, capture_output=True)
            made.append(undo)
        yield group, timer, clerk, outsider
    finally:
        for undo in reversed(made):
            subprocess.run(undo, capture_output=True)


def _as(user: str, *args: str, home: Path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "LANG": "C.UTF-8", "LIANLUO_HOME": str(home),
           "PYTHONDONTWRITEBYTECODE": "1"}
    command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups", sys.executable, "-c",
               "from lianluo.kernel.cli.main import main; main()", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, cwd="/")


def test_the_timer_and_a_clerk_share_a_home_and_an_outsider_cannot_read_it(accounts):
    group, timer, clerk, outsider = accounts
    base = Path(tempfile.mkdtemp(prefix="lianluo-shared-"))
    try:
        os.chmod(base, 0o711)  # the accounts may pass through, not list
        home = base / "liwan"  # made by the administrator for the timer's account, as docs/deployment.md says
        home.mkdir(mode=0o700)
        os.chown(home, pwd.getpwnam(timer).pw_uid, -1)
        done = _as(timer, "init", "--profile", "liwan-court", "--org", "示例区人民法院", "--group", group, home=home)
        assert done.returncode == 0, done.stderr
        for args in (("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长"),
                     ("deputy", "add", "--name", "陈代表", "--level", "district"),
                     ("item", "register", "--kind", "suggestion", "--title", "诉讼服务中心停车难", "--deputy", "1",
                      "--channel", "interim", "--date", "2026-01-08"),
                     ("item", "approve", "1", "--date", "2026-01-08"),
                     ("item", "assign", "1", "--lead", "立案庭", "--date", "2026-01-08")):
            done = _as(clerk, *args, home=home)  # the clerk writes into the home the timer made
            assert done.returncode == 0, (args, done.stderr)
        done = _as(timer, "tick", "--today", "2026-03-02", home=home)
        assert done.returncode in (0, 3), done.stderr
        done = _as(timer, "report", "--period", "2026-Q1", "--format", "docx", home=home)
        assert done.returncode == 0, done.stderr
        made = next((home / "reports").iterdir())
        assert made.stat().st_uid != 0 and made.stat().st_gid == grp.getgrnam(group).gr_gid
        done = _as(clerk, "backup", home=home)
        assert done.returncode == 0, done.stderr
        done = _as(clerk, "item", "show", "1", home=home)
        assert done.returncode == 0 and "诉讼服务中心停车难" in done.stdout, done.stderr
        _assert_shared(home, grp.getgrnam(group).gr_gid)
        denied = _as(outsider, "item", "list", home=home)
        assert denied.returncode == 2 and denied.stderr.startswith("错误：--home：") and "没有权限" in denied.stderr
        assert "Permission" not in denied.stderr and "readable" not in denied.stderr
        done = subprocess.run(["setpriv", f"--reuid={outsider}", f"--regid={outsider}", "--init-groups", "cat",
                               str(home / "profile.toml")], capture_output=True, text=True)
        assert done.returncode != 0 and "Permission denied" in done.stderr
    finally:
        shutil.rmtree(base, ignore_errors=True)
