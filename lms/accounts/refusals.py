"""What a refused person reads: why they cannot sign in and what to do."""

from django.utils.translation import gettext_lazy as _

from .models import SignInOutcome

ASK_HR = _(
    "Ask your department's HR representative to check your entry in the City's "
    "HR roster. Training accounts come only from the roster."
)
ASK_IT = _(
    "Ask the IT help desk to check how %(provider)s is connected to the training "
    "site; nothing is wrong with your roster entry."
)

REFUSALS = {
    SignInOutcome.UNKNOWN_PERSON: (
        _("We could not find you on the HR roster"),
        _(
            "You signed in to %(provider)s, but no employee of the City's HR roster "
            "matches that account, so there is no training account for you."
        ),
        ASK_HR,
    ),
    SignInOutcome.DEACTIVATED: (
        _("Your training account is not active"),
        _(
            "The City's HR roster lists you as no longer active, so you cannot sign "
            "in to training."
        ),
        _(
            "If you still work for the City, ask your department's HR "
            "representative to correct your roster entry."
        ),
    ),
    SignInOutcome.EMAIL_UNVERIFIED: (
        _("Your email address is not verified"),
        _(
            "%(provider)s did not confirm that the email address of your account is "
            "verified, so it cannot be matched to the HR roster."
        ),
        _(
            "Verify the address with %(provider)s (or ask the IT help desk), then "
            "sign in again."
        ),
    ),
    SignInOutcome.WRONG_DOMAIN: (
        _("That is not a City email address"),
        _(
            "The account you signed in with at %(provider)s does not have an email "
            "address of the City's domains, so it cannot be matched to the HR "
            "roster."
        ),
        _(
            "Sign out of %(provider)s and sign in again with your City work "
            "account. If that is the account you used, ask your department's HR "
            "representative to check your work email in the roster."
        ),
    ),
    SignInOutcome.AMBIGUOUS_EMAIL: (
        _("More than one employee has this email address"),
        _(
            "Your work email appears on more than one employee of the HR roster, "
            "so the training site cannot tell which one you are."
        ),
        ASK_HR,
    ),
    SignInOutcome.CLAIM_MISSING: (
        _("Your identity provider did not say who you are"),
        _(
            "%(provider)s signed you in but did not send the employee number or "
            "email address the training site matches against the HR roster."
        ),
        ASK_IT,
    ),
    SignInOutcome.BOUND_ELSEWHERE: (
        _("Your employee record is linked to another account"),
        _(
            "Your employee record was first used with a different %(provider)s "
            "account, and stays linked to that one."
        ),
        _(
            "Sign in with the account you used before, or ask the IT help desk to "
            "move the link."
        ),
    ),
}


def refusal(outcome, provider_name):
    title, why, what_to_do = REFUSALS[outcome]
    values = {"provider": provider_name}
    return {"title": title, "why": why % values, "what_to_do": what_to_do % values}
