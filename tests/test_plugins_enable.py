"""Plugins per home: `lianluo plugins enable|disable NAME` (checked, refused where the data need the plugin,
atomic, audited), a name the home lacks that an installed but disabled plugin offers (a scoring rule, an item
kind, a plugin's command) says so and how to enable it, and a home's own `plugins/*.py` are loaded for it alone
(a broken file named, a file others could change refused)."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from fixtures import Clerk
from lianluo.kernel.store.factory import open_store

SHILI = '''
"""A court's scoring rules, packaged and installed but not enabled everywhere."""
from lianluo.kernel import ProfileError, hookimpl
from lianluo.plugins.scoring.ruleset import RuleSet


@hookimpl
def register_scoring_rules(register):
    register(RuleSet(name="shili-court", label="示例法院考核办法", source="示例", weights={"reply": 100}, min_count=1))


@hookimpl
def check_profile(ctx):
    if ctx.params("shili").get("office", None) is None:
        raise ProfileError("配置缺少参数 shili.office（示例法院考核办法的考核部门）")
'''


@pytest.fixture
def shili_installed(tmp_path, monkeypatch) -> None:
    """A distribution `shili-rules` with the entry point `shili`, installed on sys.path as pip would leave it."""
    site = tmp_path / "site"
    info = site / "shili_rules-1.0.dist-info"
    info.mkdir(parents=True)
    (site / "shili_rules.py").write_text(SHILI, encoding="utf-8")
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: shili-rules\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[lianluo]\nshili = shili_rules\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))


def _audit(clerk: Clerk) -> list[dict]:
    with open_store(clerk.home).reader() as tx:
        return [doc for doc in tx.all("audit") if doc.get("what", "").startswith("plugins ")]


def _enabled(clerk: Clerk) -> set[str]:
    return {row["name"] for row in clerk.json("plugins") if row["enabled"]}


def test_disable_then_enable_a_plugin_for_this_home(liwan):
    done = liwan.json("plugins", "disable", "scoring")
    assert done["changed"] and "scoring" not in done["plugins"] and "scoring" not in _enabled(liwan)
    line = liwan.fails("score", "--period", "2026", code=1)
    assert "未启用插件 scoring" in line and "lianluo plugins enable scoring" in line
    out = liwan.run("plugins", "enable", "scoring").stdout
    assert "已在本数据目录启用插件 scoring" in out and "scoring" in _enabled(liwan)
    liwan.run("score", "--period", "2026")
    assert "已启用，未作修改" in liwan.run("plugins", "enable", "scoring").stdout
    assert [(a["what"], a["plugin"], a["who"]) for a in _audit(liwan)] == [
        ("plugins disable", "scoring", "测试书记员"), ("plugins enable", "scoring", "测试书记员")]


def test_a_plugin_the_data_need_is_not_disabled(liwan):
    liwan.run("item", "register", "--kind", "suggestion", "--title", "关于诉讼服务中心延时服务的建议", "--deputy", "1",
              "--channel", "interim", "--date", "2026-02-02")
    before = (liwan.home / "profile.toml").read_bytes()
    line = liwan.fails("plugins", "disable", "suggestions", code=1)
    assert "不能停用插件 suggestions" in line and "有 1 件" in line and "suggestion" in line
    assert "始终启用" in liwan.fails("plugins", "disable", "profiles", code=1)
    assert "未在本数据目录启用" in liwan.fails("plugins", "disable", "demo")
    assert "未知插件 'nope'" in liwan.fails("plugins", "enable", "nope")
    assert (liwan.home / "profile.toml").read_bytes() == before and not _audit(liwan)


def test_an_unknown_kind_of_a_disabled_plugin_says_how_to_enable_it(liwan):
    liwan.run("plugins", "disable", "cases")
    line = liwan.fails("item", "register", "--kind", "case", "--title", "张某诉李某借款纠纷", "--deputy", "1")
    assert "'case'" in line and "已安装、但本数据目录未启用的插件 cases" in line
    assert "lianluo plugins enable cases" in line


def test_an_unknown_rule_of_an_installed_disabled_plugin_says_how_to_enable_it(liwan, shili_installed):
    line = liwan.fails("score", "--period", "2026", "--rules", "shili-court")
    assert "未知评分规则 shili-court" in line and "已安装、但本数据目录未启用的插件 shili" in line
    assert line.endswith("启用：lianluo plugins enable shili")
    # enabling it runs its profile check first: refused, naming the parameter, nothing written
    before = (liwan.home / "profile.toml").read_bytes()
    assert "shili.office" in liwan.fails("plugins", "enable", "shili")
    assert (liwan.home / "profile.toml").read_bytes() == before
    with open(liwan.home / "profile.toml", "a", encoding="utf-8") as profile:
        profile.write('\n[shili]\noffice = "联络办"\n')
    liwan.run("plugins", "enable", "shili")
    assert "示例法院考核办法" in liwan.run("score", "--period", "2026", "--rules", "shili-court").stdout
    assert "未知评分规则" not in liwan.run("score", "--period", "2026", "--rules", "shili-court").stderr


LOCAL_RULE = '''
"""本院自定的考核办法：只看答复率。"""
from lianluo.kernel import hookimpl
from lianluo.plugins.scoring.ruleset import RuleSet


@hookimpl
def register_scoring_rules(register):
    register(RuleSet(name="court-own", label="本院答复率考核", source="本院通知", weights={"reply": 100}, min_count=1))
'''


def _local(clerk: Clerk, name: str, text: str, mode: int = 0o600) -> Path:
    folder = clerk.home / "plugins"
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    os.chmod(path, mode)
    return path


def test_a_local_plugin_file_adds_a_scoring_rule_for_this_home_only(liwan, tmp_path):
    _local(liwan, "court_rules.py", LOCAL_RULE)
    assert "本院答复率考核" in liwan.run("score", "--period", "2026", "--rules", "court-own").stdout
    row = next(r for r in liwan.json("plugins") if r["name"] == "court_rules")
    assert row["enabled"] and row["source"] == "plugins/court_rules.py" and row["hooks"] == ["register_scoring_rules"]
    assert "移走该文件即停用" in liwan.fails("plugins", "disable", "court_rules", code=1)
    other = Clerk(tmp_path / "other")
    other.run("init", "--profile", "liwan-court")
    assert "未知评分规则 court-own" in other.fails("score", "--period", "2026", "--rules", "court-own")


def test_homes_opened_together_share_a_plugin_manager_only_on_the_same_plugins(liwan, tmp_path):
    """A network report opens every organisation's home with one `managers` cache (App.open): homes on the same
    plugins share one manager; a home with a local plugin of its own, or other plugins enabled, gets its own,
    and its own rule acts there only."""
    from lianluo.kernel.context import App

    first, second = Clerk(tmp_path / "first"), Clerk(tmp_path / "second")
    for clerk in (first, second):
        clerk.run("init", "--profile", "liwan-court")
    _local(liwan, "court_rules.py", LOCAL_RULE)
    managers: dict = {}
    one, two, own = (App.open(c.home, managers=managers) for c in (first, second, liwan))
    assert one.pm is two.pm and own.pm is not one.pm and len(managers) == 2
    assert own.pm.has_plugin("court_rules") and not one.pm.has_plugin("court_rules")
    second.run("plugins", "disable", "web")
    assert App.open(second.home, managers=managers).pm is not one.pm
    assert not App.open(second.home, managers=managers).pm.has_plugin("web")
    assert App.open(first.home).pm is not one.pm  # without the cache, each opening builds its own


def test_a_broken_local_plugin_is_named_with_its_file_and_line(liwan):
    path = _local(liwan, "broken.py", "from lianluo.kernel import hookimpl\n\ndef oops(:\n    pass\n")
    line = liwan.fails("item", "list")
    assert f"本地插件 {path} 第 3 行有语法错误" in line
    path.write_text("import no_such_module_here\n", encoding="utf-8")
    line = liwan.fails("item", "list")
    assert f"本地插件 {path} 无法加载：ModuleNotFoundError" in line


def test_a_local_plugin_others_could_change_is_not_loaded(liwan):
    path = _local(liwan, "court_rules.py", LOCAL_RULE, mode=0o664)
    line = liwan.fails("item", "list")
    assert f"本地插件 {path} 可被数据目录属主以外的账户改写" in line and "chmod go-w" in line
