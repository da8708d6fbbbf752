"""Scenario analysis on top of the engine: comparisons, sensitivity, value of information, most
likely futures, explanations and scenario files with expectations. Pure computation: nothing
here prints or exits."""
