"""A file written for one download: made in a temporary file (large exports never sit in memory),
streamed back under a Chinese name, the temporary file gone once it is sent."""

import tempfile
from pathlib import Path
from urllib.parse import quote

from django.http import FileResponse


def written_file(write, name: str, content_type: str, *, ascii_name: str = "", no_store: bool = False):
    """`write(path)` fills the file; `name` is what the user's browser saves it as."""
    handle = tempfile.NamedTemporaryFile(suffix=Path(name).suffix)  # noqa: SIM115 - closed below, kept open by the response
    write(Path(handle.name))
    response = FileResponse(open(handle.name, "rb"), content_type=content_type)  # noqa: SIM115 - closed by FileResponse
    handle.close()
    fallback = f'filename="{ascii_name}"; ' if ascii_name else ""
    response["Content-Disposition"] = f"attachment; {fallback}filename*=UTF-8''{quote(name)}"
    if no_store:
        response["Cache-Control"] = "no-store"
    return response
