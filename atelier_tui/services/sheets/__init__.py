"""The intervention sheet (fiche de suivi) of an order.

- keeping: ticking steps, anomalies, measurements, tools used, closing the sheet.
- parts: the parts a job replaces, fitted or recorded as not replaced (closing waits for them).
- queries: reading a sheet for the screens, the commands and the export.
- markdown: the sheet as a Markdown document.
- alerts: the alerts raised on sheets as the lead receives them, and acknowledging them.
"""
