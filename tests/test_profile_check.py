"""`lianluo init --profile FILE.toml` checks a court's own edited copy before anything is written: every
enabled plugin reads its parameters (the check_profile hook) and a bad one is named, section.key."""

from __future__ import annotations

from pathlib import Path

import pytest

LIWAN = Path(__file__).resolve().parent.parent / "plugins" / "profiles" / "liwan-court.toml"


@pytest.mark.parametrize("old, new, named", [
    ('lead_reply = { value = "3 months"', 'lead_reply = { value = "3 monts"', "session.lead_reply"),
    ('chases_before_escalation = { value = 2,', 'chases_before_escalation = { value = "two",',
     "reminders.chases_before_escalation"),
    ('period = { value = "2 days"', 'period = { value = "2 dais"', "suggestions.clocks.handover.period"),
    ('owner = "office"', 'owner = "nobody"', "suggestions.clocks.handover.owner"),
    ('late_hearing = { value = "refuse"', 'late_hearing = { value = "maybe"', "activities.late_hearing"),
    ('explain_check = { value = ["12-01"]', 'explain_check = { value = ["13-01"]', "cases.explain_check"),
    ('rules = { value = "liwan-court"', 'rules = { value = "no-such-rules"', "scoring.rules"),
    ('escalation = { value = ["department.leader", "organisation.head"]',
     'escalation = { value = ["department.boss", "organisation.head"]', "reminders.escalation"),
])
def test_a_bad_parameter_in_a_courts_own_profile_is_named_and_nothing_is_written(clerk, tmp_path, old, new, named):
    text = LIWAN.read_text(encoding="utf-8")
    assert old in text
    own = tmp_path / "our-court.toml"
    own.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = clerk.fails("init", "--profile", str(own))
    assert named in line, line
    assert not clerk.has_data()


@pytest.mark.parametrize("name", ["liwan-court", "county-court", "spc-court", "npc-law", "liaoning-procuratorate",
                                  "chongqing-congress"])
def test_every_built_in_profile_passes_the_check(clerk, name):
    clerk.run("init", "--profile", name)
    assert clerk.has_data()
