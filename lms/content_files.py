"""Content as data: YAML files read with the line of every value.

Seeded courses, scenario banks and the policy registry live in YAML files under
each app's ``content/`` folder. Loaders read them with :func:`load` and report
every problem as ``file:line: problem`` through :class:`Problems`, so a trainer
editing a file sees exactly where it is wrong. Nothing is written while a file
has a problem.
"""

from pathlib import Path

import yaml

from lms.policy.citations import registry_map


class Mapping(dict):
    """A YAML mapping that remembers its own line and the line of each key."""

    line = 0
    lines: dict


class Sequence(list):
    """A YAML list that remembers its own line and the line of each item."""

    line = 0
    lines: list


class ContentError(Exception):
    """One or more ``file:line: problem`` messages."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class Problems:
    """Collects ``file:line: problem`` messages for one file."""

    def __init__(self, path):
        self.path = Path(path)
        self.messages = []

    def add(self, node, message, key=None):
        line = getattr(node, "line", 0)
        if key is not None and isinstance(node, Mapping):
            line = node.lines.get(key, line)
        elif key is not None and isinstance(node, Sequence):
            line = node.lines[key] if key < len(node.lines) else line
        self.messages.append(f"{_shown(self.path)}:{line}: {message}")

    def require(self, node, key, kind=str, message=None):
        """``node[key]`` if present and of type ``kind``; else a problem, None."""
        if not isinstance(node, Mapping):
            self.add(node, "expected a mapping of keys and values")
            return None
        if key not in node:
            self.add(node, message or f"missing “{key}”")
            return None
        return self.check_type(node, key, kind)

    def optional(self, node, key, kind=str, default=None):
        if not isinstance(node, Mapping) or key not in node:
            return default
        value = self.check_type(node, key, kind)
        return default if value is None else value

    def check_type(self, node, key, kind):
        value = node[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if bool in kinds and not isinstance(value, bool):
            self.add(node, f"“{key}” must be true or false", key)
            return None
        if not isinstance(value, kinds) or (
            isinstance(value, bool) and bool not in kinds
        ):
            names = " or ".join(_KIND_NAMES.get(k, k.__name__) for k in kinds)
            self.add(node, f"“{key}” must be {names}", key)
            return None
        if isinstance(value, str) and not value.strip():
            self.add(node, f"“{key}” is empty", key)
            return None
        return value

    def unknown_keys(self, node, allowed):
        if isinstance(node, Mapping):
            for key in node:
                if key not in allowed:
                    known = ", ".join(sorted(allowed))
                    self.add(node, f"unknown key “{key}” (known: {known})", key)

    def raise_if_any(self):
        if self.messages:
            raise ContentError(self.messages)


_KIND_NAMES = {
    str: "text",
    int: "a whole number",
    bool: "true or false",
    list: "a list",
    dict: "a mapping",
}


def _shown(path):
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load(path):
    """The file's data as :class:`Mapping` / :class:`Sequence` / scalars.

    A YAML syntax error, a duplicate key or an empty file is a
    :class:`ContentError` naming the line.
    """
    path = Path(path)
    problems = Problems(path)
    try:
        loader = yaml.SafeLoader(path.read_text(encoding="utf-8"))
        try:
            node = loader.get_single_node()
            if node is None:
                problems.messages.append(f"{_shown(path)}:1: the file is empty")
                problems.raise_if_any()
            data = _convert(node, loader, problems)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        raise ContentError(
            [f"{_shown(path)}:{line}: not valid YAML: {error.problem}"]
        ) from None
    problems.raise_if_any()
    return data


def _convert(node, loader, problems):
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result = Mapping()
        result.line, result.lines = line, {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key_line = key_node.start_mark.line + 1
            if key in result:
                problems.messages.append(
                    f"{_shown(problems.path)}:{key_line}: “{key}” appears twice"
                )
                continue
            result[key] = _convert(value_node, loader, problems)
            result.lines[key] = key_line
        return result
    if isinstance(node, yaml.SequenceNode):
        result = Sequence()
        result.line, result.lines = line, []
        for item in node.value:
            result.append(_convert(item, loader, problems))
            result.lines.append(item.start_mark.line + 1)
        return result
    return loader.construct_object(node, deep=True)


def read_all(loader):
    """Every spec a content loader reads, or :class:`ContentError` with every
    file's problems. ``loader`` offers ``files()`` and ``read(path, parts)``,
    where ``parts`` is the policy registry the specs cite."""
    parts = registry_map()
    specs, problems = [], []
    for path in loader.files():
        try:
            specs.append(loader.read(path, parts))
        except ContentError as error:
            problems += error.problems
    if problems:
        raise ContentError(problems)
    return specs
