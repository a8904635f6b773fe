"""Private storage (penyimpanan privat) for uploaded and generated files.

Files live in the default storage, whose root is ``MEDIA_ROOT`` = ``NETRA_DATA_DIR/private``:
outside the web root and never served by URL, only through a view that checks access and calls
``netra.files.download.serve_private_file``. A stored name is
``<folder>/<yyyy>/<mm>/<random>.<ext>`` where the folder and extension come from code: nothing the
user typed reaches the disk. The user's file name is kept, cleaned, for display and as the
download name only.

The functions are implemented once in ``netra.core.storage`` (``netra.imports``, a sibling of
this app, stores its tables with them too); modules import them from here.
"""

from __future__ import annotations

from netra.core.storage import clean_file_name, discard_file, save_private_file, stored_name

__all__ = ["clean_file_name", "discard_file", "save_private_file", "stored_name"]
