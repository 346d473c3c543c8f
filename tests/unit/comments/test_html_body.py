"""HTML comment bodies read as the text a reader sees, quotes apart."""

import pytest

from service.comments.html_body import ReadBody, read_html


@pytest.mark.parametrize("html,text", [
    ("<p>Hello &amp; welcome</p><p>Second paragraph</p>", "Hello & welcome\nSecond paragraph"),
    ("one<br>two<br/><br>four", "one\ntwo\n\nfour"),
    ("<div>a</div><div>b</div>", "a\nb"),
    ("I <b>really</b> <i>mean</i> <s>it</s>", "I really mean it"),
    ('See <a href="https://evil.example/x">the report</a>.', "See the report."),
    ("&lt;3 &quot;quoted&quot; &#x1F600; caf&eacute;", '<3 "quoted" 😀 café'),
    ("a < b and c > d", "a < b and c > d"),
    ("<p>  spaced \n\n  out  </p>", "spaced out"),
    ("<script>alert(1)</script><style>p{}</style>visible", "visible"),
    ("plain text, no markup", "plain text, no markup"),
    ("<p><span class='spoiler'>hidden</span> words</p>", "hidden words"),
])
def test_markup_is_read_as_text(html, text):
    assert read_html(html) == ReadBody(text)


def test_a_quote_is_kept_apart_from_the_authors_words():
    body = read_html("<blockquote>You are all idiots</blockquote><p>I disagree, and politely.</p>")
    assert body.text == "I disagree, and politely."
    assert body.quotes == ("You are all idiots",)


def test_nested_quotes_belong_to_the_outer_quote_and_each_quote_is_separate():
    body = read_html("<p>first</p><blockquote><p>q1</p><blockquote>inner</blockquote></blockquote>"
                     "middle<blockquote>q2</blockquote>last")
    assert body.text == "first\nmiddle\nlast"
    assert body.quotes == ("q1\ninner", "q2")


def test_quote_only_and_empty_bodies():
    assert read_html("<blockquote>just the quote</blockquote>") == ReadBody("", ("just the quote",))
    assert read_html("<p></p><blockquote></blockquote>") == ReadBody("")


def test_unclosed_markup_does_not_lose_text():
    assert read_html("<p>open <b>bold").text == "open bold"
    assert read_html("<blockquote>never closed").quotes == ("never closed",)
