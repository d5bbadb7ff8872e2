"""The rules of what a citizen sends in a proposal, as plain functions: the category and the lengths of
its texts. The rules every public form shares (receipt, phone, texts) are in participation.public_forms;
the submission and the office's moderation are in workflow.py."""

from minsheng.participation.public_forms import InvalidInput

# ── what a citizen sends ───────────────────────────────────────────────────────────────────────────
CATEGORIES = [
    "教育",
    "医疗卫生",
    "养老服务",
    "就业创业",
    "住房保障",
    "交通出行",
    "城市建设",
    "生态环境",
    "文化体育",
    "社会保障",
    "其他",
]


TITLE_MIN, TITLE_MAX = 4, 100


CONTENT_MIN, CONTENT_MAX = 10, 2000


BENEFICIARIES_MAX = 200


def clean_category(value) -> str:
    category = str(value or "").strip()
    if category not in CATEGORIES:
        raise InvalidInput(f"请选择类别（{'、'.join(CATEGORIES)}）。")
    return category
