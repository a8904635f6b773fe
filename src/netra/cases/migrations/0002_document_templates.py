"""Document templates (templat dokumen) and the default Indonesian text for each generated kind.

The bodies are Django template text over the plain data built by ``cases.documents``; dates
arrive already formatted (``25 November 2024``), slugs such as ``case.kind_code`` and
``decision.outcome`` let a template choose its own wording. Administrators edit or supersede
these rows (a new row with a later ``valid_from``); never edit this migration to change a
template in production. Dotted lines are left for staff to fill in the DOCX before signing.
"""

from datetime import date

from django.db import migrations, models

VALID_FROM = date(2017, 8, 16)  # UU 7/2017 in force

KIND_WORD = '{% if case.kind_code == "report" %}laporan{% else %}temuan{% endif %}'
REPORTED = (
    '{% for p in reported_persons %}{{ p.position }}, {{ p.agency }}'
    '{% if not forloop.last %}; {% endif %}{% empty %}-{% endfor %}'
)
OUTCOME = (
    '{% if decision.outcome == "violation" %}Terbukti merupakan pelanggaran'
    '{% elif decision.outcome == "no_violation" %}Bukan merupakan pelanggaran'
    '{% elif decision.outcome == "not_followed_up" %}Tidak ditindaklanjuti'
    '{% elif decision.outcome == "not_registered" %}Tidak diregistrasi'
    '{% elif case.registered_on %}Telah diregistrasi dan sedang ditangani'
    '{% else %}Sedang dalam pemeriksaan kelengkapan{% endif %}'
)
SIGN = (
    '<p class="signature">{{ office.region }}, {{ today }}<br>{role}<br><br><br><br>'
    '{name}</p>'
)
VIOLATIONS = (
    '<ol>{% for v in violations %}<li><strong>{{ v.name }}</strong>'
    '{% if v.legal_basis %}<br>Dasar hukum: {{ v.legal_basis }}{% endif %}'
    '{% if v.sanction %}<br>Ancaman sanksi: {{ v.sanction }}{% endif %}</li>'
    '{% empty %}<li>Bentuk pelanggaran belum ditetapkan.</li>{% endfor %}</ol>'
)
PERSON_TABLE = (
    '<table><tr><th>No.</th><th>Nama</th><th>NIP</th><th>Jabatan</th><th>Instansi</th></tr>'
    '{% for p in reported_persons %}<tr><td>{{ forloop.counter }}</td>'
    '<td>{{ p.name|default:"-" }}</td><td>{{ p.nip|default:"-" }}</td>'
    '<td>{{ p.position }}</td><td>{{ p.agency }}</td></tr>{% endfor %}</table>'
)

TEMPLATES = {
    "receipt": (
        "Tanda Bukti Penerimaan Laporan",
        '<h1>TANDA BUKTI PENERIMAAN LAPORAN</h1>\n'
        '<p class="center">Nomor: {{ case.intake_number }}</p>\n'
        '<p>Pada hari ini, {{ today_long }}, {{ office.name }} telah menerima laporan dugaan '
        'pelanggaran dengan keterangan sebagai berikut:</p>\n'
        '<table>\n'
        '<tr><th>Nama pelapor</th><td>{% for r in reporters %}{{ r.name }}'
        '{% if not forloop.last %}, {% endif %}{% empty %}..............................'
        '{% endfor %}</td></tr>\n'
        '<tr><th>Alamat pelapor</th><td>{% for r in reporters %}{{ r.address|default:"-" }}'
        '{% if not forloop.last %}; {% endif %}{% empty %}..............................'
        '{% endfor %}</td></tr>\n'
        '<tr><th>Terlapor</th><td>' + REPORTED + '</td></tr>\n'
        '<tr><th>Peristiwa yang dilaporkan</th><td>{{ case.title }}</td></tr>\n'
        '<tr><th>Tanggal kejadian</th><td>{{ case.incident_date|default:"-" }}</td></tr>\n'
        '<tr><th>Tempat kejadian</th><td>{{ case.place|default:"-" }}</td></tr>\n'
        '<tr><th>Tanggal diketahui</th><td>{{ case.known_date }}</td></tr>\n'
        '<tr><th>Tanggal diterima</th><td>{{ case.received_date }}</td></tr>\n'
        '</table>\n'
        '<p>Laporan ini akan diperiksa kelengkapan syarat formal dan syarat materielnya. Apabila '
        'belum lengkap, pelapor akan diberi tahu dan dapat melengkapinya dalam batas waktu yang '
        'ditentukan peraturan perundang-undangan.</p>\n'
        + SIGN.replace("{role}", "Penerima laporan,").replace("{name}", "{{ prepared_by }}")
    ),
    "clarification_invitation": (
        "Undangan Klarifikasi",
        '<p>Nomor: ..............................<br>Lampiran: -<br>'
        'Perihal: <strong>Undangan Klarifikasi</strong></p>\n'
        '<p>Yth. ..............................<br>di tempat</p>\n'
        '<p>Dalam rangka penanganan ' + KIND_WORD + ' nomor {{ case.number }} tentang '
        '{{ case.title }}, {{ office.name }} mengundang Saudara untuk hadir memberikan '
        'keterangan (klarifikasi) pada:</p>\n'
        '<table>\n'
        '<tr><th>Hari/tanggal</th><td>..............................</td></tr>\n'
        '<tr><th>Waktu</th><td>..............................</td></tr>\n'
        '<tr><th>Tempat</th><td>{{ office.address|default:"..............................'
        '" }}</td></tr>\n'
        '<tr><th>Agenda</th><td>Klarifikasi atas dugaan pelanggaran</td></tr>\n'
        '</table>\n'
        '<p>Saudara diminta membawa kartu identitas serta dokumen atau bukti lain yang berkaitan. '
        'Atas perhatian dan kehadiran Saudara diucapkan terima kasih.</p>\n'
        + SIGN.replace("{role}", "{{ office.name }},").replace("{name}", "{{ prepared_by }}")
    ),
    "clarification_minutes": (
        "Berita Acara Klarifikasi",
        '<h1>BERITA ACARA KLARIFIKASI</h1>\n'
        '<p class="center">Nomor ' + KIND_WORD + ': {{ case.number }}</p>\n'
        '<p>Pada hari ini, {{ today_long }}, bertempat di {{ office.name }}, telah dilakukan '
        'klarifikasi terhadap:</p>\n'
        '<table>\n'
        '<tr><th>Nama</th><td>..............................</td></tr>\n'
        '<tr><th>Tempat/tanggal lahir</th><td>..............................</td></tr>\n'
        '<tr><th>Pekerjaan/jabatan</th><td>..............................</td></tr>\n'
        '<tr><th>Alamat</th><td>..............................</td></tr>\n'
        '<tr><th>Kedudukan</th><td>Pelapor / Terlapor / Saksi / Ahli</td></tr>\n'
        '</table>\n'
        '<h2>Pokok perkara</h2>\n<p>{{ case.title }}</p>\n'
        '<p>{{ case.description|linebreaksbr }}</p>\n'
        '<h2>Pihak terlapor</h2>\n' + PERSON_TABLE + '\n'
        '<h2>Keterangan yang diberikan</h2>\n'
        '<ol><li>Pertanyaan: ..............................<br>'
        'Jawaban: ..............................</li></ol>\n'
        '{% if witnesses %}<h2>Saksi</h2>\n<ul>{% for w in witnesses %}<li>{{ w.name }}'
        '{% if w.statement %}: {{ w.statement }}{% endif %}</li>{% endfor %}</ul>{% endif %}\n'
        '<p>Demikian berita acara klarifikasi ini dibuat dengan sebenarnya, dibacakan kembali '
        'kepada yang memberi keterangan, lalu ditandatangani.</p>\n'
        '<table class="signatures"><tr><td>Yang memberi keterangan,<br><br><br><br>'
        '(..............................)</td><td>Yang melakukan klarifikasi,<br><br><br><br>'
        '{{ prepared_by }}</td></tr></table>'
    ),
    "legal_study": (
        "Kajian Dugaan Pelanggaran",
        '<h1>KAJIAN DUGAAN PELANGGARAN</h1>\n'
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
        '<h2>III. Fakta dan keterangan</h2>\n'
        '<p>Keterangan pelapor, terlapor dan saksi ({{ witness_count }} saksi tercatat), '
        'serta bukti dokumen dan bukti digital: ..............................</p>\n'
        '<h2>IV. Analisis</h2>\n<p>Bentuk pelanggaran dan dasar hukum yang dikaji:</p>\n'
        + VIOLATIONS + '\n'
        '<p>..............................</p>\n'
        '<h2>V. Kesimpulan</h2>\n<p>..............................</p>\n'
        '<h2>VI. Rekomendasi</h2>\n<p>..............................</p>\n'
        + SIGN.replace("{role}", "Penyusun kajian,").replace("{name}", "{{ prepared_by }}")
    ),
    "status_announcement": (
        "Pengumuman Status Penanganan",
        '<h1>PENGUMUMAN</h1>\n'
        '<p class="center"><strong>STATUS PENANGANAN '
        '{% if case.kind_code == "report" %}LAPORAN{% else %}TEMUAN{% endif %}</strong><br>'
        'Nomor: {{ case.number }}</p>\n'
        '<p>{{ office.name }} mengumumkan status penanganan dugaan pelanggaran berikut:</p>\n'
        '<table>\n'
        '<tr><th>Nomor</th><td>{{ case.number }}</td></tr>\n'
        '<tr><th>Pemilihan</th><td>{{ election.name }}</td></tr>\n'
        '<tr><th>Peristiwa</th><td>{{ case.title }}</td></tr>\n'
        '<tr><th>Terlapor (jabatan)</th><td>' + REPORTED + '</td></tr>\n'
        '<tr><th>Tempat kejadian</th><td>{{ case.place|default:"-" }}</td></tr>\n'
        '<tr><th>Tanggal diterima</th><td>{{ case.received_date }}</td></tr>\n'
        '<tr><th>Jenis pelanggaran</th><td>{% for v in violations %}{{ v.name }}'
        '{% if v.legal_basis %} ({{ v.legal_basis }}){% endif %}{% if not forloop.last %}; '
        '{% endif %}{% empty %}-{% endfor %}</td></tr>\n'
        '<tr><th>Status</th><td>' + OUTCOME + '{% if decision.decided_on %}, diputuskan '
        '{{ decision.decided_on }}{% endif %}</td></tr>\n'
        '{% if recommendations %}<tr><th>Diteruskan kepada</th><td>{% for r in recommendations %}'
        '{{ r.recipient }} ({{ r.sent_on }}){% if not forloop.last %}; {% endif %}{% endfor %}'
        '</td></tr>{% endif %}\n'
        '</table>\n'
        '<p>Identitas pelapor dirahasiakan. Pengumuman ini ditempatkan pada papan pengumuman dan '
        'laman {{ office.name }}.</p>\n'
        + SIGN.replace("{role}", "{{ office.name }},").replace("{name}", "Ketua")
    ),
    "recommendation_letter": (
        "Surat Rekomendasi",
        '<p>Nomor: {{ recommendation.letter_number|default:"..............................'
        '" }}<br>Sifat: Segera<br>Lampiran: 1 (satu) berkas<br>'
        'Hal: <strong>Rekomendasi atas dugaan pelanggaran</strong></p>\n'
        '<p>Yth. {% for r in recommendations %}{{ r.recipient }}{% if not forloop.last %}<br>'
        '{% endif %}{% empty %}..............................{% endfor %}<br>di tempat</p>\n'
        '<p>Berdasarkan hasil kajian dan keputusan rapat pleno {{ office.name }}'
        '{% if decision.decided_on %} tanggal {{ decision.decided_on }}{% endif %} atas '
        + KIND_WORD + ' nomor {{ case.number }} tentang {{ case.title }}, dengan ini '
        'disampaikan bahwa perbuatan pihak berikut merupakan pelanggaran:</p>\n'
        + PERSON_TABLE + '\n'
        '<p>Bentuk pelanggaran dan dasar hukum:</p>\n' + VIOLATIONS + '\n'
        '{% if recommendation.content %}<p>{{ recommendation.content|linebreaksbr }}</p>'
        '{% endif %}\n'
        '<p>Sehubungan dengan hal tersebut, kami merekomendasikan agar Saudara menindaklanjuti '
        'sesuai dengan ketentuan peraturan perundang-undangan dan menyampaikan hasil tindak '
        'lanjutnya kepada {{ office.name }}{% if recommendation.due_on %} paling lambat '
        '{{ recommendation.due_on }}{% endif %}.</p>\n'
        '<p>Demikian disampaikan. Atas perhatian dan kerja sama Saudara diucapkan terima '
        'kasih.</p>\n'
        + SIGN.replace("{role}", "Ketua {{ office.name }},").replace(
            "{name}", "..............................")
    ),
    "plenary_minutes": (
        "Berita Acara Rapat Pleno",
        '<h1>BERITA ACARA RAPAT PLENO</h1>\n'
        '<p class="center">{{ office.name }}</p>\n'
        '<p>Pada hari ini, {{ today_long }}, {{ office.name }} telah melaksanakan rapat pleno '
        'untuk memutuskan ' + KIND_WORD + ' nomor {{ case.number }} tentang '
        '{{ case.title }}.</p>\n'
        '<h2>Pihak terlapor</h2>\n' + PERSON_TABLE + '\n'
        '<h2>Bentuk pelanggaran yang dikaji</h2>\n' + VIOLATIONS + '\n'
        '<h2>Keputusan</h2>\n<p>' + OUTCOME + '.</p>\n'
        '{% if decision.note %}<p>Alasan: {{ decision.note|linebreaksbr }}</p>{% endif %}\n'
        '<p>Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya.</p>\n'
        '<table class="signatures"><tr><td>Ketua,<br><br><br><br>'
        '(..............................)</td><td>Anggota,<br><br><br><br>'
        '(..............................)</td><td>Anggota,<br><br><br><br>'
        '(..............................)</td></tr></table>'
    ),
}


def seed_templates(apps, schema_editor):
    DocumentTemplate = apps.get_model("cases", "DocumentTemplate")
    for kind, (title, body) in TEMPLATES.items():
        DocumentTemplate.objects.get_or_create(
            kind=kind, language="id", valid_from=VALID_FROM,
            defaults={"title": title, "body": body, "is_active": True},
        )


def unseed_templates(apps, schema_editor):
    DocumentTemplate = apps.get_model("cases", "DocumentTemplate")
    DocumentTemplate.objects.filter(valid_from=VALID_FROM, language="id",
                                    kind__in=list(TEMPLATES)).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='DocumentTemplate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('kind', models.CharField(choices=[('receipt', 'Receipt of report'), ('clarification_invitation', 'Invitation to clarification'), ('clarification_minutes', 'Clarification minutes'), ('legal_study', 'Legal study'), ('status_announcement', 'Status announcement'), ('recommendation_letter', 'Recommendation letter'), ('plenary_minutes', 'Plenary minutes'), ('other', 'Other')], max_length=32, verbose_name='document kind')),
                ('language', models.CharField(choices=[('id', 'Indonesian'), ('en', 'English')], default='id', max_length=8, verbose_name='language')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('body', models.TextField(help_text='Django template text (HTML). Headings, paragraphs, lists and simple tables carry over to the DOCX version.', verbose_name='body')),
                ('valid_from', models.DateField(verbose_name='valid from')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
            ],
            options={
                'verbose_name': 'document template',
                'verbose_name_plural': 'document templates',
                'ordering': ['kind', 'language', '-valid_from'],
                'indexes': [models.Index(fields=['kind', 'language', 'is_active'], name='cases_doctemplate_pick')],
            },
        ),
        migrations.RunPython(seed_templates, unseed_templates),
    ]
