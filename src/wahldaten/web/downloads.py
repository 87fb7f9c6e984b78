"""What the report page offers to download, carried in the page itself (nothing stays on the
server): the findings as CSV, and any document as a `data:` URL. Both are the HTML report's
own (`report.html_csv`), so the page and `--format html` offer the same CSV."""

from __future__ import annotations

from wahldaten.report.html_csv import CSV_COLUMNS, data_url, findings_csv

__all__ = ["CSV_COLUMNS", "data_url", "findings_csv"]
