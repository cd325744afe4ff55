"""Validate statements with Ralph's own xAPI model; run with Ralph's interpreter.

Reads a JSON list of statements on stdin and prints a JSON list with, for each
statement, null when valid or the validation error text.
"""

import json
import sys

from pydantic import ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement


def main():
    results = []
    for statement in json.load(sys.stdin):
        try:
            BaseXapiStatement.model_validate(statement)
        except ValidationError as error:
            results.append(str(error))
        else:
            results.append(None)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
