"""/office/import/: the office uploads the units and people workbook; the template to fill in."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from minsheng.accounts import importing
from minsheng.accounts.views import _office
from minsheng.core.errors import DomainError, log_refusal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def import_people(request):
    _office(request)
    context: dict = {"errors": [], "outcome": None}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise importing.ReadError("请选择填写好的导入文件（.xlsx）。")
            units, people = importing.read(upload.read(), upload.name)
            context["outcome"] = importing.apply(request.user, units, people)
        except DomainError as e:
            log_refusal(request, e)
            status, context["errors"] = 422, e.messages
    return render(request, "accounts/import.html", context, status=status)


@login_required
def import_template(request):
    _office(request)
    response = HttpResponse(importing.template(), content_type=XLSX)
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E5%8D%95%E4%BD%8D%E4%BA%BA%E5%91%98%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response
