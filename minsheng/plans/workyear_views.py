"""/year/: choose the working year (工作年度) among the years of the plans one may see; the header
shows it. Posting an empty year goes back to "this year" (each page's own default)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from minsheng.core.dates import parse_id
from minsheng.core.workyear import SESSION_KEY, chosen_year
from minsheng.plans.scoping import plans_for


def _years(user) -> list[int]:
    return sorted(set(plans_for(user).values_list("year", flat=True)), reverse=True)


@login_required
def work_year(request):
    years = _years(request.user)
    if request.method == "POST":
        raw = request.POST.get("year", "")
        back = request.POST.get("next", "")
        if not (
            back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
        ):
            back = "/"
        if not raw:
            request.session.pop(SESSION_KEY, None)
            messages.success(request, "已恢复按当年显示。")
            return redirect(back)
        year = parse_id(raw)
        if year not in years:
            return render(
                request,
                "plans/work_year.html",
                {
                    "years": years,
                    "chosen": chosen_year(request),
                    "errors": [f"没有{raw[:10]}年的计划，请从列表中选择。"],
                },
                status=400,
            )
        request.session[SESSION_KEY] = year
        messages.success(request, f"工作年度已切换为{year}年：督办、看板、考核和完成率默认显示该年度。")
        return redirect(back)
    return render(
        request,
        "plans/work_year.html",
        {"years": years, "chosen": chosen_year(request), "next": request.GET.get("next", "")},
    )
