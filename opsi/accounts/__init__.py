"""Signing in for moderators and staff: password, then a second factor (TOTP or a
recovery code), with django-axes throttling every attempt. No staff status is needed:
a member of the Moderators group signs in here and reaches the moderation pages."""
