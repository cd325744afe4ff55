"""Start Ralph LRS (5.1.0) with its file-system backend, fixed to append.

Ralph's fs backend creates its statements file on every write, so every write
after the first fails ("already exists"). Appending is what an LRS file needs,
so this wrapper makes APPEND the backend's default operation before starting
uvicorn. Run it with Ralph's own interpreter (``.ralph/venv/bin/python``):

    RALPH_RUNSERVER_BACKEND=fs \\
    RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH=/tmp/lrs \\
    RALPH_AUTH_FILE=/tmp/lrs/auth.json \\
    .ralph/venv/bin/python scripts/ralph/serve.py --port 8100
"""

import argparse

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.data.fs import FSDataBackend


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    args = parser.parse_args()
    FSDataBackend.default_operation_type = BaseOperationType.APPEND
    uvicorn.run("ralph.api:app", host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
