"""wire-ingest: ingestion of wire-service news pages with Apache Beam.

Installed by `pip install .`, by the Makefile's venv and by Dataflow workers
through `--setup_file ./setup.py`; site profiles and run profiles ship as
package data so workers never read a checkout's configs/.
"""

from setuptools import setup

setup(
    name="wire-ingest",
    version="0.1.0",
    description="Apache Beam pipeline: syndicated wire-news pages -> clean, deduplicated Parquet",
    python_requires=">=3.11",
    packages=["wire", "wire.split", "transforms", "pipelines", "configs"],
    package_data={"configs": ["*.yaml", "sites/*.yaml"]},
    install_requires=[
        "apache-beam[gcp]>=2.77,<2.78",
        "beautifulsoup4>=4.12",
        "lxml>=5.2",
        "lxml-html-clean>=0.4",
        "selectolax>=1.0",
        "langdetect==1.0.9",
        "py3langid==0.4.0",  # DetectLanguage's score calibration depends on 0.4.0's normalisation
        "ftfy>=6.3,<7",
        "wordfreq>=3.1,<4",
        "charset-normalizer>=3.3",
        "datasketch>=1.6",
        "rensa==0.5.0",  # MinHash: 28x faster than datasketch here, same signatures in every process
        "warcio>=1.7",
        "google-cloud-storage>=2.18",
        "pyarrow>=14",
        "pyyaml>=6",
        "jsonschema>=4.20",
    ],
    extras_require={
        "test": [
            "pytest>=8",
            "hypothesis>=6.100",
            "duckdb>=1.1",
            "gcp-storage-emulator>=2024.8",
            "psutil>=5.9",
        ],
        "bench": ["trafilatura>=2.0", "matplotlib>=3.8", "psutil>=5.9"],
    },
    entry_points={"console_scripts": ["wire-ingest=pipelines.cli:main"]},
)
