"""Version comparison in the core (office.versions): the same answer as the 发文 copy it
replaces (a drop-in for documents.selectors_outgoing), on Chinese text."""

from __future__ import annotations

from office.versions import ParagraphDiff, Piece, changed, char_diff, text_diff

OLD = "各区人社局：\n为做好2026年高校毕业生就业工作，现将有关事项通知如下。\n一、加强组织领导。\n二、落实补贴政策。"
NEW = "各区人社局：\n为做好2027年高校毕业生就业创业工作，现将有关事项通知如下。\n二、落实补贴政策。\n三、强化督促检查。"


def test_paragraphs_then_characters():
    assert text_diff(OLD, NEW) == [
        ParagraphDiff("same", (Piece("same", "各区人社局："),)),
        ParagraphDiff("change", (
            Piece("same", "为做好202"), Piece("del", "6"), Piece("ins", "7"), Piece("same", "年高校毕业生就"),
            Piece("ins", "业创"), Piece("same", "业工作，现将有关事项通知如下。"),
        )),
        ParagraphDiff("del", (Piece("del", "一、加强组织领导。"),)),
        ParagraphDiff("same", (Piece("same", "二、落实补贴政策。"),)),
        ParagraphDiff("ins", (Piece("ins", "三、强化督促检查。"),)),
    ]


def test_titles_and_unchanged_texts():
    assert char_diff("关于报送总结的通知", "关于报送年度总结的通知") == (
        Piece("same", "关于报送"), Piece("ins", "年度"), Piece("same", "总结的通知"),
    )
    same = text_diff(OLD, OLD)
    assert all(p.op == "same" for p in same) and not changed(same, char_diff("标题", "标题"))
    assert changed(text_diff(OLD, NEW)) and changed(char_diff("甲", "乙"))
    assert text_diff("", "") == [] and text_diff("", "新段落") == [ParagraphDiff("ins", (Piece("ins", "新段落"),))]
