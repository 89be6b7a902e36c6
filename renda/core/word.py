"""Pieces every generated Word document shares (python-docx): a run set in a face that Word and LibreOffice use for
Chinese too (`w:eastAsia` beside the Latin faces)."""

from __future__ import annotations

from typing import Any


def set_font(run: Any, name: str, size: float, bold: bool = False) -> None:
    """Set a run's face (Latin and East Asian), size in points and weight."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)
