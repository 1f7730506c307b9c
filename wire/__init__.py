"""wire: the Beam-free domain core of wire-ingest.

Pure functions and immutable records: decoding, page splitting, text repair,
language id, fingerprints. Nothing in this package imports apache_beam
(tests/test_layout.py holds that line).
"""

__version__ = "0.1.0"
