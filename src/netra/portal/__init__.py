"""Public portal (pelaporan daring): the login-free report form, receipt codes, status tracking,
two-way messages with the handling office and the transparency page (issue #16, points 3-8)."""
