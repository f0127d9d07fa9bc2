"""The computational graph the intuition chapter draws (book/chapter_helpers/graph.py)."""

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from chapter_helpers.graph import draw_graph, network_graph, with_numbers  # noqa: E402


def labels_into(graph, target):
    return {e.source: e.label for e in graph.backward if e.target == target}


def test_every_value_of_the_forward_pass_is_a_node_with_its_shape():
    graph = network_graph((64, 32, 32, 10))
    assert set(graph.nodes) == {"A0", "Y", "J", *(f"{v}{l}" for v in "WbZA" for l in (1, 2, 3))}
    assert graph.nodes["W2"].shape == "(32, 32)"
    assert graph.nodes["b3"].shape == "(10, 1)"
    assert graph.nodes["Z1"].shape == graph.nodes["A1"].shape == "(32, m)"
    assert graph.nodes["A0"].shape == "(64, m)"


def test_forward_edges_follow_the_equations():
    graph = network_graph((4, 3, 2))
    forward = {(e.source, e.target) for e in graph.forward}
    assert forward == {
        ("A0", "Z1"),
        ("W1", "Z1"),
        ("b1", "Z1"),
        ("Z1", "A1"),
        ("A1", "Z2"),
        ("W2", "Z2"),
        ("b2", "Z2"),
        ("Z2", "A2"),
        ("A2", "J"),
        ("Y", "J"),
    }


def test_each_backward_edge_says_what_it_does_to_the_upstream_gradient():
    graph = network_graph((64, 32, 32, 10))
    assert labels_into(graph, "W2") == {"Z2": r"$\cdot\,\mathbf{A}^{[1]\top}$"}
    assert labels_into(graph, "b2") == {"Z2": r"$\cdot\,\mathbf{1}_m$"}
    assert labels_into(graph, "A1") == {"Z2": r"$\mathbf{W}^{[2]\top}\,\cdot$"}
    assert labels_into(graph, "Z1") == {"A1": r"$\odot\,\mathbb{1}[\mathbf{Z}^{[1]}>0]$"}
    assert labels_into(graph, "Z3") == {"J": r"$(\mathbf{A}^{[3]}-\mathbf{Y})/m$"}
    # nothing flows back into X or Y (training needs neither), nor through A^[3] alone
    assert not labels_into(graph, "A0") and not labels_into(graph, "Y")
    assert not labels_into(graph, "A3")
    assert all(e.label for e in graph.backward)


def test_a_backward_edge_reverses_a_forward_edge_or_skips_the_softmax():
    graph = network_graph((5, 4, 3, 2))
    forward = {(e.source, e.target) for e in graph.forward}
    for edge in graph.backward:
        assert (edge.target, edge.source) in forward or (edge.source, edge.target) == ("J", "Z3")


def test_a_network_needs_a_layer():
    with pytest.raises(ValueError, match="two entries"):
        network_graph((3,))


def one_example_graph():
    """The 1-1-1-1 network of the intuition chapter, with its numbers."""
    values = {"A0": 2.0, "W1": 0.5, "Z1": 0.75, "A1": 0.75, "J": 0.6328125, "Y": 1.0}
    gradients = {"W1": 6.75, "b1": 3.375, "Z1": 3.375, "W2": 1.265625, "b2": 1.6875}
    return with_numbers(network_graph((1, 1, 1, 1), output="identity"), values, gradients)


def test_with_numbers_shows_values_and_gradients_in_place_of_shapes_and_symbols():
    graph = one_example_graph()
    assert graph.nodes["Z1"].value == "0.75" and graph.nodes["Z1"].gradient == "3.375"
    assert graph.nodes["W2"].gradient == "1.266"  # four significant digits
    assert graph.nodes["J"].value == "0.6328"
    assert graph.nodes["Z2"].value == "" and graph.nodes["Z2"].gradient.startswith("$")
    assert {e.label for e in graph.forward} >= {"identity", "loss", "ReLU"}
    with pytest.raises(ValueError, match="no node named"):
        with_numbers(network_graph((1, 1)), {"Z7": 1.0}, {})
    with pytest.raises(ValueError, match="output"):
        network_graph((1, 1), output="sigmoid")


@pytest.mark.parametrize("graph", [network_graph((64, 32, 32, 10)), one_example_graph()])
def test_the_drawing_has_every_label_and_no_two_texts_overlap(graph):
    ax = draw_graph(graph)
    fig = ax.figure
    texts = [t for t in ax.texts if t.get_text()]
    drawn = {t.get_text() for t in texts}
    assert {e.label for e in graph.backward} <= drawn
    assert {n.symbol for n in graph.nodes.values()} <= drawn
    assert {n.gradient for n in graph.nodes.values() if n.gradient} <= drawn
    assert {n.value or n.shape for n in graph.nodes.values()} <= drawn
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    overlapping = [
        (a.get_text(), b.get_text())
        for (a, box_a), (b, box_b) in itertools.combinations(zip(texts, boxes, strict=True), 2)
        if box_a.overlaps(box_b)
    ]
    assert not overlapping
    # readable at page width: no text smaller than 8 points on a figure 10 inches wide
    assert fig.get_figwidth() <= 10 and min(t.get_fontsize() for t in texts) >= 8
    plt.close(fig)


@pytest.mark.parametrize("graph", [network_graph((64, 32, 32, 10)), one_example_graph()])
def test_every_name_and_shape_fits_inside_its_box(graph):
    ax = draw_graph(graph)
    renderer = ax.figure.canvas.get_renderer()
    boxes = [p.get_window_extent(renderer) for p in ax.patches if hasattr(p, "get_boxstyle")]
    inside = {n.symbol: False for n in graph.nodes.values()}
    inside.update({n.value or n.shape: False for n in graph.nodes.values()})
    for text in ax.texts:
        if text.get_text() in inside:
            extent = text.get_window_extent(renderer)
            inside[text.get_text()] |= any(
                box.x0 <= extent.x0
                and extent.x1 <= box.x1
                and box.y0 <= extent.y0
                and extent.y1 <= box.y1
                for box in boxes
            )
    assert all(inside.values()), [k for k, v in inside.items() if not v]
    plt.close(ax.figure)
