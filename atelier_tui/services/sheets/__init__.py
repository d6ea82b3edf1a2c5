"""The intervention sheet (fiche de suivi) of an order.

- keeping: ticking steps, anomalies, measurements, tools used, closing the sheet.
- parts: the parts a job replaces, fitted or recorded as not replaced (closing waits for them).
- queries: reading a sheet for the screens, the commands and the export.
- markdown: the sheet as a Markdown document.
- alert_queries: the alerts raised on sheets not yet acknowledged, as the lead's dashboard and
  `atelier sheet alerts` read them (Core tables: no ORM on the first page).
- alerts: acknowledging an alert.
"""
