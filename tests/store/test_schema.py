"""Opening files as stores: creation, migrations, and the files that are refused (one line each)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from storyfuse.errors import InputError
from storyfuse.store import Store
from storyfuse.store.schema import APPLICATION_ID, LATEST, MIGRATIONS, migrate
from tests.store.helpers import add, doc


def pragma(path: Path, name: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def refusal(path: Path, **kwargs: object) -> str:
    with pytest.raises(InputError) as caught:
        Store.open(path, **kwargs)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    return message


def test_a_new_store_is_marked_versioned_and_in_wal(db_path: Path) -> None:
    Store.open(db_path).close()
    assert pragma(db_path, "application_id") == APPLICATION_ID
    assert pragma(db_path, "user_version") == LATEST == len(MIGRATIONS)
    assert pragma(db_path, "journal_mode") == "wal"


def test_opening_again_keeps_the_data(db_path: Path) -> None:
    with Store.open(db_path) as store, store.batch() as batch:
        batch.set_meta("k", "v")
    with Store.open(db_path) as store:
        assert store.meta("k") == "v"


def test_foreign_keys_are_on(store: Store) -> None:
    assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_random_bytes_are_refused(db_path: Path) -> None:
    db_path.write_bytes(os.urandom(4096))
    assert "not a SQLite database" in refusal(db_path)
    assert "not a SQLite database" in refusal(db_path, readonly=True)


def test_a_text_file_is_refused_and_left_alone(db_path: Path) -> None:
    db_path.write_text("id,title\n1,hello\n")
    refusal(db_path)
    assert db_path.read_text() == "id,title\n1,hello\n"


def test_a_damaged_sqlite_file_is_refused(db_path: Path) -> None:
    Store.open(db_path).close()
    data = bytearray(db_path.read_bytes())
    data[100:] = os.urandom(len(data) - 100)  # the header survives, the pages do not
    db_path.write_bytes(bytes(data))
    assert "not a usable storyfuse store" in refusal(db_path)


def test_a_foreign_sqlite_database_is_refused(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()
    assert "another application" in refusal(db_path)
    assert pragma(db_path, "user_version") == 0  # not migrated into ours


def test_another_applications_id_is_refused(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA application_id = 1234")
    conn.close()
    assert "another application" in refusal(db_path)


def test_a_newer_schema_is_refused(db_path: Path) -> None:
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    message = refusal(db_path)
    assert f"store schema {LATEST + 1}" in message and "newer storyfuse" in message


def test_a_directory_and_a_missing_readonly_store_are_refused(tmp_path: Path) -> None:
    assert "directory" in refusal(tmp_path)
    assert "no such storyfuse store" in refusal(tmp_path / "absent.db", readonly=True)
    assert not (tmp_path / "absent.db").exists()


def version_one_store(path: Path) -> None:
    """A store as the first release wrote it: migration 1 only, no full-text index."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, upto=1)
    conn.execute(
        "INSERT INTO article (id, content_hash, added, title, text, document)"
        " VALUES ('old', 'h-old', '2024-01-01T00:00:00Z', 'Crane falls', 'The crane fell in the harbour.',"
        " '{\"path\": \"old.txt\"}')"
    )
    conn.close()


def test_version_one_is_migrated_and_its_articles_become_searchable(db_path: Path) -> None:
    version_one_store(db_path)
    assert pragma(db_path, "user_version") == 1
    with Store.open(db_path) as store:
        assert [hit.article_id for hit in store.search("harbour")] == ["old"]
        assert store.has_article(None, "h-old")
    assert pragma(db_path, "user_version") == LATEST


def test_readonly_does_not_migrate(db_path: Path) -> None:
    version_one_store(db_path)
    assert "needs upgrading" in refusal(db_path, readonly=True)
    assert pragma(db_path, "user_version") == 1


def test_a_failed_migration_leaves_the_previous_version(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    version_one_store(db_path)
    broken = (*MIGRATIONS[:1], ("CREATE TABLE half_done (x)", "THIS IS NOT SQL"))
    monkeypatch.setattr("storyfuse.store.schema.MIGRATIONS", broken)
    with pytest.raises(InputError):
        Store.open(db_path)
    assert pragma(db_path, "user_version") == 1
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'").fetchone()[0] == 0
    conn.close()


def test_readonly_store_reads_but_does_not_write(db_path: Path) -> None:
    with Store.open(db_path) as store, store.batch() as batch:
        add(batch, doc("a", "Text of a."))
    with Store.open(db_path, readonly=True) as store:
        assert store.article_ids() == ["a"]
        with pytest.raises(Exception, match="read-only"), store.batch():
            pass
