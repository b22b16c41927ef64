"""Downloads under a Chinese name: bytes already made (a bulletin, an evidence file), or a file written for
one download (large exports never sit in memory; the temporary file is gone once it is sent)."""

import tempfile
from pathlib import Path
from urllib.parse import quote

from django.http import FileResponse, HttpResponse


def _named(response, name: str, ascii_name: str, no_store: bool):
    """`name` is what the user's browser saves it as; `ascii_name` for clients that cannot read UTF-8 names."""
    fallback = f'filename="{ascii_name}"; ' if ascii_name else ""
    response["Content-Disposition"] = f"attachment; {fallback}filename*=UTF-8''{quote(name)}"
    if no_store:
        response["Cache-Control"] = "no-store"
    return response


def attachment(content: bytes, name: str, content_type: str, *, ascii_name: str = "", no_store: bool = False):
    return _named(HttpResponse(content, content_type=content_type), name, ascii_name, no_store)


def written_file(write, name: str, content_type: str, *, ascii_name: str = "", no_store: bool = False):
    """`write(path)` fills the file."""
    handle = tempfile.NamedTemporaryFile(suffix=Path(name).suffix)  # noqa: SIM115 - closed below, kept open by the response
    write(Path(handle.name))
    response = FileResponse(open(handle.name, "rb"), content_type=content_type)  # noqa: SIM115 - closed by FileResponse
    handle.close()
    return _named(response, name, ascii_name, no_store)
