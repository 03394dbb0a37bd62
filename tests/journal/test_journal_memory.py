"""The journal contract suite against MemoryJournal, and memory-only checks."""

import threading

import pytest

from gridgov.journal import MemoryJournal, open_journal
from gridgov.testing.journal_contract import JournalContract, MemoryStores, note


class TestMemoryJournal(JournalContract):
    @pytest.fixture
    def journal_store(self):
        return MemoryStores()


def test_threads_share_one_memory_journal():
    """Four threads appending at once lose and duplicate nothing."""
    journal = MemoryJournal()

    def work(worker: int) -> None:
        for i in range(200):
            journal.append([note(f"w{worker}", str(i))])

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert journal.head().sequence == 800
    assert all(journal.stream_version(f"w{w}") == 200 for w in range(4))
    assert journal.verify().ok


def test_open_journal_defaults_to_memory():
    """open_journal() and open_journal(':memory:') give a memory journal."""
    assert isinstance(open_journal(), MemoryJournal)
    assert isinstance(open_journal(":memory:"), MemoryJournal)
