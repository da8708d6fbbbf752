"""The in-memory model: variables, states, parents, CPT arrays, sources and the graph
algorithms on it. Reading and writing model files is :mod:`scenarios.io`'s job."""

from scenarios.model.schema import ROLES, Basis, Model, Source, Variable

__all__ = ["ROLES", "Basis", "Model", "Source", "Variable"]
