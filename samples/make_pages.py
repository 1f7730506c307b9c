"""Build the HTML sample pages in samples/ from the texts in stories.py.

Run from anywhere: `python samples/make_pages.py`. Output is deterministic
(fixed dates, gzip mtime 0), so rerunning leaves `git status` clean.
The seed copy and the WARC are made elsewhere: the seed is copied byte for byte
from ../shared/seed, the WARC by make_warc.py.

Chrome (nav, rails, footers, comments, class names, meta tags, JSON-LD) imitates
the real msn.com, Yahoo News, AOL, apnews.com and TownNews-style local-paper pages
in ../shared/data/aggregators, so site profiles written for those sites fit here.
"""

from __future__ import annotations

import gzip
import json
import shutil
import sys
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
# No __pycache__ inside samples/: the pipeline reads that folder as its input.
sys.dont_write_bytecode = True
sys.path.insert(0, str(HERE))
import stories as S  # noqa: E402

SEED = HERE.parent.parent / "shared" / "seed" / "msn-mexico-us-security.txt"
FETCHED = "2026-11-26"


def t(text: str) -> str:
    return escape(text, quote=False)


def a(text: str) -> str:
    return escape(text, quote=True)


def ld(obj: dict) -> str:
    return '<script type="application/ld+json">' + json.dumps(obj, ensure_ascii=False) + "</script>"


def news_ld(headline, url, published, authors, publisher, description, image=None, lang="en"):
    obj = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": published,
        "dateModified": published,
        "author": [{"@type": "Person", "name": n} for n in authors],
        "publisher": {"@type": "Organization", "name": publisher},
        "description": description,
        "inLanguage": lang,
    }
    if image:
        obj["image"] = [image]
    return ld(obj)


def byline_names(byline: str) -> list[str]:
    names = byline.split(" ", 1)[1]
    return [n.strip().title() for n in names.replace(" and ", ",").split(",") if n.strip()]


def sidecar(name: str, url: str, time: str, content_type: str = "text/html; charset=utf-8", extra=None):
    headers = {"content-type": content_type}
    headers.update(extra or {})
    meta = {"url": url, "fetched_at": f"{FETCHED}T{time}Z", "headers": headers}
    (HERE / f"{name}.meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- msn
CURRENT = ' class="current"'
MSN_NAV = ["Home", "News", "Weather", "Entertainment", "Sports", "Money", "Lifestyle", "Health", "Food &amp; Drink", "Travel", "Autos", "Video"]


def msn_page(*, headline, section, canonical, url, published, display_time, byline, description,
             body_html: str, more_from: list[tuple[str, str]], comments_html: str = "", data_id: str) -> str:
    nav = "".join(
        f'<li{CURRENT if n == "News" else ""}><a href="/en-us/{n.lower().split(" ")[0]}">{n}</a></li>'
        for n in MSN_NAV
    )
    rail = "".join(
        f'<li><a href="{a(h)}" target="_blank"><img alt="" height="66" width="88" src="//img-s-msn-com.akamaized.net/tenant/amp/entityid/{data_id}{i}.img?h=66&amp;w=88&amp;m=6&amp;q=60"/>'
        f'<div class="headline-container"><span class="truncate">{t(title)}</span>'
        f'<div class="regular-attribution-text attribution"><img alt="Associated Press Logo" height="16" width="16" src="//img-s-msn-com.akamaized.net/tenant/amp/entityid/AAb7Tqp.img"/> Associated Press</div></div></a></li>'
        for i, (title, h) in enumerate(more_from)
    )
    authors = byline_names(byline)
    return f"""<!DOCTYPE html>
<html lang="en-us" dir="ltr">
<head>
<meta charset="utf-8" />
<!-- data-info:v:20261125_31227810;a:{data_id};cn:21;PageName:articlePage;m:en-us;l:en-us;mu:en-us;ud:{{cid:{data_id},vk:news,n:ar,l:en-us,ck:newsus}};userOptOut:false -->
<meta name="application-name" content="{a(headline)}"/>
<meta name="Search.Interest" content="News"/><meta name="Search.Interest" content="{section}"/>
<meta name="robots" content="index, follow"/>
<link rel="canonical" href="{a(canonical)}" />
<title>{t(headline)}</title>
<meta name="description" content="{a(description)}"/>
<meta name="viewport" content="width=device-width,initial-scale=1, maximum-scale=1" />
<meta property="og:type" content="article"/>
<meta property="og:site_name" content="MSN"/>
<meta property="og:title" content="{a(headline)}"/>
<meta property="og:description" content="{a(description)}"/>
<meta property="og:url" content="{a(url)}"/>
<meta property="og:image" content="https://img-s-msn-com.akamaized.net/tenant/amp/entityid/{data_id}.img?h=630&amp;w=1200&amp;m=6&amp;q=60"/>
<meta name="twitter:card" content="summary_large_image"/>
<meta name="author" content="{a(', '.join(authors))}"/>
<meta name="publisher" content="Associated Press"/>
<meta name="firstpublisheddate" content="{published}"/>
<link rel="stylesheet" href="//static-global-s-msn-com.akamaized.net/en-us/news/_sc/css/a7f0e21c-5d1c0f42/direction=ltr.locales=en-us.themes=gray.dpi=resolution1x/ab-69ca4a.css?ver=20261125_31227810" type="text/css" media="all" />
{news_ld(headline, url, published, authors, "Associated Press", description)}
<script type="text/javascript">window._pageTimings={{"TTJSStart":Math.round(performance.now())}};var $msnCfg={{"market":"en-us","vertical":"news","pageType":"article"}};</script>
</head>
<body class="ap content center-content gray">
<div class="head">
<div id="topnav"><ul class="verticalsnav">{nav}</ul></div>
<div id="header-common"><div class="header"><div class="header-logo"><a class="logo" href="/en-us" tabindex="2"><img alt="MSN" height="20" width="20" src="//static-global-s-msn-com.akamaized.net/sc/82/c22c7d.gif" /></a><a class="vertical" href="/en-us/news" tabindex="2">news</a></div>
<div id="header-links"><a class="navigation" href="#nav"><img alt="go to navigation" width="27" height="20" src="//static-global-s-msn-com.akamaized.net/sc/57/a49b8d.gif" /></a></div></div></div>
<div id="header-search"><form action="https://www.bing.com/search?scope=web" method="get" id="srchfrm"><div class="searchbox"><input type="text" id="q" name="q" value="" /><input type="hidden" name="form" value="PRNWSR" /><input type="hidden" name="mkt" value="en-us" /><input type="submit" class="text" value="web search" title="web search" /></div></form></div>
<div class="upgradebrowser">You are using an older browser version. Please use a <a href="https://support.microsoft.com/">supported version</a> for the best MSN experience.</div>
</div>
<div id="maincontent">
<div id="main" data-region="main">
<div class="filmstripouter light"><div class="filmstrip" data-aop="filmstrip"><div class="filmstrip-nav"><a class="filmstrip-previous" href="/en-us/news/us/ar-AA1qP0aa" data-aop="prev">Previous</a><a class="filmstrip-next" href="/en-us/news/us/ar-AA1qP7bb" data-aop="next">Next</a></div></div></div>
<div class="articlecontent">
<div class="collection-headline-flex"><div class="collection-headline"><a class="section-label" href="/en-us/news/{section.lower()}">{section}</a></div></div>
<h1>{t(headline)}</h1>
<div><div>
<span class="partner"><a href="https://apnews.com/?utm_source=msn&amp;utm_medium=hosted" title="Associated Press logo"><img alt="Associated Press logo" src="//img-s-msn-com.akamaized.net/tenant/amp/entityid/AAb7Tqp.img?h=17&amp;w=0&amp;m=6&amp;q=60&amp;u=t&amp;o=t&amp;l=f&amp;f=png" title="Associated Press logo" /> Associated Press</a></span>
<span><span class="time" data-timestamp="{published}">{display_time}</span>
<span class="authorname-txt"><span class="truncate">{t(', '.join(authors))}</span></span></span>
</div></div>
<div class="share-wrapper" data-aop="share"><ul class="share"><li><a class="facebook" href="#" title="Share on Facebook">Facebook</a></li><li><a class="twitter" href="#" title="Share on X">X</a></li><li><a class="email" href="#" title="Email">Email</a></li></ul></div>
<div class="richtext" data-aop="articlebody">
{body_html}
</div>
</div>
{comments_html}
<div class="back-msn-home" data-aop="back-to-home"><a href="/en-us" role="button"><span>Go to MSN Home</span></a></div>
</div>
<div id="aside" data-region="aside">
<div class="ad" id="rectangle1_article_newsus_{data_id}"><div><div id="rectangle1_article_newsus_container_{data_id}"></div><a href="//go.microsoft.com/fwlink/?LinkID=286759" target="_blank" class="adchoices" data-piitxt="adchoices"><span>AdChoices</span></a></div></div>
<section class="morefromproviderrr" data-aop="morefromprovidervnext_morefromprovidervnext"><h3><h2><span>More from Associated Press</span></h2></h3><ul>{rail}</ul>
<div class="promotionalcontent"><span class="promotext"><div class="providername">Associated Press</div><div class="readmore"><a target="_blank" href="https://apnews.com/?utm_source=msn&amp;utm_medium=hosted" data-aop="provider_promotext">View the Full Site</a></div></span></div></section>
</div>
<div id="nav"><ul class="verticalsnav">{nav}</ul></div>
</div>
<footer id="footer" class="footer" data-aop="footer"><div class="footerlinks"><ul>
<li><a href="https://go.microsoft.com/fwlink/?LinkId=521839">Privacy &amp; Cookies</a></li><li><a href="https://go.microsoft.com/fwlink/?LinkID=246338">Terms of use</a></li><li><a href="/en-us/sitemap">Sitemap</a></li><li><a href="https://go.microsoft.com/fwlink/?linkid=286759">About our ads</a></li><li><a href="https://msn.com/en-us/feedback">Feedback</a></li></ul>
<span class="copyright">&#169; 2026 Microsoft</span></div></footer>
</body>
</html>
"""


def msn_image(caption: str, credit: str, entity: str, provider: str = "Associated Press") -> str:
    full = f"{caption} ({credit})"
    return (
        f'<span class="storyimage fullwidth inlineimage" data-aop="image">'
        f'<span class="image" data-attrib="Provided by {provider}" data-caption="{a(full)}">'
        f'<img alt="{a(full)}" height="400" width="600" src="//img-s-msn-com.akamaized.net/tenant/amp/entityid/{entity}.img?h=400&amp;w=600&amp;m=6&amp;q=60&amp;o=f&amp;l=f" /></span>'
        f'<span class="caption truncate"><span class="attribution">&#169; Provided by {provider}</span> {t(full)}</span></span>'
    )


def build_msn_a() -> None:
    url = "https://www.msn.com/en-us/news/us/rising-mississippi-shuts-river-locks-stranding-hundreds-of-grain-barges/ar-AA1qPm4W"
    body = [msn_image(*S.A_CAPTION, "AA1qPl9c")] + [f"<p>{t(p)}</p>" for p in S.A_PARAGRAPHS]
    page = msn_page(
        headline=S.A_HEADLINE, section="US", url=url,
        canonical="https://apnews.com/article/mississippi-river-locks-flooding-barges-3f9c27e1a0b84d6e9a1c5f7d2b4e8a60",
        published=S.A_PUBLISHED, display_time="11/25/2026", byline=S.A_BYLINE,
        description=S.A_PARAGRAPHS[0].split("— ", 1)[1], body_html="\n".join(body), data_id="AA1qPm4W",
        more_from=[("Colorado regulators approve plan to close state’s last coal plant two years early", "https://www.msn.com/en-us/news/us/ar-AA1qQx3R"),
                   ("Volunteers truck water into a drying Oregon marsh to save a threatened frog", "https://www.msn.com/en-us/news/us/ar-AA1qN8sd")],
    )
    (HERE / "msn-mississippi-locks-barges.html").write_text(page, encoding="utf-8")
    sidecar("msn-mississippi-locks-barges.html", url, "06:12:41")


def build_msn_c() -> None:
    url = "https://www.msn.com/en-us/news/us/colorado-regulators-approve-plan-to-close-state-s-last-coal-plant-two-years-early/ar-AA1qQx3R"
    parts = [msn_image(*S.C_CAPTIONS[0], "AA1qQw8T")]
    for i, p in enumerate(S.C_PARAGRAPHS, start=1):
        parts.append(f"<p>{t(p)}</p>")
        if i == 6:
            parts.append(msn_image(*S.C_CAPTIONS[1], "AA1qQw9U"))
        if i in S.C_CARD_AFTER:
            head, summary, prov, path = S.C_CARDS[S.C_CARD_AFTER.index(i)]
            # msn renders an in-body card as a linked title plus an abstract that repeats the title
            parts.append(
                f'<div class="inline-card" data-aop="inlinecard" data-embed-type="content-card">'
                f'<a class="card-title" href="https://www.msn.com{path}" data-aop="inlinecard_title"><h2>{t(head)}</h2></a>'
                f'<p class="card-abstract"><span class="card-abstract-title">{t(head)}</span> {t(summary)}</p>'
                f'<span class="card-attribution"><img alt="{a(prov)} logo" height="16" width="16" src="//img-s-msn-com.akamaized.net/tenant/amp/entityid/AAc{i}Lg.img"/> {t(prov)}</span></div>'
            )
    comments = "".join(
        f'<li class="comment" data-aop="comment"><div class="comment-header"><span class="usr">{t(u)}</span>'
        f'<span class="comment-time">{n + 1}h ago</span></div><p class="comment-text">{t(c)}</p>'
        f'<div class="comment-actions"><button class="like">Like</button><button class="reply">Reply</button></div></li>'
        for n, (u, c) in enumerate(S.C_COMMENTS)
    )
    comments_html = (
        f'<section id="comments" class="comments-section" data-aop="conversations"><h2 class="comments-title">Comments ({len(S.C_COMMENTS)})</h2>'
        f'<div class="comment-compose"><textarea placeholder="Join the conversation"></textarea></div><ul class="comment-list">{comments}</ul>'
        f'<a class="comments-more" href="#">See more comments</a></section>'
    )
    page = msn_page(
        headline=S.C_HEADLINE, section="US", url=url,
        canonical="https://apnews.com/article/colorado-coal-plant-closure-puc-7d1e4b2a9c6f4e0b8a3d5c1f2e9b7a46",
        published=S.C_PUBLISHED, display_time="11/25/2026", byline=S.C_BYLINE,
        description=S.C_PARAGRAPHS[0].split("— ", 1)[1], body_html="\n".join(parts), data_id="AA1qQx3R",
        comments_html=comments_html,
        more_from=[("Rising Mississippi shuts river locks, stranding hundreds of grain barges", "https://www.msn.com/en-us/news/us/ar-AA1qPm4W"),
                   ("South Texas town rallies to rebuild beloved bakery after fire", "https://www.msn.com/en-us/news/us/ar-AA1qJ2kd")],
    )
    (HERE / "msn-colorado-coal-plant-closure.html").write_text(page, encoding="utf-8")
    sidecar("msn-colorado-coal-plant-closure.html", url, "06:14:03")


# ------------------------------------------------------------------------- yahoo
YAHOO_NAV = ["Home", "Mail", "News", "Finance", "Sports", "Entertainment", "Life", "Shopping", "Yahoo Plus", "More..."]


def yahoo_page(*, headline, url, uuid, published, display_date, byline, description, figure_html, paragraphs, stream) -> str:
    nav = "".join(f'<li class="D(ib) Mend(18px)"><a class="C(#fff) Td(n)" href="https://www.yahoo.com/{n.lower()}">{n}</a></li>' for n in YAHOO_NAV)
    body = "\n".join(
        f'<p class="canvas-text Mb(1.0em) Mb(0)--sm Mt(0.8em)--sm canvas-atom" data-type="text" data-reactid="{40 + i}">{t(p)}</p>'
        for i, p in enumerate(paragraphs)
    )
    author = byline.split(" ", 1)[1]
    stream_html = "".join(
        f'<li class="js-stream-content Pos(r)"><div class="Cf Pstart(4px)"><h3 class="Mb(5px)"><a class="Td(n) C(#000) C(#0078ff):h" href="/news/{slug}.html">{t(h)}</a></h3>'
        f'<p class="M(0) Fz(14px) Lh(19px) LineClamp(2,38px)">{t(snip)}</p><div class="C(#959595) Fz(11px)">{t(src)}</div></div></li>'
        for h, snip, src, slug in stream
    )
    return f"""<!DOCTYPE html>
<html id="atomic" class="NoJs chrome desktop" lang="en-US">
<head>
<meta charset="utf-8" />
<meta name="referrer" content="origin" />
<meta name="theme-color" content="#400090" />
<meta name="application-name" content="Yahoo News" />
<meta name="description" content="{a(description)}" />
<meta name="twitter:site" content="@YahooNews" />
<meta name="twitter:card" content="summary_large_image" />
<meta name="twitter:title" content="{a(headline)}" />
<meta property="og:type" content="article" />
<meta property="og:site_name" content="Yahoo News" />
<meta property="og:title" content="{a(headline)}" />
<meta property="og:description" content="{a(description)}" />
<meta property="og:url" content="{a(url)}" />
<meta property="article:published_time" content="{published}" />
<meta name="news_keywords" content="Associated Press" />
<link rel="canonical" href="{a(url)}" />
<title>{t(headline)}</title>
<link rel="stylesheet" href="https://s.yimg.com/zz/combo?os/yc/css/bundle.c4f6a18e.css" />
{news_ld(headline, url, published, [author.title()], "Yahoo News", description)}
<script>window.performance && window.performance.mark && window.performance.mark('PageStart');</script>
</head>
<body class="Bgc(#fff) my3columns">
<div id="UH" class="Bgc(#400090)"><div id="uh-bar"><a id="uh-logo" class="D(ib)" href="https://news.yahoo.com/">Yahoo News</a>
<form id="uh-search" action="https://search.yahoo.com/search"><input type="text" name="p" placeholder="Search the web" /><button type="submit">Search</button></form>
<ul id="uh-nav" class="M(0) P(0)">{nav}</ul><a id="uh-signin" href="https://login.yahoo.com/">Sign in</a></div></div>
<div id="YDC-Lead" class="YDC-Lead"></div>
<div id="YDC-Col1" class="YDC-Col1 Fl(start) W(650px)">
<div id="YDC-Col1-Stack" class="YDC-Col1-Stack Z(2) Pos(r) Pt(40px) Pb(24px)">
<div id="tgt1-Col1-0-HeadComponentTitle-Proxy"><header id="tgt1-Col1-0-HeadComponentTitle" class="canvas-header"><h1 class="Lh(36px) Fz(25px)--sm Fz(32px) Mb(17px)--sm Mb(20px) Ff($ff-primary) Wow(bw)">{t(headline)}</h1></header></div>
<div id="tgt1-Col1-1-HeadComponentAttribution-Proxy"><div id="tgt1-Col1-1-HeadComponentAttribution" class="auth-attr W(100%) Mb(12px) Pos(r)">
<div class="auth-prov-logos D(tbc) Va(t)"><div class="provider-logo D(tbc) Mah(45px) Va(m) Pend(10px)"><a href="https://apnews.com/" target="_blank" rel="noopener noreferrer nofollow"><img class="H(a) Mah(46px) Maw(46px)" title="Associated Press" src="https://s.yimg.com/cv/apiv2/default/ap-logo-2x.png" width="auto" /></a></div></div>
<div class="auth-prov-soc Fz(14px) Mend(4px) Va(m) D(tbc) Maw(320px)"><div class="author Mb(4px) Mend(4px) D(ib)"><div class="author-name C(#000) Fw(b) Fz(12px) Lh(18px) Mend(3px) Td(n)">{t(author)}</div></div>
<div class="D(tbc)"><span class="provider Mb(4px) Pend(5px)"><span class="provider-link Fw(b)"><a class="C(#222) Fz(12px)" href="https://apnews.com/" target="_blank" rel="noopener noreferrer nofollow">Associated Press</a></span></span><time class="date D(ib) Fz(11px) Mb(4px)" datetime="{published.replace('Z', '.000Z')}">{display_date}</time></div></div>
<button aria-label="Comment" class="canvas-modal-comments-button D(b) Px(0) Cur(p) O(n) canvas-attr-canvass-btn Pos(a) End(0) T(0)"><span class="Fz(12px) Pos(r) Mstart(6px) Fw(b) C(#000)">27 <span>Comments</span></span></button>
</div></div>
<div id="tgt1-Col1-2-ContentCanvas-Proxy"><div id="tgt1-Col1-2-ContentCanvas" class="content-canvas Bgc(#fff) Pos(r) P(20px)--sm Pt(17px)--sm">
<article data-uuid="{uuid}" data-type="story">
{figure_html}
<div class="canvas-body C(#26282a) Wow(bw) Cl(start) Mb(20px) Fz(15px) Lh(1.6) Ff($ff-secondary)">
{body}
</div>
</article>
<div class="canvas-share-buttons Mb(20px)"><a class="share-facebook" href="#">Share</a><a class="share-twitter" href="#">Tweet</a><a class="share-email" href="#">Email</a></div>
</div></div>
<div id="tgt1-Col1-3-Stream-Proxy"><div id="tgt1-Col1-3-Stream" class="stream Mt(20px)"><h2 class="Fz(18px) Fw(b)">More Top Stories</h2><ul class="Mb(0) P(0) M(0)">{stream_html}</ul></div></div>
</div></div>
<div id="YDC-Col2" class="YDC-Col2 Fl(end) W(300px)"><div id="tgt1-Col2-0-Ad" class="ad"><div id="defaultLREC-sizer"></div><div id="defaultdestLREC"></div></div>
<div class="trending Mt(20px)"><h3>Trending Now</h3><ol><li><a href="https://search.yahoo.com/search?p=mortgage+rates">Mortgage rates</a></li><li><a href="https://search.yahoo.com/search?p=weather+forecast">Weather forecast</a></li><li><a href="https://search.yahoo.com/search?p=holiday+travel">Holiday travel</a></li></ol></div></div>
<div id="YDC-Bottom" class="YDC-Bottom Cl(b)"><footer class="Fz(11px) C(#959595)"><ul class="D(ib)"><li class="D(ib)"><a href="https://legal.yahoo.com/us/en/yahoo/terms/otos/index.html">Terms</a></li><li class="D(ib)"><a href="https://legal.yahoo.com/us/en/yahoo/privacy/index.html">Privacy</a></li><li class="D(ib)"><a href="https://legal.yahoo.com/us/en/yahoo/privacy/adinfo/index.html">About Our Ads</a></li><li class="D(ib)"><a href="https://help.yahoo.com/kb/news">Help</a></li><li class="D(ib)"><a href="https://yahoo.uservoice.com/forums/341361">Suggestions</a></li></ul>
<p>&#169; 2026 Yahoo. All rights reserved.</p></footer></div>
</body>
</html>
"""


def yahoo_figure(caption: str, credit: str, img: str) -> str:
    return (
        f'<figure class="canvas-image Mx(a) canvas-atom My(24px) My(20px)--sm"><div class="Maw(100%) Pos(r) H(0)" style="padding-bottom:66.6%">'
        f'<img class="StretchedBox W(100%) H(100%) ie-7_H(a)" alt="{a(caption)}" src="https://s.yimg.com/ny/api/res/1.2/{img}/YXBwaWQ9aGlnaGxhbmRlcjt3PTk2MDtoPTY0MA--/https://media.zenfs.com/en/ap.org/{img}.jpg" /></div>'
        f'<figcaption class="C($c-fuji-grey-h) Fz(13px) Py(5px) Lh(1.5)" title="{a(caption)} ({credit})"><div class="figure-caption">{t(caption)} ({t(credit)})</div></figcaption></figure>'
    )


STREAM = [
    ("Holiday travelers face long lines as airports brace for record weekend", "Airlines expect to carry more passengers than ever over the holiday, and security lines are already stretching at several hubs.", "Associated Press", "holiday-travelers-face-long-lines-141503281"),
    ("Stocks drift as investors wait on inflation data", "Wall Street was mostly flat in quiet pre-holiday trading.", "Yahoo Finance", "stocks-drift-investors-wait-inflation-131102557"),
]


def build_yahoo_a() -> None:
    url = "https://news.yahoo.com/rising-mississippi-river-shuts-locks-211400318.html"
    page = yahoo_page(
        headline=S.A_HEADLINE_YAHOO, url=url, uuid="5c2d9e41-7a3b-3f08-9b61-d4e2f7a0c813", published=S.A_PUBLISHED,
        display_date="November 25, 2026", byline=S.A_BYLINE, description=S.A_PARAGRAPHS[0].split("— ", 1)[1],
        figure_html=yahoo_figure(*S.A_CAPTION, "8f3a1c2e9b7d"), paragraphs=S.A_PARAGRAPHS, stream=STREAM,
    )
    (HERE / "yahoo-mississippi-locks-barges.html").write_text(page, encoding="utf-8")
    sidecar("yahoo-mississippi-locks-barges.html", url, "06:20:17")


def build_yahoo_d() -> None:
    url = "https://news.yahoo.com/south-texas-town-rallies-rebuild-183000742.html"
    caption, credit = S.D_CAPTION
    # The caption field arrived from a feed that stored latin-1 bytes and was read as MacRoman.
    broken = caption.encode("latin-1").decode("mac_roman")
    page = yahoo_page(
        headline=S.D_HEADLINE, url=url, uuid="a91f0c37-2e58-3b4d-8c16-7f0e93d2b5a4", published=S.D_PUBLISHED,
        display_date="November 22, 2026", byline=S.D_BYLINE, description=S.D_PARAGRAPHS[0].split("— ", 1)[1],
        figure_html=yahoo_figure(broken, credit, "2b7e4d9a0c51"), paragraphs=S.D_PARAGRAPHS, stream=STREAM[::-1],
    )
    (HERE / "yahoo-san-benito-bakery-fire.html").write_text(page, encoding="utf-8")
    sidecar("yahoo-san-benito-bakery-fire.html", url, "06:22:55")


# ---------------------------------------------------------------------- apnews
AP_TOPICS = ["World News", "U.S. News", "Politics", "Sports", "Entertainment", "Business", "Science", "Health", "Climate", "Photography", "AP Fact Check"]


def ap_header(lang="en") -> str:
    items = "".join(
        f'<li class="header-navigation-item"><a class="topic-link" href="/hub/{x.lower().replace(" ", "-").replace(".", "")}?utm_source=apnewsnav&amp;utm_medium=navigation">{x}</a></li>'
        for x in (AP_TOPICS if lang == "en" else ["Noticias", "Estados Unidos", "América Latina", "Deportes", "Entretenimiento", "Economía", "Salud"])
    )
    title = "AP NEWS" if lang == "en" else "AP NOTICIAS"
    return (
        f'<div class="Header"><div class="header-container fluid-wrapper"><div class="header"><a class="header-logo" href="/"></a><div class="header-title title">{title}</div></div>'
        f'<div class="header-navigation-container -noFeatured"><nav class="header-navigation-wrapper"><ul class="header-navigation fluid-wrapper">{items}</ul></nav></div></div></div>'
    )


AP_FOOTER = """<div class="Component-footer-0-2-1 -footer"><div class="fluid-wrapper"><div class="Component-grid-0-2-2">
<nav class="Component-nav-0-2-3"><div class="Component-title-0-2-9">AP NEWS</div><ol class="Component-list-0-2-10"><li><a href="/">Top Stories</a></li><li><a href="/hub/videos">Video</a></li><li><a href="mailto:support@apnews.com" rel="noopener noreferrer">Contact Us</a></li><li><button class="optanon-show-settings">Cookie Settings</button></li></ol></nav>
<nav class="Component-apps-0-2-4"><div class="Component-title-0-2-9">Download AP NEWS</div><div class="Component-downloadDescription-0-2-11">Connect with the definitive source for global and local news</div></nav>
<nav class="Component-moreFromAp-0-2-5"><div class="Component-title-0-2-9">More from AP</div><ol class="Component-list-0-2-10"><li><a target="_blank" rel="noopener noreferrer" href="https://www.ap.org">ap.org</a></li><li><a target="_blank" rel="noopener noreferrer" href="https://www.ap.org/about/news-values-and-principles/">AP News Values</a></li><li><a target="_blank" rel="noopener noreferrer" href="https://www.ap.org/careers/">Careers</a></li></ol></nav>
<div class="Component-legalStuff-0-2-8"><nav class="Component-legalStuffNav-0-2-21"><div class="Component-title-0-2-24">The Associated Press</div><ol class="Component-list-0-2-22"><li class="Component-listItem-0-2-23"><a href="https://www.ap.org/about">About</a></li><li class="Component-listItem-0-2-23"><a href="https://www.ap.org/contact-us">Contact</a></li><li class="Component-listItem-0-2-23"><a href="https://www.ap.org/terms-conditions">Terms of Use</a></li><li class="Component-listItem-0-2-23"><a href="https://www.ap.org/privacy">Privacy Policy</a></li></ol></nav>
<div class="Component-copyright-0-2-25">Copyright 2026 The Associated Press. All Rights Reserved.</div></div>
</div></div></div>"""


def ap_figure(caption: str, credit: str, key: str, n: int) -> str:
    return (
        f'<div class="Component-root-0-2-70 Component-embed-0-2-68 Component-block-0-2-63" data-key="embed-image" id="{key}">'
        f'<a class="LeadFeature" href="/article/photo/{key}"><img class="Image" alt="{a(caption)}" src="https://storage.googleapis.com/afs-prod/media/{key}/800.jpeg" loading="lazy" /></a>'
        f'<div class="CaptionContent"><span class="Component-caption-0-2-80">{t(caption)} <span class="Component-credit-0-2-81">({t(credit)})</span></span>'
        f'<span class="Component-counter-0-2-82">{n} of 2</span></div></div>'
    )


def ap_signature(byline: str, published: str, display: str) -> str:
    return (
        f'<div class="Component-signature-0-2-53"><span class="Component-bylines-0-2-54">{t(byline)}</span>'
        f'<span class="Timestamp Component-root-0-2-56 Component-timestamp-0-2-55" data-key="timestamp" data-source="{published}" title="{published}">{display}</span></div>'
    )


def ap_paragraphs(paragraphs) -> str:
    return "\n".join(f'<p class="Component-root-0-2-67 Component-p-0-2-58">{t(p)}</p>' for p in paragraphs)


def ap_page(*, lang, headline, url, published, byline, description, section, article_html, related) -> str:
    author = [n.title() for n in byline_names(byline)]
    tags = "".join(f'<li class="tag"><a data-key="related-tag" href="/hub/{r.lower().replace(" ", "-")}">{r}</a></li>' for r in related)
    related_label = "Related topics" if lang == "en" else "Temas relacionados"
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<script data-rh="true" type="application/ld+json">{json.dumps({"@context": "http://schema.org", "@type": "NewsArticle", "author": author, "dateModified": published, "datePublished": published, "description": description, "headline": headline, "inLanguage": lang, "articleSection": section, "mainEntityOfPage": {"@id": url, "@type": "WebPage"}, "publisher": {"@type": "Organization", "logo": {"@type": "ImageObject", "height": 60, "url": "https://apnews.com/branding/apnews-logo.png", "width": 600}, "name": "Associated Press"}}, ensure_ascii=False)}</script>
<title data-rh="true">{t(headline)} | AP News</title>
<meta data-rh="true" name="description" content="{a(description)}"/>
<meta data-rh="true" property="og:title" content="{a(headline)}"/>
<meta data-rh="true" property="og:description" content="{a(description)}"/>
<meta data-rh="true" property="og:type" content="article"/>
<meta data-rh="true" property="og:url" content="{a(url)}"/>
<meta data-rh="true" property="og:site_name" content="AP News"/>
<meta data-rh="true" property="article:published_time" content="{published}"/>
<meta data-rh="true" property="article:section" content="{a(section)}"/>
<meta data-rh="true" name="twitter:site" content="@AP"/>
<link data-rh="true" rel="canonical" href="{a(url)}"/>
<link rel="stylesheet" type="text/css" href="/dist/index.css?hash=3c81e2d9a4b">
</head>
<body>
<div id="root"><div class="App" data-reactroot="">
<noscript style="display:none;visibility:hidden"><img src="https://sb.scorecardresearch.com/p?c1=2&amp;c2=3005041&amp;cv=2.0&amp;cj=1" alt="Comscore beacon" /></noscript>
<main class="Main">
{ap_header(lang)}
<div class="Body"><div class="fluid-wrapper with-rrail"><div class="main-column">
<div class="Component-root-0-2-40"><div class="Component-content-0-2-41">
<div class="RelatedTopics"><div class="heading">{related_label}</div><ul class="tag-list">{tags}</ul></div>
</div></div>
{article_html}
</div>
<div class="right-rail"><div class="Component-root-0-2-90 ad-placeholder" data-key="ad-rrail"></div>
<div class="Component-root-0-2-91"><div class="Component-heading-0-2-92">{"Top Stories" if lang == "en" else "Lo más leído"}</div><ul class="Component-list-0-2-93"><li><a href="/article/top-1">{"Holiday travel rush begins" if lang == "en" else "Inicia el periodo vacacional"}</a></li><li><a href="/article/top-2">{"Markets close mixed" if lang == "en" else "Cierre mixto en los mercados"}</a></li></ul></div></div>
</div></div>
{AP_FOOTER}
</main></div></div>
</body>
</html>
"""


def build_apnews_b() -> None:
    url = "https://apnews.com/article/oregon-spotted-frog-marsh-drought-volunteers-b82e4f1d9c0a47e3a6d1f05c7e92b3d8"
    body = [f'<p class="Component-root-0-2-67 Component-p-0-2-58">{t(S.B_PARAGRAPHS[0])}</p>',
            ap_figure(*S.B_CAPTIONS[0], "a1c0e7b93f2d", 1)]
    body += [f'<p class="Component-root-0-2-67 Component-p-0-2-58">{t(p)}</p>' for p in S.B_PARAGRAPHS[1:5]]
    body.append(ap_figure(*S.B_CAPTIONS[1], "c4d8f2a07e91", 2))
    body += [f'<p class="Component-root-0-2-67 Component-p-0-2-58">{t(p)}</p>' for p in S.B_PARAGRAPHS[5:]]
    # apnews.com streams the next story into the same body column when the reader reaches the end
    appended = (
        '<hr class="Component-divider-0-2-61"/>'
        f'<div class="Component-headline-0-2-51" data-key="card-headline"><h2 class="Component-heading-0-2-52">{t(S.B2_HEADLINE)}</h2></div>'
        + ap_signature(S.B2_BYLINE, "2026-11-25T22:48:00Z", "November 25, 2026 GMT") + "\n"
        + ap_paragraphs(S.B2_PARAGRAPHS)
    )
    article = f"""<div class="CardHeadline"><div class="Component-headline-0-2-51" data-key="card-headline"><h1 class="Component-heading-0-2-52">{t(S.B_HEADLINE)}</h1></div>
{ap_signature(S.B_BYLINE, S.B_PUBLISHED, "November 25, 2026 GMT")}<div class="apLine-0-2-57 -apLine" style="transform:scale(1)"></div></div>
<div class="divider"></div>
<div class="Article" data-key="article">
{chr(10).join(body)}
{appended}
</div>
<div class="Component-root-0-2-100 shareBox"><button class="Component-shareButton">Share</button><textarea readonly="">{url}</textarea><div class="Component-message-0-2-46">Click to copy</div></div>"""
    page = ap_page(lang="en", headline=S.B_HEADLINE, url=url, published=S.B_PUBLISHED, byline=S.B_BYLINE,
                   description=S.B_PARAGRAPHS[0].split("— ", 1)[1], section="Climate", article_html=article,
                   related=["Oregon", "Wildlife", "Drought", "Climate"])
    (HERE / "apnews-oregon-spotted-frog-marsh.html").write_text(page, encoding="utf-8")
    sidecar("apnews-oregon-spotted-frog-marsh.html", url, "06:31:09")


def build_apnews_es() -> None:
    url = "https://apnews.com/world-news/general-news-9e0b3c7a4f1d42e8b5a6c2d1e7f38a04"
    body = [f'<p class="Component-root-0-2-67 Component-p-0-2-58">{t(S.E_PARAGRAPHS[0])}</p>',
            ap_figure(*S.E_CAPTION, "f07d3b19a6e2", 1).replace("1 of 2", "1 de 1")]
    body += [f'<p class="Component-root-0-2-67 Component-p-0-2-58">{t(p)}</p>' for p in S.E_PARAGRAPHS[1:]]
    article = f"""<div class="CardHeadline"><div class="Component-headline-0-2-51" data-key="card-headline"><h1 class="Component-heading-0-2-52">{t(S.E_HEADLINE)}</h1></div>
{ap_signature(S.E_BYLINE, S.E_PUBLISHED, "25 de noviembre de 2026 GMT")}<div class="apLine-0-2-57 -apLine" style="transform:scale(1)"></div></div>
<div class="divider"></div>
<div class="Article" data-key="article">
{chr(10).join(body)}
</div>
<div class="Component-root-0-2-100 shareBox"><button class="Component-shareButton">Compartir</button><div class="Component-message-0-2-46">Haga clic para copiar</div></div>"""
    page = ap_page(lang="es", headline=S.E_HEADLINE, url=url, published=S.E_PUBLISHED, byline=S.E_BYLINE,
                   description=S.E_PARAGRAPHS[0].split("— ", 1)[1], section="Noticias", article_html=article,
                   related=["México", "Agricultura", "Crimen organizado"])
    (HERE / "apnews-es-aguacate-bloqueos-michoacan.html").write_text(page, encoding="utf-8")
    sidecar("apnews-es-aguacate-bloqueos-michoacan.html", url, "06:33:40")


# ------------------------------------------------------------------ local paper
def local_page(*, charset, site, site_url, headline, url, published, display, byline, paragraphs, caption, section, wire=True) -> str:
    body = "\n".join(f"<p>{t(p)}</p>" for p in paragraphs)
    author = byline.split(" ", 1)[1]
    fig = ""
    if caption:
        fig = (f'<figure class="photo layout-horizontal"><div class="image"><img class="img-responsive full" src="https://bloximages.chicago2.vip.townnews.com/{site_url.split("//")[1]}/content/tncms/assets/v3/editorial/3/4a/34a0c1d2.image.jpg?resize=750%2C500" alt="{a(caption[0])}"/></div>'
               f'<figcaption class="caption"><div class="caption-text"><p>{t(caption[0])}</p></div><div class="photo-credit">{t(caption[1])}</div></figcaption></figure>')
    credit = '<span class="asset-source">Associated Press</span>' if wire else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="{charset}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{t(headline)} | {t(site)}</title>
<meta name="description" content="{a(paragraphs[0][:150])}">
<meta name="author" content="{a(author.title())}">
<meta property="og:type" content="article">
<meta property="og:title" content="{a(headline)}">
<meta property="og:url" content="{a(url)}">
<meta property="og:site_name" content="{a(site)}">
<meta property="article:published_time" content="{published}">
<meta property="article:section" content="{a(section)}">
<meta name="tncms-access-version" content="1.48.2">
<link rel="canonical" href="{a(url)}">
{news_ld(headline, url, published, [author.title()], site, paragraphs[0][:150])}
<link rel="stylesheet" href="{site_url}/shared-content/art/tncms/templates/libraries/flex/components/bootstrap/resources/styles/bootstrap.min.css">
</head>
<body class="asset-page asset-article">
<div id="site-container">
<header id="site-header" class="site-header"><div class="container"><div class="site-logo"><a href="{site_url}/"><img alt="{a(site)}" src="{site_url}/content/tncms/site/icon.png"/></a></div>
<nav id="main-nav" class="navbar"><ul class="nav navbar-nav"><li><a href="{site_url}/news/">News</a></li><li><a href="{site_url}/sports/">Sports</a></li><li><a href="{site_url}/opinion/">Opinion</a></li><li><a href="{site_url}/obituaries/">Obituaries</a></li><li><a href="{site_url}/classifieds/">Classifieds</a></li><li><a href="{site_url}/e-edition/">e-Edition</a></li></ul></nav>
<div class="subscribe-btn"><a href="{site_url}/users/signup/">Subscribe</a></div></div></header>
<div id="main-page-container" class="container"><div class="row"><div class="col-md-8 main-content">
<article itemscope itemtype="http://schema.org/NewsArticle" class="asset" id="article_8c7e2f10">
<header class="asset-header"><div class="kicker"><a href="{site_url}/news/{section.lower()}/">{t(section)}</a></div>
<h1 class="headline"><span class="asset-headline" itemprop="headline">{t(headline)}</span></h1>
<ul class="list-inline asset-info"><li><span class="asset-byline">{t(byline.split(' ', 1)[0])} </span><span itemprop="author">{t(author)}</span> {credit}</li>
<li><time class="asset-date" datetime="{published}" itemprop="datePublished">{display}</time></li></ul></header>
<div class="asset-photo">{fig}</div>
<div class="asset-content subscriber-premium" itemprop="articleBody"><div id="article-body">
{body}
</div></div>
<div class="asset-tags"><span>Tags</span><ul class="list-inline"><li><a href="{site_url}/search/?k=%22{section.lower()}%22">{t(section)}</a></li></ul></div>
<div class="copyright-notice">{("Copyright 2026 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission." if wire else f"Copyright 2026 {t(site)}")}</div>
</article>
<div id="comments" class="comments-section"><h3>Comments</h3><p class="comments-note">Comments are closed on wire stories.</p></div>
</div>
<aside class="col-md-4 sidebar"><div class="card most-popular"><h3 class="card-title">Most Popular</h3><ol><li><a href="{site_url}/news/local/article_11.html">School board sets budget hearing for January</a></li><li><a href="{site_url}/sports/article_12.html">Eagles fall in regional semifinal</a></li><li><a href="{site_url}/news/local/article_13.html">Holiday parade route announced</a></li></ol></div>
<div class="card newsletter"><h3 class="card-title">Get our headlines in your inbox</h3><form><input type="email" placeholder="Email address"><button>Sign up</button></form></div></aside>
</div></div>
<footer id="site-footer"><div class="container"><ul class="list-inline"><li><a href="{site_url}/site/contact.html">Contact Us</a></li><li><a href="{site_url}/site/terms.html">Terms of Use</a></li><li><a href="{site_url}/site/privacy.html">Privacy Policy</a></li></ul>
<p>&#169; Copyright 2026 {t(site)}. Powered by BLOX Content Management System from TownNews.com.</p></div></footer>
</div>
</body>
</html>
"""


def build_local_a() -> None:
    url = "https://www.riverbendtribune.com/news/national/rising-mississippi-shuts-river-locks-stranding-hundreds-of-grain-barges/article_6f2a81d4-0c3e-5b97-a1e8-4d9c2b7f0e35.html"
    # The paper ran the story one paragraph short, as small papers often trim wire copy to fit.
    page = local_page(charset="utf-8", site="Riverbend Tribune", site_url="https://www.riverbendtribune.com",
                      headline=S.A_HEADLINE, url=url, published=S.A_PUBLISHED, display="Nov 25, 2026",
                      byline=S.A_BYLINE, paragraphs=S.A_PARAGRAPHS[:-1], caption=S.A_CAPTION, section="National")
    data = gzip.compress(page.encode("utf-8"), compresslevel=9, mtime=0)
    (HERE / "riverbendtribune-mississippi-locks-barges.html.gz").write_bytes(data)
    sidecar("riverbendtribune-mississippi-locks-barges.html.gz", url, "06:40:02")


def build_local_g() -> None:
    url = "https://www.lamoillesentinel.com/news/state/vermont-town-s-only-grocery-reopens-as-a-co-op/article_0b5d7e92-3f14-5a8c-9e21-7c4a6f1d8b03.html"
    page = local_page(charset="windows-1252", site="Lamoille Sentinel", site_url="https://www.lamoillesentinel.com",
                      headline=S.G_HEADLINE, url=url, published=S.G_PUBLISHED, display="Nov 21, 2026",
                      byline=S.G_BYLINE, paragraphs=S.G_PARAGRAPHS, caption=None, section="State")
    # Served as real cp1252 bytes: curly quotes 0x92-0x94, em dash 0x97, accents 0xE9.
    (HERE / "lamoillesentinel-walden-grocery-coop.html").write_bytes(page.encode("cp1252"))
    # No sidecar on purpose: the reader must rely on the meta charset alone.


# -------------------------------------------------------------------------- aol
def build_aol_f() -> None:
    url = "https://www.aol.com/news/quebec-maple-syrup-producers-tap-142000512.html"
    body = "".join(f"<p>{t(p)}</p>" for p in S.F_PARAGRAPHS)
    author = S.F_BYLINE.split(" ", 1)[1]
    page = f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{t(S.F_HEADLINE)}</title>
<meta name="description" content="{a(S.F_PARAGRAPHS[0].split('— ', 1)[1])}">
<meta property="og:title" content="{a(S.F_HEADLINE)}">
<meta property="og:type" content="article">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="AOL">
<meta name="twitter:site" content="@AOL">
<link rel="canonical" href="{url}">
{news_ld(S.F_HEADLINE, url, S.F_PUBLISHED, [author.title()], "AOL", S.F_PARAGRAPHS[0].split('— ', 1)[1])}
</head>
<body class="article-page">
<nav class="m-navbar" data-beacon='{{"p": {{"mnid": "nav", "plid": 0}}}}'><div class="m-navbar__logo"><a href="https://www.aol.com/">AOL</a></div>
<ul class="m-navbar__list"><li><a href="https://www.aol.com/news/">News</a></li><li><a href="https://www.aol.com/finance/">Finance</a></li><li><a href="https://www.aol.com/entertainment/">Entertainment</a></li><li><a href="https://www.aol.com/lifestyle/">Lifestyle</a></li><li><a href="https://www.aol.com/weather/">Weather</a></li><li><a href="https://mail.aol.com/">Mail</a></li></ul></nav>
<div class="l-main-container"><div class="l-main--top"><div class="m-ad m-ad__banner" id="m-ad__banner"><div id="fi_ad_leaderboard"></div></div></div>
<div class="l-main-rightrail-wrap"><div class="l-main l-main--rightrail" role="main"><div class="p-article">
<div class="article clearfix mnid-article article-news" id="article-wrapper" data-channel="news">
<h1 class="p-article__title">{t(S.F_HEADLINE)}</h1>
<div class="p-article__byline"><span class="p-article__byline__author">{t(author)}</span> <span class="p-article__byline__source">Associated Press</span> <span class="p-article__byline__date">Nov 26th 2026 9:20AM</span></div>
<div data-refreshcnt="1" data-enablerefresh="true" class="article-content">{body}</div>
<div class="article-source">Copyright 2026 The Associated Press. All rights reserved.</div>
</div></div>
<div class="m-recommended"><h3>Recommended</h3><ul><li><a href="https://www.aol.com/news/holiday-travel-rush-083012113.html">Holiday travel rush sets records at U.S. airports</a></li><li><a href="https://www.aol.com/finance/gas-prices-fall-101544231.html">Gas prices fall ahead of the long weekend</a></li></ul></div>
</div><div class="l-rightrail"><div class="m-ad m-ad__rr"><div id="fi_ad_rr"></div></div><div class="m-newsletter"><h4>Get the Daily Brief</h4><form><input type="email" placeholder="Email"><button>Subscribe</button></form></div></div></div></div>
<footer class="m-footer"><ul><li><a href="https://legal.yahoo.com/us/en/yahoo/terms/otos/index.html">Terms &amp; Policies</a></li><li><a href="https://legal.yahoo.com/us/en/yahoo/privacy/index.html">Privacy Policy</a></li><li><a href="https://help.aol.com/">Help</a></li></ul><p>&#169; 2026 Yahoo. All rights reserved.</p></footer>
</body>
</html>
"""
    # The page claims iso-8859-1 but the CMS wrote UTF-8 bytes: a lying declaration.
    (HERE / "aol-quebec-maple-syrup-reserve.html").write_bytes(page.encode("utf-8"))
    sidecar("aol-quebec-maple-syrup-reserve.html", url, "06:45:30", content_type="text/html")


def copy_seed() -> None:
    shutil.copyfile(SEED, HERE / "msn-mexico-us-security.txt")
    sidecar("msn-mexico-us-security.txt",
            "https://www.msn.com/en-us/news/world/mexico-and-us-working-to-build-new-security-framework/ar-AAPfTkq",
            "06:05:12", content_type="text/plain; charset=utf-8")


def write_expectations() -> None:
    """The expected split of every sample, for tests (tests/fixtures/samples_expected.json).

    Generated from the same texts as the pages, so the goldens cannot drift from them.
    """
    def main_(headline, paragraphs, byline, provider, dateline, lang, captions, published):
        return {"headline": headline, "paragraphs": paragraphs, "paragraph_count": len(paragraphs),
                "byline": byline, "provider": provider, "dateline": dateline, "language": lang,
                "published_at": published, "captions": [{"text": c, "credit": k} for c, k in captions]}

    def a_main(head, paras):
        return main_(head, paras, S.A_BYLINE, "Associated Press", "ST. LOUIS", "en", [S.A_CAPTION], S.A_PUBLISHED)

    exp = {
        "about": "Expected split of every page in samples/ (written by samples/make_pages.py from samples/stories.py). "
                 "Compare text after collapsing whitespace. Embedded articles are listed in page order. "
                 "Rails, 'More from' lists, stream lists outside the article, comments, nav and footers are chrome: never articles.",
        "pages": {
            "msn-mexico-us-security.txt": {"see": "../shared/seed/expected.json", "main_headline": "Mexico and US working to build new security framework",
                                           "paragraph_count": 13, "embedded_count": 5, "story": "seed"},
            "msn-mississippi-locks-barges.html": {"story": "A", "main": a_main(S.A_HEADLINE, S.A_PARAGRAPHS), "embedded": []},
            "yahoo-mississippi-locks-barges.html": {"story": "A", "main": a_main(S.A_HEADLINE_YAHOO, S.A_PARAGRAPHS), "embedded": []},
            "riverbendtribune-mississippi-locks-barges.html.gz": {"story": "A", "main": a_main(S.A_HEADLINE, S.A_PARAGRAPHS[:-1]), "embedded": []},
            "apnews-oregon-spotted-frog-marsh.html": {
                "story": "B", "main": main_(S.B_HEADLINE, S.B_PARAGRAPHS, S.B_BYLINE, "Associated Press", "BEND, Ore.", "en", S.B_CAPTIONS, S.B_PUBLISHED),
                "embedded": [{"kind": "appended", "representation": "full", "headline": S.B2_HEADLINE, "byline": S.B2_BYLINE,
                              "dateline": "ROCKLAND, Maine", "published_at": "2026-11-25T22:48:00Z", "paragraphs": S.B2_PARAGRAPHS, "paragraph_count": len(S.B2_PARAGRAPHS)}]},
            "msn-colorado-coal-plant-closure.html": {
                "story": "C", "main": main_(S.C_HEADLINE, S.C_PARAGRAPHS, S.C_BYLINE, "Associated Press", "DENVER", "en", S.C_CAPTIONS, S.C_PUBLISHED),
                "embedded": [{"kind": "teaser_card", "representation": "partial", "headline": h, "summary": s, "provider": p,
                              "url": "https://www.msn.com" + u, "after_main_paragraph": n}
                             for (h, s, p, u), n in zip(S.C_CARDS, S.C_CARD_AFTER)],
                "not_article_text": ["Provided by Associated Press", "usr: 0", "This is interesting!", "prairiedog88", "More from Associated Press"]},
            "yahoo-san-benito-bakery-fire.html": {
                "story": "D", "main": main_(S.D_HEADLINE, S.D_PARAGRAPHS, S.D_BYLINE, "Associated Press", "SAN BENITO, Texas", "en", [S.D_CAPTION], S.D_PUBLISHED),
                "embedded": [],
                "repairs": [{"field": "captions", "broken": S.D_CAPTION[0].encode("latin-1").decode("mac_roman"), "repaired": S.D_CAPTION[0]}]},
            "apnews-es-aguacate-bloqueos-michoacan.html": {
                "story": "E", "main": main_(S.E_HEADLINE, S.E_PARAGRAPHS, S.E_BYLINE, "Associated Press", "CIUDAD DE MÉXICO", "es", [S.E_CAPTION], S.E_PUBLISHED),
                "embedded": []},
            "aol-quebec-maple-syrup-reserve.html": {
                "story": "F", "main": main_(S.F_HEADLINE, S.F_PARAGRAPHS, S.F_BYLINE, "Associated Press", "MONTREAL", "en", [], S.F_PUBLISHED),
                "embedded": [], "declared_charset": "iso-8859-1", "actual_encoding": "utf-8"},
            "lamoillesentinel-walden-grocery-coop.html": {
                "story": "G", "main": main_(S.G_HEADLINE, S.G_PARAGRAPHS, S.G_BYLINE, "Associated Press", "WALDEN, Vt.", "en", [], S.G_PUBLISHED),
                "embedded": [], "declared_charset": "windows-1252", "actual_encoding": "windows-1252", "sidecar": False},
            "crawl-20261126.warc.gz#urn:uuid:4f0c2b1e-8a3d-4e6f-9b27-1d5c3a7e9f02": {
                "story": "R", "main": main_(S.R_HEADLINE, S.R_PARAGRAPHS, S.R_BYLINE, "Reuters", "LONDON", "en",
                                            [("Copper cathodes are stacked at a warehouse in Shanghai, China, in this file photo.", "REUTERS/Staff/File Photo")], S.R_PUBLISHED),
                "embedded": [], "not_article_text": [S.R_TRAILER, "Our Standards"]},
            "crawl-20261126.warc.gz#urn:uuid:4f0c2b1e-8a3d-4e6f-9b27-1d5c3a7e9f03": {
                "story": "L", "main": main_(S.L_HEADLINE, S.L_PARAGRAPHS, S.L_BYLINE, "Cedar Valley Gazette", None, "en", [], S.L_PUBLISHED),
                "embedded": [], "is_wire": False, "not_article_text": ["Contact Karen Lindqvist", "Finally! My kids"]},
        },
        "duplicates": [["msn-mississippi-locks-barges.html", "yahoo-mississippi-locks-barges.html", "riverbendtribune-mississippi-locks-barges.html.gz"]],
    }
    out = HERE.parent / "tests" / "fixtures" / "samples_expected.json"
    out.write_text(json.dumps(exp, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    copy_seed()
    build_msn_a()
    build_yahoo_a()
    build_local_a()
    build_apnews_b()
    build_msn_c()
    build_yahoo_d()
    build_apnews_es()
    build_aol_f()
    build_local_g()
    write_expectations()


if __name__ == "__main__":
    main()
