"""Guarantee 10 (issue 9): personal data. After a full scripted use the data home is 0700, every file and
folder the program wrote there and every export is 0600/0700, and no output or written file (xlsx and docx
unzipped) holds a fixture phone number or address outside the store itself; `report --unmasked` shows them
and leaves an audit record."""

from __future__ import annotations

import pytest
from harness import privacy

from lianluo.kernel.store.factory import open_store


@pytest.fixture
def run(tmp_path):
    home, out = tmp_path / "home", tmp_path / "out"
    outputs, codes = privacy.full_run(home, out)
    return home, out, outputs, codes


def test_full_run_writes_private_files_only(run):
    """Home 0700; data, backup, lock, reports/, letters, exports 0600 (folders 0700)."""
    home, out, _, codes = run
    refused = [line for code, line in codes if code != 0]
    assert len(refused) == 2 and all(code in (0, 2) for code, _ in codes), codes  # the two bad inputs
    assert any(p.suffix == ".docx" for p in (home / "reports").iterdir())
    assert any(p.name.startswith("lianluo.json.bak") for p in home.iterdir())
    assert privacy.loose_modes(home, out) == []


def test_no_phone_number_or_address_in_any_output_or_written_file(run):
    """Every stdout/stderr of the run and every file it wrote (xlsx/docx XML included) is free of the fixture's
    numbers and addresses; the masked forms are there, so the data did reach the outputs."""
    home, out, outputs, codes = run
    texts = {f"output {n} of {' '.join(line)[:60]}": text for n, (text, (_, line)) in enumerate(zip(outputs, codes))}
    files = {str(k): v for root in (home, out) for k, v in privacy.written_texts(root).items()}
    assert any(name.endswith(".xlsx") for name in files) and len(files) >= 6
    found = privacy.leaks({**texts, **files})
    print(f"\nprivacy: {len(outputs)} outputs and {len(files)} files searched, {len(found)} unmasked found")
    assert found == []
    assert any("138****5678" in text for text in outputs)


def test_unmasked_report_shows_the_numbers_and_is_audited(run):
    """`report --unmasked` prints the full number and address, and the audit trail says who asked, when."""
    home, _, _, _ = run
    from click.testing import CliRunner

    from lianluo.kernel.cli.main import cli

    done = CliRunner().invoke(cli, ["--home", str(home), "--as", "审计员", "report", "--period", "2026",
                                    "--unmasked", "--today", "2026-06-30"])
    assert done.exit_code == 0, done.output
    assert privacy.PHONES[0] in done.output
    with open_store(home).reader() as tx:
        audit = tx.all("audit")
    assert [(a["who"], a["what"]) for a in audit] == [("审计员", "report --unmasked")]


@pytest.mark.xfail(strict=True, reason="known gap, left to the lead: a number typed into free text (item content, "
                   "contact note) is echoed unmasked by item show/history/list, and a plugin failing with a number "
                   "in its message has it printed and stored by the tick (kernel/tick.py)")
def test_numbers_in_free_text_and_plugin_failures_are_masked(tmp_path):
    """The same search with numbers typed into free text and a plugin that fails quoting one."""
    outputs, _ = privacy.full_run(tmp_path / "home", tmp_path / "out", gaps=True)
    assert privacy.leaks(dict(enumerate(outputs))) == []
