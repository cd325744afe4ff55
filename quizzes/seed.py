"""The scenario bank: three quizzes, one per course, loaded by ``bootstrap_demo``.

Written in the project's own words from /work/shared/policy/. Every choice
cites the passage that carries its rule:

- Executive Directive 20 (ED20) numbers none of its sections, so citations name
  the heading the order sits under ("Keeping immigrant Angelenos safe", ...) or
  the preamble paragraph that describes a Police Department policy (Special
  Order 40, the ICE detainer policy, the policy against 287(g) partnership).
- The City Council resolution is a draft; it is cited as "City Council
  resolution (draft), Section 2A(4)" and so on, never blended with ED20.
  Its Section 2 concerns the use of Los Angeles Police Department resources.

Idempotent: quizzes are found by slug, questions, steps and choices by UUIDs
derived from their keys, and only what is missing is created (live), so a
second run changes nothing. Content that exists is left alone: once loaded it
changes only through the "Policy review" workflow (lms.review), never by a
re-run of the seed overwriting an approved edit.
"""

import uuid

from django.db import transaction

from lms.review import attach_policy_review

from . import grading
from .models import Choice, FeedbackMode, Question, QuestionKind, Quiz, Step

NAMESPACE = uuid.UUID("6a0f7d1e-31c4-4b8e-9d55-2f0c7e1a9b42")

# --- Citations ----------------------------------------------------------------
ED20 = "Executive Directive 20"
ED20_SO40 = f"{ED20}, preamble: Special Order 40"
ED20_DETAINER = f"{ED20}, preamble: ICE detainer policy"
ED20_287G = f"{ED20}, preamble: policy against partnering with ICE (287(g))"
ED20_TRUST = f"{ED20}, preamble: victims and witnesses coming forward"
ED20_FACILITIES = f"{ED20}, preamble: City facilities and resources"
ED20_SAFE = f"{ED20}, “Keeping immigrant Angelenos safe”"
ED20_SAFE_ASSIST = f"{ED20_SAFE}: no assistance with civil immigration enforcement"
ED20_SAFE_ACCESS = f"{ED20_SAFE}: access to City facilities"
ED20_SAFE_REPORT = f"{ED20_SAFE}: reporting enforcement efforts"
ED20_SAFE_CHIEFS = f"{ED20_SAFE}: Police, Fire, Airport and Port Police policies"
ED20_ACCESS = f"{ED20}, “Providing equal access to City services”"
ED20_DATA_COLLECT = (
    f"{ED20}, “Protecting the security of immigrant Angelenos' data”: collection"
)
ED20_DATA_PII = (
    f"{ED20}, “Protecting the security of immigrant Angelenos' data”: PII as "
    "Confidential Information"
)
ED20_LIAISON = f"{ED20}, “Coordinating City actions for immigrants”"
RES = "City Council resolution (draft)"
RES_1 = f"{RES}, Section 1"
RES_2A1 = f"{RES}, Section 2A(1)"
RES_2A2 = f"{RES}, Section 2A(2)"
RES_2A3 = f"{RES}, Section 2A(3)"
RES_2A4 = f"{RES}, Section 2A(4)"
RES_2B = f"{RES}, Section 2B"
RES_2C = f"{RES}, Section 2C (8 U.S.C. 1373 and 1644)"


def c(text, points, feedback, citation, *, right=False, to=""):
    return {
        "text": text,
        "points": points,
        "feedback": feedback,
        "citation": citation,
        "is_correct": right,
        "next_step_key": to,
    }


def scenario(key, prompt, *, role, situation, steps):
    return {
        "key": key,
        "kind": QuestionKind.SCENARIO,
        "prompt": prompt,
        "role": role,
        "situation": situation,
        "steps": steps,
    }


def single(key, prompt, choices):
    return {
        "key": key,
        "kind": QuestionKind.SINGLE,
        "prompt": prompt,
        "choices": choices,
    }


def multiple(key, prompt, choices):
    return {
        "key": key,
        "kind": QuestionKind.MULTIPLE,
        "prompt": prompt,
        "choices": choices,
    }


# --- Executive Directive 20: standing with immigrants -------------------------
ED20_QUESTIONS = [
    scenario(
        "staff-door-no-warrant",
        "An agent at the staff door",
        role="You staff the front counter of a branch library.",
        situation=(
            "A man shows a federal immigration badge and asks you to let him into "
            "the staff-only workroom behind the counter, where he believes a "
            "person he is looking for is hiding. He has no warrant signed by a "
            "judge."
        ),
        steps=[
            (
                "start",
                "He says it will only take a minute. What do you do?",
                [
                    c(
                        "Politely decline to open the staff area, since nothing "
                        "makes his access legally required, and ask your "
                        "supervisor to come to the counter.",
                        2,
                        "Right. No City employee may let a federal immigration "
                        "agent into a part of a City facility that is not open to "
                        "the public unless that access is legally required. A badge "
                        "and a request are not a legal requirement.",
                        ED20_SAFE_ACCESS,
                        right=True,
                        to="after",
                    ),
                    c(
                        "Open the workroom: he is a federal officer, so you must "
                        "cooperate.",
                        0,
                        "Not right. Being a federal officer does not make access "
                        "legally required. The directive forbids granting access "
                        "to non-public areas without that legal requirement.",
                        ED20_SAFE_ACCESS,
                    ),
                    c(
                        "Let him look around the workroom yourself, as long as he "
                        "stays with you.",
                        0,
                        "Not right. Escorting him is still granting access to a "
                        "non-public area and assisting an action whose primary "
                        "purpose is civil immigration enforcement.",
                        ED20_SAFE_ASSIST,
                    ),
                ],
            ),
            (
                "after",
                "The agent leaves the branch. What should happen next?",
                [
                    c(
                        "Tell your supervisor exactly what happened, so your "
                        "department head can report it as the directive requires.",
                        2,
                        "Right. General Managers and department heads must report "
                        "efforts by immigration enforcement officials to use City "
                        "facilities to the Mayor's Chief of Immigrant Affairs and "
                        "the Chief of Police. They can only do so if staff tell "
                        "them.",
                        ED20_SAFE_REPORT,
                        right=True,
                    ),
                    c(
                        "Nothing formal: he left without getting in, so write a note "
                        "in the branch log in case he comes back, and leave it at "
                        "that.",
                        0,
                        "Not right. An attempt to use a City facility for "
                        "immigration enforcement is exactly what department heads "
                        "must report, even when it failed.",
                        ED20_SAFE_REPORT,
                    ),
                ],
            ),
        ],
    ),
    scenario(
        "staff-door-judicial-warrant",
        "The same request, with a judicial warrant",
        role="You supervise a recreation center run by the City.",
        situation=(
            "Federal agents arrive at the recreation center and ask to enter the "
            "staff offices. This time they hand you a warrant signed by a federal "
            "judge that names the center's offices."
        ),
        steps=[
            (
                "start",
                "What do you do?",
                [
                    c(
                        "Read the document to confirm it is a warrant signed by a "
                        "judge covering these offices, then allow the access it "
                        "requires.",
                        2,
                        "Right. The directive forbids granting access to non-public "
                        "areas unless access is legally required. A valid judicial "
                        "warrant for the place is such a requirement, so you do not "
                        "stand in its way.",
                        ED20_SAFE_ACCESS,
                        right=True,
                        to="scope",
                    ),
                    c(
                        "Refuse entry: the City is a sanctuary city, so no agent "
                        "may ever enter.",
                        0,
                        "Not right. The directive's rule has an exception: access "
                        "that is legally required. It does not ask employees to "
                        "defy a valid judicial warrant.",
                        ED20_SAFE_ACCESS,
                    ),
                    c(
                        "Let them in right away: they say a judge signed it, and "
                        "stopping to read a legal document at the door would only "
                        "hold them up and look like obstruction.",
                        0,
                        "Not right. The exception is for access that is legally "
                        "required. You need to see that the paper is a warrant "
                        "signed by a judge that covers the place.",
                        ED20_SAFE_ACCESS,
                    ),
                ],
            ),
            (
                "scope",
                "An agent then asks you to pull the sign-in sheets of everyone who "
                "used the center this month, which the warrant does not mention.",
                [
                    c(
                        "Decline to gather anything the warrant does not require, "
                        "and tell your supervisor about the visit.",
                        2,
                        "Right. Beyond what the law requires, employees may not "
                        "assist an action whose primary purpose is civil "
                        "immigration enforcement, and the visit must reach your "
                        "department head, who reports it.",
                        ED20_SAFE_ASSIST,
                        right=True,
                    ),
                    c(
                        "Hand over the sign-in sheets: the agents are already here "
                        "under the warrant, and cooperating on small things keeps the "
                        "visit calm.",
                        0,
                        "Not right. Volunteering City records beyond the warrant "
                        "is assistance with civil immigration enforcement using "
                        "City resources, which the directive forbids.",
                        ED20_SAFE_ASSIST,
                    ),
                ],
            ),
        ],
    ),
    scenario(
        "city-property-enforcement",
        "Agents using City property",
        role="You are a maintenance worker at a City yard.",
        situation=(
            "Over several mornings you see immigration agents parking in the City "
            "yard and using its fenced lot to hold people they have detained."
        ),
        steps=[
            (
                "start",
                "Whom do you tell?",
                [
                    c(
                        "Your supervisor and your department's Immigrant Affairs "
                        "Liaison, so the General Manager can report it to the "
                        "Chief of Immigrant Affairs and the Chief of Police.",
                        2,
                        "Right. Department heads must report any effort by ICE, "
                        "Customs and Border Protection or Citizenship and "
                        "Immigration Services to enforce civil immigration law with "
                        "the use of City facilities. Each department has a liaison "
                        "who works with the Chief of Immigrant Affairs.",
                        ED20_SAFE_REPORT,
                        right=True,
                        to="asked-for-keys",
                    ),
                    c(
                        "No one: it is federal business and none of yours.",
                        0,
                        "Not right. The City will not assist or cooperate with "
                        "efforts to use public facilities for civil immigration "
                        "enforcement, and such efforts must be reported.",
                        ED20_FACILITIES,
                    ),
                    c(
                        "Post photos on social media to warn the neighbourhood.",
                        0,
                        "Not right. The directive sets a reporting route through "
                        "your department to the Chief of Immigrant Affairs and the "
                        "Chief of Police; that is how the City acts on it.",
                        ED20_SAFE_REPORT,
                    ),
                ],
            ),
            (
                "asked-for-keys",
                "Next morning an agent asks you for the key to the lot's gate.",
                [
                    c(
                        "Decline: lending City keys for immigration enforcement is "
                        "using City resources to assist it.",
                        2,
                        "Right. No employee may allow City resources to be used to "
                        "assist an action whose primary purpose is civil "
                        "immigration enforcement.",
                        ED20_SAFE_ASSIST,
                        right=True,
                    ),
                    c(
                        "Give the key but ask him to lock up when he leaves: the gate "
                        "stays City property, and refusing would only delay them.",
                        0,
                        "Not right. Handing over the key lets City property be used "
                        "for civil immigration enforcement, which the directive "
                        "forbids.",
                        ED20_SAFE_ASSIST,
                    ),
                ],
            ),
        ],
    ),
    scenario(
        "caller-asks-patron-status",
        "A caller asks about a patron",
        role="You answer the phone at a branch library.",
        situation=(
            "A caller says he is 'concerned' and asks whether a regular patron, "
            "whom he names, is undocumented, and what time she usually visits."
        ),
        steps=[
            (
                "start",
                "How do you answer?",
                [
                    c(
                        "Say the library does not ask about or keep anyone's "
                        "immigration status and does not give out information "
                        "about patrons.",
                        2,
                        "Right. Employees do not collect citizenship or immigration "
                        "status unless legally required, and information that can "
                        "trace a person's status is Confidential Information.",
                        ED20_DATA_COLLECT,
                        right=True,
                        to="insists",
                    ),
                    c(
                        "Tell him what you have noticed about her and when she "
                        "usually comes in.",
                        0,
                        "Not right. Guessing at someone's status and sharing her "
                        "habits exposes a resident and breaks the confidentiality "
                        "the directive requires.",
                        ED20_DATA_PII,
                    ),
                    c(
                        "Say you cannot share anything by phone, but offer to ask her "
                        "yourself next time she visits whether her immigration papers "
                        "are in order.",
                        0,
                        "Not right. No employee may collect information about a "
                        "person's citizenship or immigration status unless legally "
                        "required to.",
                        ED20_DATA_COLLECT,
                    ),
                ],
            ),
            (
                "insists",
                "The caller says he works for the federal government and insists.",
                [
                    c(
                        "Do not confirm anything; take his details and pass the "
                        "request to your supervisor.",
                        2,
                        "Right. A claim of federal employment does not change the "
                        "rules: no cooperation where the primary purpose is civil "
                        "immigration enforcement, and your department head must "
                        "hear of the attempt.",
                        ED20_SAFE_ASSIST,
                        right=True,
                    ),
                    c(
                        "Answer only the basic questions he asks, since he says he is "
                        "a federal employee and they are just about her library "
                        "visits.",
                        0,
                        "Not right. Employees may not assist or cooperate with a "
                        "federal agent in an action whose primary purpose is civil "
                        "immigration enforcement.",
                        ED20_SAFE_ASSIST,
                    ),
                ],
            ),
        ],
    ),
    scenario(
        "counter-proof-of-status",
        "Proof of status at the counter",
        role="You work at a City service counter that signs people up for a program.",
        situation=(
            "A resident asks quietly whether she has to show immigration papers to "
            "sign her children up for a City youth program. The sign-up rules do "
            "not ask for immigration status."
        ),
        steps=[
            (
                "start",
                "What do you tell her?",
                [
                    c(
                        "No: City programs are open without regard to immigration "
                        "status, so she only needs what the sign-up rules ask for.",
                        2,
                        "Right. Departments ensure equal access to facilities, "
                        "services and programs without regard to citizenship or "
                        "immigration status, as far as the law permits, and foster "
                        "a welcoming atmosphere.",
                        ED20_ACCESS,
                        right=True,
                        to="guide",
                    ),
                    c(
                        "Ask to see her immigration papers anyway, just to be safe, "
                        "and tell her she can still sign up if she does not have "
                        "them.",
                        0,
                        "Not right. Asking for papers the rules do not require both "
                        "collects status information without a legal requirement "
                        "and turns residents away.",
                        ED20_DATA_COLLECT,
                    ),
                ],
            ),
            (
                "guide",
                "She asks whether the City has other help for immigrant families.",
                [
                    c(
                        "Give her the Community Resource Guide for Immigrant "
                        "Angelenos, which City facilities keep in print.",
                        2,
                        "Right. Departments make printed copies of the Community "
                        "Resource Guide available at public facilities and link to "
                        "it from their websites.",
                        f"{ED20}, “Engaging and empowering immigrant Angelenos”",
                        right=True,
                    ),
                    c(
                        "Tell her City staff are not allowed to discuss immigration "
                        "matters at all, so she will need to find that kind of help "
                        "on her own.",
                        0,
                        "Not right. The directive asks departments to connect "
                        "immigrant residents with resources, starting with the "
                        "Community Resource Guide.",
                        f"{ED20}, “Engaging and empowering immigrant Angelenos”",
                    ),
                ],
            ),
        ],
    ),
    scenario(
        "city-vehicle-transport",
        "A request to borrow a City van",
        role="You manage a fleet of City vans for a department.",
        situation=(
            "A federal immigration officer asks to borrow two City vans for a day "
            "to move people detained in an operation."
        ),
        steps=[
            (
                "start",
                "What do you do?",
                [
                    c(
                        "Decline, and tell your General Manager about the request.",
                        2,
                        "Right. No City monies or resources may be used to assist "
                        "an action whose primary purpose is civil immigration "
                        "enforcement, and the effort must be reported.",
                        ED20_SAFE_ASSIST,
                        right=True,
                    ),
                    c(
                        "Lend the vans; sharing equipment between governments is "
                        "normal.",
                        0,
                        "Not right. Lending vans for this purpose uses City "
                        "resources to assist civil immigration enforcement.",
                        ED20_SAFE_ASSIST,
                    ),
                    c(
                        "Lend the vans but keep it off the books.",
                        0,
                        "Not right. It is forbidden assistance, and hiding it also "
                        "defeats the reporting the directive requires.",
                        ED20_SAFE_REPORT,
                    ),
                ],
            ),
        ],
    ),
    single(
        "non-public-areas",
        "When may a City employee let a federal immigration agent into an area of a "
        "City building that is not open to the public?",
        [
            c(
                "Only when that access is legally required, for example by a valid "
                "judicial warrant.",
                1,
                "Right. That is the directive's only exception.",
                ED20_SAFE_ACCESS,
                right=True,
            ),
            c(
                "Whenever the agent shows a federal badge and identification, since "
                "federal officers have authority in every public building.",
                0,
                "Not right. A badge does not make access legally required.",
                ED20_SAFE_ACCESS,
            ),
            c(
                "Never, under any circumstances.",
                0,
                "Not right. Access that is legally required is the exception.",
                ED20_SAFE_ACCESS,
            ),
        ],
    ),
    multiple(
        "department-duties",
        "Which of these does Executive Directive 20 ask every department head to "
        "do? Select all that apply.",
        [
            c(
                "Designate an Immigrant Affairs Liaison.",
                1,
                "Right. Each department names a liaison who works with the Chief of "
                "Immigrant Affairs.",
                ED20_LIAISON,
                right=True,
            ),
            c(
                "Report efforts to enforce civil immigration law using City "
                "facilities.",
                1,
                "Right. Reports go to the Chief of Immigrant Affairs and the Chief "
                "of Police.",
                ED20_SAFE_REPORT,
                right=True,
            ),
            c(
                "Keep a record of residents' immigration status, so the department "
                "can show it serves everyone equally.",
                0,
                "Not right. Status is not collected unless legally required.",
                ED20_DATA_COLLECT,
            ),
        ],
    ),
]

# --- Special Order 40, ICE detainers and 287(g) -------------------------------
SO40_QUESTIONS = [
    scenario(
        "detainer-no-probable-cause",
        "A detainer for someone due for release",
        role="You are the watch commander at a police station jail.",
        situation=(
            "A man arrested on a minor charge has posted bail and is eligible for "
            "release. An ICE detainer request arrives asking you to hold him for "
            "two extra days. There is no judicial determination of probable cause "
            "and no warrant from a judge."
        ),
        steps=[
            (
                "start",
                "What do you do?",
                [
                    c(
                        "Release him as you would anyone eligible for release; the "
                        "detainer alone is not honoured.",
                        2,
                        "Right. Since 2014 the Police Department has not honoured "
                        "ICE requests to hold a person otherwise eligible for "
                        "release absent a judicial determination of probable cause "
                        "or a valid judicial warrant. ED20 orders the Chief of "
                        "Police to maintain that policy.",
                        ED20_DETAINER,
                        right=True,
                        to="notify",
                    ),
                    c(
                        "Hold him the two days: the request comes from a federal "
                        "agency.",
                        0,
                        "Not right. Several court decisions found compliance "
                        "with certain ICE detainer requests unconstitutional; since "
                        "then the Department does not honour them without a "
                        "judge's determination or warrant.",
                        ED20_DETAINER,
                    ),
                    c(
                        "Hold him a few extra hours, only until ICE can send more "
                        "details, so the decision is made with the full picture.",
                        0,
                        "Not right. Any extra hold on the detainer alone is what "
                        "the policy rules out.",
                        ED20_DETAINER,
                    ),
                ],
            ),
            (
                "notify",
                "ICE also asks you to call them with the time he walks out.",
                [
                    c(
                        "Decline: tipping off ICE about the release would be "
                        "helping civil immigration enforcement.",
                        2,
                        "Right. No City employee may assist or cooperate with a "
                        "federal agency in an action whose primary purpose is "
                        "civil immigration enforcement. The draft Council "
                        "resolution, Section 2A(2), would also name release "
                        "notifications as a disallowed use of police resources.",
                        ED20_SAFE_ASSIST,
                        right=True,
                    ),
                    c(
                        "Call them with the release time: a phone call is not a hold, "
                        "and he walks out on schedule either way.",
                        0,
                        "Not right. The draft resolution names a release "
                        "notification separately from a hold: it would disallow "
                        "both uses of police resources.",
                        RES_2A2,
                    ),
                ],
            ),
        ],
    ),
    scenario(
        "detainer-judicial-warrant",
        "A hold backed by a judge's warrant",
        role="You are the watch commander at a police station jail.",
        situation=(
            "A woman eligible for release is the subject of a request from federal "
            "authorities that comes with a warrant signed by a federal judge."
        ),
        steps=[
            (
                "start",
                "How does this differ from a bare detainer request?",
                [
                    c(
                        "A valid warrant from a judicial officer is the exception "
                        "the detainer policy recognises; follow your chain of "
                        "command on honouring it.",
                        2,
                        "Right. The policy refuses holds that lack a judicial "
                        "determination of probable cause or a valid judicial "
                        "warrant. A valid judge's warrant is the case it does not "
                        "refuse.",
                        ED20_DETAINER,
                        right=True,
                    ),
                    c(
                        "It does not differ: all federal immigration requests are "
                        "ignored.",
                        0,
                        "Not right. The policy turns on a judge's involvement; a "
                        "valid judicial warrant is treated differently.",
                        ED20_DETAINER,
                    ),
                ],
            ),
        ],
    ),
    scenario(
        "task-force-287g",
        "An invitation to a 287(g) task force",
        role="You are a sergeant in a City police department.",
        situation=(
            "A federal agency invites you to join a task force under section 287(g) "
            "of the Immigration and Nationality Act, which would deputise you to "
            "perform civil immigration enforcement. Overtime is offered."
        ),
        steps=[
            (
                "start",
                "How do you respond?",
                [
                    c(
                        "Decline: the Department does not take part in 287(g) or "
                        "any similar program.",
                        2,
                        "Right. The Police Department has never participated and "
                        "will not participate in the 287(g) program or any similar "
                        "program; ED20 orders the Chief of Police to maintain that "
                        "policy.",
                        ED20_287G,
                        right=True,
                        to="similar",
                    ),
                    c(
                        "Accept, as long as the work is on your own time and you "
                        "never use Department equipment for it.",
                        0,
                        "Not right. Section 287(g) deputises local officers for "
                        "civil immigration enforcement, which is the partnership "
                        "the Department refuses, on or off the clock.",
                        ED20_287G,
                    ),
                    c(
                        "Accept but only help with paperwork.",
                        0,
                        "Not right. Any part in the program is partnering with ICE "
                        "to enforce civil immigration law.",
                        ED20_287G,
                    ),
                ],
            ),
            (
                "similar",
                "A colleague from the Port Police says his agency is not covered, "
                "so he will join.",
                [
                    c(
                        "Tell him ED20 orders the Port Police chief to adopt the "
                        "same policies, including no partnering with ICE.",
                        2,
                        "Right. The Fire Chief and the chiefs of Airport Police and "
                        "Port Police must issue policies consistent with the Police "
                        "Department's, including the policy against partnering "
                        "with ICE.",
                        ED20_SAFE_CHIEFS,
                        right=True,
                    ),
                    c(
                        "Agree: the Special Order and the 287(g) policy are Police "
                        "Department rules, so they do not bind the Port Police.",
                        0,
                        "Not right. ED20 extends these policies to the Fire "
                        "Department, Airport Police and Port Police.",
                        ED20_SAFE_CHIEFS,
                    ),
                ],
            ),
        ],
    ),
    scenario(
        "crime-victim-afraid",
        "A victim afraid to come forward",
        role="You are a patrol officer taking a report.",
        situation=(
            "A woman tells you she was robbed but hesitates to give a statement. "
            "She says she fears that talking to the police will get her deported."
        ),
        steps=[
            (
                "start",
                "What do you do?",
                [
                    c(
                        "Reassure her that officers do not ask about or act on "
                        "immigration status, and take her report.",
                        2,
                        "Right. Special Order 40 bars officers from initiating "
                        "action to determine a person's immigration status. The "
                        "City is safer when victims and witnesses come forward "
                        "regardless of status.",
                        ED20_SO40,
                        right=True,
                        to="form",
                    ),
                    c(
                        "Ask for her immigration papers before going on.",
                        0,
                        "Not right. That is initiating action to determine status, "
                        "which Special Order 40 prohibits.",
                        ED20_SO40,
                    ),
                    c(
                        "Tell her it may be safer for her not to file a report for "
                        "now, and give her a victims' hotline number instead.",
                        0,
                        "Not right. Public safety depends on victims feeling "
                        "confident to come forward, whatever their status.",
                        ED20_TRUST,
                    ),
                ],
            ),
            (
                "form",
                "A victim-services form later asks about status because a policy to "
                "protect crime victims requires it for a benefit she may apply for.",
                [
                    c(
                        "Collect it only for that protective purpose, and keep it "
                        "as Confidential Information.",
                        2,
                        "Right. The directive allows collecting status when legally "
                        "required or mandated by policy to protect victims and "
                        "witnesses of crimes, and such information is handled as "
                        "Confidential Information.",
                        ED20_DATA_COLLECT,
                        right=True,
                    ),
                    c(
                        "Collect it, and add her status to the general incident "
                        "report too, so every officer on the case has it.",
                        0,
                        "Not right. The exception covers the protective purpose "
                        "only; collecting it elsewhere is not necessary for your "
                        "duties.",
                        ED20_DATA_COLLECT,
                    ),
                ],
            ),
        ],
    ),
    scenario(
        "traffic-stop-status",
        "Status questions at a traffic stop",
        role="You are a police officer on a traffic stop.",
        situation=(
            "The driver has no licence with him. Your partner suggests asking "
            "where he was born and whether he is here legally."
        ),
        steps=[
            (
                "start",
                "What do you do?",
                [
                    c(
                        "Handle the traffic matter only; do not ask about "
                        "immigration status.",
                        2,
                        "Right. Officers may not initiate any action to determine a "
                        "person's immigration status, and no one is arrested for "
                        "civil immigration status.",
                        ED20_SO40,
                        right=True,
                    ),
                    c(
                        "Ask about his status, but only informally and in a friendly "
                        "way, without writing it down.",
                        0,
                        "Not right. An informal question is still initiating "
                        "action to determine status.",
                        ED20_SO40,
                    ),
                    c(
                        "Detain him until his status can be checked.",
                        0,
                        "Not right. Special Order 40 forbids arresting anyone for "
                        "civil immigration status and initiating action to "
                        "determine it.",
                        ED20_SO40,
                    ),
                ],
            ),
        ],
    ),
    scenario(
        "custody-interview",
        "An interview request for a person in custody",
        role="You are the jailer on duty.",
        situation=(
            "Two federal immigration officers ask to interview a man in your "
            "custody about his immigration history."
        ),
        steps=[
            (
                "start",
                "What do you do?",
                [
                    c(
                        "Decline to make him available for an immigration "
                        "interview, and inform your watch commander.",
                        2,
                        "Right. Making him available is assisting an action whose "
                        "primary purpose is civil immigration enforcement, which "
                        "no City employee may do. The draft Council resolution, "
                        "Section 2A(3), would name such interviews explicitly.",
                        ED20_SAFE_ASSIST,
                        right=True,
                    ),
                    c(
                        "Let them use an empty interview room for a few minutes; it "
                        "costs nothing and he is already in custody.",
                        0,
                        "Not right. The room, the staff and the custody are all "
                        "police resources; the draft resolution would disallow "
                        "using them for immigration interviews.",
                        RES_2A3,
                    ),
                ],
            ),
        ],
    ),
    single(
        "special-order-40",
        "What does Special Order 40 prohibit?",
        [
            c(
                "Officers initiating action to determine a person's immigration "
                "status, and arrests for civil immigration status.",
                1,
                "Right. That is the policy in place since 1979.",
                ED20_SO40,
                right=True,
            ),
            c(
                "Any contact between the Police Department and federal agencies.",
                0,
                "Not right. It concerns immigration status, not all federal "
                "cooperation.",
                ED20_SO40,
            ),
            c(
                "Arresting anyone who is not a citizen.",
                0,
                "Not right. It bars arrests for civil immigration status; crimes "
                "are handled as for anyone.",
                ED20_SO40,
            ),
        ],
    ),
    multiple(
        "detainer-exceptions",
        "Which of these would allow the Department to hold a person eligible for "
        "release at ICE's request? Select all that apply.",
        [
            c(
                "A judicial determination of probable cause for the detainer.",
                1,
                "Right. A judge's determination is one of the two exceptions.",
                ED20_DETAINER,
                right=True,
            ),
            c(
                "A valid warrant from a judicial officer.",
                1,
                "Right. That is the other exception.",
                ED20_DETAINER,
                right=True,
            ),
            c(
                "An ICE detainer form signed by a supervisory immigration officer.",
                0,
                "Not right. Without a judge, the request is not honoured.",
                ED20_DETAINER,
            ),
        ],
    ),
]

# --- Protecting residents' information ----------------------------------------
DATA_QUESTIONS = [
    scenario(
        "citizenship-question-form",
        "A citizenship question on a form",
        role="You are an analyst revising a department's service application form.",
        situation=(
            "A colleague proposes adding 'Are you a U.S. citizen?' to the form "
            "'for our statistics'. No law or program rule requires it."
        ),
        steps=[
            (
                "start",
                "What do you say?",
                [
                    c(
                        "Leave it off: the City does not collect citizenship "
                        "unless legally required, and the service does not need it.",
                        2,
                        "Right. No employee may collect information that is not "
                        "necessary to their duties, and in particular not "
                        "citizenship or immigration status unless legally required "
                        "or mandated to protect victims and witnesses.",
                        ED20_DATA_COLLECT,
                        right=True,
                        to="optional",
                    ),
                    c(
                        "Add it, but only for statistics: the answers would be "
                        "reported in totals and never linked to anyone's name or case "
                        "number.",
                        0,
                        "Not right. Statistics are not a legal requirement, and "
                        "asking deters residents from using City services.",
                        ED20_DATA_COLLECT,
                    ),
                ],
            ),
            (
                "optional",
                "The colleague suggests making the question optional instead.",
                [
                    c(
                        "Still leave it off; optional collection is still "
                        "collection that the service does not need.",
                        2,
                        "Right. The rule is about collecting, optional or not. The "
                        "draft resolution would likewise have departments limit "
                        "the information they collect to what their duties need.",
                        RES_1,
                        right=True,
                    ),
                    c(
                        "Agree: an optional question with a 'prefer not to say' box "
                        "does no harm, since nobody has to answer it.",
                        0,
                        "Not right. Whatever is collected must be necessary, and "
                        "status must not be collected unless legally required.",
                        ED20_DATA_COLLECT,
                    ),
                ],
            ),
        ],
    ),
    scenario(
        "agent-asks-address",
        "A request for a home address and release date",
        role="You work in the records unit of a City department.",
        situation=(
            "A federal immigration agent emails asking for a resident's home "
            "address from your case files and, if known, the date a relative will "
            "be released from City custody. No subpoena or court order is attached."
        ),
        steps=[
            (
                "start",
                "What do you do?",
                [
                    c(
                        "Do not provide it; refer the request to your supervisor "
                        "and the department's counsel to check whether any law "
                        "requires disclosure.",
                        2,
                        "Right. No City employee may assist a federal agent in an "
                        "action whose primary purpose is civil immigration "
                        "enforcement. Separately, the draft Council resolution, "
                        "Section 1, would have departments give non-public "
                        "information to no agency unless their duties need it or "
                        "the law requires it.",
                        ED20_SAFE_ASSIST,
                        right=True,
                        to="police-records",
                    ),
                    c(
                        "Send the address: it is just an address.",
                        0,
                        "Not right. A home address in case files is non-public "
                        "personal information, and the request's purpose is "
                        "immigration enforcement.",
                        ED20_SAFE_ASSIST,
                    ),
                    c(
                        "Tell the agent you cannot send anything, but that he is "
                        "welcome to come in and look through the paper case files "
                        "himself at the office.",
                        0,
                        "Not right. Granting access to records instead of copies "
                        "is still assistance, and it opens non-public areas "
                        "without a legal requirement.",
                        ED20_SAFE_ACCESS,
                    ),
                ],
            ),
            (
                "police-records",
                "The agent replies that the Police Department could just look it up "
                "in its databases.",
                [
                    c(
                        "Note that the draft resolution would also disallow police "
                        "resources for giving release dates or addresses for "
                        "immigration purposes, except where required by law.",
                        2,
                        "Right. The draft resolution names release dates, home "
                        "and work addresses and access to City databases as "
                        "information not to provide for immigration purposes "
                        "unless the law requires it.",
                        RES_2A4,
                        right=True,
                    ),
                    c(
                        "Agree: police databases are not covered by any City policy.",
                        0,
                        "Not right. The draft resolution addresses police databases "
                        "specifically.",
                        RES_2A4,
                    ),
                ],
            ),
        ],
    ),
    scenario(
        "status-exchange-1373",
        "Exchanging status information with federal authorities",
        role="You are a manager in a City department's records unit.",
        situation=(
            "A federal agency asks whether the department has information on one "
            "person's citizenship or immigration status. A colleague says 'we are a "
            "sanctuary city, so sharing status is banned'. Another says 'sharing "
            "status is allowed, so let's send everything we have on her'."
        ),
        steps=[
            (
                "start",
                "Who is right about status information?",
                [
                    c(
                        "Neither: following federal law, the draft Council "
                        "resolution neither bans nor requires exchanging status "
                        "information, and that covers status only, not everything "
                        "in the file.",
                        2,
                        "Right. The draft resolution's Section 2C says, consistent "
                        "with 8 U.S.C. 1373 and 1644, that nothing in its Section 2 "
                        "requires, prohibits or restricts sending or receiving "
                        "status information. It leaves existing confidentiality "
                        "policies as they are.",
                        RES_2C,
                        right=True,
                        to="have-it",
                    ),
                    c(
                        "The first colleague: sharing status information is banned.",
                        0,
                        "Not right. Consistent with federal law (8 U.S.C. 1373 and "
                        "1644), the draft resolution leaves such exchanges "
                        "unrestricted; a blanket ban is not City policy.",
                        RES_2C,
                    ),
                    c(
                        "The second colleague: send the whole file.",
                        0,
                        "Not right. Section 2C is about status information. "
                        "Addresses and other non-public details remain protected "
                        "unless the law requires their disclosure.",
                        RES_1,
                    ),
                ],
            ),
            (
                "have-it",
                "You look and the department holds no status information on her. "
                "The agency asks you to find out.",
                [
                    c(
                        "Decline to gather it: the City does not collect status "
                        "unless legally required, and whatever status information "
                        "it holds is kept as Confidential Information.",
                        2,
                        "Right. Exchange may be unrestricted, but collecting is "
                        "not: employees do not collect citizenship or immigration "
                        "status unless legally required, and such information is "
                        "handled as Confidential Information under IT-017.",
                        ED20_DATA_COLLECT,
                        right=True,
                    ),
                    c(
                        "Call her to ask about her status, explaining that answering "
                        "is voluntary and that the department only wants to give the "
                        "federal agency an accurate, complete reply.",
                        0,
                        "Not right. That is collecting status information with no "
                        "legal requirement, which the directive forbids.",
                        ED20_DATA_COLLECT,
                    ),
                ],
            ),
        ],
    ),
    scenario(
        "registry-religion",
        "Helping build a registry",
        role="You are a data manager in a City department.",
        situation=(
            "Your department is asked to extract residents' religion and national "
            "origin from program records to help build a federal registry."
        ),
        steps=[
            (
                "start",
                "What do you do?",
                [
                    c(
                        "Do not extract it, and raise the request with your General "
                        "Manager: the department collects only what its duties "
                        "need, and not for another purpose.",
                        2,
                        "Right. No City employee may collect information that is "
                        "not necessary to their duties. The draft Council "
                        "resolution, Section 1, would also bar using or disclosing "
                        "what is collected for any other purpose, and its recitals "
                        "call a registry by religion or national origin contrary "
                        "to the City's values.",
                        ED20_DATA_COLLECT,
                        right=True,
                        to="police",
                    ),
                    c(
                        "Extract it, but send it only after your supervisor signs "
                        "off, because a federal request like this one overrides City "
                        "policy on sharing residents' records.",
                        0,
                        "Not right. Nothing in the request is a legal requirement "
                        "to disclose, and the records were not collected for this.",
                        RES_1,
                    ),
                    c(
                        "Start asking residents their religion so the list is "
                        "complete.",
                        0,
                        "Not right. Collecting information not necessary to your "
                        "duties is what the directive forbids.",
                        ED20_DATA_COLLECT,
                    ),
                ],
            ),
            (
                "police",
                "A colleague asks whether the Police Department could help enforce "
                "such a registration program.",
                [
                    c(
                        "Under the draft resolution, police resources would not be "
                        "used to enforce any federal program registering people by "
                        "religion or national or ethnic origin.",
                        2,
                        "Right. That is Section 2B of the draft resolution.",
                        RES_2B,
                        right=True,
                    ),
                    c(
                        "Yes, registration programs are outside City policy.",
                        0,
                        "Not right. The draft resolution addresses them directly.",
                        RES_2B,
                    ),
                ],
            ),
        ],
    ),
    scenario(
        "pii-by-email",
        "A spreadsheet with status details",
        role="You are a caseworker in a City program that protects crime victims.",
        situation=(
            "Your unit keeps, as its victim-protection policy requires, a "
            "spreadsheet that notes some clients' immigration status. A colleague "
            "wants to email it to his personal account to work from home."
        ),
        steps=[
            (
                "start",
                "What do you say?",
                [
                    c(
                        "No: it is Confidential Information and must be handled "
                        "under the City's Information Handling Guidelines "
                        "(IT-017), not sent to personal email.",
                        2,
                        "Right. Information that can trace a person's status is PII "
                        "and must be handled, kept and secured as Confidential "
                        "Information under IT-017.",
                        ED20_DATA_PII,
                        right=True,
                    ),
                    c(
                        "Fine, if he deletes it afterwards.",
                        0,
                        "Not right. Sending it to a personal account breaks the "
                        "standards for Confidential Information from the start.",
                        ED20_DATA_PII,
                    ),
                    c(
                        "Fine, if he removes the names first: without names the rest "
                        "of the spreadsheet is harmless, and working on it from home "
                        "over the weekend is allowed.",
                        0,
                        "Not right. Information that can trace status when "
                        "combined with other information is still PII.",
                        ED20_DATA_PII,
                    ),
                ],
            ),
        ],
    ),
    single(
        "what-is-pii",
        "Under ED20, which information counts as Personally Identifiable "
        "Information (PII)?",
        [
            c(
                "Any information the City holds that can distinguish or trace a "
                "person's citizenship or immigration status, alone or combined "
                "with other information.",
                1,
                "Right. That is the directive's definition.",
                ED20_DATA_PII,
                right=True,
            ),
            c(
                "Only a document that states a person's status outright.",
                0,
                "Not right. Information that traces status in combination counts too.",
                ED20_DATA_PII,
            ),
            c(
                "Only Social Security numbers.",
                0,
                "Not right. The directive's definition is about tracing status.",
                ED20_DATA_PII,
            ),
        ],
    ),
    multiple(
        "when-collect-status",
        "When may a City employee collect a person's citizenship or immigration "
        "status? Select all that apply.",
        [
            c(
                "When legally required to.",
                1,
                "Right. That is one of the two exceptions.",
                ED20_DATA_COLLECT,
                right=True,
            ),
            c(
                "When mandated by policy to protect victims and witnesses of crimes.",
                1,
                "Right. That is the other exception.",
                ED20_DATA_COLLECT,
                right=True,
            ),
            c(
                "When a supervisor decides it would be useful for planning services "
                "for immigrant residents.",
                0,
                "Not right. Usefulness is not an exception.",
                ED20_DATA_COLLECT,
            ),
            c(
                "When the person seems nervous.",
                0,
                "Not right. That is neither a legal requirement nor a protective "
                "mandate.",
                ED20_DATA_COLLECT,
            ),
        ],
    ),
]

QUIZZES = [
    {
        "slug": "ed20-quiz",
        "title": "Executive Directive 20: standing with immigrants",
        "introduction": (
            "Scenarios at City counters, yards and buildings. Each choice shows the "
            "part of Executive Directive 20 behind it."
        ),
        "feedback_mode": FeedbackMode.AFTER_EACH,
        "shuffle_choices": True,
        "questions": ED20_QUESTIONS,
    },
    {
        "slug": "so40-quiz",
        "title": "Special Order 40, ICE detainers and 287(g)",
        "introduction": (
            "For sworn staff and those who work with them: Special Order 40, the "
            "detainer policy and the policy against 287(g) partnership, as ED20 "
            "reaffirms them, and the draft Council resolution."
        ),
        "feedback_mode": FeedbackMode.AFTER_EACH,
        "shuffle_choices": True,
        "questions": SO40_QUESTIONS,
    },
    {
        "slug": "data-quiz",
        "title": "Protecting residents' information",
        "introduction": (
            "What the City collects, what it keeps confidential and what it may "
            "share. You see the reasoning at the end."
        ),
        "feedback_mode": FeedbackMode.AT_END,
        "shuffle_choices": True,
        "questions": DATA_QUESTIONS,
    },
]


def _uuid(*parts):
    return uuid.uuid5(NAMESPACE, "/".join(parts))


def _choice_rows(spec):
    """Flatten a question spec into choice dicts with their step keys."""
    if spec["kind"] != QuestionKind.SCENARIO:
        return [dict(choice, step_key="") for choice in spec["choices"]]
    return [
        dict(choice, step_key=step_key, next_step_key=_leads_to(choice, choices))
        for step_key, _text, choices in spec["steps"]
        for choice in choices
    ]


def _leads_to(choice, step_choices):
    """Where a choice leads: a wrong one without ``to`` goes on with the right one.

    So a learner who errs still meets the steps that follow, with the feedback
    on their choice first.
    """
    if choice["next_step_key"] or choice["is_correct"]:
        return choice["next_step_key"]
    return next(
        (c["next_step_key"] for c in step_choices if c["is_correct"]),
        "",
    )


def check(spec_quizzes=QUIZZES):
    """Problems in the bank itself, by the same rules the admin applies."""
    from types import SimpleNamespace

    problems = []
    for quiz in spec_quizzes:
        for spec in quiz["questions"]:
            rows = [
                SimpleNamespace(uuid=i, **row)
                for i, row in enumerate(_choice_rows(spec))
            ]
            if spec["kind"] == QuestionKind.SCENARIO:
                found = grading.scenario_problems([s[0] for s in spec["steps"]], rows)
            else:
                found = grading.choice_question_problems(spec["kind"], rows)
            problems += [f"{quiz['slug']}/{spec['key']}: {p}" for p in found]
    return problems


@transaction.atomic
def seed_quiz(spec):
    quiz, _ = Quiz.objects.get_or_create(
        slug=spec["slug"],
        defaults={
            "title": spec["title"],
            "introduction": spec["introduction"],
            "feedback_mode": spec["feedback_mode"],
            "shuffle_choices": spec["shuffle_choices"],
            "pass_mark": 80,
            "attempts_allowed": 3,
        },
    )
    for order, qspec in enumerate(spec["questions"]):
        question_uuid = _uuid(spec["slug"], qspec["key"])
        question, created = Question.objects.get_or_create(
            uuid=question_uuid,
            defaults={
                "quiz": quiz,
                "sort_order": order,
                "kind": qspec["kind"],
                "prompt": qspec["prompt"],
                "situation": qspec.get("situation", ""),
                "role": qspec.get("role", ""),
            },
        )
        if not created:
            continue
        for step_order, (key, text, _choices) in enumerate(qspec.get("steps", ())):
            Step.objects.create(
                uuid=_uuid(spec["slug"], qspec["key"], "step", key),
                question=question,
                key=key,
                text=text,
                sort_order=step_order,
            )
        for choice_order, row in enumerate(_choice_rows(qspec)):
            Choice.objects.create(
                uuid=_uuid(spec["slug"], qspec["key"], "choice", str(choice_order)),
                question=question,
                sort_order=choice_order,
                **row,
            )
    return quiz


def run(*, password, log):
    problems = check()
    if problems:
        raise RuntimeError("The scenario bank is invalid: " + "; ".join(problems))
    for model in (Quiz, Question):
        workflow = attach_policy_review(model)
    log(f"Quizzes and questions go through the {workflow.name} workflow")
    for spec in QUIZZES:
        quiz = seed_quiz(spec)
        scenarios = sum(1 for q in spec["questions"] if q["kind"] == "scenario")
        log(
            f"Quiz {quiz.slug}: {len(spec['questions'])} questions, "
            f"{scenarios} branching scenarios"
        )
