"""Beam wrappers: one module per stage, each a composite PTransform over thin DoFns."""
