"""Document templates that state the facts of a completed document (documents of record).

A generated document is a draft until the handler completes the facts it states and finalises
it (``cases.services.records``). These templates, in force from the day after the first ones,
take those facts from ``facts`` and the number given at finalisation from ``document.number``;
a fact not yet given shows as "……", which finalisation refuses. The earlier rows stay (they are
history); administrators supersede these the same way, with a later ``valid_from``.
"""

from datetime import date

from django.db import migrations

VALID_FROM = date(2017, 8, 17)
KEYS = ("cases.clarification_minutes", "cases.legal_study", "cases.plenary_minutes",
        "cases.status_announcement")

GAP = "……"
KIND_WORD = '{% if case.kind_code == "report" %}laporan{% else %}temuan{% endif %}'
NUMBER = '<p class="center">Nomor: {{ document.number|default:"-" }}</p>\n'
REPORTED = (
    '{% for p in reported_persons %}{{ p.position }}, {{ p.agency }}'
    '{% if not forloop.last %}; {% endif %}{% empty %}-{% endfor %}'
)
PERSON_TABLE = (
    '<table><tr><th>No.</th><th>Nama</th><th>NIP</th><th>Jabatan</th><th>Instansi</th></tr>'
    '{% for p in reported_persons %}<tr><td>{{ forloop.counter }}</td>'
    '<td>{{ p.name|default:"-" }}</td><td>{{ p.nip|default:"-" }}</td>'
    '<td>{{ p.position }}</td><td>{{ p.agency }}</td></tr>{% endfor %}</table>'
)
FACT_VIOLATIONS = (
    '<ol>{% for v in facts.violations %}<li><strong>{{ v.name }}</strong>'
    '{% if v.legal_basis %}<br>Dasar hukum: {{ v.legal_basis }}{% endif %}'
    '{% if v.sanction %}<br>Ancaman sanksi: {{ v.sanction }}{% endif %}</li>'
    '{% empty %}<li>' + GAP + '</li>{% endfor %}</ol>'
)
CASE_VIOLATIONS = (
    '<ol>{% for v in violations %}<li><strong>{{ v.name }}</strong>'
    '{% if v.legal_basis %}<br>Dasar hukum: {{ v.legal_basis }}{% endif %}</li>'
    '{% empty %}<li>-</li>{% endfor %}</ol>'
)
DECISION = (
    '{% if facts.decision == "violation" %}Terbukti merupakan pelanggaran'
    '{% elif facts.decision == "no_violation" %}Bukan merupakan pelanggaran'
    '{% elif facts.decision == "not_followed_up" %}Tidak ditindaklanjuti'
    '{% else %}' + GAP + '{% endif %}'
)


def fact(name, filters=""):
    return '{{ facts.' + name + '|default:"' + GAP + '"' + filters + ' }}'


TEMPLATES = {
    "cases.clarification_minutes": (
        "Berita Acara Klarifikasi",
        '<h1>BERITA ACARA KLARIFIKASI</h1>\n' + NUMBER +
        '<p class="center">Nomor ' + KIND_WORD + ': {{ case.number }}</p>\n'
        '<p>Pada tanggal ' + fact("clarified_on") + ', bertempat di ' + fact("place") + ', '
        '{{ office.name }} telah melakukan klarifikasi terhadap:</p>\n'
        '<table>\n<tr><th>Yang diklarifikasi</th><td>' + fact("clarified") + '</td></tr>\n'
        '<tr><th>Terlapor (jabatan)</th><td>' + REPORTED + '</td></tr>\n</table>\n'
        '<h2>Pokok perkara</h2>\n<p>{{ case.title }}</p>\n'
        '<h2>Pokok keterangan</h2>\n<p>' + fact("summary", "|linebreaksbr") + '</p>\n'
        '<p>Demikian berita acara klarifikasi ini dibuat dengan sebenarnya, dibacakan kembali '
        'kepada yang memberi keterangan, lalu ditandatangani.</p>\n'
        '<table class="signatures"><tr><td>Yang memberi keterangan,<br><br><br><br>'
        + fact("clarified") + '</td><td>Yang melakukan klarifikasi,<br><br><br><br>'
        '{{ prepared_by }}</td></tr></table>'
    ),
    "cases.legal_study": (
        "Kajian Dugaan Pelanggaran",
        '<h1>KAJIAN DUGAAN PELANGGARAN</h1>\n' + NUMBER +
        '<p class="center">Nomor ' + KIND_WORD + ': {{ case.number }}</p>\n'
        '<h2>I. Kasus posisi</h2>\n<p>{{ case.title }}</p>\n'
        '<p>{{ case.description|linebreaksbr }}</p>\n'
        '<table>\n'
        '<tr><th>Tanggal kejadian</th><td>{{ case.incident_date|default:"-" }}</td></tr>\n'
        '<tr><th>Tempat kejadian</th><td>{{ case.place|default:"-" }}</td></tr>\n'
        '<tr><th>Tanggal diketahui</th><td>{{ case.known_date }}</td></tr>\n'
        '<tr><th>Tanggal registrasi</th><td>{{ case.registered_on|default:"-" }}</td></tr>\n'
        '<tr><th>Pemilihan</th><td>{{ election.name }}</td></tr>\n'
        '</table>\n'
        '<h2>II. Pihak terlapor</h2>\n' + PERSON_TABLE + '\n'
        '<h2>III. Bentuk pelanggaran yang dikaji</h2>\n' + FACT_VIOLATIONS + '\n'
        '<h2>IV. Dasar hukum</h2>\n<p>' + fact("legal_basis", "|linebreaksbr") + '</p>\n'
        '<h2>V. Analisis</h2>\n<p>' + fact("analysis", "|linebreaksbr") + '</p>\n'
        '<h2>VI. Kesimpulan</h2>\n<p>' + fact("conclusion", "|linebreaksbr") + '</p>\n'
        '<p class="signature">{{ office.region }}, {{ today }}<br>Penyusun kajian,<br><br><br>'
        '<br>{{ prepared_by }}</p>'
    ),
    "cases.plenary_minutes": (
        "Berita Acara Rapat Pleno",
        '<h1>BERITA ACARA RAPAT PLENO</h1>\n' + NUMBER +
        '<p class="center">{{ office.name }}</p>\n'
        '<p>Pada tanggal ' + fact("held_on") + ', {{ office.name }} telah melaksanakan rapat '
        'pleno untuk memutuskan ' + KIND_WORD + ' nomor {{ case.number }} tentang '
        '{{ case.title }}.</p>\n'
        '<h2>Anggota yang hadir</h2>\n<ol>{% for c in facts.commissioners %}<li>{{ c.name }}'
        '</li>{% empty %}<li>' + GAP + '</li>{% endfor %}</ol>\n'
        '<h2>Pihak terlapor</h2>\n' + PERSON_TABLE + '\n'
        '<h2>Bentuk pelanggaran yang dikaji</h2>\n' + CASE_VIOLATIONS + '\n'
        '<h2>Keputusan</h2>\n<p>' + DECISION + '.</p>\n'
        '{% if facts.notes %}<p>Pertimbangan: {{ facts.notes|linebreaksbr }}</p>{% endif %}\n'
        '<p>Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya.</p>\n'
        '<table class="signatures"><tr>{% for c in facts.commissioners %}<td>'
        '{% if forloop.first %}Ketua{% else %}Anggota{% endif %},<br><br><br><br>{{ c.name }}'
        '</td>{% empty %}<td>' + GAP + '</td>{% endfor %}</tr></table>'
    ),
    "cases.status_announcement": (
        "Pengumuman Status Penanganan",
        '<h1>PENGUMUMAN</h1>\n'
        '<p class="center"><strong>STATUS PENANGANAN '
        '{% if case.kind_code == "report" %}LAPORAN{% else %}TEMUAN{% endif %}</strong><br>'
        'Nomor: {{ document.number|default:"-" }}</p>\n'
        '<p>{{ office.name }} mengumumkan status penanganan dugaan pelanggaran berikut:</p>\n'
        '<table>\n'
        '<tr><th>Nomor ' + KIND_WORD + '</th><td>{{ case.number }}</td></tr>\n'
        '<tr><th>Pemilihan</th><td>{{ election.name }}</td></tr>\n'
        '<tr><th>Peristiwa</th><td>{{ case.title }}</td></tr>\n'
        '<tr><th>Terlapor (jabatan)</th><td>' + REPORTED + '</td></tr>\n'
        '<tr><th>Tempat kejadian</th><td>{{ case.place|default:"-" }}</td></tr>\n'
        '<tr><th>Tanggal diterima</th><td>{{ case.received_date }}</td></tr>\n'
        '<tr><th>Jenis pelanggaran</th><td>{% for v in violations %}{{ v.name }}'
        '{% if not forloop.last %}; {% endif %}{% empty %}-{% endfor %}</td></tr>\n'
        '<tr><th>Status</th><td>' + fact("status_text", "|linebreaksbr") + '</td></tr>\n'
        '{% if recommendations %}<tr><th>Diteruskan kepada</th><td>{% for r in recommendations %}'
        '{{ r.recipient }} ({{ r.sent_on }}){% if not forloop.last %}; {% endif %}{% endfor %}'
        '</td></tr>{% endif %}\n'
        '</table>\n'
        '<p>Identitas pelapor dirahasiakan. Pengumuman ini ditempatkan pada papan pengumuman dan '
        'laman {{ office.name }}.</p>\n'
        '<p class="signature">{{ office.region }}, {{ today }}<br>{{ office.name }},<br><br><br>'
        '<br>Ketua</p>'
    ),
}


def seed(apps, schema_editor):
    DocumentTemplate = apps.get_model("documents", "DocumentTemplate")
    for key, (title, body) in TEMPLATES.items():
        DocumentTemplate.objects.get_or_create(
            key=key, language="id", valid_from=VALID_FROM,
            defaults={"title": title, "body": body, "is_active": True},
        )


def unseed(apps, schema_editor):
    DocumentTemplate = apps.get_model("documents", "DocumentTemplate")
    DocumentTemplate.objects.filter(key__in=KEYS, language="id", valid_from=VALID_FROM).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0010_recommendation_letter"),
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
