"""Tests of the engine: a package, so that module names may repeat those of other layers."""
