"""Helpers for end-to-end tests: build a mixed input folder, run the CLI entry, read tables back."""

from __future__ import annotations

import gzip
import io
import shutil
from pathlib import Path

import pyarrow.dataset as ds
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipelines import ingest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "samples" / "msn-mexico-us-security.txt"

GOOD_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Storm closes mountain passes | Daily Ledger</title>
<link rel="canonical" href="https://ledger.example/news/storm-closes-passes">
<meta property="article:published_time" content="2026-11-25T14:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Storm closes mountain passes</h1>
<p>DENVER (AP) — A fast-moving winter storm closed three mountain passes on Tuesday, stranding hundreds of travelers
who had set out early for the holiday weekend, state transportation officials said.</p>
<p>Crews worked through the night to clear snow drifts that reached six feet in places, and officials urged drivers to
delay trips until the roads were declared safe again on Wednesday afternoon.</p>
<p>Forecasters said a second, weaker system could bring more snow to the high country by the end of the week, though
lower elevations were expected to see mostly rain and gusty winds.</p>
</article><footer>© Daily Ledger</footer></body></html>"""

WRONG_CHARSET_HTML = """<html><head><meta charset="utf-8"><title>Fête</title></head><body><article>
<h1>La fête du village attire des milliers de visiteurs</h1>
<p>Des milliers de visiteurs sont venus samedi pour la fête annuelle du village, où les producteurs locaux ont présenté
leurs fromages, leurs vins et leurs pâtisseries sous un soleil d'automne très agréable.</p>
<p>Le maire a déclaré que l'édition de cette année était la plus réussie depuis sa création il y a trente ans, et il a
remercié les bénévoles qui ont préparé les stands pendant toute la semaine.</p>
</article></body></html>"""


def make_warc(records) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for i, (uri, content_type, body) in enumerate(records):
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={
                    "WARC-Date": "2026-11-26T03:04:05Z",
                    "WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-00000000000{i}>",
                },
            )
        )
    return out.getvalue()


def mixed_folder(root: Path) -> dict[str, str]:
    """Good pages mixed with bad ones. Returns {file name: expected outcome} ("ok" or an error reason)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, root / "seed.txt")
    (root / "good.html").write_text(GOOD_HTML, encoding="utf-8")
    (root / "good.html.meta.json").write_text(
        '{"url": "https://ledger.example/news/storm-closes-passes", "fetched_at": "2026-11-26T06:00:00Z"}'
    )
    (root / "good-copy.html.gz").write_bytes(gzip.compress(GOOD_HTML.encode("utf-8"), mtime=0))
    (root / "wrong-charset.html").write_bytes(WRONG_CHARSET_HTML.encode("cp1252"))
    (root / "empty.html").write_bytes(b"")
    (root / "binary.html").write_bytes(bytes(range(256)) * 16)
    (root / "truncated.html.gz").write_bytes(gzip.compress(GOOD_HTML.encode("utf-8"), mtime=0)[:200])
    (root / "bad-sidecar.html").write_text(GOOD_HTML, encoding="utf-8")
    (root / "bad-sidecar.html.meta.json").write_text('{"url": "ftp://ledger.example/x"}')
    (root / "crawl.warc.gz").write_bytes(
        make_warc(
            [
                ("https://ledger.example/a", "text/html; charset=utf-8", GOOD_HTML.encode("utf-8")),
                ("https://ledger.example/logo.png", "image/png", b"\x89PNG\r\n"),
                ("https://ledger.example/b", "text/html", WRONG_CHARSET_HTML.encode("utf-8")),
            ]
        )
    )
    (root / "notes.md").write_text("not a page: skipped, not an input")
    return {
        "seed.txt": "ok",
        "good.html": "ok",
        "good-copy.html.gz": "ok",
        "wrong-charset.html": "ok",
        "empty.html": "empty",
        "binary.html": "binary",
        "truncated.html.gz": "truncated_gzip",
        "bad-sidecar.html": "bad_sidecar_url",
        "crawl.warc.gz#urn:uuid:00000000-0000-0000-0000-000000000000": "ok",
        "crawl.warc.gz#urn:uuid:00000000-0000-0000-0000-000000000002": "ok",
    }


def run(input_path: str, output_path: str, *extra: str) -> dict:
    return ingest.run(
        ["--input", input_path, "--output", output_path, "--ingest_date", "2026-11-26", "--no_progress",
         "--runner", "FnApiRunner", *extra]
    )


def read_table(output: Path, table: str):
    return ds.dataset(str(output / table), format="parquet", partitioning="hive").to_table()


def files_under(path: Path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in path.rglob("*") if p.is_file())
