"""Issue 14: the briefing pack of a sample visit prints on one A4 page with its Korean text rendered."""

from __future__ import annotations

import io
from pathlib import Path

from planner import briefing, services
from planner.cli import main
from planner.domain import VisitQuery
from tests.conftest import uow_at

A4_POINTS = (595.3, 841.9)  # 210 x 297 mm


def _pack_html(db_url: str, tmp_path: Path) -> tuple[str, str]:
    assert main(["--db", db_url, "init", "--sample"]) == 0
    engine, _ = services.open_database(db_url, services.system_clock)
    uow = uow_at(engine)
    visit = next(
        v for v in services.list_visits(uow, VisitQuery(year=2021)) if v.site_name == "서울광장 임시선별검사소"
    )
    visit = max(
        (v for v in services.list_visits(uow, VisitQuery(year=2021)) if v.site_id == visit.site_id),
        key=lambda v: v.start,
    )
    points = "선별검사소 대기 동선 개선을 약속합니다.\n의료진 노고에 감사를 전합니다."
    briefing.save_talking_points(uow, visit.id, points, 0)
    out = tmp_path / "pack.html"
    assert main(["--db", db_url, "briefing", str(visit.id), "--out", str(out)]) == 0
    return out.read_text(encoding="utf-8"), points


def test_briefing_pack_prints_on_one_a4_page_with_korean_text(page, db_url, tmp_path):
    from PIL import Image
    from pypdf import PdfReader

    html, points = _pack_html(db_url, tmp_path)
    assert "같은 장소의 이전 방문" in html and "2021-04-14" in html  # the earlier visit to the same place
    page.set_content(html)
    page.emulate_media(media="print")

    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert abs(float(box.width) - A4_POINTS[0]) < 1 and abs(float(box.height) - A4_POINTS[1]) < 1
    text = pdf.pages[0].extract_text().replace("\x01", " ")  # Chromium's space glyph extracts as \x01
    assert "시정 메시지" in text and "선별검사소 대기 동선 개선을 약속합니다." in text
    fonts = {str(f.get_object()["/BaseFont"]) for f in pdf.pages[0]["/Resources"]["/Font"].values()}
    assert any("Nanum" in f for f in fonts), fonts  # the Korean font, not a fallback without Hangul

    # The print-emulated page as the eye sees it: two different Hangul words must draw different, inked glyphs
    # (missing Korean glyphs draw the same empty box for every character).
    page.set_viewport_size({"width": 794, "height": 1123})
    shots = []
    for label in ("일시", "장소"):
        png = page.locator("th", has_text=label).first.screenshot()
        image = Image.open(io.BytesIO(png)).convert("L")
        dark = sum(1 for p in image.getdata() if p < 128)
        assert dark > 20, label
        shots.append(image.tobytes())
    assert shots[0] != shots[1]
    page.screenshot(path=str(tmp_path / "briefing-print.png"), full_page=True)
