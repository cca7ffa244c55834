"""New articles' LSH keys wait in article_lsh_recent and are merged into article_lsh in bulk (migration 0010).

Near-duplicates are found the same wherever the keys of the earlier article lie (merged or recent),
whichever store wrote them, and whenever merges happen.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from store_helpers import alembic_to

from marsad.model import Article
from marsad.store import fusion
from marsad.store.db import Store, make_engine

STORIES = [
    "قالت مصادر محلية إن قصفا مدفعيا استهدف بلدة في ريف إدلب الجنوبي صباح اليوم، ما أدى إلى مقتل ثلاثة مدنيين "
    "وإصابة آخرين، فيما ردت فصائل المعارضة باستهداف مواقع لقوات النظام في المنطقة. وأضافت المصادر أن الطيران "
    "الحربي شن غارات على أطراف البلدة بعد الظهر.",
    "أعلنت وزارة الصحة العراقية تسجيل إصابات جديدة بالمرض في محافظة البصرة، ودعت المواطنين إلى الالتزام "
    "بالتعليمات الصحية ومراجعة المراكز الطبية عند ظهور الأعراض، بحسب بيان رسمي صدر عن الوزارة مساء أمس.",
    "وصلت دفعة جديدة من مقاتلي الميليشيات إلى مطار دمشق الدولي قادمة من العراق، وتوجهت إلى منطقة السيدة زينب "
    "جنوب العاصمة، بحسب ما أفاد به ناشطون محليون، وسط استنفار أمني في محيط المطار والطرق المؤدية إليه.",
    "عقد قادة فصائل الحشد الشعبي اجتماعا في العاصمة بغداد لبحث التطورات الأمنية في المناطق الحدودية مع سوريا، "
    "وناقش المجتمعون خطط انتشار القوات وتأمين الطريق الدولي، وفق ما نقلت وسائل إعلام محلية عن مصادر مطلعة.",
]


def _art(body: str) -> Article:
    return Article(source_path="t.txt", raw=body, body=body, title=None)


def _copy(body: str) -> str:
    """A republished copy: one word changed at the end (estimated Jaccard well above 0.7)."""
    words = body.split()
    return " ".join([*words[:-1], "اليوم."])


def _groups(store: Store) -> dict[str, str]:
    with store.engine.connect() as c:
        return dict(c.execute(text("SELECT id, group_id FROM articles")).all())


def _counts(store: Store) -> tuple[int, int]:
    with store.engine.connect() as c:
        return (c.execute(text("SELECT count(*) FROM article_lsh")).scalar(),
                c.execute(text("SELECT count(*) FROM article_lsh_recent")).scalar())


def test_a_merge_moves_the_waiting_keys_and_copies_are_found_in_both_tables(db_url: str) -> None:
    store = Store(db_url)
    store._recent.merge_at = 2
    a, b, c = (_art(s) for s in STORIES[:3])
    store.save([a, b], "sig")  # two waiting: merged into article_lsh in the same transaction
    assert _counts(store) == (32, 0)
    store.save([c], "sig")  # one waiting
    assert _counts(store) == (32, 1)
    copy_a, copy_c = _art(_copy(STORIES[0])), _art(_copy(STORIES[2]))
    store.save([copy_a], "sig")  # found through article_lsh; then both waiting rows are merged
    store.save([copy_c], "sig")  # c was merged with it
    groups = _groups(store)
    assert groups[copy_a.id] == a.id and groups[copy_c.id] == c.id and groups[b.id] == b.id
    assert _counts(store) == (64, 1)
    store.close()


@pytest.mark.parametrize("merge_at", [1, 3])
def test_groups_do_not_depend_on_when_keys_are_merged(tmp_path, merge_at: int) -> None:
    def run(url: str, at: int) -> dict[str, str]:
        store = Store(url)
        store._recent.merge_at = at
        for body in [STORIES[0], STORIES[1], _copy(STORIES[0]), STORIES[2], _copy(STORIES[1]), STORIES[3],
                     _copy(STORIES[2]), _copy(STORIES[3])]:
            store.save([_art(body)], "sig")
        store.save([_art(STORIES[3] + " وأضافت المصادر.")], "sig")
        out = _groups(store)
        store.close()
        return out

    never = run(f"sqlite:///{tmp_path / 'never.sqlite'}", 10_000)
    assert run(f"sqlite:///{tmp_path / 'often.sqlite'}", merge_at) == never
    assert len(set(never.values())) == 4  # four stories, each with its copies


def test_a_second_store_reads_the_keys_another_appended_and_merged(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    one, two = Store(url), Store(url)
    a, c, d = _art(STORIES[0]), _art(STORIES[2]), _art(STORIES[3])
    two.save([a], "sig")  # `two` has read the (empty) recent rows
    one.save([c], "sig")  # appended behind its back
    copy_c = _art(_copy(STORIES[2]))
    two.save([copy_c], "sig")
    assert _groups(two)[copy_c.id] == c.id
    one._recent.merge_at = 1
    one.save([d], "sig")  # merges every waiting row, `two`'s included
    assert _counts(one) == (64, 0)
    assert two._recent.rows  # still holds what it read
    copy_d, copy_a = _art(_copy(STORIES[3])), _art(_copy(STORIES[0]))
    two.save([copy_d, copy_a], "sig")  # drops the merged rows, finds d and a in article_lsh
    assert len(two._recent.rows) == 0
    groups = _groups(one)
    assert groups[copy_d.id] == d.id and groups[copy_a.id] == a.id
    one.close()
    two.close()


def test_a_failed_save_leaves_the_waiting_keys_as_they_were(db_url: str) -> None:
    store = Store(db_url)
    store._recent.merge_at = 2
    a = _art(STORIES[0])
    store.save([a], "sig")

    def boom(_conn: object) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):  # would have merged (two waiting); rolled back instead
        store.save([_art(STORIES[1])], "sig", in_transaction=boom)
    assert _counts(store) == (0, 1)
    copy_a = _art(_copy(STORIES[0]))
    store.save([copy_a], "sig")
    assert _groups(store)[copy_a.id] == a.id and _counts(store) == (32, 0)
    store.close()


def test_a_store_at_0009_upgrades_and_the_downgrade_merges_the_waiting_keys(db_url: str) -> None:
    engine = make_engine(db_url)
    alembic_to(engine, "0009")
    engine.dispose()
    store = Store(db_url)  # to head: the recent table exists and is empty
    a, b = _art(STORIES[0]), _art(STORIES[1])
    store.save([a, b], "sig")
    assert _counts(store) == (0, 2)
    store.close()
    engine = make_engine(db_url)
    alembic_to(engine, "0009", down=True)
    cfg = fusion.FusionConfig()
    with engine.connect() as c:
        rows = sorted((int(k), aid) for k, aid in c.execute(text("SELECT band_key, article_id FROM article_lsh")))
    assert rows == sorted((k, art.id) for art in (a, b)
                          for k in fusion.band_hashes(fusion.signature(art.body, cfg), cfg))
    engine.dispose()


def test_rows_committed_out_of_id_order_are_still_read(tmp_path) -> None:
    """Concurrent writers on PostgreSQL can commit a lower sequence id after a higher one: a store that
    has read the higher id must still read the lower one, and drop rows deleted by another writer."""
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    one, two = Store(url), Store(url)
    a, b, c = (_art(s) for s in STORIES[:3])
    one.save([a], "sig")
    two.save([b], "sig")  # `two` has read the rows of a and b
    one.save([c], "sig")
    with one.engine.begin() as conn:  # c's row as if it had been committed late with a lower id
        conn.execute(text("UPDATE article_lsh_recent SET id = -1 WHERE article_id = :c"), {"c": c.id})
    copy_c = _art(_copy(STORIES[2]))
    two.save([copy_c], "sig")
    assert _groups(two)[copy_c.id] == c.id
    with one.engine.begin() as conn:  # another writer deletes a's row (as re-analysis does before appending)
        conn.execute(text("DELETE FROM article_lsh_recent WHERE article_id = :a"), {"a": a.id})
    two.save([_art(STORIES[3])], "sig")
    assert a.id not in {aid for aid, _ in two._recent.rows.values()}
    one.close()
    two.close()
