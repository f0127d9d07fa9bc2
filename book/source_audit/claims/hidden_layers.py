"""The claims of the second and first hidden layers (the same steps through a ReLU layer)."""

from ..point import THETA, TRUE
from ..products import star_readings
from ..readings import Reading
from ..registry import claim, section
from .per_layer import (
    hidden_delta_claim,
    linear_derivative_claims,
    mask_claim,
    propagate_after_update_claim,
    update_claim,
    weight_gradient_claim,
)

section("Second hidden layer")
mask_claim(2)
linear_derivative_claims(2)
hidden_delta_claim(2)
weight_gradient_claim(2)
update_claim(2)
propagate_after_update_claim(2)


@claim(
    r"$\frac{\partial J}{\partial \mathbf{A}^{[1]}} = \frac{\partial J}{\partial "
    r"\mathbf{A}^{[3]}} \frac{\partial \mathbf{A}^{[3]}}{\partial \mathbf{Z}^{[3]}} "
    r"\frac{\partial \mathbf{Z}^{[3]}}{\partial \mathbf{A}^{[2]}} \frac{\partial "
    r"\mathbf{A}^{[2]}}{\partial \mathbf{Z}^{[2]}} \frac{\partial \mathbf{Z}^{[2]}}{\partial "
    r"\mathbf{A}^{[1]}} = \delta^{[2]} * (\mathbf{W}^{[2]})$",
    r"$\frac{\partial J}{\partial \mathbf{A}^{[1]}} = "
    r"\boldsymbol{\delta}^{[2]} * \mathbf{W}^{[2]}$",
    r"$\mathbf{W}^{[2]\top} \boldsymbol{\delta}^{[2]}$ ({eq}`eq-dA1`)",
)
def dA1() -> list[Reading]:
    return star_readings([TRUE["dZ2"], THETA["W2"]], TRUE["dA1"])


section("First hidden layer")
mask_claim(1)
linear_derivative_claims(1)
hidden_delta_claim(1)
weight_gradient_claim(1)
update_claim(1)
