"""Files uploaded through the site's pages and the API: the form every upload page
uses, its size check, and the upload saved where an importer can read it.

Every upload is refused before it is read when it is larger than
``JOINEDUP_MAX_UPLOAD_MB`` (:mod:`joinedup.web.limits`); the saved copy lives in a
temporary folder for the length of the ``with`` block only.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ACCEPT = ".csv,.xlsx,.xlsm"


def too_large(upload: Any) -> bool:
    return upload.size is not None and upload.size > settings.MAX_UPLOAD_BYTES


def checked(upload: Any) -> Any:
    """``upload``, or a form error naming it and the limit when it is too large."""
    if too_large(upload):
        raise forms.ValidationError(
            _("%(name)s is larger than the %(mb)d MB joinedup reads; nothing was imported.")
            % {"name": upload.name, "mb": settings.MAX_UPLOAD_MB}
        )
    return upload


class UploadForm(forms.Form):
    """One CSV or Excel file, refused when too large."""

    file = forms.FileField(
        label=gettext_lazy("CSV or Excel (.xlsx) file"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def clean_file(self) -> Any:
        return checked(self.cleaned_data["file"])


def label_of(upload: Any) -> str:
    """The name the user gave the file (no folders), for messages."""
    return Path(upload.name or "upload.csv").name


@contextmanager
def saved(upload: Any) -> Iterator[Path]:
    """The upload written to a temporary file that keeps its suffix (``.csv`` when it
    has none), removed when the block ends."""
    suffix = Path(label_of(upload)).suffix.lower() or ".csv"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        yield path
