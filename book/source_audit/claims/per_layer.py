"""Claims the source makes once per layer, registered by a function of the layer l."""

from ..derivative_readings import dZ_db_readings, dZ_dW_readings, relu_derivative_readings
from ..point import ALPHA, THETA, TRUE, L, cache
from ..products import star_readings
from ..readings import Reading, compare
from ..registry import claim
from ..update_readings import update_rule_reading, update_then_propagate_reading


def bias_readings(l: int) -> list[Reading]:
    """The source's dJ/db^[l] = delta^[l], and numpy broadcasting it in the update."""
    b, delta = (
        THETA[f"b{l}"],
        TRUE[f"dZ{l}"],
    )  # the correct delta: only this step is judged
    return [
        compare(f"dJ/db^[{l}] = delta^[{l}]", lambda: delta, TRUE[f"db{l}"]),
        compare(
            f"numpy broadcasting it in the update b^[{l}] - alpha delta^[{l}]",
            lambda: b - ALPHA * delta,
            b - ALPHA * TRUE[f"db{l}"],
            against="a gradient step on b",
        ),
    ]


def update_claim(l: int) -> None:
    """Register the update rule of layer l."""
    claim(
        rf"$\mathbf{{W}}^{{[{l}]}} = \mathbf{{W}}^{{[{l}]}} - \alpha \frac{{\partial J}}"
        rf"{{\partial \mathbf{{W}}^{{[{l}]}}}}$, $\mathbf{{b}}^{{[{l}]}} = \mathbf{{b}}^{{[{l}]}} "
        rf"- \alpha \frac{{\partial J}}{{\partial \mathbf{{b}}^{{[{l}]}}}}$, where $\alpha$ is "
        r"the learning rate",
        rf"update rule for layer {l}",
        r"the same, once every gradient is computed ({eq}`eq-update`, "
        r"{eq}`eq-first-order-decrease`)",
    )(lambda: [update_rule_reading(l)])


def propagate_after_update_claim(l: int) -> None:
    """Register the text's order for layer l: update, then pass delta^[l] back."""
    claim(
        rf"Here we will pass the $\delta^{{[{l}]}}$ to the previous layer by multiplying it "
        r"with the weights of this layer. (written after the update)",
        rf"$\boldsymbol{{\delta}}^{{[{l}]}}$ passed back after $\mathbf{{W}}^{{[{l}]}}$ is updated",
        r"pass the error back through the weights of the forward pass: update only after "
        r"every gradient ({eq}`eq-update-order-error`, {doc}`update`)",
    )(lambda: [update_then_propagate_reading(l)])


def mask_claim(l: int) -> None:
    """Register the source's ReLU derivative dA^[l]/dZ^[l] as a 0/1 matrix."""
    claim(
        rf"$\frac{{\partial \mathbf{{A}}^{{[{l}]}}}}{{\partial \mathbf{{Z}}^{{[{l}]}}}} = "
        rf"\begin{{cases}} 1 & \text{{if }} \mathbf{{Z}}^{{[{l}]}} > 0 \\ 0 & "
        r"\text{otherwise} \end{cases}$",
        rf"ReLU$'$: 1 where $\mathbf{{Z}}^{{[{l}]}} > 0$, else 0",
        r"entry by entry, $\partial a_{kj}/\partial z_{kj} = 1$ if $z_{kj} > 0$, else 0 (at 0 "
        r"a subgradient), and the other partial derivatives 0; contracted, "
        rf"$\odot\, \mathbb{{1}}[\mathbf{{Z}}^{{[{l}]}} > 0]$ ({{eq}}`eq-relu-derivative`)",
    )(lambda: relu_derivative_readings(l))


def linear_derivative_claims(l: int) -> None:
    """Register dZ^[l]/dW^[l] = A^[l-1] and dZ^[l]/db^[l] = 1."""
    prev = r"\mathbf{A}^{[0]} = \mathbf{X}" if l == 1 else rf"\mathbf{{A}}^{{[{l - 1}]}}"
    dW_label, db_label = {1: ("eq-dW1", "eq-db1"), 2: ("eq-dW2", "eq-db2")}[l]
    claim(
        rf"$\frac{{\partial \mathbf{{Z}}^{{[{l}]}}}}{{\partial \mathbf{{W}}^{{[{l}]}}}} = {prev}$",
        rf"$\frac{{\partial \mathbf{{Z}}^{{[{l}]}}}}{{\partial \mathbf{{W}}^{{[{l}]}}}} = {prev}$",
        rf"$\partial z_{{kj}}/\partial w_{{pq}} = [k = p]\, a^{{[{l - 1}]}}_{{qj}}$; contracted, "
        rf"$\boldsymbol{{\delta}}^{{[{l}]}} \mathbf{{A}}^{{[{l - 1}]\top}}$ ({{eq}}`{dW_label}`)",
    )(lambda: dZ_dW_readings(l))
    claim(
        rf"$\frac{{\partial \mathbf{{Z}}^{{[{l}]}}}}{{\partial \mathbf{{b}}^{{[{l}]}}}} = 1$",
        rf"$\frac{{\partial \mathbf{{Z}}^{{[{l}]}}}}{{\partial \mathbf{{b}}^{{[{l}]}}}} = 1$",
        rf"$\partial z_{{kj}}/\partial b_p = [k = p]$ for every example $j$; contracted, "
        rf"$\boldsymbol{{\delta}}^{{[{l}]}} \mathbf{{1}}_m$ ({{eq}}`{db_label}`)",
    )(lambda: dZ_db_readings(l))


def hidden_delta_claim(l: int) -> None:
    """Register the source's delta^[l] as a product with `*`, and dJ/db^[l] = delta^[l]."""
    above = l + 1
    chain = " ".join(
        rf"\frac{{\partial {top}}}{{\partial {bottom}}}"
        for top, bottom in [
            ("J", r"\mathbf{A}^{[3]}"),
            (r"\mathbf{A}^{[3]}", r"\mathbf{Z}^{[3]}"),
            (r"\mathbf{Z}^{[3]}", r"\mathbf{A}^{[2]}"),
            (r"\mathbf{A}^{[2]}", r"\mathbf{Z}^{[2]}"),
            (r"\mathbf{Z}^{[2]}", r"\mathbf{A}^{[1]}"),
            (r"\mathbf{A}^{[1]}", r"\mathbf{Z}^{[1]}"),
        ][: 2 * (L - l) + 2]
    )
    claim(
        rf"$\frac{{\partial J}}{{\partial \mathbf{{b}}^{{[{l}]}}}} = {chain} "
        rf"\frac{{\partial \mathbf{{Z}}^{{[{l}]}}}}{{\partial \mathbf{{b}}^{{[{l}]}}}} = "
        rf"\delta^{{[{above}]}} * (\mathbf{{W}}^{{[{above}]}}) * \left( \begin{{cases}} 1 & "
        rf"\text{{if }} \mathbf{{Z}}^{{[{l}]}} > 0 \\ 0 & \text{{otherwise}} \end{{cases}} "
        rf"\right) * (1) = \delta^{{[{l}]}}$",
        rf"$\boldsymbol{{\delta}}^{{[{l}]}} = \boldsymbol{{\delta}}^{{[{above}]}} * "
        rf"\mathbf{{W}}^{{[{above}]}} * \mathbb{{1}}[\mathbf{{Z}}^{{[{l}]}} > 0]$",
        rf"$\boldsymbol{{\delta}}^{{[{l}]}} = (\mathbf{{W}}^{{[{above}]\top}} "
        rf"\boldsymbol{{\delta}}^{{[{above}]}}) \odot \mathbb{{1}}[\mathbf{{Z}}^{{[{l}]}} > 0]$ "
        rf"({{eq}}`eq-delta{l}`)",
    )(
        lambda: star_readings(
            [
                TRUE[f"dZ{above}"],
                THETA[f"W{above}"],
                (cache[f"Z{l}"] > 0).astype(float),
            ],
            TRUE[f"dZ{l}"],
        )
    )
    claim(
        rf"$\frac{{\partial J}}{{\partial \mathbf{{b}}^{{[{l}]}}}} = \dots = \delta^{{[{l}]}}$",
        rf"$\frac{{\partial J}}{{\partial "
        rf"\mathbf{{b}}^{{[{l}]}}}} = \boldsymbol{{\delta}}^{{[{l}]}}$",
        rf"$\frac{{\partial J}}{{\partial "
        rf"\mathbf{{b}}^{{[{l}]}}}} = \boldsymbol{{\delta}}^{{[{l}]}} "
        rf"\mathbf{{1}}_m$, the sum over the examples ({{eq}}`eq-db{l}`)",
    )(lambda: bias_readings(l))


def weight_gradient_claim(l: int) -> None:
    """Register the source's dJ/dW^[l] = delta^[l] * A^[l-1]."""
    prev = (
        r"(\mathbf{A}^{[0]}) = \delta^{[1]} * (\mathbf{X})"
        if l == 1
        else (rf"(\mathbf{{A}}^{{[{l - 1}]}})")
    )
    input_matrix = r"\mathbf{X}" if l == 1 else rf"\mathbf{{A}}^{{[{l - 1}]}}"
    claim(
        rf"$\frac{{\partial J}}{{\partial \mathbf{{W}}^{{[{l}]}}}} = \delta^{{[{l}]}} * \left( "
        rf"\frac{{\partial \mathbf{{Z}}^{{[{l}]}}}}{{\partial \mathbf{{W}}^{{[{l}]}}}} \right) = "
        rf"\delta^{{[{l}]}} * {prev}$",
        rf"$\frac{{\partial J}}{{\partial "
        rf"\mathbf{{W}}^{{[{l}]}}}} = \boldsymbol{{\delta}}^{{[{l}]}} "
        rf"* {input_matrix}$",
        rf"$\boldsymbol{{\delta}}^{{[{l}]}} \mathbf{{A}}^{{[{l - 1}]\top}}$ ({{eq}}`eq-dW{l}`)",
    )(lambda: star_readings([TRUE[f"dZ{l}"], cache[f"A{l - 1}"]], TRUE[f"dW{l}"]))
