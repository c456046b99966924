// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief ml/03 — logistic regression: binary (sigmoid and binary cross-entropy) and multinomial
 * (softmax and cross-entropy), trained by batch gradient descent with an optional L2 penalty.
 *
 * Shapes: X (n,d), d ≥ 1; labels y (n) of class indices, 0/1 for the binary model and 0 … K−1 for
 * the multinomial one. Binary: the model is an ml::linear_model (w (d), b), its output z = Xw + b
 * (n) are the log-odds ("logits") and P(y = 1 | x) = σ(z). Multinomial: W (K,d), b (K), logits
 * Z = XWᵀ + b (n,K), P(y = k | x) = softmax(z)ₖ. W is stored (out, in) = (K,d), as PyTorch's
 * nn.Linear and every layer of nn/ store their weights: row k is the weight vector of class k.
 *
 * Conventions. Losses are means over the n examples. The L2 penalty is (λ/2)‖w‖² (binary) or
 * (λ/2)‖W‖²_F (multinomial), so it adds λw to the gradient ("weight decay"); the bias is never
 * penalised. Losses are computed from the logits, never from probabilities: log σ(z) and
 * log softmax(z) are evaluated in forms that neither overflow nor take log(0), so a logit of
 * ±1000 gives a finite loss. Products with X go through BLAS (xt::linalg::dot): the topic is the
 * model, not the product.
 *
 * What this file deliberately is not: second-order solvers (Newton/IRLS, L-BFGS, what
 * scikit-learn uses), stochastic mini-batches (nn/13) or class weights.
 *
 * Reference: Bishop, *Pattern Recognition and Machine Learning*, §4.3.2 (logistic regression) and
 * §4.3.4 (multiclass); Goodfellow, Bengio & Courville, *Deep Learning*, §6.2.2 (stable sigmoid and
 * softmax outputs).
 *
 * Guide: @ref ml_03_logistic_regression (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_ML_03_LOGISTIC_REGRESSION_HPP
#define LLMLINGS_ML_03_LOGISTIC_REGRESSION_HPP

#include <cmath>
#include <cstddef>
#include <type_traits>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xreducer.hpp>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/linalg/01_vectors.hpp>
#include <llmlings/linalg/08_gradient_descent.hpp>
#include <llmlings/ml/02_linear_regression.hpp>

namespace llmlings {
namespace ml {

/**
 * @ingroup ml
 * @brief Settings of fit_logistic() and fit_softmax(): batch gradient descent on the mean
 * cross-entropy plus (λ/2)‖w‖².
 */
struct logistic_options {
    /// α > 0, the step size. The loss is convex and its curvature is at most ¼·λmax(XᵀX/n) + λ
    /// (binary), so with standardised features α = 0.1 … 1 is safe.
    double learning_rate = 0.1;
    /// The most epochs: one gradient step on all n examples per epoch.
    std::size_t epochs = 1000;
    /// Stop early once ‖∇loss‖₂ ≤ tolerance; ≥ 0. 0 runs exactly `epochs` steps.
    double tolerance = 1e-8;
    /// λ ≥ 0, the L2 penalty on the weights (not the bias). Needed when the classes are
    /// separable: without it the weights grow for ever.
    double l2 = 0.0;
};

/**
 * @ingroup ml
 * @brief A multinomial (softmax) logistic regression model: logits z = xWᵀ + b, one per class.
 *
 * Example: `softmax_model{{{1, 0}, {0, 1}}, {0, 0}}` gives class 1 to x = (0.2, 0.9);
 * `softmax_model{{{1, 0, 0}, {0, 1, 1}}, {0, 0}}` (K = 2 classes, d = 3 features) scores
 * x = (1, 1, 1) as z = (1, 2).
 */
struct softmax_model {
    matrix weights;  ///< W (K,d): row k scores class k (PyTorch's (out, in) layout)
    vector bias;     ///< b (K): the per-class offsets
};

namespace detail {

/// Throws invalid_argument unless every label is < n_classes.
inline void check_labels(const char* function, const index_vector& labels, std::size_t n_classes) {
    for (std::size_t i = 0; i < labels.size(); ++i)
        if (labels(i) >= n_classes)
            throw invalid_argument(function, ::llmlings::detail::concat("label ", labels(i), " at index ", i,
                                                                        " is not a class index in 0..", n_classes - 1));
}

/// Throws unless X (n,d) has d ≥ 1 columns and n = labels.size() ≥ 1 rows, with valid labels.
inline void check_classification_input(const char* function, const matrix& x, const index_vector& labels,
                                       std::size_t n_classes) {
    if (x.shape()[0] != labels.size())
        throw shape_error(function, ::llmlings::detail::concat("X has ", x.shape()[0], " rows but there are ",
                                                               labels.size(), " labels"));
    if (labels.size() == 0) throw invalid_argument(function, "no examples (n = 0)");
    if (x.shape()[1] == 0) throw invalid_argument(function, "X has no feature columns (d = 0)");
    check_labels(function, labels, n_classes);
}

/// Throws invalid_argument unless α is finite and > 0, the tolerance ≥ 0 and λ finite and ≥ 0.
inline void check_logistic_options(const char* function, const logistic_options& options) {
    if (!(options.learning_rate > 0.0) || !std::isfinite(options.learning_rate))
        throw invalid_argument(function, ::llmlings::detail::concat("the learning rate must be finite and > 0, got ",
                                                                    options.learning_rate));
    if (!(options.tolerance >= 0.0))
        throw invalid_argument(function,
                               ::llmlings::detail::concat("the tolerance must be >= 0, got ", options.tolerance));
    if (!(options.l2 >= 0.0) || !std::isfinite(options.l2))
        throw invalid_argument(function, ::llmlings::detail::concat("l2 must be finite and >= 0, got ", options.l2));
}

/// Throws shape_error unless W is (K,d) and b is (K) for the d columns of X, with d, K ≥ 1.
inline void check_softmax_model(const char* function, const softmax_model& model, const matrix& x) {
    if (model.weights.shape()[1] != x.shape()[1] || model.weights.shape()[0] != model.bias.size() ||
        model.bias.size() == 0 || x.shape()[1] == 0)
        throw shape_error(
            function, ::llmlings::detail::concat("expected X (n,d), W (K,d), b (K) with d, K >= 1; got X ",
                                                 shape_str(x.shape()), ", W ", shape_str(model.weights.shape()), ", b ",
                                                 shape_str(model.bias.shape())));
}

/// Throws invalid_argument when a non-empty batch of rows has no column, and shape_error unless
/// `out` has the shape of `in`: the checks of the row-wise log_softmax() and softmax().
template <class In, class Out>
void check_rows(const char* function, const In& in, const Out& out) {
    if (in.shape()[0] > 0 && in.shape()[1] == 0)
        throw invalid_argument(function, "each row needs at least one logit (K = 0)");
    if (out.shape()[0] != in.shape()[0] || out.shape()[1] != in.shape()[1])
        throw shape_error(
            function, ::llmlings::detail::concat("the output must have the shape of the logits ", shape_str(in.shape()),
                                                 ", got ", shape_str(out.shape())));
}

/// θ = (b, w₀, …, w_{d−1}): the inverse of ml::detail::unpack_parameters(θ, true).
inline vector pack_parameters(const linear_model& model) {
    vector theta = xt::empty<double>({model.weights.size() + 1});
    theta(0) = model.bias;
    for (std::size_t j = 0; j < model.weights.size(); ++j) theta(j + 1) = model.weights(j);
    return theta;
}

/// θ = (W (K,d) row by row, then b): K·d + K numbers.
inline vector pack_parameters(const softmax_model& model) {
    const std::size_t k = model.weights.shape()[0], d = model.weights.shape()[1];
    vector theta = xt::empty<double>({k * d + k});
    for (std::size_t c = 0; c < k; ++c)
        for (std::size_t j = 0; j < d; ++j) theta(c * d + j) = model.weights(c, j);
    for (std::size_t c = 0; c < k; ++c) theta(k * d + c) = model.bias(c);
    return theta;
}

/// The inverse of pack_parameters(const softmax_model&) for d features and k classes.
inline softmax_model unpack_softmax_parameters(const vector& theta, std::size_t d, std::size_t k) {
    softmax_model model;
    model.weights = xt::empty<double>({k, d});
    model.bias = xt::empty<double>({k});
    for (std::size_t c = 0; c < k; ++c)
        for (std::size_t j = 0; j < d; ++j) model.weights(c, j) = theta(c * d + j);
    for (std::size_t c = 0; c < k; ++c) model.bias(c) = theta(k * d + c);
    return model;
}

/// The column of the largest entry of each row (the first one on ties): the predicted class.
inline index_vector argmax_rows(const matrix& scores) {
    index_vector best = xt::zeros<std::size_t>({scores.shape()[0]});
    for (std::size_t i = 0; i < scores.shape()[0]; ++i)
        for (std::size_t k = 1; k < scores.shape()[1]; ++k)
            if (scores(i, k) > scores(i, best(i))) best(i) = k;
    return best;
}

/// Runs linalg::gradient_descent from θ₀ and throws numerical_error if it diverged.
inline vector descend(const char* function, const linalg::objective& loss, const linalg::gradient_function& gradient,
                      const vector& theta0, const logistic_options& options) {
    linalg::descent_options descent;
    descent.step_size = options.learning_rate;
    descent.tolerance = options.tolerance;
    descent.max_iterations = options.epochs;
    const linalg::descent_result result = linalg::gradient_descent(loss, gradient, theta0, descent);
    if (result.diverged)
        throw numerical_error(
            function, ::llmlings::detail::concat("diverged after ", result.iterations,
                                                 " epochs (the loss is no longer finite): lower the learning rate ",
                                                 options.learning_rate, " or standardise the features"));
    return result.x;
}

}  // namespace detail

/**
 * @ingroup ml
 * @brief The logistic sigmoid σ(z) = 1 / (1 + e^(−z)), which squashes a logit into (0, 1).
 *
 * @f[ \sigma(z) = \frac{1}{1 + e^{-z}} = \frac{e^{z}}{1 + e^{z}}, \qquad \sigma(-z) = 1 - \sigma(z),
 *     \qquad \sigma'(z) = \sigma(z)\,(1 - \sigma(z)) @f]
 * It is the inverse of the log-odds: if p = σ(z) then z = log(p / (1 − p)). For z ≥ 0 the first
 * form is used, for z < 0 the second, so e^(±z) is never evaluated for a large positive argument:
 * σ(−1000) is e^(−1000) (0 in double) rather than 1/(1 + inf), and σ(−700) keeps full relative
 * precision.
 *
 * One text for every floating-point type: T is double here, float in the networks of module nn
 * (which train in float). Only floating-point arguments compile: write `sigmoid(0.0)`, not
 * `sigmoid(0)`, which would otherwise compute in int.
 *
 * @tparam T float or double (any floating-point type)
 * @param z a logit, any real number
 * @return σ(z) in [0, 1] (exactly 0 or 1 only where the true value rounds to it), of type T
 * @throws nothing
 *
 * Complexity: one exp. Example: `sigmoid(0.0)` → `0.5`; `sigmoid(std::log(3.0))` → `0.75`;
 * `sigmoid(0.0f)` → `0.5f`.
 */
template <class T, std::enable_if_t<std::is_floating_point<T>::value, int> = 0>
T sigmoid(T z) {
    if (z >= T(0)) return T(1) / (T(1) + std::exp(-z));
    const T e = std::exp(z);
    return e / (T(1) + e);
}

/**
 * @ingroup ml
 * @brief The binary cross-entropy of one logit z against one target y ∈ [0, 1], computed
 * without overflow: the per-example term of binary_cross_entropy_with_logits().
 *
 * @f[ \ell(z, y) = -y \log\sigma(z) - (1 - y)\log(1 - \sigma(z))
 *                 = \max(z, 0) - y z + \log(1 + e^{-|z|}) @f]
 * The second form (log(1 + e^z) = max(z, 0) + log1p(e^(−|z|))) never exponentiates a positive
 * number and never takes log(0): a confidently wrong logit z = 1000 with y = 0 costs exactly 1000,
 * where log(1 − σ(1000)) = log(0) = −∞. The target may be a label 0 or 1 or a soft target in
 * between (a probability); the loss is linear in y. Its derivative with respect to z is σ(z) − y.
 * nn::bce_with_logits (nn/03) computes its loss values with this function.
 *
 * @param logit z, any real number
 * @param target y in [0, 1]
 * @return ℓ(z, y) ≥ 0 (log 2 ≈ 0.693 at z = 0 whatever y)
 * @throws invalid_argument when y is not in [0, 1] (NaN included)
 *
 * Complexity: one exp and one log1p. Example: `binary_cross_entropy_with_logits(std::log(3.0), 0.25)`
 * → `−(0.25 log ¾ + 0.75 log ¼) = 1.1116`.
 */
inline double binary_cross_entropy_with_logits(double logit, double target) {
    if (!(target >= 0.0 && target <= 1.0))
        throw invalid_argument("binary_cross_entropy_with_logits",
                               ::llmlings::detail::concat("the target must lie in [0, 1], got ", target));
    return std::fmax(logit, 0.0) - target * logit + std::log1p(std::exp(-std::fabs(logit)));
}

/**
 * @ingroup ml
 * @brief Mean binary cross-entropy of labels y ∈ {0, 1} under probabilities σ(z), computed from the
 * logits z without overflow.
 *
 * @f[ \mathrm{BCE} = -\frac{1}{n}\sum_i \bigl[y_i \log\sigma(z_i) + (1 - y_i)\log(1 - \sigma(z_i))\bigr]
 *                 = \frac{1}{n}\sum_i \bigl[\max(z_i, 0) - y_i z_i + \log(1 + e^{-|z_i|})\bigr] @f]
 * Each term is the one-example binary_cross_entropy_with_logits(double, double), whose stable
 * second form never overflows: a confidently wrong logit costs |z|, not ∞. The derivative with
 * respect to zᵢ is (σ(zᵢ) − yᵢ)/n.
 *
 * @param logits vector (n) of log-odds z
 * @param labels vector (n) of 0 or 1
 * @return the mean loss, ≥ 0 (log 2 ≈ 0.693 when every z = 0: a coin flip)
 * @throws shape_error when the lengths differ
 * @throws invalid_argument when n = 0 or a label is not 0 or 1
 *
 * Complexity: n exp and log1p. Example: `binary_cross_entropy_with_logits({0, std::log(3.0)}, {0, 1})`
 * → `(log 2 + log(4/3)) / 2 = 0.4904`.
 */
inline double binary_cross_entropy_with_logits(const vector& logits, const index_vector& labels) {
    const char* name = "binary_cross_entropy_with_logits";
    check::same_size(name, logits, labels);
    check::not_empty(name, logits);
    detail::check_labels(name, labels, 2);
    double sum = 0.0;
    for (std::size_t i = 0; i < logits.size(); ++i)
        sum += binary_cross_entropy_with_logits(logits(i), static_cast<double>(labels(i)));
    return sum / static_cast<double>(logits.size());
}

/**
 * @ingroup ml
 * @brief Row-wise log-softmax into a preallocated output: log P(k) = zₖ − log Σⱼ e^(zⱼ), by the
 * log-sum-exp trick. The one implementation, for float and double; the overload that returns a
 * matrix calls it.
 *
 * @f[ \log\mathrm{softmax}(z)_k = (z_k - m) - \log\sum_j e^{z_j - m}, \qquad m = \max_j z_j @f]
 * Subtracting the row maximum changes nothing mathematically (softmax ignores a common shift)
 * but makes the largest exponent e⁰ = 1, so nothing overflows and the sum is at least 1, so its
 * log is finite. The order of the subtractions matters: zₖ − (m + log Σ) would first round
 * log Σ to the spacing of doubles near m (about 2e-12 at m = 10⁴), so log_softmax({{10⁴, 10⁴}})
 * would be −log 2 to only 12 digits; (zₖ − m) − log Σ is exact to rounding, since zₖ − m is
 * exact near the maximum.
 *
 * Per row: one maximum, K exp, one log, in the element type T (PyTorch's float kernels also sum
 * in float). `out` may be the memory of `logits` (in place): each element is read before it is
 * written. A NaN logit makes its row NaN.
 *
 * @tparam T float or double
 * @param logits z (n,K), K ≥ 1 (n may be 0); a (B,T,K) batch passes as as_rows(z)
 * @param out (n,K), preallocated; overwritten with the log-probabilities, each ≤ 0
 * @throws invalid_argument when n ≥ 1 and K = 0
 * @throws shape_error when out is not (n,K)
 *
 * Complexity: n·K exp and n log, no allocation. Example: logits {{0, 0}} → out `{{−log 2, −log 2}}`.
 */
template <class T>
void log_softmax(const const_matrix_view<T>& logits, matrix_view<T> out) {
    detail::check_rows("log_softmax", logits, out);
    const std::size_t n = logits.shape()[0], k = logits.shape()[1];
    for (std::size_t i = 0; i < n; ++i) {
        const T* z = logits.data() + i * k;
        T* o = out.data() + i * k;
        T m = z[0];
        for (std::size_t j = 1; j < k; ++j) m = std::fmax(m, z[j]);  // a NaN still reaches the sum
        T sum = 0;
        for (std::size_t j = 0; j < k; ++j) sum += std::exp(z[j] - m);
        // (z - m) - log(sum), not z - (m + log(sum)): m + log(sum) rounds log(sum) to the ulp of m.
        const T log_sum = std::log(sum);
        for (std::size_t j = 0; j < k; ++j) o[j] = (z[j] - m) - log_sum;
    }
}

/**
 * @ingroup ml
 * @brief Row-wise log-softmax: log P(k) = zₖ − log Σⱼ e^(zⱼ), by the log-sum-exp trick (see the
 * overload with an output for the math).
 *
 * @param logits matrix (n,K), K ≥ 1 (n may be 0)
 * @return matrix (n,K) of log-probabilities, each ≤ 0; every row's exponentials sum to 1
 * @throws invalid_argument when n ≥ 1 and K = 0
 *
 * Complexity: n·K exp. Example: `log_softmax({{0, 0}})` → `{{−log 2, −log 2}}`;
 * `log_softmax({{1000, 1000 + std::log(3.0)}})` → `{{log ¼, log ¾}}`;
 * `log_softmax({{1e4, 0, -1e4}})` → `{{0, −1e4, −2e4}}` exactly.
 */
inline matrix log_softmax(const matrix& logits) {
    matrix out = xt::empty<double>(logits.shape());
    log_softmax(as_rows(logits), as_rows(out));
    return out;
}

/**
 * @ingroup ml
 * @brief Row-wise softmax into a preallocated output: P(k) = e^(zₖ) / Σⱼ e^(zⱼ), with the row
 * maximum subtracted first. The one implementation, for float and double.
 *
 * @f[ \mathrm{softmax}(z)_k = \frac{e^{z_k}}{\sum_j e^{z_j}} = \frac{e^{z_k - m}}{\sum_j e^{z_j - m}},
 *     \qquad m = \max_j z_j @f]
 * It turns K arbitrary scores into K probabilities: all positive, summing to 1, and in the same
 * order as the scores. Adding a constant to every score of a row changes nothing, which is why
 * m may be subtracted: every exponent is then ≤ 0 (no overflow) and the largest term is 1 (no
 * 0/0). With two classes it is the sigmoid of the score difference: softmax(0, z)₁ = σ(z).
 *
 * Per row: one maximum, K exp (each stored, then divided by their sum), in the element type T.
 * `probs` may be the memory of `logits` (in place).
 *
 * @tparam T float or double
 * @param logits z (n,K), K ≥ 1 (n may be 0)
 * @param probs (n,K), preallocated; overwritten with the probabilities, each row summing to 1
 * @throws invalid_argument when n ≥ 1 and K = 0
 * @throws shape_error when probs is not (n,K)
 *
 * Complexity: n·K exp, no allocation. Example: logits {{0, log 3}} → probs `{{0.25, 0.75}}`.
 */
template <class T>
void softmax(const const_matrix_view<T>& logits, matrix_view<T> probs) {
    detail::check_rows("softmax", logits, probs);
    const std::size_t n = logits.shape()[0], k = logits.shape()[1];
    for (std::size_t i = 0; i < n; ++i) {
        const T* z = logits.data() + i * k;
        T* p = probs.data() + i * k;
        T m = z[0];
        for (std::size_t j = 1; j < k; ++j) m = std::fmax(m, z[j]);
        T sum = 0;
        for (std::size_t j = 0; j < k; ++j) {
            p[j] = std::exp(z[j] - m);
            sum += p[j];
        }
        for (std::size_t j = 0; j < k; ++j) p[j] /= sum;
    }
}

/**
 * @ingroup ml
 * @brief Row-wise softmax: P(k) = e^(zₖ) / Σⱼ e^(zⱼ) (see the overload with an output for the math).
 *
 * @param logits matrix (n,K), K ≥ 1
 * @return matrix (n,K) of probabilities; each row sums to 1
 * @throws invalid_argument when n ≥ 1 and K = 0
 *
 * Complexity: n·K exp. Example: `softmax({{0, std::log(3.0)}})` → `{{0.25, 0.75}}`.
 */
inline matrix softmax(const matrix& logits) {
    matrix p = xt::empty<double>(logits.shape());
    softmax(as_rows(logits), as_rows(p));
    return p;
}

/**
 * @ingroup ml
 * @brief Mean cross-entropy of class labels under softmax(logits): −(1/n) Σᵢ log softmax(zᵢ)_{yᵢ}.
 *
 * @f[ \mathrm{CE} = -\frac{1}{n}\sum_i \log \frac{e^{z_{i,y_i}}}{\sum_j e^{z_{ij}}}
 *               = \frac{1}{n}\sum_i \Bigl(\log\sum_j e^{z_{ij}} - z_{i,y_i}\Bigr) @f]
 * The loss is the surprise −log P of the true class: 0 for a certain correct prediction, log K
 * for a uniform guess, large for a confident mistake. Its gradient with respect to the logits is
 * (softmax(Z) − Y)/n, Y the one-hot labels.
 *
 * @param logits matrix (n,K)
 * @param labels vector (n) of classes in 0 … K−1
 * @return the mean loss, ≥ 0
 * @throws shape_error when logits has not n = labels.size() rows
 * @throws invalid_argument when n = 0, K = 0 or a label is ≥ K
 *
 * Complexity: n·K exp. Example: `cross_entropy_with_logits({{0, 0, 0}}, {2})` → `log 3 = 1.0986`.
 */
inline double cross_entropy_with_logits(const matrix& logits, const index_vector& labels) {
    const char* name = "cross_entropy_with_logits";
    if (logits.shape()[0] != labels.size())
        throw shape_error(name, ::llmlings::detail::concat("logits have ", logits.shape()[0], " rows but there are ",
                                                           labels.size(), " labels"));
    check::not_empty(name, labels);
    detail::check_labels(name, labels, logits.shape()[1]);
    const matrix log_p = log_softmax(logits);
    double sum = 0.0;
    for (std::size_t i = 0; i < labels.size(); ++i) sum -= log_p(i, labels(i));
    return sum / static_cast<double>(labels.size());
}

/**
 * @ingroup ml
 * @brief Binary logistic regression: P(y = 1 | x) = σ(x·w + b) for every row of X.
 *
 * @param model a binary model (w (d), b): its ml::predict() output is the log-odds
 * @param x matrix (n,d)
 * @return vector (n) of probabilities in [0, 1]
 * @throws shape_error when X does not have d columns
 *
 * Complexity: n·d + n exp. Example: `predict_proba(linear_model{{1}, 0}, {{0}, {std::log(3.0)}})` →
 * `{0.5, 0.75}`.
 */
inline vector predict_proba(const linear_model& model, const matrix& x) {
    vector p = predict(model, x);
    for (auto& v : p) v = sigmoid(v);
    return p;
}

/**
 * @ingroup ml
 * @brief Binary logistic regression: the class 1 where P(y = 1 | x) ≥ threshold, else 0.
 *
 * With the default threshold ½ this is the sign of the logit: the decision boundary
 * x·w + b = 0 is a hyperplane, which is why logistic regression is a *linear* classifier. A
 * higher threshold trades recall for precision (ml/04).
 *
 * @param model a binary model (w (d), b)
 * @param x matrix (n,d)
 * @param threshold in [0, 1], default 0.5
 * @return vector (n) of labels 0 or 1
 * @throws shape_error when X does not have d columns
 * @throws invalid_argument when the threshold is not in [0, 1]
 *
 * Complexity: as predict_proba(). Example: `predict_labels(linear_model{{1}, 0}, {{-2}, {3}})` → `{0, 1}`.
 */
inline index_vector predict_labels(const linear_model& model, const matrix& x, double threshold = 0.5) {
    if (!(threshold >= 0.0 && threshold <= 1.0))
        throw invalid_argument("predict_labels",
                               ::llmlings::detail::concat("the threshold must be in [0, 1], got ", threshold));
    const vector p = predict_proba(model, x);
    index_vector labels = xt::empty<std::size_t>({p.size()});
    for (std::size_t i = 0; i < p.size(); ++i) labels(i) = p(i) >= threshold ? 1 : 0;
    return labels;
}

/**
 * @ingroup ml
 * @brief The training loss of binary logistic regression: mean BCE plus (λ/2)‖w‖².
 *
 * @f[ L(w, b) = \frac{1}{n}\sum_i \mathrm{BCE}(x_i \cdot w + b,\ y_i) + \frac{\lambda}{2}\|w\|_2^2 @f]
 * Minimising it is maximum likelihood for the model P(y = 1 | x) = σ(x·w + b) (with a Gaussian
 * prior on w when λ > 0). Unlike the MSE of ml/02 it has no closed-form minimiser, but it is
 * convex: gradient descent cannot get stuck in a local minimum.
 *
 * @param model the point (w (d), b) at which to evaluate the loss
 * @param x matrix (n,d), d ≥ 1
 * @param labels vector (n) of 0 or 1
 * @param l2 λ ≥ 0 (default 0)
 * @return the loss
 * @throws shape_error when X, the labels and w disagree in size
 * @throws invalid_argument when n = 0, d = 0, a label is not 0/1, or λ is negative or not finite
 *
 * Complexity: n·d + n exp. Example: with w = 0, b = 0 every prediction is ½ and the loss is
 * `log 2` whatever the data.
 */
inline double logistic_loss(const linear_model& model, const matrix& x, const index_vector& labels, double l2 = 0.0) {
    detail::check_classification_input("logistic_loss", x, labels, 2);
    logistic_options penalty;
    penalty.l2 = l2;
    detail::check_logistic_options("logistic_loss", penalty);
    return binary_cross_entropy_with_logits(predict(model, x), labels) +
           0.5 * l2 * linalg::dot(model.weights, model.weights);
}

/**
 * @ingroup ml
 * @brief The gradient of logistic_loss() with respect to w and b, returned as a linear_model.
 *
 * @f[ \frac{\partial L}{\partial w} = \frac{1}{n} X^\top (\sigma(z) - y) + \lambda w, \qquad
 *     \frac{\partial L}{\partial b} = \frac{1}{n}\sum_i (\sigma(z_i) - y_i), \qquad z = Xw + b @f]
 * The same form as the gradient of least squares, with σ(z) in place of z: each example pulls
 * the weights by its error (predicted probability minus label) times its features.
 *
 * @param model the point (w (d), b)
 * @param x matrix (n,d), d ≥ 1
 * @param labels vector (n) of 0 or 1
 * @param l2 λ ≥ 0 (default 0)
 * @return ∂L/∂w in `weights` (d) and ∂L/∂b in `bias`
 * @throws shape_error, invalid_argument as logistic_loss()
 *
 * Complexity: 2·n·d + n exp. Example: X = {{1},{3},{−2}}, y = {1,0,1}, w = 0, b = 0: σ(z) = ½,
 * errors (−½, ½, −½), so ∂L/∂w = (−½ + 3/2 + 1)/3 = `2/3` and ∂L/∂b = `−1/6`.
 */
inline linear_model logistic_gradient(const linear_model& model, const matrix& x, const index_vector& labels,
                                      double l2 = 0.0) {
    detail::check_classification_input("logistic_gradient", x, labels, 2);
    logistic_options penalty;
    penalty.l2 = l2;
    detail::check_logistic_options("logistic_gradient", penalty);
    const vector p = predict_proba(model, x);
    const double n = static_cast<double>(labels.size());
    vector error = xt::empty<double>({p.size()});  // (σ(z) − y) / n
    for (std::size_t i = 0; i < p.size(); ++i) error(i) = (p(i) - static_cast<double>(labels(i))) / n;
    linear_model grad;
    grad.weights = xt::empty<double>({model.weights.size()});
    for (std::size_t j = 0; j < grad.weights.size(); ++j) grad.weights(j) = l2 * model.weights(j);
    // + errorᵀX = (Xᵀ error)ᵀ, accumulated row by row so that X is read with unit stride
    for (std::size_t i = 0; i < error.size(); ++i)
        for (std::size_t j = 0; j < grad.weights.size(); ++j) grad.weights(j) += error(i) * x(i, j);
    grad.bias = 0.0;
    for (const double e : error) grad.bias += e;
    return grad;
}

/**
 * @ingroup ml
 * @brief Fits binary logistic regression by batch gradient descent (linalg::gradient_descent) on
 * logistic_loss().
 *
 * @f[ (w, b) \leftarrow (w, b) - \alpha\, \nabla L(w, b) @f]
 * Without an L2 penalty and with separable classes, the loss keeps decreasing as ‖w‖ → ∞ (every
 * probability is pushed to exactly 0 or 1), so the weights never converge: give l2 > 0 or few
 * epochs.
 *
 * @param x matrix (n,d), d ≥ 1
 * @param labels vector (n) of 0 or 1
 * @param options learning_rate, epochs, tolerance, l2
 * @param initial the starting point; its weights may be empty (the default), meaning w = 0
 * @return the fitted model (w (d), b)
 * @throws shape_error when X and the labels disagree in length, or initial.weights is neither empty
 *         nor of length d
 * @throws invalid_argument when n = 0, d = 0, a label is not 0/1 or an option is out of its domain
 * @throws numerical_error when the loss diverges
 *
 * Complexity: per epoch one loss and one gradient, about 3·n·d. Example: X = {{1},{3},{−2}},
 * y = {1,0,1}, α = 0.3, one epoch from 0 → w = `{−0.2}`, b = `0.05`.
 */
inline linear_model fit_logistic(const matrix& x, const index_vector& labels, const logistic_options& options = {},
                                 const linear_model& initial = {}) {
    const char* name = "fit_logistic";
    detail::check_classification_input(name, x, labels, 2);
    detail::check_logistic_options(name, options);
    const std::size_t d = x.shape()[1];
    if (initial.weights.size() != 0 && initial.weights.size() != d)
        throw shape_error(name, ::llmlings::detail::concat("the initial model has ", initial.weights.size(),
                                                           " weights, X has ", d, " columns"));
    linear_model start = initial;
    if (start.weights.size() == 0) start.weights = xt::zeros<double>({d});
    const linalg::objective loss = [&](const vector& theta) {
        return logistic_loss(detail::unpack_parameters(theta, true), x, labels, options.l2);
    };
    const linalg::gradient_function gradient = [&](const vector& theta) {
        return detail::pack_parameters(
            logistic_gradient(detail::unpack_parameters(theta, true), x, labels, options.l2));
    };
    return detail::unpack_parameters(detail::descend(name, loss, gradient, detail::pack_parameters(start), options),
                                     true);
}

/**
 * @ingroup ml
 * @brief The logits Z = XWᵀ + b of a multinomial model, one row per example and one column per class.
 *
 * @f[ z_{ik} = \sum_j x_{ij} W_{kj} + b_k @f]
 *
 * @param model W (K,d), b (K)
 * @param x matrix (n,d), d ≥ 1
 * @return matrix (n,K)
 * @throws shape_error when the shapes of X, W and b do not fit, or d or K is 0
 *
 * Complexity: n·d·K (one BLAS gemm, W transposed by the gemm itself, not copied). Example:
 * W = {{1, 2}, {0, 1}, {1, 0}}, b = {0, 1, 0}, X = {{3, 1}} → `{{5, 2, 3}}`.
 */
inline matrix predict_logits(const softmax_model& model, const matrix& x) {
    detail::check_softmax_model("predict_logits", model, x);
    matrix z({x.shape()[0], model.bias.size()});
    if (z.size() == 0) return z;
    // Z = X·Wᵀ (n,d)·(d,K), then b broadcast over the n rows
    xt::blas::gemm(x, model.weights, z, false, true);
    for (std::size_t i = 0; i < z.shape()[0]; ++i)
        for (std::size_t k = 0; k < z.shape()[1]; ++k) z(i, k) += model.bias(k);
    return z;
}

/**
 * @ingroup ml
 * @brief Multinomial logistic regression: P(y = k | x) = softmax(xWᵀ + b)ₖ for every row of X.
 *
 * @param model W (K,d), b (K)
 * @param x matrix (n,d)
 * @return matrix (n,K); every row sums to 1
 * @throws shape_error as predict_logits()
 *
 * Complexity: n·d·K + n·K exp. Example: W = 0, b = {0, log 3} → every row is `{0.25, 0.75}`.
 */
inline matrix predict_proba(const softmax_model& model, const matrix& x) {
    return softmax(predict_logits(model, x));
}

/**
 * @ingroup ml
 * @brief Multinomial logistic regression: the most probable class of each row (the largest
 * logit; ties go to the lowest index).
 *
 * @param model W (K,d), b (K)
 * @param x matrix (n,d)
 * @return vector (n) of classes in 0 … K−1
 * @throws shape_error as predict_logits()
 *
 * Complexity: n·d·K. Example: W = I₂, b = {0, 1}, X = {{3, 1}, {0, 0}} → `{0, 1}`.
 */
inline index_vector predict_labels(const softmax_model& model, const matrix& x) {
    return detail::argmax_rows(predict_logits(model, x));
}

/**
 * @ingroup ml
 * @brief The training loss of multinomial logistic regression: mean cross-entropy plus (λ/2)‖W‖²_F.
 *
 * @f[ L(W, b) = \frac{1}{n}\sum_i \Bigl(\log\sum_k e^{z_{ik}} - z_{i,y_i}\Bigr) + \frac{\lambda}{2}\sum_{jk} W_{jk}^2,
 *     \qquad Z = XW^\top + b @f]
 *
 * @param model the point (W (K,d), b (K))
 * @param x matrix (n,d)
 * @param labels vector (n) of classes in 0 … K−1
 * @param l2 λ ≥ 0 (default 0)
 * @return the loss
 * @throws shape_error when the shapes do not fit
 * @throws invalid_argument when n = 0, a label is ≥ K, or λ is negative or not finite
 *
 * Complexity: n·d·K + n·K exp. Example: with W = 0, b = 0 the loss is `log K`.
 */
inline double softmax_loss(const softmax_model& model, const matrix& x, const index_vector& labels, double l2 = 0.0) {
    detail::check_softmax_model("softmax_loss", model, x);
    detail::check_classification_input("softmax_loss", x, labels, model.bias.size());
    logistic_options penalty;
    penalty.l2 = l2;
    detail::check_logistic_options("softmax_loss", penalty);
    double squares = 0.0;  // ‖W‖² over all K·d weights
    for (const double w : model.weights) squares += w * w;
    return cross_entropy_with_logits(predict_logits(model, x), labels) + 0.5 * l2 * squares;
}

/**
 * @ingroup ml
 * @brief The gradient of softmax_loss() with respect to W and b, returned as a softmax_model.
 *
 * @f[ \frac{\partial L}{\partial W} = \frac{1}{n} (P - Y)^\top X + \lambda W, \qquad
 *     \frac{\partial L}{\partial b} = \frac{1}{n}\sum_i (P_i - Y_i), \qquad P = \mathrm{softmax}(XW^\top + b) @f]
 * Y is the one-hot matrix of the labels (Y_{i,yᵢ} = 1). ∂L/∂W has W's shape (K,d): row k is the
 * features weighted by the errors of class k, (P − Y)ᵀX, the dense layer's dW = dyᵀx of nn/05.
 * With K = 2 it reduces to the binary gradient of logistic_gradient().
 *
 * @param model the point (W (K,d), b (K))
 * @param x matrix (n,d)
 * @param labels vector (n) of classes in 0 … K−1
 * @param l2 λ ≥ 0 (default 0)
 * @return ∂L/∂W in `weights` (K,d) and ∂L/∂b in `bias` (K)
 * @throws shape_error, invalid_argument as softmax_loss()
 *
 * Complexity: 2·n·d·K + n·K exp. Example: X = {{1,0},{0,1}}, y = {0,2}, W = 0, b = 0, K = 3:
 * P = ⅓ everywhere, so ∂L/∂b = `{−1/6, 1/3, −1/6}`.
 */
inline softmax_model softmax_gradient(const softmax_model& model, const matrix& x, const index_vector& labels,
                                      double l2 = 0.0) {
    detail::check_softmax_model("softmax_gradient", model, x);
    detail::check_classification_input("softmax_gradient", x, labels, model.bias.size());
    logistic_options penalty;
    penalty.l2 = l2;
    detail::check_logistic_options("softmax_gradient", penalty);
    matrix error = predict_proba(model, x);  // becomes (P − Y) / n
    const double n = static_cast<double>(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) error(i, labels(i)) -= 1.0;
    for (double& e : error) e /= n;
    softmax_model grad;
    grad.weights = xt::empty<double>({model.bias.size(), x.shape()[1]});
    xt::blas::gemm(error, x, grad.weights, true, false);  // (P − Y)ᵀX/n   (K,n)·(n,d)
    for (std::size_t k = 0; k < grad.weights.shape()[0]; ++k)
        for (std::size_t j = 0; j < grad.weights.shape()[1]; ++j) grad.weights(k, j) += l2 * model.weights(k, j);
    grad.bias = xt::zeros<double>({model.bias.size()});
    for (std::size_t i = 0; i < labels.size(); ++i)
        for (std::size_t k = 0; k < grad.bias.size(); ++k) grad.bias(k) += error(i, k);
    return grad;
}

/**
 * @ingroup ml
 * @brief Fits multinomial logistic regression by batch gradient descent (linalg::gradient_descent)
 * on softmax_loss().
 *
 * Adding the same vector to every row of W (and a constant to every bias) leaves the
 * probabilities unchanged, so without L2 the minimiser is not unique; descent from W = 0 still
 * finds one of them, and l2 > 0 picks the smallest.
 *
 * @param x matrix (n,d), d ≥ 1
 * @param labels vector (n) of classes in 0 … n_classes−1
 * @param n_classes K ≥ 2 (classes that never occur in the labels are allowed)
 * @param options learning_rate, epochs, tolerance, l2
 * @param initial the starting point; empty weights (the default) mean W = 0, b = 0
 * @return the fitted model (W (K,d), b (K))
 * @throws shape_error when X and the labels disagree in length, or initial is neither empty nor
 *         (K,d) and (K)
 * @throws invalid_argument when n = 0, d = 0, K < 2, a label is ≥ K or an option is out of its domain
 * @throws numerical_error when the loss diverges
 *
 * Complexity: per epoch about 3·n·d·K. Example: one epoch with α = 1 on X = {{1,0},{0,1}},
 * y = {0,2}, K = 3 from 0 → b = `{1/6, −1/3, 1/6}`, W = `{{1/3, −1/6}, {−1/6, −1/6}, {−1/6, 1/3}}`.
 */
inline softmax_model fit_softmax(const matrix& x, const index_vector& labels, std::size_t n_classes,
                                 const logistic_options& options = {}, const softmax_model& initial = {}) {
    const char* name = "fit_softmax";
    if (n_classes < 2)
        throw invalid_argument(name, ::llmlings::detail::concat("needs at least 2 classes, got ", n_classes));
    detail::check_classification_input(name, x, labels, n_classes);
    detail::check_logistic_options(name, options);
    const std::size_t d = x.shape()[1];
    softmax_model start = initial;
    if (start.weights.size() == 0 && start.bias.size() == 0) {
        start.weights = xt::zeros<double>({n_classes, d});
        start.bias = xt::zeros<double>({n_classes});
    } else if (start.weights.shape()[0] != n_classes || start.weights.shape()[1] != d ||
               start.bias.size() != n_classes) {
        throw shape_error(name, ::llmlings::detail::concat("the initial model has W ", shape_str(start.weights.shape()),
                                                           " and b ", shape_str(start.bias.shape()), ", expected (",
                                                           n_classes, ",", d, ") and (", n_classes, ")"));
    }
    const linalg::objective loss = [&](const vector& theta) {
        return softmax_loss(detail::unpack_softmax_parameters(theta, d, n_classes), x, labels, options.l2);
    };
    const linalg::gradient_function gradient = [&](const vector& theta) {
        return detail::pack_parameters(
            softmax_gradient(detail::unpack_softmax_parameters(theta, d, n_classes), x, labels, options.l2));
    };
    return detail::unpack_softmax_parameters(
        detail::descend(name, loss, gradient, detail::pack_parameters(start), options), d, n_classes);
}

}  // namespace ml
}  // namespace llmlings

#endif  // LLMLINGS_ML_03_LOGISTIC_REGRESSION_HPP
