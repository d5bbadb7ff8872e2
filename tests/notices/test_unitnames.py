"""Unit cells split into names: separators outside brackets, joined layout breaks, bold leads, notes."""

import pytest

from minsheng.notices.extraction.unitnames import split_cell, split_text
from minsheng.notices.readers.grid import Cell, Run


@pytest.mark.parametrize(
    "text,names",
    [
        ("市民政局、市财政局", ["市民政局", "市财政局"]),
        (
            "市民政局\n（黑体字为牵头单位，下同）\n各县市区政府（管委会）",
            ["市民政局", "各县市区政府（管委会）"],
        ),
        ("各县（市、区）、市财政局", ["各县（市、区）", "市财政局"]),
        ("各县(市、区)", ["各县（市、区）"]),
        ("市卫健委经开区\n管理办公室", ["市卫健委经开区管理办公室"]),
        ("某某城建开发集团\n有限公司", ["某某城建开发集团有限公司"]),
        ("市自然资源和规划局\n高新区分局", ["市自然资源和规划局高新区分局"]),
        ("县水务局 县能源集团", ["县水务局", "县能源集团"]),
        ("市电信公司\n广电网络某某分公司", ["市电信公司", "广电网络某某分公司"]),
        ("市残联\n市卫生健康委", ["市残联", "市卫生健康委"]),
        ("各街道等", ["各街道"]),
        ("县财政局，各乡镇（街道）；县医保局", ["县财政局", "各乡镇（街道）", "县医保局"]),
        ("县委宣传部、县\n委政法委、县民政\n局", ["县委宣传部", "县委政法委", "县民政局"]),  # PDF wraps
    ],
)
def test_split(text, names):
    assert split_text(text) == names


def test_bold_marks_the_lead():
    cell = Cell([Run("市教育局", bold=True), Run(" 市财政局 "), Run("各县（市、区）")])
    assert split_cell(cell) == [("市教育局", True), ("市财政局", False), ("各县（市、区）", False)]
