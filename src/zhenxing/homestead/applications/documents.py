"""The papers an approval produces: 《农村宅基地批准书》 and the 验收意见表, as PDF and as Word.

Both carry the application's numbers and the site plan drawn from the stored polygon, measured in its
Gauss–Krüger zone so the plan's scale bar is in metres. PDF uses ReportLab's built-in CJK font
(STSong-Light), so no system font is needed; Word leaves the font to the reader's Word (宋体).
"""

import io
from dataclasses import dataclass

import shapely
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from PIL import Image, ImageDraw
from reportlab.graphics.shapes import Drawing, Line, Polygon, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from zhenxing.core import workflow
from zhenxing.homestead import geo
from zhenxing.homestead.applications.models import Application

FONT = "STSong-Light"
PLAN_PX = 400


@dataclass(frozen=True)
class Paper:
    title: str
    rows: list[tuple[str, str]]
    closing: list[str]  # the signature lines


def _step_data(app: Application, transition: str) -> dict:
    step = workflow.history(app).filter(transition=transition).last()
    return step.data if step else {}


def _common(app: Application) -> list[tuple[str, str]]:
    head = app.household.head
    return [
        ("申请编号", app.code),
        ("申请户主", head.name if head else "（户主未登记）"),
        ("户编号", app.household.number),
        ("村/社区", f"{app.village.name}（{app.village.code}）"),
        ("申请类型", app.get_kind_display()),
        ("坐落", app.location),
        ("四至", f"东：{app.east or '—'}；南：{app.south or '—'}；"
                 f"西：{app.west or '—'}；北：{app.north or '—'}"),
        ("批准用地面积", f"{app.site_area_m2} 平方米（{app.site_area_mu} 亩）"),
        ("房屋建筑面积", f"{app.building_area_m2} 平方米，{app.floors} 层"),
    ]


def approval_paper(app: Application) -> Paper:
    survey = _step_data(app, "joint_pass")
    opinions = "；".join(f"{o.get_part_display()}：{'同意' if o.agree else '不同意'}（{o.opinion}）"
                        for o in app.opinions.filter(round=app.review_round))
    return Paper(
        title="农村宅基地批准书",
        rows=[("批准书编号", app.approval_number), *_common(app),
              ("到场踏勘", f"{survey.get('survey_date', '')} {survey.get('surveyors', '')}".strip() or "—"),
              ("联审意见", opinions or "—"),
              ("批准日期", str(app.approved_on or ""))],
        closing=["经审核，同意使用上述宅基地建设住房。请在开工前申请到场丈量批放，竣工后申请验收。",
                 "批准机关（盖章）：", f"日期：{app.approved_on or ''}"],
    )


def acceptance_paper(app: Application) -> Paper:
    stake, inspection = _step_data(app, "stake_out"), _step_data(app, "inspect")
    return Paper(
        title="农村宅基地和建房（规划许可）验收意见表",
        rows=[("批准书编号", app.approval_number), *_common(app),
              ("丈量批放日期", stake.get("stake_date", "—")),
              ("竣工验收日期", inspection.get("inspection_date", "—")),
              ("验收意见", inspection.get("findings", "—"))],
        closing=["街道（乡镇）验收人员签字：", "农业农村：            自然资源：            住房城乡建设：",
                 f"验收单位（盖章）：            日期：{inspection.get('inspection_date', '')}"],
    )


PAPERS = {"approval": approval_paper, "acceptance": acceptance_paper}


def available(app: Application) -> list[tuple[str, str]]:
    """(key, title) of the papers the application has reached: the 批准书 once approved, the
    验收意见表 once the completed house has been inspected."""
    found = []
    if app.approval_number:
        found.append(("approval", "农村宅基地批准书"))
    if app.state in ("accepted", "registered"):
        found.append(("acceptance", "农村宅基地和建房（规划许可）验收意见表"))
    return found


# --- The site plan --------------------------------------------------------------------------------

def _plan_rings(app: Application, size: float) -> tuple[list[list[tuple[float, float]]], float]:
    """Outer rings in a size x size box (y up), and how many metres the box is wide."""
    site = geo.to_zone(geo.load_geojson(app.geometry))
    min_x, min_y, max_x, max_y = site.bounds
    span = max(max_x - min_x, max_y - min_y) * 1.3 or 1.0
    ox, oy = (min_x + max_x - span) / 2, (min_y + max_y - span) / 2
    scale = size / span
    polygons = list(site.geoms) if isinstance(site, shapely.MultiPolygon) else [site]
    rings = [[((x - ox) * scale, (y - oy) * scale) for x, y in p.exterior.coords] for p in polygons]
    return rings, span


def _plan_drawing(app: Application) -> Drawing:
    size = 9 * cm
    rings, span = _plan_rings(app, size)
    d = Drawing(size, size + 14)
    for ring in rings:
        d.add(Polygon([v for xy in ring for v in xy], fillColor=colors.HexColor("#cfe8cf"),
                      strokeColor=colors.HexColor("#2f6f2f"), strokeWidth=1.5))
    d.add(String(size - 14, size + 2, "北↑", fontName=FONT, fontSize=9))
    bar = size / span * 10  # ten metres
    d.add(Line(4, 4, 4 + bar, 4, strokeWidth=2))
    d.add(String(6 + bar, 2, "10 米", fontName=FONT, fontSize=8))
    return d


def _plan_png(app: Application) -> bytes:
    rings, _ = _plan_rings(app, PLAN_PX)
    image = Image.new("RGB", (PLAN_PX, PLAN_PX), "white")
    draw = ImageDraw.Draw(image)
    for ring in rings:
        draw.polygon([(x, PLAN_PX - y) for x, y in ring], fill="#cfe8cf", outline="#2f6f2f", width=3)
    draw.text((PLAN_PX - 24, 6), "N", fill="black")
    draw.line((PLAN_PX - 20, 30, PLAN_PX - 20, 18), fill="black", width=2)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


# --- Rendering ------------------------------------------------------------------------------------

def pdf(app: Application, paper: Paper) -> bytes:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    title = ParagraphStyle("title", fontName=FONT, fontSize=18, leading=24, alignment=1)
    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=16)
    table = Table([[Paragraph(k, body), Paragraph(v, body)] for k, v in paper.rows],
                  colWidths=[4 * cm, 12 * cm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2"))]))
    story = [Paragraph(paper.title, title), Spacer(1, 12), table, Spacer(1, 12),
             Paragraph("宗地四至及用地范围示意图", body), _plan_drawing(app), Spacer(1, 12),
             *[Paragraph(line, body) for line in paper.closing]]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=paper.title, author="振兴",
                      leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                      bottomMargin=2 * cm).build(story)
    return out.getvalue()


def docx(app: Application, paper: Paper) -> bytes:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "宋体", Pt(10.5)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    heading = document.add_heading(paper.title, level=1)
    heading.alignment = 1
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for key, value in paper.rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = key, value
    document.add_paragraph("宗地四至及用地范围示意图（上为北）")
    document.add_picture(io.BytesIO(_plan_png(app)), width=Cm(8))
    for line in paper.closing:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def answer(app: Application, document: str, fmt: str):
    """The paper as a download (page and API alike); 404 for one the application has not reached."""
    from urllib.parse import quote

    from django.http import Http404, HttpResponse

    if fmt not in TYPES or document not in dict(available(app)):
        raise Http404
    paper = PAPERS[document](app)
    body = pdf(app, paper) if fmt == "pdf" else docx(app, paper)
    response = HttpResponse(body, content_type=TYPES[fmt])
    name = quote(f"{paper.title}-{app.code}.{fmt}")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response
