"""Forms of 申请审批: what the pages accept before a service checks the rest."""

import tempfile
from decimal import Decimal
from pathlib import Path

import shapely
from django import forms
from django.core.exceptions import ValidationError

from zhenxing.homestead import geo
from zhenxing.homestead.applications.models import Application

SITE_MAX_BYTES = 5 * 1024 * 1024


class ApplicationForm(forms.Form):
    household = forms.CharField(label="申请户户编号", max_length=32, required=False)
    kind = forms.ChoiceField(label="申请类型", choices=Application.KINDS)
    reason = forms.CharField(label="申请理由", widget=forms.Textarea(attrs={"rows": 3}))
    location = forms.CharField(label="拟用地坐落", max_length=200)
    east = forms.CharField(label="东至", max_length=100, required=False)
    south = forms.CharField(label="南至", max_length=100, required=False)
    west = forms.CharField(label="西至", max_length=100, required=False)
    north = forms.CharField(label="北至", max_length=100, required=False)
    old_parcel = forms.CharField(label="原宅基地宗地代码（翻建、异址新建、改扩建）", max_length=19,
                                 required=False)
    building_area_m2 = forms.DecimalField(label="拟建房屋建筑面积（平方米）", min_value=Decimal("1"),
                                          max_value=Decimal("2000"), decimal_places=2)
    floors = forms.IntegerField(label="拟建层数", min_value=1, max_value=5)
    site_file = forms.FileField(label="用地图形文件（GeoJSON、Shapefile 压缩包或 GeoPackage）",
                                required=False)
    site_geojson = forms.CharField(label="在图上勾绘的用地范围", required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        upload, drawn = data.get("site_file"), (data.get("site_geojson") or "").strip()
        if upload:
            data["geometry"] = read_site(upload)
        elif drawn:
            geometry = geo.load_geojson(drawn)
            if geometry is None:
                raise ValidationError({"site_geojson": "勾绘的用地范围无法识别，请重新勾绘"})
            data["geometry"] = geometry
        else:
            raise ValidationError({"site_file": "请在图上勾绘用地范围，或上传用地图形文件"})
        return data


class YesNo(forms.NullBooleanField):
    """A choice the page offers as two radio buttons: true/"1" or false/"0", and one of them is required
    (a missing answer is not a "no")."""

    def __init__(self, *, label: str, required_message: str):
        # The raw value ("1", "0", true, false): NullBooleanSelect would read "1" as unknown.
        super().__init__(label=label, widget=forms.TextInput)
        self.error_messages["required"] = required_message

    def validate(self, value):
        if value is None:
            raise ValidationError(self.error_messages["required"], code="required")


class AttachForm(forms.Form):
    file = forms.FileField(label="材料", error_messages={"required": "请选择要上传的文件"})


class ObjectionForm(forms.Form):
    raised_by = forms.CharField(label="异议人", max_length=50, error_messages={"required": "请填写异议人"})
    raised_on = forms.DateField(label="提出日期", error_messages={
        "required": "请填写提出日期", "invalid": "日期格式应为 YYYY-MM-DD"})
    content = forms.CharField(label="异议内容", error_messages={"required": "请填写异议内容"})


class ResolveForm(forms.Form):
    upheld = YesNo(label="异议是否成立", required_message="请选择异议成立或不成立")
    resolution = forms.CharField(label="处理意见", error_messages={"required": "请填写处理意见"})


class OpinionForm(forms.Form):
    agree = YesNo(label="是否同意", required_message="请选择同意或不同意")
    opinion = forms.CharField(label="审查意见", error_messages={"required": "请填写审查意见"})


def read_site(upload) -> shapely.Geometry:
    """The one polygon of an uploaded GIS file, in EPSG:4490."""
    if upload.size > SITE_MAX_BYTES:
        raise ValidationError({"site_file": "用地图形文件超过 5 MB"})
    suffix = Path(upload.name).suffix.lower()
    if suffix not in geo.SUFFIXES:
        raise ValidationError({"site_file": f"用地图形文件应为 {'、'.join(geo.SUFFIXES)} 文件"})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"site{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            source = geo.read_features(path)
        except geo.GeoFileError as exc:
            raise ValidationError({"site_file": str(exc)}) from None
    if len(source.features) != 1:
        raise ValidationError({"site_file": f"用地图形文件应只含 1 个面要素，实有 {len(source.features)} 个"})
    return geo.to_cgcs2000([source.features[0].geometry], source.epsg)[0]
