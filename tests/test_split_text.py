"""wire.split.text on pages shaped unlike the seed: the rules go by shape, not by the seed's strings."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from wire.records import Caption, Page, Rejected
from wire.split.text import split_text


def page(text: str, url: str | None = None) -> Page:
    return Page(input_uri="mem://p.txt", input_sha256="abc", text=text, kind="text", charset="utf-8",
                charset_reason="utf-8", url=url)


REUTERS_LIKE = """\
Home | Markets | Business

Business
Oil prices climb as supply worries return

By Jane Roe
Updated Oct 8, 2021 3:05 PM EDT

LONDON, Oct 8 (Reuters) - Oil prices rose on Friday as traders weighed tight supply against demand.

Brent crude futures gained 1.2% to $83.10 a barrel by 1005 GMT, heading for a weekly rise.

Traders watch a screen at an exchange in New York, U.S., October 4, 2021. REUTERS/Brendan McDermid

Read more: Gas prices hit record in Europe

Analysts said inventories were falling faster than expected in the United States.

"The market is tight," said one analyst in Singapore.

Copyright 2021 Thomson Reuters. All rights reserved.

12 comments
Great article, thanks!
"""


def test_reuters_like_page():
    main, card = split_text(page(REUTERS_LIKE, url="https://www.example.com/markets/oil-1"))
    assert main.headline == "Oil prices climb as supply worries return"
    assert main.section == "Business"
    assert main.byline == "Jane Roe"
    assert (main.dateline, main.provider, main.is_wire) == ("LONDON", "Reuters", True)
    assert main.published_at == datetime(2021, 10, 8, 19, 5, tzinfo=timezone.utc)
    assert main.paragraphs == (
        "LONDON, Oct 8 (Reuters) - Oil prices rose on Friday as traders weighed tight supply against demand.",
        "Brent crude futures gained 1.2% to $83.10 a barrel by 1005 GMT, heading for a weekly rise.",
        "Analysts said inventories were falling faster than expected in the United States.",
        '"The market is tight," said one analyst in Singapore.',
    )
    assert main.captions == (
        Caption("Traders watch a screen at an exchange in New York, U.S., October 4, 2021.", "REUTERS/Brendan McDermid"),
    )
    assert main.source_domain == "example.com"  # the site as every table names it (wire.split.meta.domain_of)
    assert (card.role, card.position, card.representation) == ("embedded", 1, "partial")
    assert card.headline == "Gas prices hit record in Europe"
    assert card.parent_uri == main.uri


CARD_AND_APPENDED = """\
Lawmakers pass the budget after a long night

12:15 03 march 2022

SPRINGFIELD, Ill. (AP) — State lawmakers passed a $46 billion budget early Friday after an all-night session.

Governor signs school funding bill
Governor signs school funding bill The measure sends $300 million more to districts that have the fewest resources.

The budget now goes to the governor, who is expected to sign it next week.

Republicans said the plan spends too much and leaves the pension debt untouched.

Rain returns to the valley after a record dry winter
Forecasters said the storm would bring two inches of rain to the valley by Sunday, the first real soaking since October, and warned drivers about flooded roads.

The drought is not over yet, they added.
"""


def test_card_without_blank_line_and_appended_article():
    main, card, appended = split_text(page(CARD_AND_APPENDED))
    assert main.headline == "Lawmakers pass the budget after a long night"
    assert main.section is None
    assert (main.dateline, main.provider) == ("SPRINGFIELD, Ill.", "Associated Press")
    assert main.published_at == datetime(2022, 3, 3, 12, 15, tzinfo=timezone.utc)
    assert main.paragraphs == (
        "SPRINGFIELD, Ill. (AP) — State lawmakers passed a $46 billion budget early Friday after an all-night session.",
        "The budget now goes to the governor, who is expected to sign it next week.",
        "Republicans said the plan spends too much and leaves the pension debt untouched.",
    )
    assert (card.headline, card.summary, card.representation) == (
        "Governor signs school funding bill",
        "The measure sends $300 million more to districts that have the fewest resources.",
        "partial",
    )
    assert (appended.headline, appended.representation, appended.position) == (
        "Rain returns to the valley after a record dry winter", "full", 2)
    assert appended.paragraphs == (
        "Forecasters said the storm would bring two inches of rain to the valley by Sunday, the first real soaking "
        "since October, and warned drivers about flooded roads.",
        "The drought is not over yet, they added.",
    )


def test_hard_wrapped_paragraphs_are_joined():
    text = (
        "A quiet town votes\n\n"
        "The town council met on Tuesday evening to discuss the new budget and\n"
        "the plans for the library, which has been closed for repairs since the\n"
        "spring floods damaged its basement and much of the children's section.\n\n"
        "Residents will vote in May.\n"
    )
    (main,) = split_text(page(text))
    assert main.headline == "A quiet town votes"
    assert main.paragraphs == (
        "The town council met on Tuesday evening to discuss the new budget and the plans for the library, "
        "which has been closed for repairs since the spring floods damaged its basement and much of the "
        "children's section.",
        "Residents will vote in May.",
    )
    assert (main.provider, main.dateline, main.is_wire) == (None, None, False)


def test_subheadings_stay_in_the_body():
    text = (
        "Council approves the new library plan\n\n"
        "The council voted 7-2 on Tuesday to rebuild the library.\n\n"
        "The vote ended a two-year fight over the site.\n\n"
        "Opponents wanted the money spent on roads.\n\n"
        "What the plan means for downtown parking\n\n"
        "The new building will take over half of the Main Street lot.\n\n"
        "The budget\n\n"
        "The budget for the project is $12 million.\n"
    )
    (main,) = split_text(page(text))
    assert main.paragraphs[3:] == (
        "What the plan means for downtown parking",
        "The new building will take over half of the Main Street lot.",
        "The budget",
        "The budget for the project is $12 million.",
    )


def test_world_cup_is_not_a_section():
    (main,) = split_text(page("World Cup qualifiers resume in Europe this week\n\nTeams play on Thursday.\n"))
    assert main.section is None
    assert main.headline == "World Cup qualifiers resume in Europe this week"


@pytest.mark.parametrize("text", ["", "   \n\n ", "\x00\x01\x02\x03binary\x04\x05" * 20, "•\n•\n\nusr: 3\nnice!\n"])
def test_no_article(text):
    with pytest.raises(Rejected) as err:
        split_text(page(text))
    assert err.value.reason == "no_article"


FULL_RENDER = """\
Town News
Search
Home
Mail
News
Sports
Sign in

Ferry service resumes after a week of storms

MARTA KOWALSKI and LEE CHAN
Associated Press
March 3, 2022
14 Comments

A ferry leaves the dock in Port Haven, Wash., on Wednesday, March 2, 2022.
(AP Photo/Sam Ortega)

PORT HAVEN, Wash. (AP) — Ferries returned to the water on Thursday after a week of storms kept the fleet tied up and islanders cut off from the mainland.

The state ferry agency said all routes would run a reduced schedule through the weekend while crews inspect the docks.

"We have people who could not get to the hospital," said Mayor Ana Ruiz. "That cannot happen again."

Share
Tweet

Islanders vote to build a second dock

SEABROOK, Wash. (AP) — Voters on Seabrook Island approved a bond on Tuesday to build a second ferry dock on the island's sheltered north shore.

The dock is expected to open in three years.

More Top Stories

Snowpack in the Cascades is far below normal
Forecasters say a dry February left the mountains with about half the usual snow for early March.
Associated Press

Apply for benefits online
Trending Now
Weather
Terms
© 2022 Town News. All rights reserved.
"""


def test_full_page_rendering():
    main, appended, teaser = split_text(page(FULL_RENDER))
    assert main.headline == "Ferry service resumes after a week of storms"
    assert main.byline == "MARTA KOWALSKI and LEE CHAN"
    assert (main.dateline, main.provider) == ("PORT HAVEN, Wash.", "Associated Press")
    assert main.published_at == datetime(2022, 3, 3, tzinfo=timezone.utc)
    assert main.paragraphs == (
        "PORT HAVEN, Wash. (AP) — Ferries returned to the water on Thursday after a week of storms kept the fleet "
        "tied up and islanders cut off from the mainland.",
        "The state ferry agency said all routes would run a reduced schedule through the weekend while crews inspect the docks.",
        '"We have people who could not get to the hospital," said Mayor Ana Ruiz. "That cannot happen again."',
    )
    assert main.captions == (
        Caption("A ferry leaves the dock in Port Haven, Wash., on Wednesday, March 2, 2022.", "AP Photo/Sam Ortega"),
    )
    # A second wire dateline opens another whole story under its own headline.
    assert (appended.headline, appended.representation, appended.provider) == (
        "Islanders vote to build a second dock", "full", "Associated Press")
    assert appended.paragraphs[1:] == ("The dock is expected to open in three years.",)
    assert appended.paragraphs[0].startswith("SEABROOK, Wash. (AP) — Voters")
    # Teasers under a list heading: title, summary, provider label.
    assert (teaser.headline, teaser.representation, teaser.provider) == (
        "Snowpack in the Cascades is far below normal", "partial", "Associated Press")
    assert teaser.summary == "Forecasters say a dry February left the mountains with about half the usual snow for early March."
    assert [a.position for a in (main, appended, teaser)] == [0, 1, 2]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_LINES = st.sampled_from([
    "", "•", "World Mexico and US working to build new security framework", "usr: 0", "12 comments",
    "MEXICO CITY (AP) — Delegations met on Friday to talk about security and trade.",
    "A man walks. (AP Photo/Jane Doe)", "© Provided by Associated Press", "(AP Photo/Jane Doe)",
    "More Top Stories", "Read more: Something happened somewhere", "By Jane Roe", "Associated Press",
    "19:40  08 october  2021 Source: msn.com", "Short line", "A list follows:", "1) Item one",
    "Title of another story here today\nIts lead paragraph is long enough to count as prose in this test case, surely.",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(max_size=80)), max_size=40))
def test_any_text_splits_or_is_rejected(lines):
    try:
        articles = split_text(page("\n".join(lines)))
    except Rejected as exc:
        assert exc.reason == "no_article"
        return
    main, *embedded = articles
    assert main.role == "main" and main.position == 0 and main.paragraphs
    assert [a.position for a in embedded] == list(range(1, len(embedded) + 1))
    assert all(a.parent_uri == main.uri and a.role == "embedded" for a in embedded)


def test_a_short_sentence_with_a_date_is_body_not_a_timestamp():
    text = "Former mayor dies at 91\n\nUpdated 3:05 p.m. Oct 9, 2021\n\nJohn Doe led the city for 20 years.\n\nHe died Oct. 8, 2021.\n"
    (main,) = split_text(page(text))
    assert main.paragraphs == ("John Doe led the city for 20 years.", "He died Oct. 8, 2021.")
    assert main.published_at == datetime(2021, 10, 9, 15, 5, tzinfo=timezone.utc)
