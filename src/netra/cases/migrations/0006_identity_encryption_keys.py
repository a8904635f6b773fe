"""Identity fields move to ``netra.core.crypto`` keys (NETRA_FIELD_ENCRYPTION_KEYS, ADR 0004).

The columns stay text holding a Fernet token, so the schema does not change (state only). The data
step decrypts every value written under the old key derivation (SECRET_KEY + SECRET_KEY_FALLBACKS
+ SALT_KEY, django-fernet-encrypted-fields' PBKDF2) and re-encrypts it with the newest configured
key. Values already readable with the new keys are left as they are, so the step can be re-run.
"""

import base64

from django.conf import settings
from django.db import migrations

import netra.core.crypto

COLUMNS = {
    "cases_reporter": ("name", "nik", "address", "phone", "email"),
    "cases_witness": ("name", "contact"),
}


def _legacy_fernet():
    from cryptography.fernet import Fernet, MultiFernet
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    salts = getattr(settings, "SALT_KEY", None) or ["netra-identity-v1"]
    salts = salts if isinstance(salts, list | tuple) else [salts]
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    keys = []
    for secret in secrets:
        for salt in salts:
            kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt.encode(),
                             iterations=100_000)
            keys.append(Fernet(base64.urlsafe_b64encode(kdf.derive(secret.encode()))))
    return MultiFernet(keys)


def _convert(schema_editor, decrypt_old, encrypt_new, readable_new):
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    for table, columns in COLUMNS.items():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {qn('id')}, {', '.join(qn(c) for c in columns)} "  # noqa: S608
                           f"FROM {qn(table)} ORDER BY {qn('id')}")
            rows = cursor.fetchall()
        for pk, *values in rows:
            changed = {}
            for column, value in zip(columns, values, strict=True):
                if not value or readable_new(value):
                    continue
                try:
                    plain = decrypt_old(value)
                except Exception:  # noqa: BLE001, S112 (neither key opens it: leave it as found)
                    continue
                changed[column] = encrypt_new(plain)
            if changed:
                assignments = ", ".join(f"{qn(c)} = %s" for c in changed)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {qn(table)} SET {assignments} WHERE {qn('id')} = %s",  # noqa: S608
                        [*changed.values(), pk],
                    )


def _has_rows(schema_editor) -> bool:
    qn = schema_editor.connection.ops.quote_name
    with schema_editor.connection.cursor() as cursor:
        for table in COLUMNS:
            cursor.execute(f"SELECT 1 FROM {qn(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone():
                return True
    return False


def _readable(fernet):
    def check(value: str) -> bool:
        try:
            fernet.decrypt(value.encode())
        except Exception:  # noqa: BLE001
            return False
        return True

    return check


def forwards(apps, schema_editor):
    if not _has_rows(schema_editor):
        return  # a fresh database: nothing to convert (and no key file to create)
    from netra.core.crypto import multifernet

    old, new = _legacy_fernet(), multifernet()
    _convert(
        schema_editor,
        decrypt_old=lambda v: old.decrypt(v.encode()),
        encrypt_new=lambda plain: new.encrypt(plain).decode(),
        readable_new=_readable(new),
    )


def backwards(apps, schema_editor):
    if not _has_rows(schema_editor):
        return
    from netra.core.crypto import multifernet

    old, new = _legacy_fernet(), multifernet()
    _convert(
        schema_editor,
        decrypt_old=lambda v: new.decrypt(v.encode()),
        encrypt_new=lambda plain: old.encrypt(plain).decode(),
        readable_new=_readable(old),
    )


def _field(kind, **kwargs):
    return getattr(netra.core.crypto, kind)(**kwargs)


STATE = [
    ("reporter", "address", "EncryptedTextField", {"blank": True, "null": True,
                                                   "verbose_name": "address"}),
    ("reporter", "email", "EncryptedCharField", {"blank": True, "max_length": 254, "null": True,
                                                 "verbose_name": "e-mail"}),
    ("reporter", "name", "EncryptedCharField", {"max_length": 150, "verbose_name": "name"}),
    ("reporter", "nik", "EncryptedCharField", {"blank": True, "max_length": 16, "null": True,
                                               "verbose_name": "identity number (NIK)"}),
    ("reporter", "phone", "EncryptedCharField", {"blank": True, "max_length": 30, "null": True,
                                                 "verbose_name": "phone"}),
    ("witness", "contact", "EncryptedCharField", {"blank": True, "max_length": 150, "null": True,
                                                  "verbose_name": "contact"}),
    ("witness", "name", "EncryptedCharField", {"max_length": 150, "verbose_name": "name"}),
]


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_query_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name=model, name=name, field=_field(kind, **kwargs))
                for model, name, kind, kwargs in STATE
            ],
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
