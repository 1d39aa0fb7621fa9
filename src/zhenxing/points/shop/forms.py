"""积分超市 forms: a shop, a good, a stock-in, a redemption and a return, for the pages and the API alike.

Each field is checked with the service's own check (services.checked_text / checked_whole), so a form
gives every message at once in the words the service uses; the service checks again when it writes. A
form whose page takes the shop from the URL has a `shop` field for it (filled by the view)."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404

from zhenxing.orgs import access
from zhenxing.orgs import selectors as org_selectors
from zhenxing.orgs.forms import ServiceForm
from zhenxing.points.dates import parse_day
from zhenxing.points.rules import selectors as rules_selectors
from zhenxing.points.shop import selectors, services
from zhenxing.points.shop.models import Goods


def _check(run):
    """A service check's message, keyed by the field the form is cleaning."""
    try:
        return run()
    except ValidationError as exc:
        raise ValidationError(exc.messages) from None


class ShopPartForm(ServiceForm):
    """A form inside one shop (the URL's on the page, `shop` in the API): 404 outside the actor's scope,
    or where the actor may not do the form's work there."""

    shop = forms.IntegerField(label="积分超市", min_value=1, max_value=2**62)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["shop"].error_messages["required"] = "请选择积分超市"

    def allowed(self, shop) -> bool:
        return services.keeps(self.actor, shop)

    def clean_shop(self):
        shop = selectors.shop(actor=self.actor, pk=self.cleaned_data["shop"])
        if not self.allowed(shop):
            raise Http404
        return shop

    def goods_of(self, raw) -> Goods:
        shop = self.cleaned_data.get("shop")
        number = raw if isinstance(raw, int) else None
        found = None
        if shop is not None and number:
            found = shop.goods.select_related("stock_account").filter(pk=number).first()
        if found is None:
            raise ValidationError("请选择商品")
        return found


class ShopForm(ServiceForm):
    village = forms.CharField(label="所在村", required=False)
    name = forms.CharField(label="超市名称", required=False)
    scheme = forms.CharField(label="兑换积分方案", required=False)
    keeper_notes = forms.CharField(label="管理说明", required=False, widget=forms.Textarea)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def villages(self):
        return org_selectors.villages(actor=self.actor, capability=access.KEEP_SHOP)

    def schemes(self):
        return rules_selectors.schemes(self.actor).filter(spendable=True)

    def clean_village(self):
        code = self.cleaned_data["village"].strip()
        found = self.villages().filter(code=code).first() if code else None
        if found is None:
            raise ValidationError("请选择所在村")
        return found

    def clean_name(self):
        return _check(lambda: services.checked_text(self.cleaned_data["name"], "name", "超市名称", 100))

    def clean_scheme(self):
        raw = self.cleaned_data["scheme"].strip()
        found = self.schemes().filter(pk=int(raw)).first() if raw.isascii() and raw.isdigit() \
            and len(raw) < 18 else None
        if found is None:
            raise ValidationError("请选择兑换积分方案")
        return found


class GoodsFields(forms.Form):
    name = forms.CharField(label="商品名称", required=False)
    unit = forms.CharField(label="单位", required=False)
    price = forms.CharField(label="兑换积分", required=False)

    def clean_name(self):
        return _check(lambda: services.checked_text(self.cleaned_data["name"], "name", "商品名称", 100))

    def clean_unit(self):
        if self.cleaned_data["unit"] not in dict(Goods.UNITS):
            raise ValidationError("请选择计量单位")
        return self.cleaned_data["unit"]

    def clean_price(self):
        return _check(lambda: services.checked_whole(self.cleaned_data["price"], "price", "兑换积分", 1,
                                                     services.MAX_PRICE))


class GoodsForm(GoodsFields, ShopPartForm):
    """A new good on the shelf of `shop`."""


class GoodsEditForm(GoodsFields, ServiceForm):
    active = forms.BooleanField(label="上架", required=False)

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)


class StockInForm(ShopPartForm):
    goods = forms.IntegerField(label="商品", required=False, min_value=1, max_value=2**62)
    quantity = forms.CharField(label="入库数量", required=False)
    source = forms.CharField(label="来源", required=False)
    note = forms.CharField(label="备注", required=False)
    received_on = forms.CharField(label="入库日期", required=False, help_text="YYYY-MM-DD，不填为今天")

    def name_the_fields(self):
        super().name_the_fields()
        self.fields["goods"].error_messages["invalid"] = "请选择商品"

    def clean_goods(self):
        return self.goods_of(self.cleaned_data["goods"])

    def clean_quantity(self):
        return _check(lambda: services.checked_whole(self.cleaned_data["quantity"], "quantity", "入库数量", 1,
                                                     services.MAX_QUANTITY))

    def clean_source(self):
        return _check(lambda: services.checked_text(self.cleaned_data["source"], "source", "来源", 100))

    def clean_note(self):
        return _check(lambda: services.checked_text(self.cleaned_data["note"], "note", "备注", 200, False))

    def clean_received_on(self):
        return _check(lambda: parse_day(self.cleaned_data["received_on"], "received_on", "入库日期"))


class RedeemForm(ShopPartForm):
    """The keeper redeems for a household of the village by its number; a villager for their own household
    (`household` left empty)."""

    household = forms.CharField(label="户号", required=False, help_text="积分超市管理员代农户兑换时填写；"
                                                                     "村民兑换自家积分时不填")
    goods = forms.IntegerField(label="商品", required=False, min_value=1, max_value=2**62)
    quantity = forms.CharField(label="兑换数量", required=False)
    request_key = forms.CharField(label="兑换请求号", required=False, max_length=64,
                                  help_text="页面表单自带；接口以请求头 Idempotency-Key 代替")

    def name_the_fields(self):
        super().name_the_fields()
        self.fields["goods"].error_messages["invalid"] = "请选择商品"

    def allowed(self, shop) -> bool:
        return services.keeps(self.actor, shop) or self.actor.can(access.REDEEM_POINTS)

    def clean_household(self):
        shop = self.cleaned_data.get("shop")
        if shop is None:
            return None
        if services.keeps(self.actor, shop):
            number = self.cleaned_data["household"].strip()
            found = selectors.household_in_village(shop=shop, number=number)
            if found is None:
                raise ValidationError(f"{shop.village.name}没有户号为“{number}”的农户")
            return found
        found = services.own_household(self.actor)
        if found is None:
            raise Http404
        return found

    def clean_goods(self):
        return self.goods_of(self.cleaned_data["goods"])

    def clean_quantity(self):
        return _check(lambda: services.checked_whole(self.cleaned_data["quantity"], "quantity", "兑换数量", 1,
                                                     services.MAX_QUANTITY))


class CancelForm(ServiceForm):
    reason = forms.CharField(label="退货原因", required=False)

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)

    def clean_reason(self):
        return _check(lambda: services.checked_text(self.cleaned_data["reason"], "reason", "退货原因", 200))
