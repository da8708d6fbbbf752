"""The in-memory model: variables, states, parents, CPT arrays, sources, the fields they
carry (:mod:`scenarios.model.fields`, described once) and the graph algorithms on them; the
evidence, measures and expectations asked of a model. Reading and writing model files is
:mod:`scenarios.io`'s job."""
