"""Build samples/crawl-20261126.warc.gz: one crawl batch as a WARC file.

Records, in order:
  1. request  GET https://www.reuters.com/markets/commodities/copper-hits-two-month-high-...
  2. response the Reuters page (wire story, "LONDON, Nov 26 (Reuters) -" dateline)
  3. response a local newspaper page (non-wire staff story, no dateline)

Deterministic: fixed WARC-Date and WARC-Record-ID values, no warcinfo record, and
warcio's per-record gzip members carry no timestamp, so a rerun writes the same bytes.
Run: `python samples/make_warc.py`.
"""

from __future__ import annotations

import sys
from html import escape
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # keep samples/ free of __pycache__ (it is the pipeline's input)
sys.path.insert(0, str(HERE))
import stories as S  # noqa: E402

OUT = HERE / "crawl-20261126.warc.gz"
REUTERS_URL = "https://www.reuters.com/markets/commodities/copper-hits-two-month-high-chilean-mine-strike-drags-2026-11-26/"
LOCAL_URL = "https://www.cedarvalleygazette.com/news/local/city-council-approves-new-splash-pad-for-riverside-park/article_5e1a9c42-7b3d-5f08-a6c1-2d4e8f9b0a17.html"


def t(s: str) -> str:
    return escape(s, quote=False)


def reuters_page() -> str:
    paras = "\n".join(
        f'<div data-testid="paragraph-{i}" class="text__text__1FZLe text__dark-grey__3Ml43 text__regular__2N1Xr text__small__1kGq2 body__full_width__ekUdw body__small_body__2vQyf article-body__paragraph__2-BtD">{t(p)}</div>'
        for i, p in enumerate(S.R_PARAGRAPHS)
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{t(S.R_HEADLINE)} | Reuters</title>
<meta name="description" content="{escape(S.R_PARAGRAPHS[0], quote=True)}">
<meta property="og:title" content="{escape(S.R_HEADLINE, quote=True)}">
<meta property="og:type" content="article">
<meta property="og:url" content="{REUTERS_URL}">
<meta property="og:site_name" content="Reuters">
<meta name="article:published_time" content="{S.R_PUBLISHED}">
<meta name="analyticsAttributes.contentChannel" content="Commodities">
<link rel="canonical" href="{REUTERS_URL}">
<script type="application/ld+json">{{"@context":"http://schema.org","@type":"NewsArticle","headline":"{S.R_HEADLINE}","datePublished":"{S.R_PUBLISHED}","author":[{{"@type":"Person","name":"Hannah Wexford"}}],"publisher":{{"@type":"Organization","name":"Reuters"}},"url":"{REUTERS_URL}"}}</script>
</head>
<body>
<div id="fusion-app">
<header class="site-header__container__3sxnX" data-testid="Header"><a class="site-header__logo__3xC0v" href="/" aria-label="Reuters home">Reuters</a>
<nav class="nav-bar__nav__1gMQZ"><ul><li><a href="/world/">World</a></li><li><a href="/business/">Business</a></li><li><a href="/markets/">Markets</a></li><li><a href="/sustainability/">Sustainability</a></li><li><a href="/legal/">Legal</a></li><li><a href="/technology/">Technology</a></li></ul></nav></header>
<main id="main-content" class="regular-article-layout__main__1tyZq">
<article class="article__container__2bxZS">
<header class="article-header__header__1vNVx"><nav class="article-header__breadcrumb"><a href="/markets/">Markets</a> <a href="/markets/commodities/">Commodities</a></nav>
<h1 data-testid="Heading" class="text__text__1FZLe text__dark-grey__3Ml43 text__medium__1kbOh text__heading_2__1K_hh heading__base__2T28j heading__heading_2__3Fcw5">{t(S.R_HEADLINE)}</h1>
<div class="article-header__meta__2sLsB"><div data-testid="AuthorByline" class="author-name-list__author_list__2B7IB">{t(S.R_BYLINE)}</div>
<time data-testid="Body" datetime="{S.R_PUBLISHED}" class="date-line__date__23Ge-">November 26, 2026 11:37 AM UTC</time></div></header>
<figure class="article-body__figure"><img alt="Copper cathodes are stacked at a warehouse" src="https://www.reuters.com/resizer/v2/COPPER2026.jpg?width=960"/><figcaption data-testid="Caption">Copper cathodes are stacked at a warehouse in Shanghai, China, in this file photo. REUTERS/Staff/File Photo</figcaption></figure>
<div class="article-body__content__17Yit">
{paras}
<p data-testid="Body" class="sign-off__text">{t(S.R_TRAILER)}</p>
</div>
<div class="trust-badge"><span>Our Standards: </span><a href="https://www.thomsonreuters.com/en/about-us/trust-principles.html">The Thomson Reuters Trust Principles.</a></div>
</article>
<aside class="read-next"><h2>Read Next</h2><ul><li><a href="/markets/commodities/oil-steady-2026-11-26/">Oil steady as traders weigh OPEC+ output plans</a></li><li><a href="/markets/commodities/gold-eases-2026-11-26/">Gold eases as dollar firms</a></li></ul></aside>
</main>
<footer class="site-footer"><ul><li><a href="/info-pages/terms-of-use/">Terms of Use</a></li><li><a href="/info-pages/privacy-policy/">Privacy</a></li></ul><p>All quotes delayed a minimum of 15 minutes. &#169; 2026 Reuters. All rights reserved</p></footer>
</div>
</body>
</html>
"""


def local_page() -> str:
    body = "\n".join(f"<p>{t(p)}</p>" for p in S.L_PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{t(S.L_HEADLINE)} | Cedar Valley Gazette</title>
<meta name="description" content="{escape(S.L_PARAGRAPHS[0], quote=True)}">
<meta property="og:title" content="{escape(S.L_HEADLINE, quote=True)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Cedar Valley Gazette">
<meta property="article:published_time" content="{S.L_PUBLISHED}">
<link rel="canonical" href="{LOCAL_URL}">
</head>
<body class="asset-page asset-article">
<header id="site-header"><a class="site-logo" href="https://www.cedarvalleygazette.com/">Cedar Valley Gazette</a>
<nav id="main-nav" class="navbar"><ul class="nav navbar-nav"><li><a href="/news/">News</a></li><li><a href="/news/local/">Local</a></li><li><a href="/sports/">Sports</a></li><li><a href="/business/">Business</a></li><li><a href="/opinion/">Opinion</a></li><li><a href="/obituaries/">Obituaries</a></li><li><a href="/events/">Events</a></li><li><a href="/classifieds/">Classifieds</a></li></ul></nav>
<div class="subscribe-btn"><a href="/users/signup/">Subscribe</a> <a href="/users/login/">Log In</a></div></header>
<div id="main-page-container"><article class="asset" itemscope itemtype="http://schema.org/NewsArticle">
<header class="asset-header"><div class="kicker"><a href="/news/local/">Local</a></div>
<h1 class="headline"><span class="asset-headline" itemprop="headline">{t(S.L_HEADLINE)}</span></h1>
<ul class="list-inline asset-info"><li><span class="asset-byline">By </span><span itemprop="author">{t(S.L_BYLINE.split(' ', 1)[1])}</span></li>
<li><time class="asset-date" datetime="{S.L_PUBLISHED}" itemprop="datePublished">Nov 24, 2026</time></li></ul></header>
<div class="asset-content" itemprop="articleBody"><div id="article-body">
{body}
</div></div>
<div class="author-contact"><p>Contact Karen Lindqvist at klindqvist@cedarvalleygazette.com.</p></div>
</article>
<div id="comments" class="comments-section"><h3>Comments</h3><ul><li><span class="usr">riverside_mom</span><p>Finally! My kids have been asking for this for two summers.</p></li></ul></div>
</div>
<aside class="col-md-4 sidebar">
<div class="card most-popular"><h3 class="card-title">Most Popular</h3><ol>
<li><a href="/news/local/article_4a1e.html">Snow emergency declared ahead of weekend storm</a></li>
<li><a href="/sports/article_4a1f.html">Cedar Valley girls advance to state volleyball final</a></li>
<li><a href="/news/local/article_4a20.html">Library extends hours for winter break</a></li>
<li><a href="/news/local/article_4a21.html">County fair board names new director</a></li>
<li><a href="/obituaries/article_4a22.html">Obituaries for Nov. 24, 2026</a></li></ol></div>
<div class="card newsletter"><h3 class="card-title">Morning Headlines</h3><p>Get the day's top local stories in your inbox every morning.</p><form action="/newsletters/signup/" method="post"><input type="email" name="email" placeholder="Email address"><button type="submit">Sign up</button></form></div>
<div class="card weather"><h3 class="card-title">Weather</h3><p>Today: Cloudy, high 38. Tonight: Light snow, low 27.</p></div>
<div class="card e-edition"><h3 class="card-title">Today's e-Edition</h3><a href="/e-edition/"><img alt="Front page of today's print edition" src="/content/tncms/eedition/front.jpg" width="150"/></a><p><a href="/e-edition/">Read the print edition online</a></p></div>
</aside>
<footer id="site-footer"><div class="container">
<ul class="list-inline"><li><a href="/site/contact.html">Contact Us</a></li><li><a href="/site/advertise.html">Advertise</a></li><li><a href="/site/terms.html">Terms of Use</a></li><li><a href="/site/privacy.html">Privacy Policy</a></li><li><a href="/e-edition/">e-Edition</a></li><li><a href="/classifieds/">Classifieds</a></li></ul>
<p>&#169; Copyright 2026 Cedar Valley Gazette, 400 Main St., Cedar Valley, IA. All rights reserved. Powered by BLOX Content Management System from TownNews.com.</p></div></footer>
</body>
</html>
"""


def response(writer: WARCWriter, url: str, html: str, record_id: str, date: str, concurrent: str | None) -> None:
    body = html.encode("utf-8")
    http = StatusAndHeaders("200 OK", [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("Date", "Thu, 26 Nov 2026 %s GMT" % date[11:19]),
    ], protocol="HTTP/1.1")
    headers = {"WARC-Record-ID": record_id, "WARC-Date": date}
    if concurrent:
        headers["WARC-Concurrent-To"] = concurrent
    writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http,
                                                  warc_headers_dict=headers))


def main() -> None:
    req_id = "<urn:uuid:4f0c2b1e-8a3d-4e6f-9b27-1d5c3a7e9f01>"
    with OUT.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        request_http = StatusAndHeaders("GET /markets/commodities/copper-hits-two-month-high-chilean-mine-strike-drags-2026-11-26/ HTTP/1.1", [
            ("Host", "www.reuters.com"),
            ("User-Agent", "wire-ingest-crawler/0.1 (+https://example.org/crawler)"),
            ("Accept", "text/html,application/xhtml+xml"),
        ], is_http_request=True)
        writer.write_record(writer.create_warc_record(
            REUTERS_URL, "request", payload=BytesIO(b""), http_headers=request_http,
            warc_headers_dict={"WARC-Record-ID": req_id, "WARC-Date": "2026-11-26T07:02:11Z"}))
        response(writer, REUTERS_URL, reuters_page(), "<urn:uuid:4f0c2b1e-8a3d-4e6f-9b27-1d5c3a7e9f02>",
                 "2026-11-26T07:02:11Z", req_id)
        response(writer, LOCAL_URL, local_page(), "<urn:uuid:4f0c2b1e-8a3d-4e6f-9b27-1d5c3a7e9f03>",
                 "2026-11-26T07:03:45Z", None)


if __name__ == "__main__":
    main()
