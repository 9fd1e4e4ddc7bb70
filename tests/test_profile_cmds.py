"""`lianluo profile show|diff`: every parameter with its clause, and the differences between two profiles."""

from __future__ import annotations


def test_show_lists_every_parameter_with_its_clause(clerk):
    shown = clerk.json("profile", "show", "liwan-court")
    params = {p["key"]: p for p in shown["parameters"]}
    assert params["session.lead_reply"]["value"] == "3 months"
    assert "第十四条" in params["session.lead_reply"]["clause"]
    assert params["suggestions.clocks.reply.limit"]["value"] == "4 months"
    assert "至迟不超过四个月" in params["suggestions.clocks.reply.limit"]["clause"]
    text = clerk.run("profile", "show", "liwan-court").stdout
    assert "session.lead_reply = \"3 months\"" in text and "依据：《关于加强与人大代表联络工作的规定》第十四条" in text


def test_diff_shows_what_differs_with_both_clauses(clerk):
    diff = clerk.json("profile", "diff", "liwan-court", "county-court")
    rows = {r["key"]: r for r in diff["differences"]}
    assert rows["organisation.liaison_office"]["a"] == "联络办"
    assert rows["organisation.liaison_office"]["b"] == "立案庭联络员"
    assert "suggestions.clocks.propose.period" in rows and rows["suggestions.clocks.propose.period"]["a"] is None
    assert "session.lead_reply" not in rows  # both 3 months
    assert clerk.json("profile", "diff", "liwan-court", "liwan-court")["differences"] == []


def test_show_takes_a_courts_own_file_and_names_a_bad_one(clerk, tmp_path):
    own = tmp_path / "our-court.toml"
    own.write_text('[profile]\nname = "our-court"\n[plugins]\nenable = ["suggestions"]\n'
                   '[session]\nlead_reply = { value = "2 months", clause = "本院规定第三条" }\n', encoding="utf-8")
    rows = {p["key"]: p for p in clerk.json("profile", "show", str(own))["parameters"]}
    assert rows["session.lead_reply"]["clause"] == "本院规定第三条"
    line = clerk.fails("profile", "show", "no-such-court")
    assert "NAME" in line and "liwan-court" in line
