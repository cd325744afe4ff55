"""The seeded courses, written in the project's own words from shared/policy/.

Every rule names its document and section. Executive Directive 20 (ED20) is in
force; the City Council resolution is a DRAFT and is always presented as such,
as "the City Council resolution (draft), Section X", never merged with ED20.
The seed loads this once; trainers edit the pages in the Wagtail admin after.
"""

ED20 = "ed20"
RES = "resolution"

ED20_POLICE = "Police Department policies"
ED20_SAFE = "Keeping immigrant Angelenos safe"
ED20_ACCESS = "Providing equal access to City services"
ED20_DATA = "Protecting the security of immigrant Angelenos' data and information"
ED20_ENGAGE = "Engaging and empowering immigrant Angelenos"
ED20_COORD = "Coordinating City actions for immigrants"


def cite(source, section):
    return {"source": source, "section": section}


def text(html):
    return ("rich_text", html)


def rule(statement, source, section):
    return ("key_rule", {"rule": statement, "citation": cite(source, section)})


def excerpt(heading, html, source, section):
    return (
        "policy_excerpt",
        {"heading": heading, "excerpt": html, "citation": cite(source, section)},
    )


def do_dont(do, dont, source, section):
    return ("do_dont", {"do": do, "dont": dont, "citation": cite(source, section)})


def script(situation, words, source, section):
    return (
        "script",
        {"situation": situation, "script": words, "citation": cite(source, section)},
    )


def ack(statement):
    return ("acknowledgement", {"statement": statement})


DRAFT_NOTE = text(
    "<p><b>About the City Council resolution.</b> The resolution quoted in this "
    "module is a <b>draft</b> that has not been adopted. Its provisions are shown "
    "as “City Council resolution (draft), Section X” and are kept apart from "
    "Executive Directive 20, which the Mayor issued on March 21, 2017 and which "
    "is in force.</p>"
)

COURSES = [
    {
        "slug": "ed20",
        "title": "Executive Directive 20: standing with immigrants",
        "summary": (
            "What the Mayor's Executive Directive 20 asks of every City employee: "
            "keeping City resources out of federal civil immigration enforcement, "
            "serving everyone equally whatever their status, and knowing where to "
            "send people for help."
        ),
        "audience": "Every City employee",
        "estimated_minutes": 25,
        "sources": [(ED20, "The whole directive")],
        "required_for_all": True,
        "departments": [],
        "days_to_complete": 30,
        "quiz_slug": "ed20-quiz",
        "modules": [
            {
                "slug": "why-the-directive-exists",
                "title": "Why the directive exists",
                "introduction": (
                    "The directive starts from public safety: people who trust the "
                    "City come forward as victims and witnesses and use its services."
                ),
                "body": [
                    text(
                        "<p>Executive Directive 20, <i>Standing with Immigrants: A "
                        "City of Safety, Refuge, and Opportunity for All</i>, was "
                        "issued by Mayor Eric Garcetti on March 21, 2017. It "
                        "replaced Executive Directive No. IC-2 (Hahn series).</p>"
                        "<p>Its reasoning is simple: Los Angeles is safer when "
                        "everyone, whatever their immigration status, trusts City "
                        "staff enough to report a crime, act as a witness, and use "
                        "the facilities, programs and services they are entitled "
                        "to.</p>"
                    ),
                    excerpt(
                        "Civil immigration enforcement is a federal job",
                        "<p>The City will not assist or cooperate with any effort "
                        "by federal immigration agents to use public facilities or "
                        "resources to enforce federal civil immigration law.</p>",
                        ED20,
                        "Preamble",
                    ),
                    rule(
                        "Every department head must tell their staff about the "
                        "policies in Executive Directive 20 and about the Community "
                        "Resource Guide for Immigrant Angelenos. This course is "
                        "part of how the City does that.",
                        ED20,
                        ED20_ENGAGE,
                    ),
                    ack(
                        "I have read and understood why Executive Directive 20 "
                        "exists and that it applies to my work as a City employee."
                    ),
                ],
            },
            {
                "slug": "city-resources-and-facilities",
                "title": "City money, resources and facilities",
                "introduction": (
                    "What you may and may not do when federal immigration agents "
                    "ask for help or for access."
                ),
                "body": [
                    rule(
                        "Acting as a City employee, do not assist or cooperate with "
                        "any federal agent or agency in an action whose primary "
                        "purpose is federal civil immigration enforcement, and do "
                        "not let City money or resources be used for it.",
                        ED20,
                        ED20_SAFE,
                    ),
                    rule(
                        "Do not give a federal immigration agent access to any City "
                        "facility, or part of one, that is not open to the general "
                        "public, unless that access is legally required.",
                        ED20,
                        ED20_SAFE,
                    ),
                    rule(
                        "General Managers and heads of departments report any "
                        "effort by ICE, U.S. Customs and Border Protection or U.S. "
                        "Citizenship and Immigration Services to enforce federal "
                        "civil immigration law with City resources or facilities "
                        "to the Mayor's Chief of Immigrant Affairs and to the Chief "
                        "of Police. Tell your supervisor at once so this can happen.",
                        ED20,
                        ED20_SAFE,
                    ),
                    do_dont(
                        [
                            "Keep serving the public in the public areas of your "
                            "facility.",
                            "Ask to see the legal document that requires access and "
                            "call your supervisor before opening a non-public area.",
                            "Tell your supervisor about the visit.",
                        ],
                        [
                            "Open a staff-only area, records room or office to an "
                            "immigration agent just because you were asked.",
                            "Lend City vehicles, equipment, rooms or staff time to a "
                            "civil immigration operation.",
                        ],
                        ED20,
                        ED20_SAFE,
                    ),
                    script(
                        "An immigration agent at the counter asks to be let into "
                        "the staff-only area.",
                        "This area isn't open to the public. I'm not able to let "
                        "you in unless access is legally required. Please wait "
                        "here while I call my supervisor.",
                        ED20,
                        ED20_SAFE,
                    ),
                    ack(
                        "I have read and understood that I may not use City "
                        "resources to assist federal civil immigration enforcement "
                        "or give immigration agents access to non-public City "
                        "facilities unless legally required."
                    ),
                ],
            },
            {
                "slug": "equal-access-and-resources",
                "title": "Equal access and where to send people",
                "introduction": (
                    "Everyone may use City services, and every department has a "
                    "person to turn to."
                ),
                "body": [
                    rule(
                        "Departments must give everyone equal access to City "
                        "facilities, services and programs without regard to "
                        "citizenship or immigration status, as far as the law "
                        "permits, and keep a welcoming atmosphere for all.",
                        ED20,
                        ED20_ACCESS,
                    ),
                    rule(
                        "Public facilities keep printed copies of the Community "
                        "Resource Guide for Immigrant Angelenos, prepared by the "
                        "Mayor's Office of Immigrant Affairs, and every City "
                        "website links to it from its homepage.",
                        ED20,
                        ED20_ENGAGE,
                    ),
                    rule(
                        "Each department has an Immigrant Affairs Liaison, named "
                        "by its General Manager or head, who works with the "
                        "Mayor's Chief of Immigrant Affairs. Ask them when you are "
                        "unsure how the directive applies.",
                        ED20,
                        ED20_COORD,
                    ),
                    script(
                        "A resident asks whether they can use a City program "
                        "without papers.",
                        "Our services are open to everyone who is eligible for "
                        "them, and we won't ask about your immigration status to "
                        "serve you. Here is the Community Resource Guide for "
                        "Immigrant Angelenos in case it helps.",
                        ED20,
                        ED20_ACCESS,
                    ),
                    ack(
                        "I have read and understood that I must serve everyone "
                        "equally whatever their immigration status, and I know "
                        "where to find the Community Resource Guide and my "
                        "department's Immigrant Affairs Liaison."
                    ),
                ],
            },
        ],
    },
    {
        "slug": "so40",
        "title": "Special Order 40, ICE detainers and 287(g)",
        "summary": (
            "The long-standing Police Department policies that Executive Directive "
            "20 reaffirms and extends to the Fire Department, Airport Police and "
            "Port Police, and what the draft City Council resolution would add."
        ),
        "audience": "Police, Fire, Airport Police and Port Police staff",
        "estimated_minutes": 30,
        "sources": [
            (ED20, "Police Department policies; Keeping immigrant Angelenos safe"),
            (RES, "Section 2 (draft)"),
        ],
        "required_for_all": False,
        "departments": ["LAPD", "LAFD", "LAXPD", "PORTPD"],
        "days_to_complete": 30,
        "quiz_slug": "so40-quiz",
        "modules": [
            {
                "slug": "special-order-40",
                "title": "Special Order 40",
                "introduction": "A policy the Police Department has kept since 1979.",
                "body": [
                    excerpt(
                        "Special Order 40 (1979)",
                        "<p>Since the Chief of Police issued Special Order 40 in "
                        "1979, officers may not start any action in order to find "
                        "out a person's immigration status, and may not arrest "
                        "anyone because of their civil immigration status.</p>",
                        ED20,
                        ED20_POLICE + " (Special Order 40)",
                    ),
                    rule(
                        "Do not take any action whose purpose is to discover a "
                        "person's immigration status, and never arrest someone for "
                        "their civil immigration status.",
                        ED20,
                        ED20_POLICE + " (Special Order 40)",
                    ),
                    rule(
                        "The Chief of Police must keep this policy. The Fire Chief "
                        "and the Chiefs of Airport Police and Port Police must issue "
                        "policies and procedures consistent with it.",
                        ED20,
                        ED20_SAFE,
                    ),
                    text(
                        "<p>The reason is trust: victims and witnesses come forward "
                        "when they know that talking to the police will not put "
                        "their status in question.</p>"
                    ),
                    script(
                        "A witness to a robbery asks if you will check their papers.",
                        "No. I'm here about the robbery. We don't ask about "
                        "immigration status, and what you tell me helps us keep "
                        "everyone safe.",
                        ED20,
                        ED20_POLICE + " (Special Order 40)",
                    ),
                    ack(
                        "I have read and understood Special Order 40 as Executive "
                        "Directive 20 describes it."
                    ),
                ],
            },
            {
                "slug": "detainers-and-287g",
                "title": "ICE detainers and 287(g)",
                "introduction": (
                    "When a request to hold someone may be honoured, and why the "
                    "City does not enforce civil immigration law."
                ),
                "body": [
                    rule(
                        "Since 2014 the Police Department has not honoured an ICE "
                        "request to hold a person who is otherwise eligible for "
                        "release, unless there is a judicial determination of "
                        "probable cause for that detainer or a valid warrant signed "
                        "by a judicial officer.",
                        ED20,
                        ED20_POLICE + " (ICE detainer policy)",
                    ),
                    rule(
                        "The Police Department has never taken part, and will not "
                        "take part, in the voluntary programme under section 287(g) "
                        "of the Immigration and Nationality Act (8 U.S.C. § 1357) or "
                        "any similar programme that lets local officers perform "
                        "civil immigration enforcement.",
                        ED20,
                        ED20_POLICE + " (287(g))",
                    ),
                    rule(
                        "Fire, Airport Police and Port Police must adopt policies "
                        "consistent with the detainer policy and with the policy "
                        "against partnering with ICE.",
                        ED20,
                        ED20_SAFE,
                    ),
                    do_dont(
                        [
                            "Check whether a detainer comes with a judicial "
                            "determination of probable cause or a judicial warrant.",
                            "Release a person who is otherwise eligible for release "
                            "when it does not.",
                        ],
                        [
                            "Hold someone past their release on an ICE request alone.",
                            "Agree to act as a designated immigration officer under "
                            "287(g) or any similar arrangement.",
                        ],
                        ED20,
                        ED20_POLICE,
                    ),
                    ack(
                        "I have read and understood the ICE detainer policy and the "
                        "policy against partnering with ICE under 287(g)."
                    ),
                ],
            },
            {
                "slug": "the-draft-council-resolution",
                "title": "What the draft Council resolution would add",
                "introduction": (
                    "The City Council resolution is a draft. Know what it proposes, "
                    "and what it expressly leaves alone."
                ),
                "body": [
                    DRAFT_NOTE,
                    excerpt(
                        "No Police Department resources for immigration enforcement",
                        "<p>The draft would bar the use of Police Department "
                        "money, facilities, property, equipment or personnel for "
                        "immigration enforcement, including identifying, "
                        "investigating, arresting or detaining anyone on the basis "
                        "of a suspected violation of immigration law.</p>",
                        RES,
                        "Section 2, A(1)",
                    ),
                    rule(
                        "Under the draft, Police Department resources would not be "
                        "used to respond to a civil immigration warrant, or to a "
                        "request to detain, transfer or notify federal authorities "
                        "about a person's release, for immigration purposes.",
                        RES,
                        "Section 2, A(2)",
                    ),
                    rule(
                        "Under the draft, people in City custody would not be made "
                        "available to federal immigration authorities for "
                        "interviews for immigration purposes.",
                        RES,
                        "Section 2, A(3)",
                    ),
                    rule(
                        "Under the draft, non-public personal information, such as "
                        "a person's release date, home address or work address, "
                        "would not be given out for immigration purposes, including "
                        "through access to City databases, except where the law "
                        "requires it.",
                        RES,
                        "Section 2, A(4)",
                    ),
                    rule(
                        "The draft leaves one thing untouched: consistent with 8 "
                        "U.S.C. 1373 and 1644, nothing in its Section 2 stops any "
                        "official from sending to or receiving from federal "
                        "immigration authorities information about a person's "
                        "citizenship or immigration status, or exchanging it with "
                        "other governments. It does not change the City's existing "
                        "confidentiality policies.",
                        RES,
                        "Section 2, C",
                    ),
                    text(
                        "<p>Until the Council adopts it, the draft is not an order. "
                        "The rules in force are those of Executive Directive 20 and "
                        "your department's own policies.</p>"
                    ),
                    ack(
                        "I have read and understood what the draft City Council "
                        "resolution proposes and that it is not the same document "
                        "as Executive Directive 20."
                    ),
                ],
            },
        ],
    },
    {
        "slug": "data",
        "title": "Protecting residents' information",
        "summary": (
            "Collect only what your duty needs, never ask about citizenship or "
            "immigration status without a legal reason, and treat such "
            "information as Confidential."
        ),
        "audience": "Every City employee",
        "estimated_minutes": 20,
        "sources": [(ED20, ED20_DATA), (RES, "Sections 1 and 2 (draft)")],
        "required_for_all": True,
        "departments": [],
        "days_to_complete": 30,
        "quiz_slug": "data-quiz",
        "modules": [
            {
                "slug": "collect-only-what-you-need",
                "title": "Collect only what you need",
                "introduction": (
                    "The best protection for information is not to collect it."
                ),
                "body": [
                    rule(
                        "Do not collect information from anyone that you do not "
                        "need to perform your duties.",
                        ED20,
                        ED20_DATA,
                    ),
                    rule(
                        "Never collect information about a person's citizenship or "
                        "immigration status unless you are legally required to, or "
                        "a policy to protect victims and witnesses of crimes "
                        "requires it.",
                        ED20,
                        ED20_DATA,
                    ),
                    do_dont(
                        [
                            "Ask only for what the form or service actually needs.",
                            "Check with your supervisor if a form asks about "
                            "status and you do not know why.",
                        ],
                        [
                            "Ask about citizenship or immigration status out of "
                            "curiosity or \u201cjust in case\u201d.",
                            "Write a person's status in notes or case files when no "
                            "law or victim-protection policy calls for it.",
                        ],
                        ED20,
                        ED20_DATA,
                    ),
                    script(
                        "A resident filling in a form asks why you need their details.",
                        "We only ask for what we need to provide this service, "
                        "and we don't ask about immigration status.",
                        ED20,
                        ED20_DATA,
                    ),
                    ack(
                        "I have read and understood that I collect only the "
                        "information my duties need and never ask about citizenship "
                        "or immigration status without a legal requirement."
                    ),
                ],
            },
            {
                "slug": "status-information-is-confidential",
                "title": "Status information is confidential",
                "introduction": (
                    "What to do with information that could reveal a person's status."
                ),
                "body": [
                    excerpt(
                        "Personally Identifiable Information",
                        "<p>Any information the City holds that can be used, alone "
                        "or combined with other information, to distinguish or "
                        "trace a person's citizenship or immigration status is "
                        "Personally Identifiable Information (PII).</p>",
                        ED20,
                        ED20_DATA,
                    ),
                    rule(
                        "Treat such PII as Confidential Information, as the law "
                        "allows, and handle, keep and secure it under the standards "
                        "for Confidential Information in the Information Handling "
                        "Guidelines, Policy No. IT-017 (effective May 19, 2016, as "
                        "updated), available from the Information Technology "
                        "Agency.",
                        ED20,
                        ED20_DATA,
                    ),
                    do_dont(
                        [
                            "Lock away paper records and keep electronic ones in "
                            "systems approved for Confidential Information.",
                            "Share with colleagues only what their duties need.",
                        ],
                        [
                            "Email, print or copy status information without a "
                            "duty to.",
                            "Leave it on an open screen or an unattended desk.",
                        ],
                        ED20,
                        ED20_DATA + " (Policy IT-017)",
                    ),
                    ack(
                        "I have read and understood that information that could "
                        "reveal a person's citizenship or immigration status is "
                        "PII and is handled as Confidential under Policy IT-017."
                    ),
                ],
            },
            {
                "slug": "sharing-and-registries",
                "title": "Sharing information and registries",
                "introduction": (
                    "What the draft Council resolution proposes about disclosure "
                    "and registries."
                ),
                "body": [
                    DRAFT_NOTE,
                    rule(
                        "Under the draft, City departments would not give "
                        "non-public information about anyone to any entity or "
                        "official, including state and federal agencies, unless "
                        "their duties or the law require it; information collected "
                        "would be limited to what duties need and used for nothing "
                        "else.",
                        RES,
                        "Section 1",
                    ),
                    rule(
                        "Under the draft, Police Department resources would not be "
                        "used to enforce any federal programme requiring people to "
                        "register on the basis of religious affiliation or national "
                        "or ethnic origin.",
                        RES,
                        "Section 2, B",
                    ),
                    rule(
                        "The draft does not restrict sending, receiving or "
                        "exchanging citizenship or immigration status information "
                        "with federal, state or local governments, consistent with "
                        "8 U.S.C. 1373 and 1644.",
                        RES,
                        "Section 2, C",
                    ),
                    script(
                        "Someone from another agency phones and asks for a "
                        "resident's home address.",
                        "I can't give out non-public information about anyone over "
                        "the phone. Please send your request in writing and I'll "
                        "pass it to my supervisor.",
                        RES,
                        "Section 1",
                    ),
                    ack(
                        "I have read and understood what the draft resolution "
                        "proposes about disclosing information and registries, and "
                        "that it is a draft."
                    ),
                ],
            },
        ],
    },
]
