"""The demo's closing figures, read from the same report, score and notice listings a clerk would run, so
the summary can never disagree with them."""

from __future__ import annotations

from typing import Any


def _figure(report: dict, key: str, name: str) -> int:
    for section in report["sections"]:
        if section["key"] == key and name in section["figures"]:
            return section["figures"][name]["value"]
    return 0


def _ledger_rows(report: dict) -> list[list]:
    return next((t["rows"] for s in report["sections"] if s["key"] == "suggestions.ledger" for t in s["tables"]), [])


def figures(report: dict, score: dict | None, notices: list[dict], reports: list[str]) -> dict[str, Any]:
    """Items, on time, late, escalated, satisfaction, notices sent and reports written."""
    rows = _ledger_rows(report)
    escalated = sorted({n["item"] for n in notices if n["type"] == "escalation" and n.get("item")})
    doc: dict[str, Any] = {
        "matters": _figure(report, "suggestions.ledger", "registered"),
        "cases": _figure(report, "cases", "registered"),
        "replied": _figure(report, "suggestions.ledger", "replied"),
        "on_time": _figure(report, "suggestions.ledger", "on_time"),
        "late": sum(1 for r in rows if r[-1] == "否"),
        "open": _figure(report, "suggestions.ledger", "open"),
        "overdue": _figure(report, "suggestions.ledger", "overdue"),
        "escalated": len(escalated),
        "notices": len(notices),
        "reports": reports,
        "satisfaction": None,
        "score": None,
        "best_department": None,
    }
    if score:
        rules = score["rules"][0]
        doc["satisfaction"] = {k: rules["organisation"]["satisfaction"][k] for k in ("numerator", "denominator", "rate")}
        doc["score"] = rules["organisation_score"]
        ranked = sorted((d for d in rules["departments"] if d["rank"] is not None), key=lambda d: d["rank"])
        doc["best_department"] = ranked[0]["name"] if ranked else None
    return doc


def lines(doc: dict[str, Any]) -> list[str]:
    span = f"{doc['year']} 年" + (f"前 {doc['months']} 个月" if doc.get("months", 12) < 12 else "")
    out = [f"{span}演示完成（{doc['organisation']}，配置 {doc['profile']}，随机种子 {doc['seed']}）：",
           f"  登记建议、来信来访等事项 {doc['matters']} 件" + (f"，关注和督办案件 {doc['cases']} 件" if doc["cases"] else ""),
           f"  已答复 {doc['replied']} 件，{'年底' if doc.get('months', 12) == 12 else '期末'}仍在办 {doc['open']} 件（其中已逾期 {doc['overdue']} 件）",
           f"  答复期限：按期 {doc['on_time']} 件，未按期 {doc['late']} 件",
           f"  督办事项 {doc['escalated']} 件；发出提醒、催办、督办等通知 {doc['notices']} 条"]
    satisfaction = doc["satisfaction"]
    if satisfaction:
        rate = f"{satisfaction['rate']:.1%}" if satisfaction["rate"] is not None else "样本不足"
        out.append(f"  代表满意 {satisfaction['numerator']}/{satisfaction['denominator']}（{rate}）")
    if doc["best_department"]:
        out.append(f"  考核排名第一的部门：{doc['best_department']}")
    out.append(f"  定期报告 {len(doc['reports'])} 份，在 {doc['home']}/reports")
    out += [f"年度报告（Word）：{doc['docx']}", f"年度台账（Excel）：{doc['xlsx']}",
            f"数据目录：{doc['home']}（可用 lianluo --home {doc['home']} item list 等命令查看）"]
    if doc.get("users"):
        out.append(f"网页端：lianluo serve --home {doc['home']}，浏览器打开 http://127.0.0.1:8080/ 用下列账号登录"
                   "（密码只显示这一次，请记下；可用 lianluo user reset-password 重设）：")
        out += [f"  {u['name']}  {u['label']}" + (f"（{u['dept']}）" if u["dept"] else "") + f"  密码 {u['password']}"
                for u in doc["users"]]
    return out + channel_lines(doc.get("channels"))


KIND_LABELS = {"due-soon": "到期提醒", "due": "到期", "chase": "催办", "escalation": "督办", "bulletin": "工作信息",
               "greeting": "节日问候", "letter": "年度通报函", "job": "定期工作", "result": "结果通知", "digest": "补发汇总"}


def channel_lines(doc: dict[str, Any] | None) -> list[str]:
    """What went out by e-mail and SMS (`demo --channels`), or that the outbox was the only channel."""
    if doc is None:
        return ["未配置发送渠道，通知写入发件箱（lianluo notices 查看）；加 --channels 可演示通过电子邮件和短信发送"]

    def kinds(where: str) -> str:
        return "、".join(f"{KIND_LABELS.get(k, k)} {n}" for k, n in doc["kinds"].get(where, {}).items())

    return [f"发送渠道（演示用本机邮件服务器和短信网关）：电子邮件 {doc['email']} 封，短信 {doc['sms']} 条"
            f"（{doc['texts_received']} 条短信文本），发送失败或待核实 {doc['failed'] + doc['uncertain']} 条，"
            f"无联系方式留在发件箱 {doc['outbox']} 条",
            f"  电子邮件：{kinds('email')}", f"  短信：{kinds('sms')}", f"  发件箱：{kinds('outbox')}",
            f"  收到的邮件（.eml）在 {doc['mail_folder']}，短信记录在 {doc['sms_log']}，年度通报函在 {doc['letters']}",
            "  演示结束后本机服务器已关闭，数据目录配置中的发送地址不再可用"]
