"""The City's departments and a synthetic demo roster.

Departments are the City's real ones (bureaus under their department); the
people are invented, deterministically, so every machine gets the same demo.
"""

import csv
import io
import random
from datetime import date, timedelta

# (code, name, parent code or None)
DEPARTMENTS = [
    ("AGING", "Department of Aging", None),
    ("LAWA", "Los Angeles World Airports", None),
    ("LAXPD", "Airport Police", "LAWA"),
    ("ANIMAL", "Animal Services", None),
    ("LADBS", "Building and Safety", None),
    ("CANNABIS", "Cannabis Regulation", None),
    ("CAO", "City Administrative Officer", None),
    ("ATTY", "City Attorney", None),
    ("CLERK", "City Clerk", None),
    ("PLAN", "City Planning", None),
    ("CIVIL", "Civil, Human Rights and Equity", None),
    ("CIFD", "Community Investment for Families", None),
    ("CTRL", "Controller", None),
    ("CTD", "Convention and Tourism Development", None),
    ("DCA", "Cultural Affairs", None),
    ("DOD", "Department on Disability", None),
    ("EWDD", "Economic and Workforce Development", None),
    ("ELP", "El Pueblo de Los Angeles", None),
    ("EMD", "Emergency Management", None),
    ("ETHICS", "Ethics Commission", None),
    ("FIN", "Finance", None),
    ("LAFD", "Fire", None),
    ("GSD", "General Services", None),
    ("POLA", "Harbor (Port of Los Angeles)", None),
    ("PORTPD", "Port Police", "POLA"),
    ("LAHD", "Housing", None),
    ("ITA", "Information Technology Agency", None),
    ("LAPL", "Library", None),
    ("MAYOR", "Office of the Mayor", None),
    ("OIA", "Office of Immigrant Affairs", "MAYOR"),
    ("EMPOWER", "Neighborhood Empowerment", None),
    ("PER", "Personnel", None),
    ("LAPD", "Police", None),
    ("BPW", "Public Works", None),
    ("BCA", "Bureau of Contract Administration", "BPW"),
    ("BOE", "Bureau of Engineering", "BPW"),
    ("LASAN", "Bureau of Sanitation and Environment", "BPW"),
    ("BSL", "Bureau of Street Lighting", "BPW"),
    ("STREETS", "Bureau of Street Services (StreetsLA)", "BPW"),
    ("RAP", "Recreation and Parks", None),
    ("LADOT", "Transportation", None),
    ("LADWP", "Water and Power", None),
    ("YDD", "Youth Development", None),
    ("ZOO", "Los Angeles Zoo", None),
]

SWORN_DEPARTMENTS = {
    "LAPD": "Police Officer II",
    "LAFD": "Firefighter III",
    "LAXPD": "Airport Police Officer II",
    "PORTPD": "Port Police Officer II",
}
# Civilian job classes by department, as the City's class titles run (a bureau
# with no list of its own takes its parent's, then the general office classes).
# Quiz audiences name some of these exactly (quizzes/content/*.yaml), so a
# renamed class here must be renamed there too.
OFFICE_JOBS = [
    "Management Analyst",
    "Senior Administrative Clerk",
    "Accounting Clerk",
    "Office Trainee",
]
CIVILIAN_JOBS = {
    "LAPD": ["Detention Officer", "Police Service Representative", *OFFICE_JOBS[:2]],
    "LAFD": ["Management Analyst", "Senior Administrative Clerk"],
    "LAXPD": ["Security Officer", "Senior Administrative Clerk"],
    "PORTPD": ["Security Officer", "Senior Administrative Clerk"],
    "LAWA": ["Airport Guide", "Airport Superintendent of Operations", *OFFICE_JOBS[:2]],
    "POLA": ["Wharfinger", "Port Electrical Mechanic", *OFFICE_JOBS[:2]],
    "ITA": [
        "Communications Information Representative",
        "Systems Analyst",
        "Database Architect",
        "Programmer Analyst",
    ],
    "PER": [
        "Personnel Analyst",
        "Senior Personnel Analyst",
        "Personnel Records Supervisor",
    ],
    "LAPL": [
        "Librarian",
        "Senior Librarian",
        "Library Assistant",
        "Library Clerical Assistant",
    ],
    "RAP": ["Recreation Assistant", "Recreation Coordinator", "Gardener Caretaker"],
    "LADBS": [
        "Building Inspector",
        "Building Mechanical Inspector",
        "Senior Administrative Clerk",
    ],
    "LAHD": ["Housing Inspector", "Management Analyst", "Senior Administrative Clerk"],
    "ANIMAL": ["Animal Control Officer", "Animal Care Technician"],
    "BPW": ["Management Analyst", "Senior Administrative Clerk"],
    "BOE": ["Civil Engineer", "Civil Engineering Associate"],
    "LASAN": [
        "Refuse Collection Truck Operator",
        "Maintenance Laborer",
        "Environmental Compliance Inspector",
    ],
    "STREETS": [
        "Maintenance Laborer",
        "Equipment Operator",
        "Street Services Investigator",
    ],
    "BSL": ["Street Lighting Electrician", "Civil Engineering Associate"],
    "BCA": ["Construction Inspector", "Management Analyst"],
    "LADOT": ["Traffic Officer", "Transportation Engineer", "Management Analyst"],
    "LADWP": [
        "Customer Service Representative",
        "Electrical Distribution Mechanic",
        "Systems Analyst",
    ],
    "EMD": ["Emergency Management Coordinator", "Management Analyst"],
    "FIN": ["Tax Compliance Officer", "Accounting Clerk"],
    "CTRL": ["Internal Auditor", "Accountant"],
    "CAO": ["Administrative Analyst"],
    "ATTY": ["Deputy City Attorney", "Legal Secretary"],
    "CIFD": ["Management Analyst", "Community Program Assistant"],
    "AGING": ["Management Analyst", "Community Program Assistant"],
    "EWDD": ["Management Analyst", "Community Program Assistant"],
    "YDD": ["Community Program Assistant", "Management Analyst"],
    "GSD": ["Custodian", "Equipment Mechanic"],
    "ZOO": ["Animal Keeper", "Gardener Caretaker"],
    "DCA": ["Arts Manager", "Management Analyst"],
    "MAYOR": ["Public Relations Specialist", "Management Analyst"],
}


def civilian_jobs(code):
    """The civilian job classes a demo employee of department ``code`` may hold."""
    parents = {c: parent for c, _name, parent in DEPARTMENTS}
    while code is not None:
        if code in CIVILIAN_JOBS:
            return CIVILIAN_JOBS[code]
        code = parents[code]
    return OFFICE_JOBS


FIRST_NAMES = [
    "Alex",
    "Jordan",
    "Sam",
    "Taylor",
    "Morgan",
    "Casey",
    "Riley",
    "Avery",
    "Quinn",
    "Jamie",
    "Robin",
    "Drew",
    "Cameron",
    "Reese",
    "Harper",
    "Rowan",
    "Sky",
    "Elliot",
    "Dana",
    "Kerry",
    "Lee",
    "Noel",
    "Parker",
    "Shawn",
    "Terry",
    "Blake",
    "Emery",
]
LAST_NAMES = [
    "Abbott",
    "Baker",
    "Carver",
    "Dalton",
    "Ellis",
    "Fleming",
    "Garner",
    "Hale",
    "Irwin",
    "Jensen",
    "Keller",
    "Lowry",
    "Mercer",
    "Nolan",
    "Oakley",
    "Porter",
    "Quill",
    "Ramsey",
    "Sawyer",
    "Thorne",
    "Upton",
    "Vance",
    "Walsh",
    "Yates",
    "Zeller",
]

ROSTER_HEADER = [
    "employee_number",
    "first_name",
    "last_name",
    "work_email",
    "department_code",
    "manager_employee_number",
    "job_class",
    "sworn",
    "hire_date",
]

# Demo employees that the demo logins are attached to.
DEMO_LEARNER_NUMBER = "D000001"
DEMO_MANAGER_NUMBER = "D000002"
DEMO_TRAINER_NUMBER = "D000003"
DEMO_DEPARTMENT = "LAPL"


def demo_roster_rows(size=300, seed=20170321):
    """Rows of a synthetic roster: a manager per department and staff below."""
    rng = random.Random(seed)
    rows = []
    heads = {}

    def person(number, dept, manager, job, sworn):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        hired = date(2026, 1, 1) - timedelta(days=rng.randint(30, 9000))
        return {
            "employee_number": number,
            "first_name": first,
            "last_name": last,
            "work_email": f"{first}.{last}.{number}@lacity.example".lower(),
            "department_code": dept,
            "manager_employee_number": manager or "",
            "job_class": job,
            "sworn": "true" if sworn else "false",
            "hire_date": hired.isoformat(),
        }

    # The demo manager heads the Library; the demo learner and trainer report there.
    rows.append(
        person(DEMO_MANAGER_NUMBER, DEMO_DEPARTMENT, None, "Principal Librarian", False)
    )
    rows.append(
        person(
            DEMO_LEARNER_NUMBER,
            DEMO_DEPARTMENT,
            DEMO_MANAGER_NUMBER,
            "Librarian",
            False,
        )
    )
    rows.append(person(DEMO_TRAINER_NUMBER, "PER", None, "Personnel Analyst", False))
    heads[DEMO_DEPARTMENT] = DEMO_MANAGER_NUMBER

    counter = 100
    for code, _name, _parent in DEPARTMENTS:
        if code in heads:
            continue
        counter += 1
        number = f"E{counter:06d}"
        rows.append(person(number, code, None, "Department Manager", False))
        heads[code] = number
    codes = [code for code, _n, _p in DEPARTMENTS]
    # Police and Fire are the largest; the Library (the demo manager's team) is
    # big enough to show a team's range of progress; ITA holds the 311 center.
    busy = {"LAPD": 8, "LAFD": 8, "LAPL": 4, "LADWP": 3, "RAP": 3, "ITA": 3}
    weights = [busy.get(c, 2 if c in ("LAXPD", "PORTPD") else 1) for c in codes]
    civilians = dict.fromkeys(codes, 0)
    while len(rows) < size:
        counter += 1
        code = rng.choices(codes, weights)[0]
        sworn_job = SWORN_DEPARTMENTS.get(code)
        sworn = bool(sworn_job) and rng.random() < 0.8
        if sworn:
            job = sworn_job
        else:
            # A department's first civilians hold each of its classes in turn, so
            # every class (and the quiz items meant for it) has someone in the demo.
            jobs = civilian_jobs(code)
            taken = civilians[code]
            job = jobs[taken] if taken < len(jobs) else rng.choice(jobs)
            civilians[code] += 1
        rows.append(person(f"E{counter:06d}", code, heads[code], job, sworn))
    return rows


def rows_to_csv(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ROSTER_HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
