"""The local flow's operations, and connected components over it against a plain union-find."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storyfuse.corpus.components import component_roots
from storyfuse.pipeline.executors import ProcessExecutor
from storyfuse.pipeline.flow import LocalFlow, chunks, split_by_key, stable_key, tree_reduce
from storyfuse.text import UnionFind


def _pairs(part: list[int]) -> list[tuple[int, int]]:
    return [(x, x * 10) for x in part]


def _add(part: list[int], offset: int) -> list[int]:
    return [x + offset for x in part]


def test_chunks_keep_order_and_sizes() -> None:
    parts = chunks(list(range(10)), 3)
    assert parts == [[0, 1, 2], [3, 4, 5], [6, 7, 8, 9]]
    assert chunks([], 2) == [[], []]


def test_group_routes_key_to_partition_key_mod_n_in_input_order() -> None:
    flow = LocalFlow(3)
    grouped = flow.group(flow.map_parts(_pairs, flow.from_items([5, 3, 0, 4, 1, 2])))
    assert grouped == [[(3, 30), (0, 0)], [(4, 40), (1, 10)], [(5, 50), (2, 20)]]


def test_map_parts_zips_collections_and_appends_shared_values() -> None:
    flow = LocalFlow(2)
    parts = flow.from_items([1, 2, 3])
    assert flow.collect(flow.map_parts(_add, parts, shared=(flow.share(100),))) == [101, 102, 103]


def test_reduce_is_a_tree_over_partitions() -> None:
    flow = LocalFlow(20)
    assert flow.reduce(flow.from_items(list(range(100))), sum, sum) == sum(range(100))
    assert tree_reduce([], sum) == 0


def test_a_process_pool_gives_the_same_groups() -> None:
    items = list(range(40))
    serial = LocalFlow(4)
    pooled = LocalFlow(4, ProcessExecutor(2))
    try:
        assert pooled.group(pooled.map_parts(_pairs, pooled.from_items(items))) == \
            serial.group(serial.map_parts(_pairs, serial.from_items(items)))
    finally:
        pooled.executor.close()


def test_stable_key_is_fixed_and_63_bits() -> None:
    assert stable_key("storyfuse") == stable_key("storyfuse") != stable_key("storyfusе")  # Cyrillic е
    assert 0 <= stable_key("x") < 2**63
    assert split_by_key([(7, "a"), (2, "b")], 5) == [[], [], [(7, "a"), (2, "b")], [], []]


def _expected(edges: list[tuple[int, int]]) -> dict[int, int]:
    edges = [(a, b) for a, b in edges if a != b]  # a node linked only to itself is no one's
    nodes = sorted({n for edge in edges for n in edge})
    found = UnionFind(nodes)
    for a, b in edges:
        found.attach(max(found.find(a), found.find(b)), min(found.find(a), found.find(b)))
    return {node: min(members) for members in found.groups().values() for node in members}


@settings(max_examples=60, deadline=None)
@given(edges=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=80),
       partitions=st.integers(1, 5))
def test_components_match_union_find(edges: list[tuple[int, int]], partitions: int) -> None:
    flow = LocalFlow(partitions)
    found = flow.collect(component_roots(flow, flow.from_items(edges)))
    assert dict(found) == _expected(edges)
    assert len(found) == len(dict(found))  # each node once


def test_a_long_chain_settles() -> None:
    edges = [(k, k + 1) for k in range(0, 3000, 1)]  # the worst shape: the diameter is the size
    flow = LocalFlow(4)
    roots = dict(flow.collect(component_roots(flow, flow.from_items(edges[::-1]))))
    assert set(roots.values()) == {0} and len(roots) == 3001
