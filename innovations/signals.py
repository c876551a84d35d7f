from django.dispatch import Signal

# Sent after a case has been written from a data record (the demo loader, importers),
# with `innovation` and `data`; other apps store the parts of the record they own
# (the co-production profile, for one) without this app importing them.
case_imported = Signal()
