"""Issue 18, "words a clerk reads": citations as a reader knows them (《…规定》第十四条, never an internal
document name), 全国人大代表, and `item explain` saying once which day a period counts from."""

from __future__ import annotations

import re

import pytest

from conftest import Clerk
from lianluo.plugins.profiles import HERE

PROFILES = sorted(p.stem for p in HERE.glob("*.toml"))
INTERNAL = re.compile(r"seed|第[一二三四五六七八九十]+篇|§|同上")
ARTICLE = re.compile(r"第[一二三四五六七八九十百]+条")
OWN_ARTICLES = {"liwan-court": "《关于加强与人大代表联络工作的规定》",
                "spc-court": "《关于加强与人大代表联络工作的决定》", "npc-law": "《代表法》"}


@pytest.mark.parametrize("profile", PROFILES)
def test_every_profile_value_cites_document_and_article_or_says_chosen(clerk, profile):
    """`profile show` names no internal document (seed NNN, 第五篇, 同上); each value's 依据 names its document
    (《…》) or says 选定, and a clause of a text with articles gives the article."""
    clerk.run("init", "--profile", profile)
    shown = clerk.run("profile", "show", profile).stdout
    assert not INTERNAL.search(shown), INTERNAL.search(shown).group(0)
    for param in clerk.json("profile", "show", profile)["parameters"]:
        clause = param["clause"]
        if not clause:
            continue
        assert "选定" in clause or "《" in clause, (param["key"], clause)
        own = OWN_ARTICLES.get(profile)
        if own and clause.startswith(own) and "选定" not in clause:
            assert ARTICLE.search(clause), (param["key"], clause)


def test_liwan_art14_clause_cited_with_its_document_in_item_explain(liwan):
    item = liwan.json("item", "register", "--kind", "suggestion", "--title", "建议", "--deputy", "1", "--date", "2026-01-08")
    liwan.run("item", "approve", str(item["id"]), "--date", "2026-01-08")
    explained = liwan.run("item", "explain", str(item["id"])).stdout
    assert "依据：《关于加强与人大代表联络工作的规定》第十四条" in explained


def test_national_deputy_is_a_quanguo_renda_daibiao(clerk):
    clerk.run("init", "--profile", "liwan-court")
    clerk.run("deputy", "add", "--name", "李代表", "--level", "national")
    clerk.run("deputy", "add", "--name", "王委员", "--level", "district", "--body", "cppcc")
    listed = clerk.run("deputy", "list").stdout + clerk.run("deputy", "show", "1").stdout
    assert "全国人大代表" in listed and "区级政协委员" in listed
    assert "全国级" not in listed


def test_item_explain_says_once_which_day_counts(liwan):
    """A session suggestion registered 01-08 counts its 3 months from the closing day 01-09: the line names
    that one day as the start and says why, instead of two 起算 dates."""
    item = liwan.json("item", "register", "--kind", "suggestion", "--title", "建议", "--deputy", "1", "--date", "2026-01-08")
    lines = liwan.run("item", "explain", str(item["id"])).stdout.splitlines()
    started = [line for line in lines if "2026-04-09" in line and "期满日" in line]
    assert len(started) == 1
    assert started[0].count("起算") == 1 and "起算日为 2026-01-09" in started[0] and "依据所定" in started[0]
    approval = next(line for line in lines if "期满日 2026-01-13" in line)
    assert approval.count("2026-01-08") == 1 and approval.count("起算") == 1
