"""The yearly letter to each deputy (Liwan art. 9(1), SPC §5): a DOCX per deputy with the year's figures and that
deputy's own matters and how each was handled, e-mailed (with the DOCX attached) to those with an address, once."""

from __future__ import annotations

import docx

from fixtures import Clerk
from servers import MailServer, channel_profile, smtp_section

ROUTES = '[delivery.routes]\nletter = ["email"]\n'


def text_of(path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_each_deputy_gets_a_letter_with_their_own_matters_and_those_with_an_address_an_email_once(tmp_path):
    with MailServer() as server:
        clerk = Clerk(tmp_path / "home")
        profile = channel_profile(tmp_path, smtp_section(server.port) + ROUTES, enable=("email", "yearletter"))
        clerk.run("init", "--profile", str(profile), "--org", "广州市荔湾区人民法院", "--head", "周院长")
        clerk.run("dept", "add", "立案庭", "--head", "李庭长", "--leader", "王副院长")
        clerk.run("deputy", "add", "--name", "陈代表", "--level", "district", "--email", "chen@deputies.test")
        clerk.run("deputy", "add", "--name", "林代表", "--level", "district")
        clerk.run("item", "register", "--kind", "suggestion", "--title", "关于优化诉讼服务中心导诉的建议",
                  "--deputy", "1", "--channel", "spot", "--date", "2026-03-02")
        clerk.run("item", "assign", "1", "--lead", "立案庭", "--date", "2026-03-02")
        clerk.run("item", "reply", "1", "--category", "A", "--text", "已增设导诉台两处", "--date", "2026-03-04")
        clerk.run("item", "feedback", "1", "--rating", "satisfied", "--date", "2026-03-10")
        clerk.run("item", "register", "--kind", "suggestion", "--title", "关于加强执行工作的建议",
                  "--deputy", "2", "--channel", "spot", "--date", "2026-05-06")
        summary = tmp_path / "概况.md"
        summary.write_text("全年受理各类案件 12,345 件，审结 11,987 件。\n\n执行到位金额 8.6 亿元。\n", encoding="utf-8")
        out = clerk.json("yearly-letter", "--year", "2026", "--out", str(tmp_path / "letters"), "--summary",
                         str(summary), "--send", "--date", "2026-12-20", expect=0)
        files = {l["name"]: l["file"] for l in out["letters"]}
        chen, lin = text_of(files["陈代表"]), text_of(files["林代表"])
        assert "尊敬的陈代表：" in chen and "尊敬的林代表：" in lin  # a name ending in 代表 is not titled twice
        assert "登记代表建议和关注事项2 件" in chen and "满意和基本满意1 件（100%）" in chen
        assert "全年受理各类案件 12,345 件" in chen and "执行到位金额 8.6 亿元。" in lin
        assert "关于优化诉讼服务中心导诉的建议" in chen and "已增设导诉台两处" in chen and "您的反馈：满意" in chen
        assert "关于加强执行工作的建议" not in chen and "关于加强执行工作的建议" in lin
        assert "2026年12月20日" in chen
        assert out["posted"] == 1 and out["skipped"] == ["林代表"]
        assert server.to() == ["chen@deputies.test"]
        msg = server.received[0]
        assert "2026年度工作通报函" in str(msg["Subject"])
        attached = [part.get_filename() for part in msg.iter_attachments()]
        assert attached == ["2026年度通报函-1-陈代表.docx"]
        again = clerk.json("yearly-letter", "--year", "2026", "--out", str(tmp_path / "letters"), "--send",
                           "--date", "2026-12-21")
        assert again["posted"] == 0 and len(server.received) == 1
        assert "--out" in clerk.fails("yearly-letter", "--year", "2026", "--out", str(clerk.home / "data"))
