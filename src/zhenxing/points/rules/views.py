"""积分细则 pages: the schemes and their versions, a version's items by category, and the pages that make a
new version and change a draft (district books: every field; village books: within the district's range);
their forms are in rules.forms."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhenxing.orgs import access
from zhenxing.orgs import selectors as org_selectors
from zhenxing.points.rules import defaults as default_schemes
from zhenxing.points.rules import registers as r
from zhenxing.points.rules import selectors as sel
from zhenxing.points.rules import services
from zhenxing.points.rules.forms import BASE_LABELS, BookForm, CategoryForm, ItemForm, VersionForm
from zhenxing.points.rules.models import Category, RuleBook, RuleItem


def _form_page(request, form, title: str, back: str, book=None):
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "points/rules/form.html", {
        "form": form, "error_list": form.named_errors(), "title": title, "back": back, "book": book,
    }, status=status)


# --- Pages ------------------------------------------------------------------------------------------------

def _status(book: RuleBook, in_force_ids: set[int], today) -> tuple[str, str]:
    if book.effective_from > today:
        return "待生效（草稿）", "draft"
    if book.pk in in_force_ids:
        return "现行", "ok"
    return "已被新版本取代", ""


def _in_force_ids(book_list, today) -> set[int]:
    """Per unit, the latest effective version."""
    seen, ids = set(), set()
    for b in sorted(book_list, key=lambda b: (b.org_unit_id, -b.effective_from.toordinal(), -b.version)):
        if b.effective_from <= today and b.org_unit_id not in seen:
            seen.add(b.org_unit_id)
            ids.add(b.pk)
    return ids


def rules(request):
    actor = request.actor
    access.require(actor, access.VIEW_PEOPLE)
    today = timezone.localdate()
    rows = []
    for scheme in sel.schemes(actor):
        book_list = list(sel.books(actor=actor, scheme=scheme))
        counts = dict(RuleItem.objects.filter(book__in=book_list).values_list("book").annotate(n=Count("id")))
        ids = _in_force_ids(book_list, today)
        for b in book_list:
            b.status_label, b.status_class = _status(b, ids, today)
            b.item_count = counts.get(b.pk, 0)
        rows.append({"scheme": scheme, "books": book_list, "categories": list(scheme.categories.all()),
                     "can_version": bool(sel.manageable_units(actor=actor, scheme=scheme)),
                     "can_configure": actor.can(access.MANAGE_POINT_RULES, scheme.path)})
    counties = []
    if not rows:
        counties = [u for u in org_selectors.org_units(actor=actor).filter(level="county")
                    if actor.can(access.MANAGE_POINT_RULES, u.path)] if actor.can(access.VIEW_ORGS) else []
    return render(request, "points/rules/rules.html", {"rows": rows, "counties": counties})


@require_POST
def defaults(request, code):
    actor = request.actor
    unit = org_selectors.org_unit(actor=actor, code=code, capability=access.MANAGE_POINT_RULES)
    try:
        created = services.ensure_default_schemes(unit, actor=actor)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        if created["schemes"] or created["books"]:
            messages.success(request, f"已创建默认积分方案：{len(created['schemes'])} 个方案、"
                                      f"{created['items']} 条细则条目。")
        else:
            messages.info(request, "默认积分方案已存在，未作修改。")
    return redirect("points:rules")


def book(request, pk):
    actor = request.actor
    obj = sel.book(actor=actor, pk=pk)
    today = timezone.localdate()
    items = sel.book_items(obj)
    versions = list(RuleBook.objects.filter(scheme=obj.scheme, org_unit=obj.org_unit).order_by("-version"))
    ids = _in_force_ids(versions, today)
    obj.status_label, obj.status_class = _status(obj, ids, today)
    groups: list[tuple[Category, list[RuleItem]]] = []
    for item in items:
        if not groups or groups[-1][0].pk != item.category_id:
            groups.append((item.category, []))
        groups[-1][1].append(item)
    editable = obj.effective_from > today and actor.can(access.MANAGE_POINT_RULES, obj.path)
    village = obj.org_unit.level == "village"
    bases = [(label, obj.bases.get(key)) for key, label in BASE_LABELS if key in (obj.bases or {})]
    return render(request, "points/rules/book.html", {
        "book": obj, "groups": groups, "editable": editable, "village": village, "bases": bases,
        "versions": versions, "role_labels_map": {r: label for r, (label, _c) in access.ROLES.items()},
        "parent": sel.parent_book(obj.scheme, obj.org_unit, obj.effective_from) if village else None,
    })


def _editable_book(request, pk) -> RuleBook:
    """A book the actor may change: seen, and MANAGE_POINT_RULES over its unit (404 otherwise)."""
    obj = sel.book(actor=request.actor, pk=pk)
    access.require(request.actor, access.MANAGE_POINT_RULES, obj.path)
    return obj


def _published(request, obj: RuleBook):
    """A published version cannot change: back to it with the reason."""
    if sel.is_published(obj):
        messages.error(request, f"{obj}已于{obj.effective_from:%Y-%m-%d}生效，不能修改；请新建版本。")
        return redirect("points:book", obj.pk)
    return None


def book_new(request, pk):
    actor = request.actor
    access.require(actor, access.VIEW_PEOPLE)
    scheme = sel.scheme(actor=actor, pk=pk)
    data = request.POST if request.method == "POST" else None
    form = VersionForm(data, actor=actor, scheme=scheme)  # no place to keep a version: 404
    form.initial = {"unit": form.units[0].code}
    if form.is_bound and form.is_valid():
        try:
            obj = r.NEW_VERSION.perform(actor, form, None)
        except ValidationError as exc:
            form.absorb(exc)
        else:
            messages.success(request, f"已新建{obj}，生效前可修改条目。")
            return redirect("points:book", obj.pk)
    return _form_page(request, form, f"新建{scheme.name}细则版本", reverse("points:rules"))


def book_edit(request, pk):
    obj = _editable_book(request, pk)
    if (refused := _published(request, obj)) is not None:
        return refused
    initial = {"title": obj.title, "effective_from": obj.effective_from, "note": obj.note}
    for key, _label in BASE_LABELS:
        initial[f"base_{key or 'default'}"] = (obj.bases or {}).get(key)
    data = request.POST if request.method == "POST" else None
    form = BookForm(data, initial=initial, **r.book_form_kwargs(request.actor, obj))
    if form.is_bound and form.is_valid():
        try:
            r.EDIT_BOOK.perform(request.actor, form, obj)
        except ValidationError as exc:
            form.absorb(exc)
        else:
            messages.success(request, "已保存。")
            return redirect("points:book", obj.pk)
    return _form_page(request, form, f"修改{obj}", reverse("points:book", args=[obj.pk]), obj)


@require_POST
def book_delete(request, pk):
    obj = _editable_book(request, pk)
    if (refused := _published(request, obj)) is not None:
        return refused
    services.delete_draft(actor=request.actor, book=obj)
    messages.success(request, f"已删除未生效的{obj}。")
    return redirect("points:rules")


def _item_initial(item: RuleItem) -> dict:
    return {"code": item.code, "name": item.name, "category": item.category_id, "points": item.points,
            "min_points": item.min_points, "max_points": item.max_points, "unit": item.unit, "cap": item.cap,
            "cap_period": item.cap_period, "evidence_required": item.evidence_required,
            "proposers": item.proposers, "approvers": item.approvers, "source": item.source}


def _item_form(request, obj: RuleBook, item: RuleItem | None) -> ItemForm:
    data = request.POST if request.method == "POST" else None
    initial = _item_initial(item) if item else {}
    if item is None and obj.org_unit.level != "village":
        member = obj.scheme.subject == "member"
        roles = default_schemes.PARTY_ROLES if member else default_schemes.HOUSEHOLD_ROLES
        initial = {"unit": "time", "proposers": roles, "approvers": default_schemes.APPROVERS}
    return ItemForm(data, actor=request.actor, book=obj, item=item, initial=initial)


def item_edit(request, pk, item_pk=None):
    obj = _editable_book(request, pk)
    item = None
    if item_pk is not None:
        item = obj.items.select_related("based_on", "category").filter(pk=item_pk).first()
        if item is None:
            raise Http404
    if (refused := _published(request, obj)) is not None:
        return refused
    form = _item_form(request, obj, item)
    if form.is_bound and form.is_valid():
        try:
            saved = (r.EDIT_ITEM if item else r.ADD_ITEM).perform(request.actor, form, item)
        except ValidationError as exc:
            form.absorb(exc)
        else:
            messages.success(request, f"已保存条目“{saved.code} {saved.name}”。")
            return redirect("points:book", obj.pk)
    title = f"修改条目“{item.code} {item.name}”" if item else "新增条目"
    return _form_page(request, form, f"{title}（{obj}）", reverse("points:book", args=[obj.pk]), obj)


def item_new(request, pk):
    return item_edit(request, pk)


@require_POST
def item_remove(request, pk, item_pk):
    obj = _editable_book(request, pk)
    item = obj.items.filter(pk=item_pk).first()
    if item is None:
        raise Http404
    if (refused := _published(request, obj)) is not None:
        return refused
    try:
        services.remove_item(actor=request.actor, item=item)
        messages.success(request, f"已删除条目“{item.code} {item.name}”。")
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    return redirect("points:book", obj.pk)


def category_edit(request, pk, cat_pk=None):
    actor = request.actor
    access.require(actor, access.VIEW_PEOPLE)
    scheme = sel.scheme(actor=actor, pk=pk)
    access.require(actor, access.MANAGE_POINT_RULES, scheme.path)
    category = None
    if cat_pk is not None:
        category = scheme.categories.filter(pk=cat_pk).first()
        if category is None:
            raise Http404
    initial = {"code": category.code, "name": category.name, "colour": category.colour or "#999999",
               "order": category.order} if category else {"colour": "#999999"}
    form = CategoryForm(request.POST if request.method == "POST" else None, actor=actor, scheme=scheme,
                        category=category, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            saved = (r.EDIT_CATEGORY if category else r.ADD_CATEGORY).perform(actor, form, category)
        except ValidationError as exc:
            form.absorb(exc)
        else:
            messages.success(request, f"已保存积分类别“{saved.name}”。")
            return redirect("points:rules")
    title = f"修改积分类别“{category.name}”" if category else f"新增{scheme.name}积分类别"
    return _form_page(request, form, title, reverse("points:rules"))


def category_new(request, pk):
    return category_edit(request, pk)
