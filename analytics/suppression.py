"""Small-cell suppression that totals and differences cannot undo.

A published table is a set of cells (counts of people), some of which are
sums of others: a row's "assigned" is the sum of its statuses, a City total
the sum of its departments, a running total last month's plus this month's.
Each such fact is an *equation* ``total = sum(parts)``. A reader who sees the
visible cells and knows the equations may solve for a hidden one, so hiding
the small cells alone is not enough.

:func:`suppress` hides, until none of these holds any more:

1. every count of 1 to 4 people (a 0 singles nobody out and stays);
2. a status count equal to its group's total (all five people of a
   department "not started", or everyone finished): it tells each member's
   status;
3. in an equation with exactly one hidden cell, the smallest visible one
   (otherwise the hidden one is the total minus the rest); a 0 will do, as
   the reader no longer knows it is 0;
4. any protected cell (from rules 1 and 2) that the whole system of
   equations still determines
   (linear algebra over every equation at once, which catches what no single
   equation shows, e.g. a chain of row and column differences), and any
   protected cell pinned by the bounds the equations put on it (people are
   never fewer than 0): one more visible cell of an equation it is in. A
   complement itself may be worked out (say a 0 under a total of 0): it
   tells nothing about anyone.

Cells are plain integers in a flat array; callers map their tables onto it.
"""

from collections import defaultdict

import numpy as np

SMALL_CELL = 5
EPSILON = 1e-9
SWEEPS = 5  # of the bounds; a pinned cell shows in one or two

Equation = tuple[int, list[int]]  # (total cell, part cells)


def suppress(
    values,
    equations: list[Equation],
    threshold: int = SMALL_CELL,
    cost=None,
    derived=(),
    partitions=None,
):
    """The cells to hide (a boolean array like ``values``).

    ``cost`` ranks the cells a complement may take: the cheapest first, then
    the smallest (so a department's cell goes before a City total); a cell of
    infinite cost is never picked (one the page does not show, such as a
    month's new finishers, which only its two running totals can hide).
    ``derived`` lists such unshown cells with the cells they are worked out
    from: one is known only while all of those are visible. ``partitions``
    are the equations that split a group of people by status, where a part
    equal to the total tells each member's status (rule 2); by default all.
    """
    values = np.asarray(values, dtype=float)
    cost = np.zeros(len(values)) if cost is None else np.asarray(cost, dtype=float)
    hidden = (values > 0) & (values < threshold)
    # The cells to protect: the small ones and any whole group's. A cell
    # hidden only as a complement may be worked out (often it is a 0 that a
    # total of 0 gives away) as long as no protected cell follows from it.
    sensitive = hidden.copy()
    pick = _Picker(values, cost)
    containing = defaultdict(list)
    for number, (total, parts) in enumerate(equations):
        for cell in (total, *parts):
            containing[cell].append(number)
    while True:
        _complement(pick, hidden, equations, derived, partitions, sensitive)
        exposed = [
            cell for cell in recoverable(values, hidden, equations) if sensitive[cell]
        ]
        if not exposed:
            return hidden
        progress = False
        for cell in exposed:
            progress |= _hide_near(pick, hidden, equations, containing, cell)
        if not progress:
            return hidden  # everything near is hidden already


class _Picker:
    """Chooses the complement: cheapest, then smallest, then first."""

    def __init__(self, values, cost):
        self.values, self.cost = values, cost

    def __call__(self, cells):
        usable = [cell for cell in cells if np.isfinite(self.cost[cell])]
        if not usable:
            return None
        return min(usable, key=lambda c: (self.cost[c], self.values[c], c))


def _complement(
    pick, hidden, equations, derived=(), partitions=None, sensitive=None
) -> None:
    """Rules 2 and 3, equation by equation, until nothing changes."""
    values = pick.values
    changed = True
    while changed:
        changed = False
        for cell, sources in derived:
            hidden[cell] |= any(hidden[source] for source in sources)
        for number, (total, parts) in enumerate(equations):
            members = [total, *parts]
            unknown = [cell for cell in members if hidden[cell]]
            whole = [
                cell
                for cell in parts
                if (partitions is None or number in partitions)
                and not hidden[total]
                and values[total] > 0
                and not hidden[cell]
                and values[cell] == values[total]
            ]
            if whole:
                candidates = whole
                if sensitive is not None:
                    sensitive[whole] = True
            elif len(unknown) == 1:
                candidates = [cell for cell in members if not hidden[cell]]
            else:
                continue
            chosen = pick(candidates)
            if chosen is not None:
                hidden[chosen] = True
                changed = True


def _hide_near(pick, hidden, equations, containing, cell) -> bool:
    """Hide the smallest visible cell of an equation with ``cell`` in it, or
    failing that (all hidden) of the equations one hidden cell further, and
    so on: the nearest visible cell that takes part in the same system."""
    seen, frontier = {cell}, [cell]
    while frontier:
        near = {
            m for c in frontier for n in containing[c] for m in _members(equations[n])
        }
        chosen = pick([m for m in near if not hidden[m]])
        if chosen is not None:
            hidden[chosen] = True
            return True
        frontier = [m for m in near if m not in seen]
        seen.update(frontier)
    return False


def _members(equation):
    total, parts = equation
    return (total, *parts)


def recoverable(values, hidden, equations: list[Equation]) -> list[int]:
    """Hidden cells a reader can work out from the visible ones (rule 4)."""
    return sorted(
        set(_linearly_determined(hidden, equations))
        | set(_pinned_by_bounds(values, hidden, equations))
    )


def _hidden_terms(hidden, equations):
    """Each equation as (hidden cells with their signs, the visible remainder)."""
    for total, parts in equations:
        terms = [(cell, -1) for cell in parts if hidden[cell]]
        if hidden[total]:
            terms.append((total, 1))
        if terms:
            yield terms, (total, parts)


def _linearly_determined(hidden, equations) -> list[int]:
    """Hidden cells fixed by the equations alone.

    Gauss-Jordan elimination over the hidden cells: in the reduced system, a
    cell is determined when its pivot row holds no other cell. Coefficients
    start as 1 and -1 and stay small, so floats with a tolerance suffice.
    Each connected group of hidden cells is reduced on its own, with sparse
    rows (dictionaries).
    """
    rows = [terms for terms, _ in _hidden_terms(hidden, equations)]
    determined = []
    for _cells, group_rows in _connected(rows):
        pivots = {}
        for terms in group_rows:
            row = defaultdict(float)
            for cell, sign in terms:
                row[cell] += sign
            for cell in [c for c in row if c in pivots]:
                factor = row.get(cell, 0)
                if factor:
                    for other, value in pivots[cell].items():
                        row[other] -= factor * value
            row = {cell: value for cell, value in row.items() if abs(value) > EPSILON}
            if not row:
                continue
            pivot = max(row, key=lambda cell: abs(row[cell]))
            scale = row[pivot]
            row = {cell: value / scale for cell, value in row.items()}
            for other_row in pivots.values():
                factor = other_row.get(pivot)
                if factor:
                    for cell, value in row.items():
                        other_row[cell] = other_row.get(cell, 0) - factor * value
                        if abs(other_row[cell]) <= EPSILON:
                            del other_row[cell]
            pivots[pivot] = row
        determined += [cell for cell, row in pivots.items() if len(row) == 1]
    return determined


def _connected(rows):
    """Split equations (lists of (cell, sign)) into groups sharing no cell."""
    parent = {}

    def find(cell):
        while parent.setdefault(cell, cell) != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    for terms in rows:
        first = find(terms[0][0])
        for cell, _ in terms[1:]:
            parent[find(cell)] = first
    groups = defaultdict(lambda: ([], []))
    for terms in rows:
        groups[find(terms[0][0])][1].append(terms)
    for cell in list(parent):
        groups[find(cell)][0].append(cell)
    return list(groups.values())


def _pinned_by_bounds(values, hidden, equations) -> list[int]:
    """Hidden cells whose lowest and highest possible values meet.

    Every hidden cell is at least 0; each equation bounds each of its hidden
    cells by the others' bounds, repeated until the bounds stop moving (at
    most SWEEPS times). Worked on a dense equations x hidden cells matrix.
    """
    cells = np.flatnonzero(hidden)
    if not len(cells):
        return []
    column = {int(cell): k for k, cell in enumerate(cells)}
    system = list(_hidden_terms(hidden, equations))
    signs = np.zeros((len(system), len(cells)))
    rest = np.zeros(len(system))
    for r, (terms, (total, parts)) in enumerate(system):
        for cell, sign in terms:
            signs[r, column[cell]] += sign
        # sum(sign * cell) over the hidden cells = visible parts - visible total
        rest[r] = sum(values[cell] for cell in parts if not hidden[cell]) - (
            0 if hidden[total] else values[total]
        )
    low, high = np.zeros(len(cells)), np.full(len(cells), np.inf)
    up, down = signs > 0, signs < 0
    with np.errstate(invalid="ignore", divide="ignore"):
        for _ in range(SWEEPS):
            # The range of each term sign * cell.
            term_low = np.where(up, signs * low, np.where(down, signs * high, 0))
            term_high = np.where(up, signs * high, np.where(down, signs * low, 0))
            others_low = _others(term_low, -np.inf)
            others_high = _others(term_high, np.inf)
            # sign * cell = rest - (the other terms)
            a = rest[:, None] - others_high
            b = rest[:, None] - others_low
            new_low = np.where(up, a / signs, np.where(down, b / signs, -np.inf))
            new_high = np.where(up, b / signs, np.where(down, a / signs, np.inf))
            new_low, new_high = new_low.max(axis=0), new_high.min(axis=0)
            moved = (new_low > low + EPSILON).any() or (new_high < high - EPSILON).any()
            low, high = np.maximum(low, new_low), np.minimum(high, new_high)
            if not moved:
                break
    return [int(cell) for cell in cells[high - low < 0.5]]


def _others(terms, infinity):
    """For each term, the sum of the other terms of its equation."""
    finite = np.isfinite(terms)
    total = np.where(finite, terms, 0).sum(axis=1, keepdims=True)
    infinite = (~finite).sum(axis=1, keepdims=True)
    return np.where(
        infinite - ~finite > 0, infinity, total - np.where(finite, terms, 0)
    )
