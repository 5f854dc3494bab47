"""Forms of the evidence pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from glacy.evidence.labels import EVENT_LABELS
from glacy.evidence.models import EvidenceItem
from glacy.evidence.services.events import MANUAL_EVENTS
from glacy.evidence.services.jobs import folder_upload_errors

#: Largest upload the pages take (a file, or a folder in total); larger exhibits go through the command line.
MAX_UPLOAD_BYTES = 2 * 1024**3


class FolderInput(forms.FileInput):
    """The browser's folder picker: every file of the chosen folder, sub-folders included."""

    allow_multiple_selected = True


class FolderField(forms.FileField):
    """The files of a folder, as a list; their paths come separately (Django keeps only each file's own name)."""

    widget = FolderInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(FolderField, self).clean(upload, initial) for upload in uploads]


class IngestForm(forms.Form):
    """One file, or one folder whose files' relative paths the page's script sends as ``paths`` (one per file,
    in the order of the files)."""

    file = forms.FileField(label=_("Exhibit file"), required=False,
                           help_text=_("One file: a document, a ZIP or TAR, a disk image, a web capture."),
                           widget=forms.ClearableFileInput(attrs={"aria-describedby": "id_file_help"}))
    folder = FolderField(
        label=_("Or a folder"), required=False, allow_empty_file=True,
        help_text=_("Every file of the folder and its sub-folders, with their paths. Needs JavaScript; the total "
                    "may not exceed 2 GB."),
        widget=FolderInput(attrs={"webkitdirectory": True, "data-folder-paths": "folder-paths",
                                  "aria-describedby": "id_folder_help folder-problem"}))
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    source = forms.ChoiceField(label=_("Source"), choices=EvidenceItem.Source.choices)
    acquired_at = forms.DateTimeField(
        label=_("Seized or acquired at"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": 1}, format="%Y-%m-%dT%H:%M:%S"),
        help_text=_("When the exhibit was seized or acquired, which may be days before this ingest; UTC. Leave empty "
                    "for now."))
    acquired_by = forms.CharField(label=_("Seizing or acquiring officer"), required=False, max_length=200,
                                  help_text=_("Leave empty if it was you."))
    acquired_place = forms.CharField(label=_("Place of seizure or acquisition"), required=False, max_length=200)
    device = forms.CharField(label=_("Device (make, model, serial number)"), required=False, max_length=300)
    seal_number = forms.CharField(label=_("Seal number"), required=False, max_length=80)
    legal_basis = forms.CharField(label=_("Warrant or order (reference and date)"), required=False, max_length=300)
    answers_request: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Request it answers"), required=False, queryset=None,
                                             help_text=_("A request of this case that the exhibit answers, if any."))
    acquisition_tool = forms.CharField(label=_("Acquisition tool and version"), required=False, max_length=200)
    expected_sha256 = forms.CharField(label=_("SHA-256 stated in the acquisition report"), required=False,
                                      max_length=64)
    expected_md5 = forms.CharField(label=_("MD5 stated in the acquisition report"), required=False, max_length=32)
    with_blake3 = forms.BooleanField(label=_("Also compute BLAKE3"), required=False,
                                     help_text=_("In the same pass as the other hashes."))

    def __init__(self, *args: Any, case: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from glacy.cooperation.models import Request

        requests: Any = self.fields["answers_request"]
        requests.queryset = Request.objects.filter(case=case).select_related(
            "requested_authority").order_by("reference") if case is not None else Request.objects.none()
        requests.label_from_instance = lambda request: f"{request.reference} ({request.requested_authority.name})"
        # Read by the page's script, which refuses a folder the server would refuse anyway, before the upload.
        attrs = self.fields["folder"].widget.attrs
        attrs.update({"data-max-bytes": MAX_UPLOAD_BYTES,
                      "data-too-large": _("Folders larger than 2 GB in total are ingested with the command line.")})
        max_files = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        if max_files is not None:
            attrs.update({"data-max-files": max_files, "data-too-many-files": _(
                "The folder has more than %(count)s files: ingest it with the command line, or as a ZIP.") % {
                    "count": max_files}})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload, folder = cleaned.get("file"), cleaned.get("folder") or []
        if self.has_error("file") or self.has_error("folder"):
            return cleaned
        if upload and folder:
            self.add_error("folder", _("Choose either one file or one folder, not both."))
        elif not upload and not folder:
            self.add_error("file", _("Choose a file or a folder to ingest."))
        elif upload:
            if upload.size > MAX_UPLOAD_BYTES:
                self.add_error("file", _("Files larger than 2 GB are ingested with the command line."))
        else:
            self._clean_folder(cleaned, folder)
        return cleaned

    def _clean_folder(self, cleaned: dict[str, Any], folder: list[UploadedFile]) -> None:
        """Pair each file with its path, which the browser gives as ``<chosen folder>/<path in the folder>``."""
        paths = self.data.getlist("paths") if hasattr(self.data, "getlist") else []
        if not paths:
            self.add_error("folder", _("The paths of the folder's files were not sent (the page needs JavaScript "
                                       "for folders). Ingest one file, a ZIP of the folder, or use the command "
                                       "line."))
            return
        if len(paths) != len(folder):
            self.add_error("folder", _("Each file needs its path (files: %(files)s, paths: %(paths)s): choose the "
                                       "folder again.") % {"files": len(folder), "paths": len(paths)})
            return
        errors = folder_upload_errors(paths)
        if errors:
            self.add_error("folder", next(iter(errors.values()))[0])
            return
        folder_name = paths[0].split("/", 1)[0]
        outside = next((path for path in paths if not path.startswith(f"{folder_name}/")), None)
        if outside is not None:
            self.add_error("folder", _("Every path must start with the chosen folder, %(folder)s: %(path)s") % {
                "folder": folder_name, "path": outside})
            return
        if sum(upload.size or 0 for upload in folder) > MAX_UPLOAD_BYTES:
            self.add_error("folder", _("Folders larger than 2 GB in total are ingested with the command line."))
            return
        cleaned["folder_name"] = folder_name
        cleaned["folder_files"] = [(path.removeprefix(f"{folder_name}/"), upload)
                                   for path, upload in zip(paths, folder, strict=True)]


class CustodyEventForm(forms.Form):
    event_type = forms.ChoiceField(label=_("Event"),
                                   choices=[(kind.value, EVENT_LABELS[kind]) for kind in MANUAL_EVENTS])
    time = forms.DateTimeField(
        label=_("When it happened"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": 1}, format="%Y-%m-%dT%H:%M:%S"),
        help_text=_("UTC. Leave empty for now; an earlier time is kept beside the time of recording."))
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    purpose = forms.CharField(label=_("Purpose"), required=False, max_length=300)
    tool = forms.CharField(label=_("Tool"), required=False, max_length=200)
    releasing_person = forms.CharField(label=_("Released by"), required=False, max_length=200)
    receiving_person = forms.CharField(label=_("Received by"), required=False, max_length=200)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            max_length=5000)


class PurposeForm(forms.Form):
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
