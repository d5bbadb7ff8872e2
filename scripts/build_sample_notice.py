"""Write the sample notice the demo ships (minsheng/notices/samples/), generated from the demo's
Jining 2024 plan in the official attachment-table layout, so a newcomer can try "导入通知" at once.

Usage: .venv/bin/python scripts/build_sample_notice.py
"""

import json
from pathlib import Path

from minsheng.notices.writers.word import DEFAULT_LAYOUT, Layout, draft_to_docx

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "minsheng" / "plans" / "demo_data" / "jining-2024.json"
TARGET = ROOT / "minsheng" / "notices" / "samples" / "示例-济宁市2024年重点民生实事通知.docx"


def main() -> None:
    draft = json.loads(SOURCE.read_text(encoding="utf-8"))
    meta = draft["plan"]
    preamble = [
        meta["issuer"],
        meta["title"],
        "各县（市、区）人民政府，济宁高新区、太白湖新区、济宁经济技术开发区管委会，市政府各部门：",
        f"{meta['year']}年市政府“重点民生实事”已经{meta['approved_by']}审议通过，现印发给你们，请认真抓好落实。",
        f"附件：{meta['year']}年市政府“重点民生实事”汇总表",
    ]
    layout = Layout(
        **{
            **vars(DEFAULT_LAYOUT),
            "preamble": preamble,
            "title": f"{meta['year']}年市政府“重点民生实事”汇总表",
        }
    )
    TARGET.write_bytes(draft_to_docx(draft, layout))
    print(f"wrote {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
