"""Guarantee 10 (issue 9): personal data. After a full scripted use the data home is 0700, every file and
folder the program wrote there and every export is 0600/0700, and no output or written file (xlsx and docx
unzipped) holds a fixture phone number or address outside the store itself; `report --unmasked` shows them
and leaves an audit record."""

from __future__ import annotations

import pytest
from fixtures import TEST_PG
from harness import privacy

from lianluo.kernel.privacy import mask_phone
from lianluo.kernel.store.factory import open_store


@pytest.fixture
def run(tmp_path):
    home, out = tmp_path / "home", tmp_path / "out"
    outputs, codes = privacy.full_run(home, out)
    return home, out, outputs, codes


def test_full_run_writes_private_files_only(run):
    """Home 0700; data, backup, lock, reports/, letters, exports 0600 (folders 0700)."""
    home, out, _, codes = run
    refused = [line for code, line in codes if code not in (0, 3)]
    assert len(refused) == 2 and all(code in (0, 2, 3) for code, _ in codes), codes  # the two bad inputs
    assert [line for code, line in codes if code == 3] == [["tick", "--today", "2026-05-10", "--json"]]  # leaky fails
    assert any(p.suffix == ".docx" for p in (home / "reports").iterdir())
    assert TEST_PG or any(p.name.startswith("lianluo.json.bak") for p in home.iterdir())  # PG keeps no file copy
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


def test_a_plugin_failure_and_free_text_numbers_are_masked_on_every_output(run):
    """The leaky plugin's error (tick output, --json, stderr warning) and the numbers typed into notes are
    masked; the error itself is still reported."""
    _, _, outputs, codes = run
    ticks = [text for text, (_, line) in zip(outputs, codes) if line[0] == "tick"]
    assert any("短信网关拒绝号码 138****5678" in text for text in ticks), ticks
    shown = [text for text, (_, line) in zip(outputs, codes) if line[:2] == ["item", "show"]]
    assert any(mask_phone(privacy.PHONES[1]) in text for text in shown), shown


def test_debug_traceback_is_masked_too(tmp_path, monkeypatch):
    """A bug's traceback (LIANLUO_DEBUG=1) carrying a number in its message prints it masked."""
    from click.testing import CliRunner

    from lianluo.kernel.cli import directory_cmds
    from lianluo.kernel.cli.main import cli

    home = tmp_path / "home"
    runner = CliRunner(env={"LIANLUO_DEBUG": "1"})
    assert runner.invoke(cli, ["--home", str(home), "init", "--profile", "liwan-court"]).exit_code == 0

    def broken(found, unmasked):
        raise ValueError(f"格式化失败：{privacy.PHONES[0]}")

    monkeypatch.setattr(directory_cmds, "_deputy_public", broken)
    done = runner.invoke(cli, ["--home", str(home), "deputy", "add", "--name", "陈代表", "--level", "district",
                               "--phone", privacy.PHONES[0]])
    # exit 4: the deputy was saved before the bug struck (issue 24 point 4)
    assert done.exit_code == 4 and "Traceback" in done.output and "138****5678" in done.output
    assert privacy.PHONES[0] not in done.output


def test_an_address_typed_into_a_note_is_masked(tmp_path):
    """A deputy's address typed into a contact note is masked in `item show`, `item history` and JSON: the output
    mask looks up the home's deputies, since an address has no shape to recognise."""
    from click.testing import CliRunner

    from lianluo.kernel.cli.main import cli
    from lianluo.kernel.privacy import mask_address

    home = tmp_path / "home"
    outputs, codes = privacy.full_run(home, tmp_path / "out")
    done = CliRunner().invoke(cli, ["--home", str(home), "item", "contact", "1", "--mode", "visit", "--note",
                                    f"走访 {privacy.ADDRESSES[0]}", "--date", "2026-05-21"])
    assert done.exit_code == 0, done.output
    for command in (["item", "show", "1"], ["item", "history", "1"], ["item", "show", "1", "--json"]):
        shown = CliRunner().invoke(cli, ["--home", str(home), *command])
        assert shown.exit_code == 0 and "走访 " in shown.output, shown.output
        assert privacy.ADDRESSES[0] not in shown.output and mask_address(privacy.ADDRESSES[0]) in shown.output
