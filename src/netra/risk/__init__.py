"""Vulnerability index (indeks kerawanan), maps, programme evaluation and the comprehensive
supervision report (Laporan Komprehensif) (issue #20)."""
