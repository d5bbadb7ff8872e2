"""The office's account pages (/office/accounts/, /office/units/) and each user's own password
(/accounts/password/). Forms are posted as rendered; refusals come back in Chinese with the form."""

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from minsheng.accounts import rules, workflow
from minsheng.accounts.middleware import SESSION_FLAG
from minsheng.core.models import Membership, Region, Role, Unit, UnitKind
from minsheng.core.views import refused

PAGE_SIZE = 50
ROLE_CHOICES = [(r, Role(r).label) for r in rules.GRANTED]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="角色", choices=ROLE_CHOICES)
    unit = forms.ModelChoiceField(
        label="单位（填报员、审核人）", queryset=Unit.objects.none(), required=False
    )
    region = forms.ModelChoiceField(
        label="区划（督查室、分管领导、人大代表）", queryset=Region.objects.none(), required=False
    )

    def __init__(self, *args, actor=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = workflow.units_for(actor).order_by("region__path", "name")
        self.fields["unit"].label_from_instance = lambda u: f"{u.region.name} · {u.name}"
        self.fields["region"].queryset = workflow.regions_for(actor).order_by("path")
        self.fields["unit"].error_messages["invalid_choice"] = "请选择列表中的单位。"
        self.fields["region"].error_messages["invalid_choice"] = "请选择列表中的区划。"


class AccountForm(RoleForm):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=150)
    field_order = ["username", "full_name", "role", "unit", "region"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "请填写用户名。"
        self.fields["full_name"].error_messages["required"] = "请填写姓名。"


class UnitForm(forms.Form):
    name = forms.CharField(label="单位名称", max_length=100)
    region = forms.ModelChoiceField(label="所属区划", queryset=Region.objects.none())
    kind = forms.ChoiceField(
        label="类型",
        choices=[
            (k, UnitKind(k).label) for k in (UnitKind.DEPARTMENT, UnitKind.GOVERNMENT, UnitKind.ENTERPRISE)
        ],
    )

    def __init__(self, *args, actor=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = workflow.regions_for(actor).order_by("path")
        self.fields["name"].error_messages["required"] = "请填写单位名称。"


def _office(request):
    if not workflow.office_paths(request.user):
        raise PermissionDenied("账号管理仅对督查室开放。")


def _errors(form) -> list[str]:
    return [e for field in form.errors.values() for e in field]


def _list_page(request, status=200, errors=(), form=None):
    query = (request.GET.get("q") or "").strip()[:50]
    users = workflow.manageable_users(request.user).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("unit", "region"))
    )
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(memberships__unit__name__icontains=query)
        ).distinct()
    page = Paginator(users.order_by("-is_active", "username"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": query,
        "form": form or AccountForm(actor=request.user),
        "errors": list(errors),
    }
    return render(request, "accounts/list.html", context, status=status)


@login_required
def account_list(request):
    _office(request)
    return _list_page(request)


@login_required
@require_POST
def account_new(request):
    _office(request)
    form = AccountForm(request.POST, actor=request.user)
    if not form.is_valid():
        return _list_page(request, 422, _errors(form), form)
    data = form.cleaned_data
    try:
        user, password = workflow.create_account(
            request.user, data["username"], data["full_name"], data["role"], data["unit"], data["region"]
        )
    except workflow.AccountError as e:
        return refused(request, e, _list_page, form=form)
    messages.success(
        request,
        f"账号“{user.username}”已开通，临时密码：{password}（仅显示一次，请当面或电话告知本人，并提醒登录后修改）",
    )
    return redirect("accounts:detail", user.pk)


def _target(request, pk: int):
    return get_object_or_404(workflow.manageable_users(request.user), pk=pk)


def _detail_page(request, target, status=200, errors=(), form=None):
    memberships = target.memberships.select_related("unit__region", "region").order_by("role", "pk")
    paths = workflow.office_paths(request.user)
    rows = [(m, rules.covers(paths, (m.unit.region if m.unit else m.region).path)) for m in memberships]
    context = {
        "target": target,
        "rows": rows,
        "form": form or RoleForm(actor=request.user),
        "errors": list(errors),
    }
    return render(request, "accounts/detail.html", context, status=status)


@login_required
def account_detail(request, pk: int):
    _office(request)
    return _detail_page(request, _target(request, pk))


@login_required
@require_POST
def account_act(request, pk: int):
    """One step on an account: grant a role, withdraw one, reset the password, disable or enable."""
    _office(request)
    target = _target(request, pk)
    action = request.POST.get("action", "")
    if action in ("withdraw", "reset", "deactivate") and not request.POST.get("confirm"):
        return _detail_page(
            request, target, 400, ["请先勾选“确认”：撤销角色、重置密码和停用账号会立即生效。"]
        )
    try:
        if action == "grant":
            form = RoleForm(request.POST, actor=request.user)
            if not form.is_valid():
                return _detail_page(request, target, 422, _errors(form), form)
            data = form.cleaned_data
            workflow.grant(request.user, target, data["role"], data["unit"], data["region"])
            messages.success(request, "已授予角色。")
        elif action == "withdraw":
            membership = get_object_or_404(Membership, pk=request.POST.get("membership") or 0, user=target)
            workflow.withdraw(request.user, membership)
            messages.success(request, "已撤销该角色。")
        elif action == "reset":
            password = workflow.reset_password(request.user, target)
            messages.success(request, f"“{target.username}”的密码已重置，临时密码：{password}（仅显示一次）")
        elif action in ("deactivate", "activate"):
            workflow.set_active(request.user, target, action == "activate")
            messages.success(
                request, "账号已停用，不能再登录。" if action == "deactivate" else "账号已启用。"
            )
        else:
            return _detail_page(request, target, 400, ["操作不对。"])
    except workflow.AccountError as e:
        return refused(request, e, _detail_page, target)
    return redirect("accounts:detail", target.pk)


def _units_page(request, status=200, errors=(), form=None):
    units = workflow.units_for(request.user).order_by("region__path", "name")
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "form": form or UnitForm(actor=request.user), "errors": list(errors)}
    return render(request, "accounts/units.html", context, status=status)


@login_required
def unit_list(request):
    _office(request)
    return _units_page(request)


@login_required
@require_POST
def unit_new(request):
    _office(request)
    form = UnitForm(request.POST, actor=request.user)
    if not form.is_valid():
        return _units_page(request, 422, _errors(form), form)
    data = form.cleaned_data
    try:
        unit = workflow.create_unit(request.user, data["name"], data["region"], data["kind"])
    except workflow.AccountError as e:
        return refused(request, e, _units_page, form=form)
    messages.success(request, f"已添加单位“{unit.name}”。")
    return redirect("accounts:units")


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)  # stays signed in on this device
        workflow.password_changed(request.user)
        request.session.pop(SESSION_FLAG, None)
        messages.success(request, "密码已修改。")
        return redirect("plans:list")
    status = 422 if request.method == "POST" else 200
    return render(request, "accounts/password.html", {"form": form}, status=status)
