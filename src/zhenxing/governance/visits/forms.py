"""The visit form: the page's fields (its household from the page's URL) and the API's body."""

from django import forms

from zhenxing.governance.forms import DayField, FilesField, ScopedChoice, ServiceForm
from zhenxing.governance.visits.models import Visit
from zhenxing.orgs import access
from zhenxing.people import selectors as people_selectors


class VisitForm(ServiceForm):
    household = ScopedChoice(label="户", missing="户“{}”不存在或不在您的网格内",
                             help_text="户的 id（我的网格列表中的 id）")
    visited_on = DayField(label="走访日期", help_text="YYYY-MM-DD，不晚于今天")
    purpose = forms.ChoiceField(label="走访事由", choices=Visit.PURPOSES)
    notes = forms.CharField(label="走访情况")
    follow_up_needed = forms.BooleanField(label="需跟进", required=False)
    photos = FilesField(label="现场照片")

    def __init__(self, *args, actor, **kwargs):
        # The households are people: without their registers there is no visit to record (404, as the page).
        access.require(actor, access.VIEW_PEOPLE)
        super().__init__(*args, **kwargs)
        self.fields["household"].lookup = lambda pk: people_selectors.household(actor=actor, pk=pk)
        # The service's words, so the page reads as before.
        chosen = "请选择走访事由"
        self.fields["purpose"].error_messages.update(required=chosen, invalid_choice=chosen)

