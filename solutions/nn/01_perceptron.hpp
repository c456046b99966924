// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nn/01 — the perceptron: Rosenblatt's learning rule, a step activation, and its limit.
 *
 * Shapes: x (n, d) one example per row; y (n) labels in {0, 1}; weights (d); bias a scalar.
 * It is deliberately not a modern neuron: the step function has no useful derivative, so there
 * is no gradient and no loss — only "on a mistake, move the boundary towards the example".
 *
 * Reference: Rosenblatt (1958); the convergence bound is Novikoff (1962); the XOR limitation is
 * Minsky and Papert, *Perceptrons* (1969).
 *
 * Guide: @ref nn_01_perceptron (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NN_01_PERCEPTRON_HPP
#define LLMLINGS_NN_01_PERCEPTRON_HPP

#include <cmath>
#include <cstddef>

#include <llmlings/core.hpp>
#include <llmlings/linalg/01_vectors.hpp>

namespace llmlings {
namespace nn {

/**
 * @ingroup nn
 * @brief A perceptron's parameters: one weight per input feature and a bias.
 */
struct perceptron {
    vector weights;     ///< w, shape (d)
    double bias = 0.0;  ///< b
};

/**
 * @ingroup nn
 * @brief Training settings of train_perceptron().
 */
struct perceptron_options {
    double learning_rate = 1.0;    ///< η > 0; with zero initial weights it only rescales w and b
    std::size_t max_epochs = 100;  ///< passes over the data before giving up
};

/**
 * @ingroup nn
 * @brief What train_perceptron() returns.
 */
struct perceptron_result {
    perceptron model;         ///< the learned weights and bias
    std::size_t epochs = 0;   ///< passes made (the last one is the mistake-free one if converged)
    std::size_t updates = 0;  ///< total number of mistakes, i.e. of weight updates
    bool converged = false;   ///< true when an epoch made no mistake
};

/**
 * @ingroup nn
 * @brief The Heaviside step activation: 1 when z > 0, else 0.
 *
 * @f[ \mathrm{step}(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases} @f]
 * @param z the pre-activation w·x + b
 * @return 1.0 or 0.0; throws nothing
 *
 * Complexity: O(1). Example: `step(0.3)` → `1`, `step(0.0)` → `0`, `step(-2.0)` → `0`.
 */
inline double step(double z) {
    return z > 0.0 ? 1.0 : 0.0;
}

/**
 * @ingroup nn
 * @brief The perceptron's output for one example: step(w·x + b).
 *
 * @param model the weights (d) and bias
 * @param x     one example (d)
 * @return 1.0 or 0.0
 * @throws shape_error when x and the weights differ in length
 *
 * Complexity: O(d). Example: with w = (1, 1), b = −1.5 (logical AND), `predict_one(p, {1,1})` → `1`
 * and `predict_one(p, {0,1})` → `0`.
 */
inline double predict_one(const perceptron& model, const vector& x) {
    check::same_size("predict_one", model.weights, x);
    return step(linalg::dot(model.weights, x) + model.bias);
}

/**
 * @ingroup nn
 * @brief The perceptron's outputs for every row of x.
 *
 * @param model the weights (d) and bias
 * @param x     examples (n, d)
 * @return the predictions (n), each 0.0 or 1.0
 * @throws shape_error when x does not have d columns
 *
 * Complexity: O(n d). Example: the AND perceptron above on the four rows of {0,1}² → `{0,0,0,1}`.
 */
inline vector predict(const perceptron& model, const matrix& x) {
    if (x.shape()[1] != model.weights.size())
        throw shape_error("predict", ::llmlings::detail::concat("x has ", x.shape()[1], " columns, the model has ",
                                                                model.weights.size(), " weights"));
    const std::size_t n = x.shape()[0];
    vector out = xt::empty<double>({n});
    vector row = xt::empty<double>({x.shape()[1]});
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < row.size(); ++j) row(j) = x(i, j);
        out(i) = predict_one(model, row);
    }
    return out;
}

/**
 * @ingroup nn
 * @brief Trains a perceptron with Rosenblatt's rule, starting from zero weights.
 *
 * For each epoch, for each example i in order: ŷ = step(w·xᵢ + b), and when ŷ ≠ yᵢ
 * @f[ w \leftarrow w + \eta\,(y_i - \hat y_i)\,x_i, \qquad b \leftarrow b + \eta\,(y_i - \hat y_i) @f]
 * Training stops after the first epoch without a mistake (converged) or after max_epochs.
 * If the data are linearly separable with margin γ and every augmented example (xᵢ, 1) has
 * norm at most R, the number of updates is at most (R/γ)² (Novikoff); if they are not, as for
 * XOR, it never converges.
 *
 * @param x       examples (n, d), n ≥ 1
 * @param y       labels (n), each exactly 0 or 1
 * @param options learning rate η > 0 and the epoch limit
 * @return the model, the epochs and updates made, and whether it converged
 * @throws shape_error when x has no rows or y has another length than x has rows
 * @throws invalid_argument when a label is not 0 or 1, or η is not a positive finite number
 *
 * Complexity: O(epochs · n · d). Example: AND on {0,1}² converges after a few epochs with w = (2, 1),
 * b = −2 (η = 1).
 */
inline perceptron_result train_perceptron(const matrix& x, const vector& y, const perceptron_options& options = {}) {
    const std::size_t n = x.shape()[0], d = x.shape()[1];
    if (n == 0) throw shape_error("train_perceptron", "x has no rows");
    if (y.size() != n)
        throw shape_error("train_perceptron",
                          ::llmlings::detail::concat("x has ", n, " rows but y has ", y.size(), " labels"));
    for (std::size_t i = 0; i < n; ++i)
        if (y(i) != 0.0 && y(i) != 1.0)
            throw invalid_argument("train_perceptron",
                                   ::llmlings::detail::concat("labels must be 0 or 1, y(", i, ") = ", y(i)));
    if (!(options.learning_rate > 0.0) || !std::isfinite(options.learning_rate))
        throw invalid_argument("train_perceptron", ::llmlings::detail::concat("learning_rate must be positive, got ",
                                                                              options.learning_rate));

    perceptron_result result;
    result.model.weights = xt::zeros<double>({d});
    vector row = xt::empty<double>({d});
    while (result.epochs < options.max_epochs) {
        ++result.epochs;
        std::size_t mistakes = 0;
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t j = 0; j < d; ++j) row(j) = x(i, j);
            const double error = y(i) - predict_one(result.model, row);  // -1, 0 or +1
            if (error == 0.0) continue;
            ++mistakes;
            const double delta = options.learning_rate * error;
            for (std::size_t j = 0; j < d; ++j) result.model.weights(j) += delta * row(j);
            result.model.bias += delta;
        }
        result.updates += mistakes;
        if (mistakes == 0) {
            result.converged = true;
            break;
        }
    }
    return result;
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_01_PERCEPTRON_HPP
