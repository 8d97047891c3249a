"""Writes for risk: recompute assessments, publish levels, decide overrides, change rule set parameters."""
