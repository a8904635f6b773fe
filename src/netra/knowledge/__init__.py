"""Regulation knowledge base (basis hukum netralitas ASN): the rules catalogue as versioned
data, the "Boleh atau tidak?" checker, education pages and FAQ (issue #16, points 1-2)."""
