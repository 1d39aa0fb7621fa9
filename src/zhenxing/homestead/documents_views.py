"""Downloads of an application's papers (批准书, 验收意见表) as PDF or Word."""

from urllib.parse import quote

from django.http import Http404, HttpResponse

from zhenxing.homestead import documents
from zhenxing.homestead import selectors_applications as selectors

TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def document(request, pk, document, fmt):
    app = selectors.application(actor=request.actor, pk=pk)
    if fmt not in TYPES or document not in dict(documents.available(app)):
        raise Http404
    paper = documents.PAPERS[document](app)
    body = documents.pdf(app, paper) if fmt == "pdf" else documents.docx(app, paper)
    response = HttpResponse(body, content_type=TYPES[fmt])
    name = quote(f"{paper.title}-{app.code}.{fmt}")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response
