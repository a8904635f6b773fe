"""Prevention and participatory supervision (pencegahan dan pengawasan partisipatif): activities,
appeal letters, banners, declarations, KPP cadres and budget realization (issue #18)."""
