"""Shared file intake (penerimaan berkas) for every module: content sniffing, size, pixel and
count limits, metadata stripping, private storage with SHA-256, and audited downloads.

Modules use ``netra.files.intake.accept_upload`` with their own ``UploadPolicy``, store the result
with ``netra.files.storage.save_private_file`` and serve it with
``netra.files.download.serve_private_file``. This app depends only on ``netra.core``, Django and
libraries; it has no models (each module keeps its own file records).
"""
