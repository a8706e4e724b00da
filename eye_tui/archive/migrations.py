"""The archive's tables, as the steps that made them: one per schema version."""

# Each entry moves the schema from version i to i + 1. Never edit one that has shipped:
# add the next.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE posts (
        key INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        link TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        published INTEGER NOT NULL,          -- unix seconds, UTC
        updated INTEGER,
        date_is_guess INTEGER NOT NULL DEFAULT 0,
        month TEXT NOT NULL,                 -- 'YYYY-MM' of published, for the archive tree
        html TEXT NOT NULL,
        excerpt TEXT NOT NULL DEFAULT '',
        comments_url TEXT NOT NULL DEFAULT '',
        comment_count INTEGER NOT NULL DEFAULT 0,
        tag_names TEXT NOT NULL DEFAULT '',  -- names joined by U+001F, so a list row needs no join
        fingerprint TEXT NOT NULL,           -- detects an edited post
        read INTEGER NOT NULL DEFAULT 0,
        starred INTEGER NOT NULL DEFAULT 0,
        first_seen INTEGER NOT NULL
    );
    CREATE INDEX posts_by_date ON posts (published DESC, key DESC);
    CREATE INDEX posts_by_month ON posts (month, published DESC, key DESC);
    CREATE INDEX posts_by_read ON posts (read, published DESC, key DESC);
    CREATE INDEX posts_starred ON posts (published DESC, key DESC) WHERE starred = 1;

    CREATE TABLE tags (
        tag INTEGER PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL
    );
    -- published is copied here so a tag's posts come newest-first straight off the index.
    CREATE TABLE post_tags (
        tag INTEGER NOT NULL REFERENCES tags (tag),
        published INTEGER NOT NULL,
        post INTEGER NOT NULL REFERENCES posts (key) ON DELETE CASCADE,
        PRIMARY KEY (tag, published, post)
    ) WITHOUT ROWID;
    CREATE INDEX post_tags_by_post ON post_tags (post);

    CREATE TABLE comments (
        key INTEGER PRIMARY KEY,
        post INTEGER NOT NULL REFERENCES posts (key) ON DELETE CASCADE,
        id TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        published INTEGER NOT NULL,
        html TEXT NOT NULL,
        link TEXT NOT NULL DEFAULT '',
        UNIQUE (post, id)
    );

    CREATE TABLE http_cache (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT
    );

    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );

    -- Full-text search reads title and body text through this view, so the body text is
    -- never stored twice: html_text() is a function the archive registers on connect.
    CREATE VIEW post_search_source AS
        SELECT key, title, html_text(html) AS body FROM posts;
    CREATE VIRTUAL TABLE post_search USING fts5 (
        title, body,
        content = 'post_search_source', content_rowid = 'key',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    """,
    # 2: post counts per tag and per month kept by triggers, so the sidebar of a 100,000-post
    # archive is read from a few hundred rows instead of counted from every post.
    """
    ALTER TABLE tags ADD COLUMN posts INTEGER NOT NULL DEFAULT 0;
    UPDATE tags SET posts = (SELECT count(*) FROM post_tags WHERE post_tags.tag = tags.tag);
    CREATE TRIGGER tag_count_up AFTER INSERT ON post_tags BEGIN
        UPDATE tags SET posts = posts + 1 WHERE tag = new.tag;
    END;
    CREATE TRIGGER tag_count_down AFTER DELETE ON post_tags BEGIN
        UPDATE tags SET posts = posts - 1 WHERE tag = old.tag;
    END;

    CREATE TABLE months (
        month TEXT PRIMARY KEY,
        posts INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO months SELECT month, count(*) FROM posts GROUP BY month;
    CREATE TRIGGER month_count_up AFTER INSERT ON posts BEGIN
        INSERT INTO months VALUES (new.month, 1)
            ON CONFLICT (month) DO UPDATE SET posts = posts + 1;
    END;
    CREATE TRIGGER month_count_down AFTER DELETE ON posts BEGIN
        UPDATE months SET posts = posts - 1 WHERE month = old.month;
    END;
    CREATE TRIGGER month_count_move AFTER UPDATE OF month ON posts
        WHEN old.month != new.month BEGIN
        UPDATE months SET posts = posts - 1 WHERE month = old.month;
        INSERT INTO months VALUES (new.month, 1)
            ON CONFLICT (month) DO UPDATE SET posts = posts + 1;
    END;
    """,
    # 3: the search index's word list, to tell a whole word from a prefix being typed.
    """
    CREATE VIRTUAL TABLE post_search_words USING fts5vocab (post_search, 'row');
    """,
    # 4: bodies stored compressed (see packing.py); the search view unpacks them.
    """
    UPDATE posts SET html = pack_html(html) WHERE typeof(html) = 'text';
    """,
    # 5: a post's address finds the post, so a link to another post opens it offline.
    """
    CREATE INDEX posts_by_link ON posts (link);
    """,
    # 6: names stored before entities were decoded at ingest ("What&#8217;s On"), decoded
    # once; the search index forgets the old titles and learns the new ones.
    """
    CREATE TEMP TABLE escaped AS SELECT key FROM posts
        WHERE title LIKE '%&%;%' AND unescape_html(title) != title;
    INSERT INTO post_search (post_search, rowid, title, body)
        SELECT 'delete', key, title, html_text(html) FROM posts WHERE key IN escaped;
    UPDATE posts SET title = unescape_html(title) WHERE key IN escaped;
    INSERT INTO post_search (rowid, title, body)
        SELECT key, title, html_text(html) FROM posts WHERE key IN escaped;
    DROP TABLE escaped;
    UPDATE posts SET author = unescape_html(author) WHERE author LIKE '%&%;%';
    UPDATE posts SET tag_names = unescape_html(tag_names) WHERE tag_names LIKE '%&%;%';
    -- A tag's slug comes from its name: a renamed tag whose new slug exists already
    -- (fetched since, decoded) gives its posts to that tag and goes.
    CREATE TEMP TABLE renamed AS
        SELECT tag, unescape_html(name) AS name, slugify(unescape_html(name)) AS slug
        FROM tags WHERE name LIKE '%&%;%' AND unescape_html(name) != name;
    CREATE TEMP TABLE merged AS
        SELECT r.tag AS old, t.tag AS new FROM renamed r JOIN tags t ON t.slug = r.slug
        WHERE t.tag != r.tag;
    INSERT OR IGNORE INTO post_tags (tag, published, post)
        SELECT m.new, pt.published, pt.post FROM post_tags pt JOIN merged m ON pt.tag = m.old;
    DELETE FROM post_tags WHERE tag IN (SELECT old FROM merged);
    DELETE FROM tags WHERE tag IN (SELECT old FROM merged);
    UPDATE tags SET
        name = (SELECT name FROM renamed r WHERE r.tag = tags.tag),
        slug = (SELECT slug FROM renamed r WHERE r.tag = tags.tag)
        WHERE tag IN (SELECT tag FROM renamed);
    DROP TABLE renamed;
    DROP TABLE merged;
    """,
    # 7: dates no post can have (year 1 from a hostile feed, stored as month "1-01", which
    # stopped the reader at every start) become unknown: the day the post was first seen,
    # marked as guessed, as feeds with such dates are read now.
    """
    CREATE TEMP TABLE undated AS SELECT key FROM posts
        WHERE published < 631152000
            OR (first_seen > 631152000 AND published > first_seen + 172800)
            OR month NOT GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]';
    UPDATE posts SET published = CASE WHEN first_seen > 631152000
            THEN first_seen ELSE CAST(strftime('%s', 'now') AS INTEGER) END,
        date_is_guess = 1
        WHERE key IN undated;
    UPDATE posts SET month = strftime('%Y-%m', published, 'unixepoch') WHERE key IN undated;
    UPDATE post_tags SET published = (SELECT published FROM posts WHERE key = post)
        WHERE post IN undated;
    DROP TABLE undated;
    DELETE FROM months WHERE month NOT GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]';
    """,
    # 8: pictures kept for offline reading. Files live in media/ beside the archive,
    # named by their content's hash, so one picture used by many posts is stored once.
    """
    CREATE TABLE IF NOT EXISTS pictures (
        url TEXT PRIMARY KEY,
        file TEXT NOT NULL,              -- "<sha256>.<ext>" under media/
        bytes INTEGER NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        fetched INTEGER NOT NULL,
        viewed INTEGER NOT NULL DEFAULT 0,
        etag TEXT,
        last_modified TEXT
    );
    CREATE INDEX IF NOT EXISTS pictures_by_file ON pictures (file);
    """,
    # 9: documents (PDF, Word, OpenDocument) saved from posts for offline reading.
    """
    CREATE TABLE IF NOT EXISTS documents (
        url TEXT PRIMARY KEY,
        file TEXT NOT NULL,              -- under documents/
        bytes INTEGER NOT NULL,
        post INTEGER REFERENCES posts (key) ON DELETE SET NULL,
        by_hand INTEGER NOT NULL DEFAULT 0,  -- saved by the resident: never evicted
        fetched INTEGER NOT NULL
    );
    """,
    # 10: what the REST API tells apart. A term is a tag (the feed's merged list is read
    # as tags) or a category, shown as the site's sections; the same slug may be both,
    # so the table is rebuilt unique on (kind, slug). Posts learn WordPress's own id
    # (from the feed's "?p=ID" guid where they have one), their sections' names, whether
    # comments are open, and whether the body is only the site's summary; comments learn
    # the comment they answer.
    """
    DROP TRIGGER tag_count_up;
    DROP TRIGGER tag_count_down;
    CREATE TABLE terms (
        tag INTEGER PRIMARY KEY,
        kind TEXT NOT NULL DEFAULT 'tag',    -- 'tag' or 'category'
        slug TEXT NOT NULL,
        name TEXT NOT NULL,
        posts INTEGER NOT NULL DEFAULT 0,
        UNIQUE (kind, slug)
    );
    INSERT INTO terms (tag, kind, slug, name, posts) SELECT tag, 'tag', slug, name, posts FROM tags;
    DROP TABLE tags;
    ALTER TABLE terms RENAME TO tags;
    CREATE TRIGGER tag_count_up AFTER INSERT ON post_tags BEGIN
        UPDATE tags SET posts = posts + 1 WHERE tag = new.tag;
    END;
    CREATE TRIGGER tag_count_down AFTER DELETE ON post_tags BEGIN
        UPDATE tags SET posts = posts - 1 WHERE tag = old.tag;
    END;
    ALTER TABLE posts ADD COLUMN wp_id INTEGER;
    ALTER TABLE posts ADD COLUMN section_names TEXT NOT NULL DEFAULT '';
    ALTER TABLE posts ADD COLUMN comments_open INTEGER;
    ALTER TABLE posts ADD COLUMN is_summary INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE posts ADD COLUMN from_rest INTEGER NOT NULL DEFAULT 0;
    UPDATE posts SET wp_id = CAST(substr(id, instr(id, '?p=') + 3) AS INTEGER)
        WHERE id GLOB 'http*[?]p=[0-9]*' AND substr(id, instr(id, '?p=') + 3) NOT GLOB '*[^0-9]*';
    CREATE INDEX posts_by_wp_id ON posts (wp_id) WHERE wp_id IS NOT NULL;
    ALTER TABLE comments ADD COLUMN parent TEXT NOT NULL DEFAULT '';
    """,
    # 11: the whole archive's totals kept by triggers, one row: the list's length at start
    # and the status line after each mark read them instead of counting a 1.5 MB index
    # (55 ms at 100,000 posts when the disk cache has let it go). The reader checks them
    # against a real count once a session, after the first frame (totals.mend_totals).
    """
    CREATE TABLE totals (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        posts INTEGER NOT NULL,
        unread INTEGER NOT NULL,
        starred INTEGER NOT NULL
    );
    INSERT INTO totals SELECT 1, count(*), count(*) FILTER (WHERE read = 0),
        count(*) FILTER (WHERE starred = 1) FROM posts;
    CREATE TRIGGER totals_up AFTER INSERT ON posts BEGIN
        UPDATE totals SET posts = posts + 1, unread = unread + (new.read = 0),
            starred = starred + (new.starred = 1);
    END;
    CREATE TRIGGER totals_down AFTER DELETE ON posts BEGIN
        UPDATE totals SET posts = posts - 1, unread = unread - (old.read = 0),
            starred = starred - (old.starred = 1);
    END;
    CREATE TRIGGER totals_marked AFTER UPDATE OF read, starred ON posts
        WHEN old.read IS NOT new.read OR old.starred IS NOT new.starred BEGIN
        UPDATE totals SET unread = unread + (new.read = 0) - (old.read = 0),
            starred = starred + (new.starred = 1) - (old.starred = 1);
    END;
    """,
    # 12: bodies apart from the rows the list reads. A body in its post's row gave the
    # row a page of its own, so marking posts read rewrote every one of those pages:
    # 66,667 posts of 100,000 wrote 250 MB and held the screen for 2–3 s. The table is
    # rebuilt (SQLite's recipe) rather than its column dropped: a dropped column leaves
    # each row alone on its page. The search index reads each body through the view.
    """
    CREATE TABLE bodies (
        key INTEGER PRIMARY KEY REFERENCES posts (key) ON DELETE CASCADE,
        html BLOB NOT NULL                   -- packed (packing.py)
    );
    INSERT INTO bodies (key, html) SELECT key, html FROM posts;
    CREATE TABLE new_posts (
        key INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        link TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        published INTEGER NOT NULL,          -- unix seconds, UTC
        updated INTEGER,
        date_is_guess INTEGER NOT NULL DEFAULT 0,
        month TEXT NOT NULL,                 -- 'YYYY-MM' of published, for the archive tree
        excerpt TEXT NOT NULL DEFAULT '',
        comments_url TEXT NOT NULL DEFAULT '',
        comment_count INTEGER NOT NULL DEFAULT 0,
        tag_names TEXT NOT NULL DEFAULT '',  -- names joined by U+001F, so a list row needs no join
        fingerprint TEXT NOT NULL,           -- detects an edited post
        read INTEGER NOT NULL DEFAULT 0,
        starred INTEGER NOT NULL DEFAULT 0,
        first_seen INTEGER NOT NULL,
        wp_id INTEGER,
        section_names TEXT NOT NULL DEFAULT '',
        comments_open INTEGER,
        is_summary INTEGER NOT NULL DEFAULT 0,
        from_rest INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO new_posts SELECT key, id, link, title, author, published, updated,
        date_is_guess, month, excerpt, comments_url, comment_count, tag_names, fingerprint,
        read, starred, first_seen, wp_id, section_names, comments_open, is_summary, from_rest
        FROM posts;
    DROP VIEW post_search_source;
    DROP TABLE posts;
    ALTER TABLE new_posts RENAME TO posts;
    CREATE INDEX posts_by_date ON posts (published DESC, key DESC);
    CREATE INDEX posts_by_month ON posts (month, published DESC, key DESC);
    CREATE INDEX posts_by_read ON posts (read, published DESC, key DESC);
    CREATE INDEX posts_starred ON posts (published DESC, key DESC) WHERE starred = 1;
    CREATE INDEX posts_by_link ON posts (link);
    CREATE INDEX posts_by_wp_id ON posts (wp_id) WHERE wp_id IS NOT NULL;
    CREATE TRIGGER month_count_up AFTER INSERT ON posts BEGIN
        INSERT INTO months VALUES (new.month, 1)
            ON CONFLICT (month) DO UPDATE SET posts = posts + 1;
    END;
    CREATE TRIGGER month_count_down AFTER DELETE ON posts BEGIN
        UPDATE months SET posts = posts - 1 WHERE month = old.month;
    END;
    CREATE TRIGGER month_count_move AFTER UPDATE OF month ON posts
        WHEN old.month != new.month BEGIN
        UPDATE months SET posts = posts - 1 WHERE month = old.month;
        INSERT INTO months VALUES (new.month, 1)
            ON CONFLICT (month) DO UPDATE SET posts = posts + 1;
    END;
    CREATE TRIGGER totals_up AFTER INSERT ON posts BEGIN
        UPDATE totals SET posts = posts + 1, unread = unread + (new.read = 0),
            starred = starred + (new.starred = 1);
    END;
    CREATE TRIGGER totals_down AFTER DELETE ON posts BEGIN
        UPDATE totals SET posts = posts - 1, unread = unread - (old.read = 0),
            starred = starred - (old.starred = 1);
    END;
    CREATE TRIGGER totals_marked AFTER UPDATE OF read, starred ON posts
        WHEN old.read IS NOT new.read OR old.starred IS NOT new.starred BEGIN
        UPDATE totals SET unread = unread + (new.read = 0) - (old.read = 0),
            starred = starred + (new.starred = 1) - (old.starred = 1);
    END;
    CREATE VIEW post_search_source AS
        SELECT p.key AS key, p.title AS title, html_text(b.html) AS body
        FROM posts p JOIN bodies b ON b.key = p.key;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
# The oldest schema today's code can read without migrating, for an archive that cannot
# be written to bring it up to date (10 added columns every listing reads).
READABLE_FROM = 10
TOTALS_FROM = 11  # the schema that keeps the archive's totals (totals.py)
BODIES_FROM = 12  # the schema that keeps bodies apart (before: a view stands in, on reading)
