"""Sign-in: single sign-on bound to the HR roster, local accounts and their MFA.

The City's identity provider -> allauth -> lms.accounts matches the roster
(active employees only) -> session. No account is ever created by signing in.
"""
