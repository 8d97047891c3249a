"""Tests of the pure-Python risk engine (risk/engine): plain pytest, no database."""
