from service.cli.page_import import split_comments
from tests.conftest import seed_page_or_skip

PAGE = """Headline about a strike

The article lists three points:
1. the first point
2. the second point

An author bio.

  1. First reader comment.

  2. Second comment, first paragraph.

    Second paragraph of the same comment.
  3. Third comment
    runs over two lines.
"""


def test_only_the_final_numbered_run_is_comments():
    comments = split_comments(PAGE)
    assert [c.number for c in comments] == [1, 2, 3]
    assert comments[0].text == "First reader comment."
    assert comments[1].text == "Second comment, first paragraph.\n\nSecond paragraph of the same comment."
    assert comments[2].text == "Third comment\nruns over two lines."


def test_page_without_comments():
    assert split_comments("Just an article.\nNo comments yet.") == []


def test_seed_page_has_five_comments_and_no_article_text():
    page = seed_page_or_skip()
    comments = split_comments(page)
    assert [c.number for c in comments] == [1, 2, 3, 4, 5]
    assert all("Editor" not in c.text and "Greenhalgh" not in c.text for c in comments)
    assert "attack and kill" in comments[4].text
