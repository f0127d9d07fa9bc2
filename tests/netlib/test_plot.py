"""netlib.plot: every figure has labelled axes, a title, a legend where needed, and the data.

Pixels are not compared: the tests read the artists back (lines, images, texts, legends).
"""

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.contour import ContourSet  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import netlib as nl  # noqa: E402
from netlib import plot  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def history(with_validation=True, with_accuracy=True):
    h = nl.History(loss=[1.0, 0.5, 0.25])
    if with_accuracy:
        h.accuracy = [0.5, 0.7, 0.9]
    if with_validation:
        h.val_loss = [1.1, 0.6, 0.4]
        if with_accuracy:
            h.val_accuracy = [0.4, 0.6, 0.8]
    return h


def test_netlib_itself_does_not_import_matplotlib():
    code = "import sys, netlib; sys.exit('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_learning_curves_have_loss_and_accuracy_panels_with_both_curves():
    fig = plot.learning_curves(history(), title="Digits")
    assert isinstance(fig, Figure)
    loss_ax, acc_ax = fig.axes
    assert fig._suptitle.get_text() == "Digits"
    assert (loss_ax.get_xlabel(), loss_ax.get_ylabel()) == ("epoch", "loss $J$")
    assert (acc_ax.get_xlabel(), acc_ax.get_ylabel()) == ("epoch", "accuracy")
    assert loss_ax.get_title() == "Loss $J$ per epoch"
    assert acc_ax.get_title() == "Accuracy per epoch"
    for ax, train, val in (
        (loss_ax, [1.0, 0.5, 0.25], [1.1, 0.6, 0.4]),
        (acc_ax, [0.5, 0.7, 0.9], [0.4, 0.6, 0.8]),
    ):
        assert legend_texts(ax) == ["training", "validation"]
        (x_t, y_t), (x_v, y_v) = (line.get_data() for line in ax.get_lines())
        np.testing.assert_array_equal(x_t, [1, 2, 3])
        np.testing.assert_array_equal(y_t, train)
        np.testing.assert_array_equal(y_v, val)
        assert_lines_differ_without_colour(ax)


def test_learning_curves_of_a_regression_show_the_loss_only():
    fig = plot.learning_curves(history(with_validation=False, with_accuracy=False))
    (ax,) = fig.axes
    assert legend_texts(ax) == ["training"]
    assert len(ax.get_lines()) == 1


def test_learning_curves_from_a_real_fit():
    X, labels = nl.make_moons(m=40, seed=0)
    net = nl.MLP([2, 8, 2], seed=0)
    h = net.fit(
        X,
        nl.one_hot(labels, 2),
        epochs=4,
        learning_rate=0.5,
        batch_size=16,
        validation=(X, nl.one_hot(labels, 2)),
        progress=False,
    )
    fig = plot.learning_curves(h)
    np.testing.assert_array_equal(fig.axes[0].get_lines()[0].get_ydata(), h.loss)
    np.testing.assert_array_equal(fig.axes[1].get_lines()[1].get_ydata(), h.val_accuracy)


def test_compare_curves_draws_one_labelled_line_per_entry():
    fig = plot.compare_curves(
        {"lr = 0.1": [3, 2, 1], "lr = 1": [3, 1]}, ylabel="loss $J$", title="Rates", log_y=True
    )
    (ax,) = fig.axes
    assert ax.get_title() == "Rates"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("epoch", "loss $J$")
    assert ax.get_yscale() == "log"
    assert legend_texts(ax) == ["lr = 0.1", "lr = 1"]
    np.testing.assert_array_equal(ax.get_lines()[1].get_xydata(), [[1, 3], [2, 1]])
    assert_lines_differ_without_colour(ax)


def assert_lines_differ_without_colour(ax):
    styles = [(line.get_marker(), line.get_linestyle()) for line in ax.get_lines()]
    assert len(set(styles)) == len(styles), f"lines told apart by colour only: {styles}"
    assert all(marker not in ("", "None", None) for marker, _ in styles)


def test_decision_boundary_colours_the_predicted_class_of_each_grid_point():
    X, labels = nl.make_spirals(m=60, n_classes=3, seed=0)
    net = nl.MLP([2, 8, 3], seed=0)
    fig = plot.decision_boundary(net, X, labels, title="Spirals", resolution=30, margin=0.2)
    (ax,) = fig.axes
    assert ax.get_title() == "Spirals"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("$x_1$", "$x_2$")
    assert legend_texts(ax) == ["class 0", "class 1", "class 2"]
    (image,) = ax.get_images()
    regions = image.get_array()
    assert regions.shape == (30, 30)
    # the lower-left corner of the image is the point (min x1 - margin, min x2 - margin)
    corner = X.min(axis=1, keepdims=True) - 0.2
    assert regions[0, 0] == net.predict(corner)[0]
    assert set(np.unique(regions)) <= {0, 1, 2}
    # each class's points are drawn with their coordinates, one collection per class, each
    # with its own marker (colour is not the only thing telling the classes apart)
    points = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(points) == len(np.unique(labels))
    for k, collection in enumerate(points):
        np.testing.assert_allclose(collection.get_offsets(), X[:, labels == k].T)
    markers = [c.get_paths()[0].vertices.tobytes() for c in points]
    assert len(set(markers)) == len(points), "two classes share a marker"
    # the borders between the predicted regions are drawn in black
    (borders,) = [c for c in ax.collections if isinstance(c, ContourSet)]
    assert borders.levels.tolist() == [0.5, 1.5][: int(regions.max() - regions.min())]


def test_decision_boundaries_side_by_side_share_one_figure():
    X, labels = nl.make_moons(m=30, seed=1)
    fig, axes = plt.subplots(1, 2)
    for ax, seed in zip(axes, (0, 1), strict=True):
        returned = plot.decision_boundary(
            nl.MLP([2, 4, 2], seed=seed), X, labels, ax=ax, title=f"seed {seed}", resolution=10
        )
        assert returned is fig
    assert [ax.get_title() for ax in fig.axes] == ["seed 0", "seed 1"]


def test_hidden_units_show_one_map_per_unit_of_the_layer():
    X, labels = nl.make_moons(m=30, seed=1)
    net = nl.MLP([2, 5, 3, 2], seed=0)
    fig = plot.hidden_units(net, 1, X, ncols=4, resolution=12)
    maps = [ax for ax in fig.axes if ax.get_images()]
    assert [ax.get_title() for ax in maps] == [f"unit {i}" for i in range(1, 6)]
    assert "Layer 1" in fig._suptitle.get_text()
    assert maps[0].get_ylabel() == "$x_2$" and fig.axes[-1].get_xlabel() == "$x_1$"
    # unit 2 of layer 1 is ReLU(W1[1] x + b1[1]) at each grid point
    data = maps[1].get_images()[0].get_array()
    x1 = np.linspace(X[0].min() - 0.5, X[0].max() + 0.5, 12)
    x2 = np.linspace(X[1].min() - 0.5, X[1].max() + 0.5, 12)
    point = np.array([[x1[3]], [x2[7]]])
    expected = max(0.0, (net.params["W1"][1] @ point + net.params["b1"][1])[0])
    assert data[7, 3] == pytest.approx(expected)
    fig2 = plot.hidden_units(net, 2, X, resolution=12, title="second")
    assert len([ax for ax in fig2.axes if ax.get_images()]) == 3
    with pytest.raises(ValueError, match="hidden layer"):
        plot.hidden_units(net, 3, X)


def test_image_grid_shows_each_column_as_an_image_with_its_title():
    images = np.arange(64 * 3, dtype=float).reshape(64, 3)
    fig = plot.image_grid(images, titles=["a", "b", "c"], ncols=2, title="Columns")
    assert fig._suptitle.get_text() == "Columns"
    shown = [ax for ax in fig.axes if ax.get_images()]
    assert [ax.get_title() for ax in shown] == ["a", "b", "c"]
    np.testing.assert_array_equal(shown[2].get_images()[0].get_array(), images[:, 2].reshape(8, 8))
    assert len(fig.axes) == 4  # a 2 x 2 grid, the fourth panel left empty
    assert not fig.axes[3].axison


def test_image_grid_symmetric_scale_is_centred_on_zero():
    W = np.linspace(-1, 3, 64)[:, None]
    fig = plot.image_grid(W, symmetric=True, title="weights")
    assert fig.axes[0].get_images()[0].get_clim() == (-3.0, 3.0)


def test_image_grid_refuses_wrong_shapes():
    with pytest.raises(ValueError, match=r"\(64, k\)"):
        plot.image_grid(np.zeros((3, 64)))
    with pytest.raises(ValueError, match="one entry per image"):
        plot.image_grid(np.zeros((64, 2)), titles=["only one"])


def test_confusion_matrix_shows_the_counts():
    C = nl.confusion_matrix([0, 1, 2, 2, 1], [0, 2, 2, 2, 1])
    fig = plot.confusion_heatmap(C, class_names=["zero", "one", "two"], title="Toy")
    ax = fig.axes[0]
    assert ax.get_title() == "Toy"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("predicted class", "true class")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["zero", "one", "two"]
    np.testing.assert_array_equal(ax.get_images()[0].get_array(), C)
    written = {(t.get_position(), t.get_text()) for t in ax.texts}
    assert written == {((0, 0), "1"), ((1, 1), "1"), ((2, 1), "1"), ((2, 2), "2")}
    assert fig.axes[1].get_ylabel() == "number of examples"  # the colour bar


def test_confusion_matrix_refuses_a_non_square_matrix():
    with pytest.raises(ValueError, match="square"):
        plot.confusion_heatmap(np.zeros((2, 3)))


def test_hidden_units_can_show_a_chosen_subset():
    X, _ = nl.make_moons(m=20, seed=0)
    net = nl.MLP([2, 6, 2], seed=0)
    fig = plot.hidden_units(net, 1, X, units=[4, 1], resolution=8)
    maps = [ax for ax in fig.axes if ax.get_images()]
    assert [ax.get_title() for ax in maps] == ["unit 5", "unit 2"]
    _, cache = net.forward(
        np.array([[X[0].min() - 0.5], [X[1].min() - 0.5]])
    )  # the lower-left grid point
    assert maps[0].get_images()[0].get_array()[0, 0] == pytest.approx(cache["A1"][4, 0])
    with pytest.raises(ValueError, match="0..5"):
        plot.hidden_units(net, 1, X, units=[6])


def test_decision_boundary_of_a_sigmoid_output_has_two_classes():
    X, labels = nl.make_moons(m=40, seed=0)
    net = nl.MLP([2, 6, 1], output="sigmoid", seed=0)
    fig = plot.decision_boundary(net, X, labels, resolution=12)
    (ax,) = fig.axes
    assert legend_texts(ax) == ["class 0", "class 1"]
    regions = ax.get_images()[0].get_array()
    np.testing.assert_array_equal(regions.ravel(), net.predict(plot._plane(X, 12, 0.5)[2]))


PLANE = np.array([[0.0, 1.0, 2.0], [0.0, 1.0, 0.0]])

BAD_ARGUMENTS = {
    "a decision boundary of something that is not an MLP": (
        lambda: plot.decision_boundary("net", PLANE, [0, 1, 0]),
        TypeError,
        "net must be a netlib.MLP, got str",
    ),
    "a resolution of 10^6 per side": (
        lambda: plot.decision_boundary(nl.MLP([2, 3, 2]), PLANE, [0, 1, 0], resolution=10**6),
        ValueError,
        "resolution must be <= 1000",
    ),
    "a NaN in X": (
        lambda: plot.decision_boundary(nl.MLP([2, 3, 2]), PLANE * np.nan, [0, 1, 0]),
        ValueError,
        "X contains 6 NaN",
    ),
    "a negative margin": (
        lambda: plot.hidden_units(nl.MLP([2, 3, 2]), 1, PLANE, margin=-1),
        ValueError,
        "margin must be >= 0",
    ),
    "labels of another length": (
        lambda: plot.decision_boundary(nl.MLP([2, 3, 2]), PLANE, [0, 1]),
        ValueError,
        "labels must have one entry per column of X",
    ),
    "a history that is not one": (
        lambda: plot.learning_curves({"loss": [1.0]}),
        TypeError,
        "history must be the History fit returns, got dict",
    ),
    "curves with text": (
        lambda: plot.compare_curves({"a": ["x"]}, ylabel="J", title="t"),
        TypeError,
        r"curves\['a'\] must hold numbers",
    ),
    "a masked image": (
        lambda: plot.image_grid(np.ma.array(np.ones((64, 2)), mask=True)),
        ValueError,
        "images is a masked array with 128 masked entries",
    ),
    "a thousand images": (
        lambda: plot.image_grid(np.ones((64, 1000))),
        ValueError,
        "a grid shows at most 100",
    ),
    "negative counts": (
        lambda: plot.confusion_heatmap(-np.eye(2)),
        ValueError,
        r"C must hold counts \(numbers >= 0\)",
    ),
    "counts of 10^4 classes": (
        lambda: plot.confusion_heatmap(np.zeros((10**4, 10**4), dtype=np.int8)),
        ValueError,
        "1 <= n <= 1000",
    ),
}


@pytest.mark.parametrize("case", BAD_ARGUMENTS)
def test_a_bad_argument_is_named(case):
    call, error, message = BAD_ARGUMENTS[case]
    with pytest.raises(error, match=message):
        call()
    plt.close("all")
