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
CIVILIAN_JOBS = [
    "Management Analyst",
    "Senior Administrative Clerk",
    "Accounting Clerk",
    "Systems Analyst",
    "Librarian",
    "Recreation Assistant",
    "Civil Engineer",
    "Building Inspector",
    "Customer Service Representative",
    "Custodian",
    "Equipment Operator",
    "Public Relations Specialist",
    "Office Trainee",
]
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
    weights = [
        8 if c in ("LAPD", "LAFD") else 3 if c in ("LADWP", "LAPL", "RAP") else 1
        for c in codes
    ]
    while len(rows) < size:
        counter += 1
        code = rng.choices(codes, weights)[0]
        sworn_job = SWORN_DEPARTMENTS.get(code)
        sworn = bool(sworn_job) and rng.random() < 0.8
        job = sworn_job if sworn else rng.choice(CIVILIAN_JOBS)
        rows.append(person(f"E{counter:06d}", code, heads[code], job, sworn))
    return rows


def rows_to_csv(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ROSTER_HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
