"""Analyst curation (corrections log, deterministic re-application) and watchlists.

Hooks for the store (see the module docs):

* :func:`marsad.curation.apply.apply_corrections` ``(conn, article_ids)`` — after ``Store.save``
  writes analyses, inside its transaction;
* :func:`marsad.curation.watch.evaluate_watch_rules` ``(conn, new_cluster_ids)`` — same place;
* :func:`marsad.curation.watch.deliver_pending` ``(store)`` — after the transaction commits;
* :func:`marsad.curation.overlay.with_curated` ``(kb)`` — in ``load_kb`` (curated aliases/entities).
"""
