"""The next unread post of a list, asked of the archive: down or up from a post, on round
the list's end once, in every shape of list (all posts, a tag, a month, unread only, a
search by rank and a search for words in most posts)."""

from eye_tui.archive import Archive
from eye_tui.model import PostFilter, UnreadPlace
from tests.stored_posts import post, store


def _stored(archive: Archive, count: int, unread: set[int]) -> None:
    """Posts 1..count (post n published n days in: the list shows count first), all
    read but `unread`."""
    store(
        archive,
        *(
            post(n, tags=("Enderby", "Police") if n % 2 else ("Enderby",))
            for n in range(1, count + 1)
        ),
    )
    for n in range(1, count + 1):
        if n not in unread:
            archive.set_read(n)


def test_down_the_list_to_the_next_unread_however_far(archive: Archive) -> None:
    _stored(archive, 300, unread={290, 12, 3})
    everything = PostFilter()
    # From post 290 (row 10), down the list: post 12, 278 rows on, with no rows read.
    assert archive.next_unread(everything, 290, 1) == UnreadPlace(288, 12, wrapped=False)
    assert archive.next_unread(everything, 12, 1) == UnreadPlace(297, 3, wrapped=False)
    assert archive.next_unread(everything, 12, -1) == UnreadPlace(10, 290, wrapped=False)


def test_past_the_end_it_goes_on_round_the_list(archive: Archive) -> None:
    _stored(archive, 30, unread={25, 5})
    everything = PostFilter()
    assert archive.next_unread(everything, 5, 1) == UnreadPlace(5, 25, wrapped=True)
    assert archive.next_unread(everything, 1, 1) == UnreadPlace(5, 25, wrapped=True)
    assert archive.next_unread(everything, 25, -1) == UnreadPlace(25, 5, wrapped=True)
    # The only unread post is not its own next one.
    archive.set_read(25)
    assert archive.next_unread(everything, 5, 1) is None
    assert archive.next_unread(everything, 5, -1) is None
    archive.set_read(5)
    assert archive.next_unread(everything, 30, 1) is None


def test_a_tag_or_a_month_keeps_its_own_rows(archive: Archive) -> None:
    _stored(archive, 60, unread={59, 40, 31, 2})
    police = PostFilter(tags=("police",))  # the odd posts: 59, 57, … 1
    # From 59 (its row 0): 40 is not the tag's; 31 is, 14 rows down.
    assert archive.next_unread(police, 59, 1) == UnreadPlace(14, 31, wrapped=False)
    assert archive.next_unread(police, 31, 1) == UnreadPlace(0, 59, wrapped=True)
    month = PostFilter(month="2014-02")  # posts 31..58 (1 February to 28 February)
    assert archive.next_unread(month, 58, 1) == UnreadPlace(18, 40, wrapped=False)
    assert archive.next_unread(month, 40, 1) == UnreadPlace(27, 31, wrapped=False)
    assert archive.next_unread(month, 31, 1) == UnreadPlace(18, 40, wrapped=True)
    assert archive.next_unread(PostFilter(tags=("nowhere",)), 59, 1) is None


def test_unread_only_counts_the_rows_it_lists(archive: Archive) -> None:
    _stored(archive, 20, unread={18, 9, 4})
    assert archive.next_unread(PostFilter(unread=True), 18, 1) == UnreadPlace(1, 9, False)
    assert archive.next_unread(PostFilter(unread=True), 4, 1) == UnreadPlace(0, 18, True)


def test_search_results_by_rank_and_by_date(archive: Archive) -> None:
    bodies = {
        1: "<p>The carnival parade.</p>",
        2: "<p>Carnival carnival carnival: the carnival returns.</p>",
        3: "<p>Nothing to see.</p>",
        4: "<p>A word on the carnival.</p>",
    }
    store(archive, *(post(n, body=body) for n, body in bodies.items()))
    archive.set_read(2)
    carnival = PostFilter(query="carnival")
    ranked = [hit.post.key for hit in archive.search(carnival)]
    assert ranked[0] == 2 and set(ranked) == {1, 2, 4}
    after_best = archive.next_unread(carnival, 2, 1)
    assert after_best == UnreadPlace(1, ranked[1], wrapped=False)
    assert archive.next_unread(carnival, ranked[2], 1) == UnreadPlace(1, ranked[1], True)
    assert archive.next_unread(carnival, 2, -1) == UnreadPlace(2, ranked[2], wrapped=True)


def test_words_in_most_posts_list_by_date(archive: Archive) -> None:
    """Past 2,000 posts a word in most of them is listed newest first (not ranked)."""
    store(archive, *(post(n, body="<p>Parish council news.</p>") for n in range(1, 2101)))
    archive.mark_all_read()
    archive.set_read(2000, False)
    archive.set_read(7, False)
    council = PostFilter(query="council")
    assert archive.next_unread(council, 2000, 1) == UnreadPlace(2093, 7, wrapped=False)
    assert archive.next_unread(council, 7, 1) == UnreadPlace(100, 2000, wrapped=True)
