"""The read-only JSON API under /api/v1/ (django-ninja), its OpenAPI schema and its docs.

Its own package because it describes both apps: a case with its co-production profile.
`innovations` still never imports `coproduction`; this package imports both.
"""
