"""Setting up the fictional organisation through the CLI's own commands: init, departments, the roster
file imported as a clerk would, and the January session."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from lianluo.kernel import Profile, resolve_profile, Root, run_command

from .court import Court, roster_rows, write_roster

ROSTER_FILE = "示例代表名册.csv"


def court_for(profile_ref: str, extra: dict) -> Court:
    """The fictional court (or procuratorate) that suits the profile, with any office its rules name."""
    profile = Profile.load(resolve_profile(profile_ref, extra))
    kind = profile.values.get("organisation", {}).get("kind", "court")
    offices = profile.params("suggestions").list("complaint_offices", []) if "suggestions" in profile.enable else []
    return Court.build(kind, tuple(offices))


def session_days(year: int) -> tuple[dt.date, dt.date]:
    """The congress meets from the second Tuesday of January for four days."""
    first = dt.date(year, 1, 1)
    opens = first + dt.timedelta(days=(1 - first.weekday()) % 7 + 7)
    return opens, opens + dt.timedelta(days=3)


def build(root: Root, profile_ref: str, court: Court, year: int, rng) -> int:
    """The home, its departments, roster and session; returns the session's id."""
    # "--store ''": the embedded file store whatever LIANLUO_STORE says, so fictional data never reach a server
    run_command(root, "init", "--profile", profile_ref, "--org", court.name, "--head", court.head, "--store", "")
    for dept in court.departments:
        run_command(root, "dept", "add", dept.name, "--head", dept.head, "--leader", dept.leader)
    roster = Path(root.home) / ROSTER_FILE
    write_roster(roster, roster_rows(court, rng))
    run_command(root, "deputy", "import", roster)
    opens, closes = session_days(year)
    added = run_command(root, "session", "add", "--name", f"示例区人民代表大会 {year} 年会议", "--opens", opens,
                        "--closes", closes, "--level", "district", "--body", "npc", "--date", dt.date(year, 1, 1),
                        "--json")
    return json.loads(added)["id"]
