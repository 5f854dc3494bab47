"""An exhibit of electronic evidence and, for archives, the files it contains."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from glacy.core.models import BaseModel


class EvidenceItem(BaseModel):
    """One exhibit kept in the vault: its identity (SHA-256 of the original, read-only in the store), how it was
    acquired and on what legal basis. Integrity is proven by its custody chain (ISO/IEC 27037 §5.2)."""

    class Source(models.TextChoices):
        SEIZURE = "seizure", _("seizure")
        PROVIDER_DISCLOSURE = "provider_disclosure", _("disclosure by a service provider")
        WEB_CAPTURE = "web_capture", _("web capture")
        RECEIVED_FROM_ABROAD = "received_from_abroad", _("received from abroad")

    case = models.ForeignKey("cooperation.Case", on_delete=models.PROTECT, related_name="evidence_items",
                             verbose_name=_("case"))
    exhibit_number = models.CharField(_("exhibit number"), max_length=80)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name=_("parent exhibit"))
    description = models.TextField(_("description"))
    device = models.CharField(_("device (make, model, serial number)"), max_length=300, blank=True)
    seal_number = models.CharField(_("seal number"), max_length=80, blank=True)
    source = models.CharField(_("source"), max_length=30, choices=Source.choices)
    legal_basis = models.CharField(_("legal basis (warrant or request)"), max_length=300, blank=True)
    answers_request = models.ForeignKey("cooperation.Request", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="evidence_items", verbose_name=_("answers request"))
    acquisition_tool = models.CharField(_("acquisition tool and version"), max_length=200, blank=True)
    acquired_by = models.CharField(_("acquired by"), max_length=200)
    acquired_at = models.DateTimeField(_("acquired at"))
    acquired_place = models.CharField(_("place of acquisition"), max_length=200, blank=True)
    original_name = models.CharField(_("original file name"), max_length=255)
    format = models.CharField(_("format"), max_length=20)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    sha1 = models.CharField("SHA-1", max_length=40)
    md5 = models.CharField("MD5", max_length=32)
    blake3 = models.CharField("BLAKE3", max_length=64, blank=True,
                              help_text=_("Computed only when BLAKE3 was enabled for the ingest."))
    stated_hashes = models.JSONField(_("hashes stated in the acquisition report"), default=dict, blank=True)
    stated_hashes_match = models.BooleanField(_("stated hashes match"), null=True, blank=True)
    format_verification = models.JSONField(_("format verification"), default=dict, blank=True,
                                           help_text=_("What the format proves about itself, e.g. the MD5 stored "
                                                       "in an E01 image recomputed over its media."))
    fixity_checked_at = models.DateTimeField(_("last fixity check"), null=True, blank=True)
    fixity_intact = models.BooleanField(_("stored copy intact at the last fixity check"), null=True, blank=True)
    custodians = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="evidence_in_custody",
                                        verbose_name=_("custodians"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering: ClassVar = ["case", "exhibit_number"]
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence items")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["case", "exhibit_number"], name="exhibit_number_unique_per_case"),
        ]

    @property
    def has_alert(self) -> bool:
        """Something about the exhibit's integrity needs a person's attention (shown on the page and in lists):
        a hash stated at acquisition that does not match, a format's own hash that does not match, or a stored
        copy that failed its fixity check."""
        return (self.stated_hashes_match is False or self.fixity_intact is False
                or (self.format_verification or {}).get("result") == "mismatch")

    @property
    def is_file_set(self) -> bool:
        """True when the exhibit is several stored files (a folder, an E01 in segments) identified by their
        manifest: its blob is the manifest, each member is a stored blob of its own."""
        return self.format == "folder" or bool((self.format_verification or {}).get("segments"))

    def __str__(self) -> str:
        return self.exhibit_number


class EvidenceMember(BaseModel):
    """A file inside an archive or folder exhibit (ZIP/TAR/folder), or a record of a web capture (WARC/WACZ),
    hashed and listed at ingest."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="members")
    path = models.CharField(_("path"), max_length=1000)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField("SHA-256", max_length=64)
    md5 = models.CharField("MD5", max_length=32)
    sha1 = models.CharField("SHA-1", max_length=40)
    blake3 = models.CharField("BLAKE3", max_length=64, blank=True)
    #: An encrypted member is listed (name and stated size) but its content is not examined: no hashes.
    encrypted = models.BooleanField(_("encrypted, not examined"), default=False)
    #: What the listing could not take as it is: a name not in UTF-8 (its raw bytes), control characters shown.
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering: ClassVar = ["path"]
        verbose_name = _("archive member")
        verbose_name_plural = _("archive members")

    def __str__(self) -> str:
        return self.path
