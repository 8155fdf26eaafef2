"""Corpus scale: copies and stories over a whole corpus as map → group → reduce on a flow.

The stream grouper (:mod:`storyfuse.stories`) places articles one at a time, which is one
process's work. Here a whole corpus is grouped at once, each step a map over partitions, a
group by integer key or a reduction, so that :class:`~storyfuse.pipeline.flow.LocalFlow` and a
Dask cluster (:class:`~storyfuse.pipeline.cluster.DaskFlow`) run the same steps and give the
same answers:

1. map and reduce: each document's terms, and their document frequencies over the corpus;
2. map: each document's profile (TF-IDF vector, MinHash signature) and keys
   (:mod:`.profiles`);
3. group by key: the documents sharing an LSH band or one of their strongest terms, reduced
   to weighted edges (:mod:`.blocks`);
4. group by document: the edges each document keeps, its strongest (:mod:`.neighbours`);
5. connected components over the kept edges (:mod:`.components`, large-star/small-star), a
   component too large for average-link split by its weak edges (:mod:`.split`): the blocks;
6. group by block: each block's copy groups and stories (:mod:`.refine`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from storyfuse.corpus.blocks import bucket_edges, keyed
from storyfuse.corpus.neighbours import strongest_links
from storyfuse.corpus.profiles import (
    Bag,
    CorpusConfig,
    Profile,
    document_frequencies,
    partition_of,
    profiles,
    summed,
    term_bags,
)
from storyfuse.corpus.refine import Assignment, refine_block
from storyfuse.corpus.split import block_roots
from storyfuse.model import Document
from storyfuse.pipeline.flow import Flow

__all__ = ["Assignment", "CorpusConfig", "group_corpus", "partition_numbers", "route"]


def group_corpus(flow: Flow, documents: Any, language: str = "en",
                 config: CorpusConfig = CorpusConfig()) -> Any:
    """Each document's :class:`Assignment` (story and copy group), as partitions; ``documents``:
    partitions of :class:`~storyfuse.model.Document` with distinct ids."""
    bags = flow.persist(flow.map_parts(partial(term_bags, language=language), documents))
    frequency = flow.reduce(bags, document_frequencies, summed)
    made = flow.map_parts(partial(_profiles, language=language, config=config), partition_numbers(flow),
                          documents, bags, shared=(flow.share(frequency),))
    found = flow.persist(made)
    flow.release(bags)
    keys = flow.group(flow.map_parts(partial(keyed, config=config, partitions=flow.partitions), found))
    edges = flow.map_parts(partial(bucket_edges, config=config), keys)
    links = flow.persist(strongest_links(flow, edges, config.neighbours, config.strong_link))
    roots = block_roots(flow, links, config)
    blocks = flow.map_parts(_blocks, found, route(flow, roots))
    return flow.map_parts(partial(_refine_blocks, config=config), flow.group(blocks))


def partition_numbers(flow: Flow) -> Any:
    """A collection whose partition ``p`` is ``[p]``: zipped with others, it tells a map where it is."""
    return flow.generate(_number)


def route(flow: Flow, items: Any) -> Any:
    """Items ``(node, value)`` grouped into the partition of their node: the result lines up,
    partition by partition, with the collection the nodes were numbered in."""
    return flow.group(flow.map_parts(_by_partition, items))


def _number(partition: int) -> list[int]:
    return [partition]


def _profiles(numbers: Iterable[int], documents: Sequence[Document], bags: Sequence[Bag],
              frequency: Counter[str], *, language: str, config: CorpusConfig) -> list[Profile]:
    return profiles(list(documents), list(bags), next(iter(numbers)), frequency, language, config)


def _by_partition(items: Iterable[tuple[int, Any]]) -> list[tuple[int, tuple[int, Any]]]:
    return [(partition_of(node), (node, value)) for node, value in items]


def _blocks(found: Iterable[Profile], roots: Iterable[tuple[int, tuple[int, int]]]
            ) -> list[tuple[int, Profile]]:
    """(block, profile) for each profile: its component's smallest node, or its own node when
    it shares no key with any other document."""
    root_of = dict(value for _, value in roots)
    return [(root_of.get(profile.node, profile.node), profile) for profile in found]


def _refine_blocks(grouped: Iterable[tuple[int, Profile]], config: CorpusConfig) -> list[Assignment]:
    blocks: dict[int, list[Profile]] = {}
    for block, profile in grouped:
        blocks.setdefault(block, []).append(profile)
    out: list[Assignment] = []
    for block in sorted(blocks):
        out += refine_block(blocks[block], config)
    return out
