"""申请审批's writes beside the workflow steps, declared once: the application page's buttons and the API
share the form and the service call (orgs.actions.Action). Each acts on one application; who may is the
service's to decide (the actor's roles in the procedure), so the capability is the application's
visibility, checked by the selector that found it; only signing asks a capability first (SIGN_HOMESTEAD:
without it the application is not there to sign, 404, whatever the body)."""

from django.http import Http404

from zhenxing.homestead.applications import services
from zhenxing.homestead.applications.forms import AttachForm, ObjectionForm, OpinionForm, ResolveForm
from zhenxing.homestead.applications.models import Objection
from zhenxing.orgs import access
from zhenxing.orgs.actions import Action


def gate(actor, action: Action, app) -> None:
    if action.capability:
        access.require(actor, action.capability, app.path)


def _plain(actor, record):
    return {}


def _attach(actor, form, app):
    return services.attach(actor=actor, application=app, upload=form.cleaned_data["file"])


def _object(actor, form, app):
    d = form.cleaned_data
    return services.record_objection(actor=actor, application=app, raised_by=d["raised_by"],
                                     content=d["content"], raised_on=d["raised_on"])


def objection_of(app, pk: int) -> Objection:
    found = Objection.objects.filter(pk=pk, application=app).first()
    if found is None:
        raise Http404
    return found


def _resolve(actor, form, objection):
    d = form.cleaned_data
    return services.resolve_objection(actor=actor, objection=objection, upheld=d["upheld"],
                                      resolution=d["resolution"])


def _sign(actor, form, app):
    d = form.cleaned_data
    return services.sign_opinion(actor=actor, application=app, agree=d["agree"], opinion=d["opinion"])


ATTACH = Action("files", "上传申请材料", AttachForm, _attach, "", form_kwargs=_plain,
                description="申请人、各级审查人员和联审部门可上传；返回的 id 用于办理环节的 attachment_ids")
ADD_OBJECTION = Action("objections", "登记公示异议", ObjectionForm, _object, "",
                       form_kwargs=_plain, description="公示期间由村级审查人员登记")
RESOLVE_OBJECTION = Action("resolve", "处理公示异议", ResolveForm, _resolve, "",
                           form_kwargs=_plain, description="upheld 为 true 时异议成立；由村级审查人员处理")
SIGN_OPINION = Action("opinions", "签署联审意见", OpinionForm, _sign, access.SIGN_HOMESTEAD,
                      form_kwargs=_plain,
                      description="街道联审阶段，自然资源、住建、农业农村部门各签本部门意见，每轮一次")
