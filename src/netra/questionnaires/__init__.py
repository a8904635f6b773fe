"""Questionnaires (kuesioner pre/post sosialisasi): builder, public response form, imports, paired
statistics and charts (issue #19)."""
