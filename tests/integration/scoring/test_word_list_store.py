"""Word lists on a real Redis: entries, moves between lists, versions, audit, and the live matcher."""

import pytest

from service.review.audit_log import AuditLog
from service.scoring import word_list_store
from service.scoring.live_word_lists import LiveWordLists
from service.scoring.word_list_store import VERSIONS, WordListStore, list_key
from service.scoring.word_lists import WordListError, WordMatch


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(redis_client) -> WordListStore:
    return WordListStore(redis_client)


def test_entries_are_kept_normalized_with_what_was_typed(store, redis_client):
    change = store.add("herald", "banned", ["G.L.0.R.B.N.I.K", "big  WET fish", "glorbnik"], actor="alice",
                       moderator="alice", via="api")
    assert change.changed == ["G.L.0.R.B.N.I.K", "big  WET fish"] and change.version == 1
    assert redis_client.hgetall(list_key("herald", "banned")) == {"glorbnik": "G.L.0.R.B.N.I.K",
                                                                  "big wet fish": "big  WET fish"}
    again = store.add("herald", "banned", ["glorbnik"], actor="alice")
    assert again.changed == [] and again.unchanged == ["G.L.0.R.B.N.I.K"] and again.version == 0
    assert redis_client.hget(VERSIONS, "herald") == "1"  # a no-op bumps nothing


def test_an_entry_lives_on_one_list_and_removal_takes_any_spelling(store):
    store.add("herald", "suspect", ["glorbnik", "zorp"], actor="alice")
    moved = store.add("herald", "banned", ["GLORBNIK"], actor="alice")
    assert moved.moved == ["GLORBNIK"] and moved.public("added")["moved_from"] == {"list": "suspect",
                                                                                    "entries": ["GLORBNIK"]}
    assert store.lists("herald") == {"banned": {"glorbnik": "GLORBNIK"}, "suspect": {"zorp": "zorp"}}
    removed = store.remove("herald", "banned", ["g.l.o.r.b.n.i.k", "never-listed"], actor="bob")
    assert removed.changed == ["GLORBNIK"] and removed.unchanged == ["never-listed"]
    assert store.sites() == {"herald": {"banned": 0, "suspect": 1}}
    store.remove("herald", "suspect", ["zorp"], actor="bob")
    assert store.sites() == {}


def test_every_change_is_in_the_audit_log_with_who_made_it(store, redis_client):
    store.add("herald", "banned", ["glorbnik"], actor="alice", moderator="alice", via="web")
    store.remove("herald", "banned", ["glorbnik"], actor="operator", via="cli")
    store.remove("herald", "banned", ["glorbnik"], actor="operator", via="cli")  # nothing left: no event
    entries = AuditLog(redis_client).page(events=["words_added", "words_removed"]).entries
    assert [(e["event"], e["actor"], e["site"], e["list"], e["entries"], e.get("via")) for e in entries] == [
        ("words_added", "alice", "herald", "banned", ["glorbnik"], "web"),
        ("words_removed", "operator", "herald", "banned", ["glorbnik"], "cli")]
    assert [e["event"] for e in AuditLog(redis_client).page(moderator="alice").entries] == ["words_added"]


@pytest.mark.parametrize("site, kind, entries", [
    ("", "banned", ["x"]), ("herald", "naughty", ["x"]), ("herald", "banned", []),
    ("herald", "banned", ["!!!"]), ("a\nb", "banned", ["x"]),
])
def test_bad_changes_are_refused_and_write_nothing(store, redis_client, site, kind, entries):
    with pytest.raises(WordListError):
        store.add(site, kind, entries, actor="alice")
    assert redis_client.keys("parley:words:*") == [] and redis_client.xlen("parley:audit") == 0


def test_a_list_has_a_size_limit(store, monkeypatch):
    monkeypatch.setattr(word_list_store, "MAX_ENTRIES", 3)
    store.add("herald", "banned", ["a1", "a2"], actor="alice")
    with pytest.raises(WordListError, match="at most 3"):
        store.add("herald", "banned", ["a3", "a4"], actor="alice")
    assert len(store.lists("herald")["banned"]) == 2


def test_the_live_lists_follow_redis_within_the_check_interval(store):
    clock = Clock()
    live = LiveWordLists(WordListStore(store.client), check_seconds=1.0, clock=clock)
    assert live.matches("herald", "you glorbnik") == ()
    store.add("herald", "banned", ["glorbnik"], actor="alice")
    assert live.matches("herald", "you glorbnik") == ()  # checked less than a second ago
    clock.now += 1.0
    assert live.matches("herald", "you g.l.0.r.b.n.i.k") == (WordMatch("banned", "glorbnik"),)
    assert live.matches("other-site", "you glorbnik") == ()
    store.add("herald", "suspect", ["glorbnik"], actor="alice")  # moves it
    store.add("courier", "suspect", ["zorp"], actor="alice")
    clock.now += 1.0
    assert live.matches("herald", "you glorbnik") == (WordMatch("suspect", "glorbnik"),)
    assert live.matches("courier", "ZORP") == (WordMatch("suspect", "zorp"),)
    store.remove("herald", "suspect", ["glorbnik"], actor="alice")
    clock.now += 1.0
    assert live.matches("herald", "you glorbnik") == ()


def test_a_site_without_lists_reads_nothing_but_the_versions(store, redis_client):
    clock = Clock()
    live = LiveWordLists(WordListStore(redis_client), clock=clock)
    store.add("herald", "banned", ["glorbnik"], actor="alice")
    live.matches("quiet-site", "anything")  # first use: loads herald once
    before = redis_client.info("commandstats")
    for _ in range(50):
        assert live.matches("quiet-site", "glorbnik here") == ()
    after = redis_client.info("commandstats")
    assert after.get("cmdstat_hgetall", {}).get("calls") == before.get("cmdstat_hgetall", {}).get("calls")


def test_redis_down_keeps_the_lists_last_read(store, redis_server):
    import redis

    clock = Clock()
    live = LiveWordLists(WordListStore(store.client), clock=clock)
    store.add("herald", "banned", ["glorbnik"], actor="alice")
    assert live.matches("herald", "glorbnik")
    live.store = WordListStore(redis.Redis(port=1, socket_connect_timeout=0.2, decode_responses=True))
    clock.now += 5
    assert live.matches("herald", "glorbnik") == (WordMatch("banned", "glorbnik"),)
