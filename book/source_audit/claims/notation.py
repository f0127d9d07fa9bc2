"""The claims of the notation section: typefaces, indices, sizes."""

import numpy as np

import netlib as nl
from netlib import symbolic as sym

from ..derivative_readings import jacobian_tensor
from ..point import AL, SIZES, THETA, X, Y, cache, m, n2, n_x, n_y, net
from ..readings import AGREES, DISAGREES, ILL_FORMED, Reading, compare, shape_reading, shape_text
from ..registry import claim, section

section("Notations")


@claim(
    r"Scalars are denoted by lowercase letters (e.g. $x$); vectors by bold lowercase letters "
    r"(e.g. $\mathbf{x}$); matrices by bold uppercase letters (e.g. $\mathbf{X}$)",
    "lowercase scalars, bold lowercase vectors, bold uppercase matrices",
    "the same convention ({doc}`notation`)",
)
def typefaces() -> list[Reading]:
    matrices = {"X": X, "Y": Y, "Yhat": AL} | {
        k: v for k, v in {**THETA, **cache}.items() if k[0] in "WAZ"
    }
    vectors = {k: v for k, v in THETA.items() if k[0] == "b"}
    ok = all(min(M.shape) > 1 for M in matrices.values()) and all(
        v.shape[1] == 1 for v in vectors.values()
    )
    return [
        Reading(
            "each bold symbol of the shapes section is what its typeface says",
            AGREES if ok else DISAGREES,
            f"{len(matrices)} bold uppercase symbols (X, Y, Yhat, W^[l], Z^[l], A^[l]) are "
            f"matrices; b^[1], b^[2], b^[3] are columns {[v.shape for v in vectors.values()]}",
            "shape",
        )
    ]


@claim(
    r"$x_i$ denotes the $i^{th}$ element of the vector $\mathbf{x}$; $x_{ij}$ denotes the "
    r"element in the $i^{th}$ row and $j^{th}$ column of the matrix $\mathbf{X}$",
    "$x_{ij}$ is row $i$, column $j$",
    "the same convention ({doc}`notation`)",
)
def entry_indices() -> list[Reading]:
    M = sym.symbol_matrix("x", 2, 3)
    ok = str(M[0, 1]) == "x_12" and M[0, 1] == M.row(0)[1] == M.col(1)[0]
    return [
        Reading(
            "entry (i, j) sits in row i and column j",
            AGREES if ok else DISAGREES,
            f"the book's symbol matrices: row 1, column 2 of a 2 x 3 matrix is {M[0, 1]}",
            "SymPy",
        )
    ]


@claim(
    r"$\mathbf{x}^{[i]}$ denotes the $i^{th}$ column of the matrix $\mathbf{X}$",
    r"a superscript $[i]$ picks column $i$",
    r"square brackets number layers, $\mathbf{A}^{[l]}$; example $i$ is "
    r"$\mathbf{x}^{(i)}$ ({doc}`notation`)",
)
def bracket_superscript() -> list[Reading]:
    declared = (n2, m)  # the shapes section: A^[l] in R^{n^[l] x m}
    as_column = (cache["A2"].shape[0], 1)
    return [
        Reading(
            "[2] in A^[2] picks a column (this bullet)",
            DISAGREES if as_column != declared else AGREES,
            f"a column of A^[2] has shape {shape_text(as_column)}; the shapes section "
            f"declares A^[2] of shape (n^[2], m) = {shape_text(declared)}",
            "shape",
        ),
        shape_reading("A^[2] (layer 2)", declared, cache["A2"], "layer 2's activations"),
    ]


@claim(
    r"$\mathbf{x}_j$ denotes the $j^{th}$ row of the matrix",
    r"a subscript $j$ picks row $j$",
    r"entry $i$ of one example's column is $a_i$; the softmax Jacobian is a matrix per "
    r"example ({eq}`eq-softmax-jacobian`)",
)
def row_subscript() -> list[Reading]:
    # The source's later use: dA_i/dZ_j = A_i (delta_ij - A_i) for the softmax.
    row_jacobian = jacobian_tensor(
        lambda row: nl.softmax(np.vstack([row, cache["Z3"][1:]]))[[0], :],
        cache["Z3"][[0], :],
    ).reshape(m, m)
    A3 = cache["A3"]
    rows_right_side = A3[[0], :] * (1 - A3[[0], :])  # i = j = 1, rows read entrywise
    a, z = A3[:, 0], cache["Z3"][:, [0]]
    entry_jacobian = jacobian_tensor(lambda c: nl.softmax(c)[:, 0], z)[:, :, 0]
    entries_right_side = np.array(
        [[a[i] * ((i == j) - a[i]) for j in range(n_y)] for i in range(n_y)]
    )
    return [
        Reading(
            "A_1^[3] is row 1 of A^[3] (this bullet), in dA_1/dZ_1",
            ILL_FORMED,
            f"the derivative of row 1 by row 1 has shape {shape_text(row_jacobian.shape)} "
            f"(central differences); the right side A_1 (1 - A_1) has shape "
            f"{shape_text(rows_right_side.shape)}",
            "shape",
        )
        if row_jacobian.shape != rows_right_side.shape
        else Reading("rows", AGREES, "shapes agree", "shape"),
        Reading(
            "A_i^[3] is entry i of one example's column",
            AGREES if entry_jacobian.shape == entries_right_side.shape else ILL_FORMED,
            f"both sides are {shape_text(entry_jacobian.shape)} matrices per example "
            "(their values: the softmax Jacobian claim below)",
            "shape",
        ),
    ]


@claim(
    r"$n^{[l]}$ denotes the number of neurons in the $l^{th}$ layer",
    r"$n^{[l]}$: units of layer $l$",
    r"the same ({doc}`notation`)",
)
def layer_sizes() -> list[Reading]:
    rows = [cache[f"A{l}"].shape[0] for l in (1, 2, 3)]
    return [
        Reading(
            "n^[l] rows in A^[l] and W^[l]",
            AGREES if rows == list(SIZES[1:]) else DISAGREES,
            f"A^[1], A^[2], A^[3] have {rows} rows, the layer sizes {list(SIZES[1:])}",
            "netlib",
        )
    ]


@claim(
    r"$n_x$ denotes the number of features in the input layer",
    r"$n_x$: input features",
    r"the same ({doc}`notation`)",
)
def input_features() -> list[Reading]:
    ok = X.shape[0] == THETA["W1"].shape[1] == n_x
    return [
        Reading(
            "n_x rows of X, n_x columns of W^[1]",
            AGREES if ok else DISAGREES,
            f"X has {X.shape[0]} rows and W^[1] {THETA['W1'].shape[1]} columns",
            "netlib",
        )
    ]


@claim(
    r"$n_y$ denotes the number of neurons in the output layer which is equal to the number "
    r"of classes for classification problems",
    r"$n_y$: output units = classes",
    r"the same ({doc}`notation`)",
)
def output_units() -> list[Reading]:
    ok = AL.shape[0] == Y.shape[0] == n_y
    return [
        Reading(
            "one output unit per class",
            AGREES if ok else DISAGREES,
            f"A^[3] has {AL.shape[0]} rows; one-hot labels of {n_y} classes have {Y.shape[0]}",
            "netlib",
        )
    ]


@claim(
    r"$m$ denotes the number of training examples",
    r"$m$: examples",
    r"the same; $J$ is the mean over the $m$ examples ({eq}`eq-cross-entropy`)",
)
def number_of_examples() -> list[Reading]:
    each = [net.loss(net.forward(X[:, [j]])[0], Y[:, [j]]) for j in range(m)]
    return [
        compare(
            "J over m columns is the mean of the m per-example losses",
            lambda: np.mean(each),
            np.array(net.loss(AL, Y)),
            against="J of the batch",
            by="netlib",
        )
    ]
