"""Why an instrument whose calibration or verification failed is in service, in words: the lead's
override (services.tools.overrides reads it as a MetrologyOverride), in the reader's language."""

from __future__ import annotations

from atelier_tui.domain.inventory import MetrologyOverride
from atelier_tui.i18n import _, localized


def override_sentence(override: MetrologyOverride) -> str:
    """Why an instrument whose calibration failed is in service, in the reader's language: the
    tool keeps only the reason the lead typed; who overrode which failure is read back (overrides_of)."""
    return _("in service by {login}'s override, {plan} failed on {date}: {reason}").format(
        login=override.by, plan=localized(override.plan_name_en, override.plan_name_fr), date=override.failed_on.isoformat(),
        reason=override.reason)
