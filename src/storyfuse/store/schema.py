"""The store's schema, as an ordered list of migrations, and opening a file as a store.

``PRAGMA user_version`` is the number of migrations applied; each migration runs in its own
``BEGIN IMMEDIATE`` transaction together with the ``user_version`` it reaches, so a crash
leaves the file at one version or the next, never in between. ``PRAGMA application_id`` marks
the file as a storyfuse store, which tells our file apart from any other SQLite database.

Tables (version 3):

    story(id, headline, independent_sources, articles, outlets, first_seen, last_seen, version)
    article(seq, id, url, content_hash, published, added, source, title, text, document, story_id)
    article_fts(title, text)            FTS5 over article (external content, kept by triggers)
    profile(story_id, state)            the grouper's opaque per-story state
    grouper_term(term, documents, stories)   the grouper's per-term state (v3)
    meta(key, value)                    small key/value settings
    brief(story_id, format, version, text)   cached briefs, valid while story.version matches

A new migration is appended to :data:`MIGRATIONS`, never edited in place: files in the field
were made by the old text.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

from storyfuse.errors import InputError, StoryfuseError

# "SFUS" in ASCII: a fixed number in the file header saying "this is a storyfuse store".
APPLICATION_ID = 0x53465553
_RETRY = 0.01  # seconds between tries of the journal mode switch
SQLITE_MAGIC = b"SQLite format 3\x00"

_V1_CORE = (
    """CREATE TABLE story (
        id TEXT PRIMARY KEY,
        headline TEXT,
        independent_sources INTEGER,
        articles INTEGER NOT NULL DEFAULT 0,
        outlets INTEGER NOT NULL DEFAULT 0,
        first_seen TEXT,
        last_seen TEXT,
        version INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX story_last_seen ON story(last_seen)",
    # seq is the rowid: insertion order, and the key the full-text index refers to.
    """CREATE TABLE article (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        url TEXT UNIQUE,
        content_hash TEXT NOT NULL UNIQUE,
        published TEXT,
        added TEXT NOT NULL,
        source TEXT,
        title TEXT,
        text TEXT NOT NULL,
        document TEXT NOT NULL,
        story_id TEXT REFERENCES story(id)
    )""",
    # (story_id, source): a story's articles, and whether an outlet is already in it.
    "CREATE INDEX article_story ON article(story_id, source)",
    "CREATE INDEX article_published ON article(published)",
    """CREATE TABLE profile (
        story_id TEXT PRIMARY KEY REFERENCES story(id) ON DELETE CASCADE,
        state BLOB NOT NULL
    )""",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE brief (
        story_id TEXT NOT NULL REFERENCES story(id) ON DELETE CASCADE,
        format TEXT NOT NULL,
        version INTEGER NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (story_id, format)
    )""",
)

_V2_SEARCH = (
    # External content: the text lives once, in article; the index holds only tokens.
    """CREATE VIRTUAL TABLE article_fts USING fts5(
        title, text, content='article', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER article_fts_insert AFTER INSERT ON article BEGIN
        INSERT INTO article_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END""",
    """CREATE TRIGGER article_fts_delete AFTER DELETE ON article BEGIN
        INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    END""",
    """CREATE TRIGGER article_fts_update AFTER UPDATE OF title, text ON article BEGIN
        INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO article_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END""",
    # Articles stored by a version-1 store get indexed too.
    "INSERT INTO article_fts(article_fts) VALUES ('rebuild')",
)

_V3_GROUPER_TERMS = (
    # One row per term: written only when the term's row changes, so that a batch's writes do
    # not grow with the store (a single state value rewritten per batch did).
    """CREATE TABLE grouper_term (
        term TEXT PRIMARY KEY,
        documents INTEGER NOT NULL,
        stories TEXT NOT NULL
    ) WITHOUT ROWID""",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1_CORE, _V2_SEARCH, _V3_GROUPER_TERMS)
LATEST = len(MIGRATIONS)


def connect(path: Path, *, readonly: bool, timeout: float) -> sqlite3.Connection:
    """A connection to the store at ``path``, created or migrated to :data:`LATEST` (unless
    ``readonly``); a file that is not a usable store raises a one-line :class:`InputError`."""
    _check_file(path, readonly)
    mode = "ro" if readonly else "rwc"
    try:
        # isolation_level=None: no implicit transactions; the store issues BEGIN/COMMIT itself.
        conn = sqlite3.connect(
            f"file:{quote(str(path))}?mode={mode}", uri=True, timeout=timeout, isolation_level=None
        )
    except sqlite3.Error as exc:
        raise InputError(str(path), f"cannot open the store ({_one_line(exc)})") from None
    try:
        _configure(conn, readonly, timeout)
        _prepare(conn, path, readonly)
    except BaseException as exc:
        conn.close()
        if isinstance(exc, sqlite3.Error):
            raise database_error(path, exc) from None
        raise
    return conn


def database_error(path: Path, exc: sqlite3.Error) -> StoryfuseError:
    """A one-line error for what SQLite raised: busy, or a file that is no usable store."""
    if is_busy(exc):
        return StoryfuseError(f"{path}: the store is busy: another connection holds the write lock")
    return InputError(str(path), f"not a usable storyfuse store ({_one_line(exc)})")


def is_busy(exc: sqlite3.Error) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


def migrate(conn: sqlite3.Connection, upto: int = LATEST) -> None:
    """Apply the migrations the file lacks, up to version ``upto``, each in one transaction.

    The version is read again under the write lock, so two processes opening one new file
    at once apply each migration once.
    """
    for number, statements in enumerate(MIGRATIONS[:upto], start=1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if user_version(conn) < number:
                for sql in statements:
                    conn.execute(sql)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _check_file(path: Path, readonly: bool) -> None:
    """Refuse, before SQLite sees it, a path that cannot be a store: SQLite would report
    a foreign file only at the first query, as a bare "file is not a database"."""
    if path.is_dir():
        raise InputError(str(path), "is a directory, not a storyfuse store")
    if not path.exists():
        if readonly:
            raise InputError(str(path), "no such storyfuse store")
        return
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head and head != SQLITE_MAGIC:
        raise InputError(str(path), "not a SQLite database, so not a storyfuse store")


def _configure(conn: sqlite3.Connection, readonly: bool, timeout: float) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    if not readonly:
        # WAL: readers never block the writer nor it them. The mode is stored in the file, so
        # read-only connections get it too. NORMAL sync: a commit survives the process being
        # killed; only a power cut can lose the last commits, and never half of one.
        _wal(conn, timeout)
        conn.execute("PRAGMA synchronous = NORMAL")


def _wal(conn: sqlite3.Connection, timeout: float) -> None:
    """Switch to WAL, retried for up to ``timeout`` seconds: while another connection creates
    the same new file, SQLite answers the mode change "database is locked" at once, without
    waiting in its busy handler."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(_RETRY)


def _prepare(conn: sqlite3.Connection, path: Path, readonly: bool) -> None:
    app_id, version, has_tables = _identity(conn)
    if app_id != APPLICATION_ID and (app_id != 0 or has_tables):
        raise InputError(str(path), "a SQLite database of another application, not a storyfuse store")
    if version > LATEST:
        raise InputError(
            str(path), f"made by a newer storyfuse (store schema {version}, this one knows up to {LATEST}); "
            "upgrade storyfuse to open it"
        )
    if version < LATEST:
        if readonly:
            raise InputError(
                str(path), f"store schema {version} needs upgrading to {LATEST}; open it once read-write"
            )
        migrate(conn)


def _identity(conn: sqlite3.Connection) -> tuple[int, int, bool]:
    """(application id, schema version, whether it has tables), from one snapshot: read one by
    one, a store another connection was creating meanwhile looked like a foreign database
    (no id yet, then tables)."""
    conn.execute("BEGIN")
    try:
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        has_tables = conn.execute("SELECT 1 FROM sqlite_schema LIMIT 1").fetchone() is not None
        return app_id, user_version(conn), has_tables
    finally:
        conn.execute("COMMIT")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
