"""Documents to print (issue 19): what each document says, as data read for the person asking
(the permission `document.print` is checked there), and the audit of who printed what. The
layout, the words and the numbers of the page are the printing layer's (atelier_tui/printing).

- sheet: the intervention sheet (fiche de suivi) with who signed what, and when.
- picklist: the lots reserved for an order by `order prepare`, in walking order.
- calibration_record: one maintenance record with its test points as found and as left.
- maintenance_lists: the due list and the out-of-tolerance impact review.
- printed: the audit event of a printed document.
"""
