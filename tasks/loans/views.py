"""档案借阅 pages: pick a document from the 归档文件目录 (documents' selectors), then the request form."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from documents.archive.filters import ArchiveFilterSet
from documents.archive.selectors import archive_catalogue, catalogue_entries
from tasks.choices import Kind
from tasks.loans import services
from tasks.requests.editing import KindFormView
from tasks.requests.forms import LoanRequestForm

PICK = 20


class LoanFormView(KindFormView):
    """New 借阅: the catalogue (searchable) to choose from; with ``?doc=`` chosen, the form."""

    kind, form_class = Kind.LOAN, LoanRequestForm
    template_name = "tasks/loan_form.html"

    def create(self, request, form):
        d = form.cleaned_data
        data = services.LoanData(doc=d["doc"], form=d["form"], purpose=d["purpose"], due_on=d["due_on"])
        return services.loan_create(actor=request.user, data=data, http_request=request)

    def start(self, request) -> dict:
        return {"doc": request.GET.get("doc", "")}

    def extra(self, request, obj=None) -> dict:
        user = request.user
        doc = request.POST.get("doc") or request.GET.get("doc", "")
        entry = None
        if doc:
            try:
                entry = services.catalogue_entry(user=user, doc=doc)[1]
            except ValidationError:
                entry = None
        filters = ArchiveFilterSet(request.GET or None, user=user)
        keys = list(archive_catalogue(user=user, filters=filters)[:PICK]) if entry is None else []
        return {"entry": entry, "entries": catalogue_entries(keys), "filter_form": filters.form}
