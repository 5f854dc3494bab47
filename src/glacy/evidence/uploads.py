"""Hashing an upload as its bytes arrive, before Django writes them anywhere.

A page or API upload is staged and ingested by the worker later; hashing it only then would leave a window in
which the staged copy could change unnoticed. :class:`HashingUploadHandler` sits first among Django's upload
handlers and feeds every chunk of every file to SHA-256, SHA-1 and MD5 as it is read from the request; the worker's
ingest must then find the same digests (services/ingest.py), and the custody record says the exhibit was hashed on
receipt. Install it before anything reads the request body (views use :func:`hash_uploads`).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.uploadhandler import FileUploadHandler

ALGORITHMS = ("sha256", "sha1", "md5")


class HashingUploadHandler(FileUploadHandler):
    """Computes the digests of each uploaded file, in the order the files arrive, and passes the bytes on."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.received: list[tuple[str, str, dict[str, str]]] = []  # (field, file name, digests)
        self._digests: dict[str, Any] = {}

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self._digests = {name: hashlib.new(name) for name in ALGORITHMS}

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        for digest in self._digests.values():
            digest.update(raw_data)
        return raw_data  # the next handler (memory or temporary file) keeps the bytes

    def file_complete(self, file_size: int) -> None:
        self.received.append((str(self.field_name), str(self.file_name),
                              {name: digest.hexdigest() for name, digest in self._digests.items()}))
        return  # let the next handler build the UploadedFile

    def digests_of(self, field_name: str) -> list[dict[str, str]]:
        """The digests of the files of one form field, in the order they were sent."""
        return [digests for name, _file, digests in self.received if name == field_name]


def hash_uploads(request: Any) -> HashingUploadHandler:
    """Put a hashing handler first on ``request`` (a Django HttpRequest) and return it."""
    handler = HashingUploadHandler(request)
    request.upload_handlers.insert(0, handler)
    return handler
