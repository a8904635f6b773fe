"""Default templates of the questionnaire results summary (Indonesian and English).

Administrators edit or supersede these rows in the document templates admin; never edit this
migration to change a template in production."""

from datetime import date

from django.db import migrations

KEY = "questionnaires.summary"
VALID_FROM = date(2024, 1, 1)

ROWS = (
    '{% for q in questions %}<tr><td>{{ forloop.counter }}</td><td>{{ q.text }}</td>'
    '<td>{{ q.before }}<br><small>{{ q.before_ci }}</small></td>'
    '<td>{{ q.after }}<br><small>{{ q.after_ci }}</small></td>'
    '<td>{{ q.pairs }}</td><td>{{ q.test }}<br>p {{ q.p }}</td><td>{{ q.effect }}</td></tr>'
    '{% endfor %}'
)
PLAIN = '<ol>{% for q in questions %}<li>{{ q.plain }}</li>{% endfor %}</ol>'
CHART = '{% if chart_png %}<p><img src="{{ chart_png }}" alt="" style="width:100%"></p>{% endif %}'

TEMPLATES = {
    "id": (
        "Ringkasan Hasil Kuesioner Pra dan Pasca Sosialisasi",
        '<h1>RINGKASAN HASIL KUESIONER</h1>\n'
        '<p class="center">{{ questionnaire.title }}</p>\n'
        '<table>\n<tr><th>Kantor</th><td>{{ questionnaire.office }}</td></tr>\n'
        '<tr><th>Kegiatan</th><td>{{ activity }}</td></tr>\n'
        '<tr><th>Sebelum</th><td>{{ pre.title }} ({{ pre.responses }} jawaban)</td></tr>\n'
        '<tr><th>Sesudah</th><td>{{ post.title }} ({{ post.responses }} jawaban)</td></tr>\n'
        '<tr><th>Responden berpasangan</th><td>{{ paired }}</td></tr>\n</table>\n'
        + CHART +
        '\n<h2>Hasil per pertanyaan</h2>\n<table>\n<tr><th>No.</th><th>Pertanyaan</th>'
        '<th>Sebelum (IK 95%)</th><th>Sesudah (IK 95%)</th><th>Pasangan</th><th>Uji</th>'
        '<th>Besar efek</th></tr>\n' + ROWS + '\n</table>\n'
        '<h2>Penjelasan</h2>\n' + PLAIN + '\n'
        '<p><small>Persentase: bagian yang menjawab “ya” atau setuju (skala Likert). IK 95%: '
        'interval kepercayaan Wilson. Dibuat {{ today }}.</small></p>'
    ),
    "en": (
        "Summary of Pre- and Post-Socialization Questionnaire Results",
        '<h1>QUESTIONNAIRE RESULTS SUMMARY</h1>\n'
        '<p class="center">{{ questionnaire.title }}</p>\n'
        '<table>\n<tr><th>Office</th><td>{{ questionnaire.office }}</td></tr>\n'
        '<tr><th>Activity</th><td>{{ activity }}</td></tr>\n'
        '<tr><th>Before</th><td>{{ pre.title }} ({{ pre.responses }} responses)</td></tr>\n'
        '<tr><th>After</th><td>{{ post.title }} ({{ post.responses }} responses)</td></tr>\n'
        '<tr><th>Paired respondents</th><td>{{ paired }}</td></tr>\n</table>\n'
        + CHART +
        '\n<h2>Results per question</h2>\n<table>\n<tr><th>No.</th><th>Question</th>'
        '<th>Before (95% CI)</th><th>After (95% CI)</th><th>Pairs</th><th>Test</th>'
        '<th>Effect size</th></tr>\n' + ROWS + '\n</table>\n'
        '<h2>What it means</h2>\n' + PLAIN + '\n'
        '<p><small>Percentages: share answering “yes” or agreeing (Likert scale). 95% CI: '
        'Wilson confidence interval. Generated {{ today }}.</small></p>'
    ),
}


def seed(apps, schema_editor):
    template = apps.get_model("documents", "DocumentTemplate")
    for language, (title, body) in TEMPLATES.items():
        template.objects.get_or_create(
            key=KEY, language=language, valid_from=VALID_FROM,
            defaults={"title": title, "body": body, "is_active": True},
        )


def unseed(apps, schema_editor):
    apps.get_model("documents", "DocumentTemplate").objects.filter(
        key=KEY, valid_from=VALID_FROM).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("questionnaires", "0001_initial"),
        ("documents", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
