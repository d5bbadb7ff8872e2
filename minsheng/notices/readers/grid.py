"""The neutral form every reader produces: a document as a sequence of paragraphs and tables, with
the formatting the extractor needs (bold runs, line breaks inside cells, merged cells).

- A `Run` is text with one formatting; "\\n" inside a run's text is a line break.
- A `Cell` spans `colspan` logical columns; `continued=True` marks the lower part of a vertically
  merged cell (its text is empty: the value is in the cell above).
- A `Table` is a list of rows; logical column index = sum of colspans before the cell.
- A `Document` keeps the blocks in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from minsheng.core.errors import DomainError


@dataclass
class Run:
    text: str
    bold: bool = False


@dataclass
class Cell:
    runs: list[Run] = field(default_factory=list)
    colspan: int = 1
    continued: bool = False

    @classmethod
    def of(cls, text: str, bold: bool = False, **kwargs) -> Cell:
        return cls([Run(text, bold)] if text else [], **kwargs)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    def lines(self) -> list[str]:
        """The cell's lines (layout line breaks), stripped, empty ones dropped."""
        return [line.strip() for line in self.text.split("\n") if line.strip()]

    def bold_texts(self) -> list[str]:
        """The bold stretches of the cell, each stripped, in order."""
        out, current = [], []
        for run in self.runs:
            if run.bold:
                current.append(run.text)
            elif current:
                out.append("".join(current))
                current = []
        if current:
            out.append("".join(current))
        return [t.strip() for t in out if t.strip()]


@dataclass
class Paragraph:
    runs: list[Run] = field(default_factory=list)

    @classmethod
    def of(cls, text: str, bold: bool = False) -> Paragraph:
        return cls([Run(text, bold)] if text else [])

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def is_bold(self) -> bool:
        return bool(self.runs) and all(r.bold for r in self.runs if r.text.strip())


@dataclass
class Table:
    rows: list[list[Cell]] = field(default_factory=list)

    def width(self) -> int:
        return max((sum(c.colspan for c in row) for row in self.rows), default=0)


@dataclass
class Document:
    blocks: list[Paragraph | Table] = field(default_factory=list)
    source_name: str = ""
    warnings: list[str] = field(default_factory=list)

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def text(self) -> str:
        """All text in reading order, one line per paragraph or row (cells joined by tabs)."""
        lines = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                lines.append(block.text)
            else:
                lines += ["\t".join(c.text.replace("\n", "") for c in row) for row in block.rows]
        return "\n".join(lines)


class ReadError(DomainError):
    """A file that cannot be read; the message is for the user, in Chinese."""

    default_message = "无法读取该文件。"
