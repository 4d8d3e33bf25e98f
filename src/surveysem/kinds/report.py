"""Settings of the study's report (``summary.md``, ``report.docx``, ``report.html``), which every kind writes."""
from __future__ import annotations

from .base import Setting

DOCX_TEMPLATE = Setting("docx_template", ("string", "null"),
                        "your campus's Word template (.docx): report.docx takes its fonts, margins and styles",
                        default=None, file=True)

SETTINGS = (DOCX_TEMPLATE,)

#: the settings every study kind takes, for its report (``surveysem report docx``)
REPORT_SETTINGS = ("docx_template",)
