"""Graph algorithms on a parents mapping ``{node: [parent, ...]}``.

Example:
    >>> find_cycle({"a": ["c"], "b": ["a"], "c": ["b"]})
    ['a', 'c', 'b', 'a']
    >>> topological_order({"b": ["a"], "a": []})
    ['a', 'b']
    >>> shortest_route({"a": [], "b": ["a"], "c": ["b"], "d": ["c"]}, "d", "a")
    ['d', 'c', 'b', 'a']
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence


def find_cycle(parents: Mapping[str, Sequence[str]]) -> list[str] | None:
    """One directed cycle as ``[x, parent-of-x, ..., x]``, or None if the graph is acyclic."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    for start in parents:
        if state.get(start):
            continue
        path: list[str] = [start]
        stack = [iter(parents.get(start, ()))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            elif not state.get(nxt) and nxt in parents:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(parents[nxt]))
    return None


def topological_order(parents: Mapping[str, Sequence[str]]) -> list[str]:
    """Nodes with every parent before its children, ties kept in the mapping's order."""
    placed: set[str] = set()
    order: list[str] = []
    remaining = list(parents)
    while remaining:
        ready = [n for n in remaining if all(p in placed for p in parents[n])]
        if not ready:
            raise ValueError("graph has a cycle")
        order.extend(ready)
        placed.update(ready)
        remaining = [n for n in remaining if n not in placed]
    return order


def ancestors(parents: Mapping[str, Sequence[str]], nodes: Iterable[str]) -> set[str]:
    """``nodes`` together with all their ancestors."""
    seen: set[str] = set()
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(parents[node])
    return seen


def descendants(parents: Mapping[str, Sequence[str]], node: str) -> set[str]:
    """Every node below ``node`` (not itself).

    >>> sorted(descendants({"a": [], "b": ["a"], "c": ["b"], "d": []}, "a"))
    ['b', 'c']
    """
    children: dict[str, list[str]] = {n: [] for n in parents}
    for child, ps in parents.items():
        for parent in ps:
            children[parent].append(child)
    return ancestors(children, children[node])


def shortest_route(parents: Mapping[str, Sequence[str]], start: str, goal: str) -> list[str] | None:
    """A shortest path from ``start`` to ``goal`` along edges taken in either direction
    (nodes in order), or None if they are not connected. Ties go to the mapping's order."""
    neighbours: dict[str, list[str]] = {node: [] for node in parents}
    for child, its_parents in parents.items():
        for parent in its_parents:
            neighbours[parent].append(child)
            neighbours[child].append(parent)
    came_from: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            route = [node]
            while came_from[route[-1]] is not None:
                route.append(came_from[route[-1]])  # type: ignore[arg-type]
            return route[::-1]
        for nxt in neighbours.get(node, ()):
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    return None
