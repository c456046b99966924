// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief ml/09 — principal component analysis: components, explained variance, transform and
 * inverse transform.
 *
 * Shapes: data X (n,d), one sample per row; a fitted model keeps k ≤ min(n, d) components as the
 * rows of a (k,d) matrix. The components come from the thin SVD of the centred (and optionally
 * standardised) data, linalg::svd (linalg/06); the eigenvectors of the covariance matrix
 * (linalg/05) are the same directions, which the tests use as an identity.
 *
 * Reference: Jolliffe, *Principal Component Analysis* (2002), ch. 1–3; the sign convention is
 * scikit-learn's svd_flip on the rows of Vᵀ.
 *
 * Guide: @ref ml_09_pca (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_ML_09_PCA_HPP
#define LLMLINGS_ML_09_PCA_HPP

#include <cmath>
#include <cstddef>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xview.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include <llmlings/core.hpp>
#include <llmlings/linalg/06_svd.hpp>
#include <llmlings/ml/01_preprocessing.hpp>

namespace llmlings {
namespace ml {

/**
 * @ingroup ml
 * @brief A fitted PCA: how to prepare a sample and the directions to project it on.
 */
struct pca_model {
    vector mean;                      ///< (d) column means of the training data, subtracted first
    vector scale;                     ///< (d) divisors after centring: σ (population) when standardised, else 1
    matrix components;                ///< (k,d) orthonormal rows, by decreasing variance
    vector explained_variance;        ///< (k) variance of the data along each component, σᵢ² / (n − 1)
    vector explained_variance_ratio;  ///< (k) explained_variance / total_variance, sums to ≤ 1
    vector singular_values;           ///< (k) the singular values σᵢ of the prepared data
    double total_variance = 0.0;      ///< Σ over all d columns of the prepared data's variance (ddof 1)
};

namespace detail {

/**
 * @brief Makes the sign of every row of vt deterministic: its entry of largest magnitude is
 * positive (the first one on a tie). An SVD or an eigensolver may return v or −v; both are right.
 * @param vt (k,d) rows are the directions, flipped in place
 */
inline void flip_component_signs(matrix& vt) {
    const std::size_t k = vt.shape()[0], d = vt.shape()[1];
    for (std::size_t r = 0; r < k; ++r) {
        std::size_t largest = 0;
        for (std::size_t j = 1; j < d; ++j)
            if (std::fabs(vt(r, j)) > std::fabs(vt(r, largest))) largest = j;
        if (vt(r, largest) < 0.0)
            for (std::size_t j = 0; j < d; ++j) vt(r, j) = -vt(r, j);
    }
}

/// Throws invalid_argument for an unfitted model, shape_error unless x has `columns` columns.
inline void check_pca_input(const char* function, const pca_model& model, const matrix& x, std::size_t columns) {
    if (model.mean.size() == 0) throw invalid_argument(function, "the model is not fitted (call pca_fit first)");
    if (x.shape()[1] != columns)
        throw shape_error(function, ::llmlings::detail::concat("the input has ", x.shape()[1],
                                                               " columns, the model expects ", columns));
}

}  // namespace detail

/**
 * @ingroup ml
 * @brief Fits PCA: centre (and optionally standardise) X, take its thin SVD, keep k components.
 *
 * With the prepared data Z (each column centred; divided by its population standard deviation
 * when `standardize` is true) and its thin SVD Z = U diag(σ) Vᵀ:
 * @f[ \text{components} = \text{rows of } V^\top, \qquad
 *     \lambda_i = \frac{\sigma_i^2}{n-1}, \qquad
 *     \text{ratio}_i = \frac{\lambda_i}{\sum_{j} \operatorname{Var}(Z_{:,j})} @f]
 * λᵢ is the variance of the data along component i and equals the i-th largest eigenvalue of the
 * covariance matrix ZᵀZ/(n−1), whose eigenvectors are the same directions. The SVD is used
 * because forming ZᵀZ squares the condition number: small variances lose twice as many digits.
 * Each component's sign is fixed so that its largest-magnitude entry is positive.
 *
 * Standardise when the features are in different units (cm and kg): otherwise the feature with the
 * largest numbers dominates the first component simply because of its unit.
 *
 * @param x data (n,d), n ≥ 2, d ≥ 1, finite
 * @param n_components k, the number of components kept; 0 (the default) keeps min(n, d)
 * @param standardize divide each centred column by its population standard deviation (like
 *        ml::standard_scaler; a constant column is left as it is)
 * @return pca_model
 * @throws invalid_argument when n < 2, d = 0, x is not finite or n_components > min(n, d)
 *
 * Complexity: that of the SVD, O(n d²) per Jacobi sweep. Example: the points (−2,−2), (−1,−1),
 * (1,1), (2,2) → first component (0.7071, 0.7071), explained variance (10/3, 0), ratio (1, 0).
 */
inline pca_model pca_fit(const matrix& x, std::size_t n_components = 0, bool standardize = false) {
    const std::size_t n = x.shape()[0], d = x.shape()[1];
    if (n < 2 || d == 0)
        throw invalid_argument(
            "pca_fit", ::llmlings::detail::concat("expected at least 2 rows and 1 column, got ", shape_str(x.shape())));
    if (!xt::all(xt::isfinite(x))) throw invalid_argument("pca_fit", "the data has a NaN or infinite entry");
    const std::size_t rank_max = n < d ? n : d;
    if (n_components > rank_max)
        throw invalid_argument(
            "pca_fit", ::llmlings::detail::concat("n_components = ", n_components, " exceeds min(n, d) = ", rank_max));
    const std::size_t k = n_components == 0 ? rank_max : n_components;

    standard_scaler scaler;
    scaler.fit(x);
    pca_model model;
    model.mean = scaler.mean();
    model.scale = standardize ? scaler.scale() : vector(xt::ones<double>({d}));
    const matrix z = (x - model.mean) / model.scale;

    linalg::svd_result f = linalg::svd(z);
    detail::flip_component_signs(f.vt);
    const double dof = static_cast<double>(n - 1);
    const vector all_variance = f.s * f.s / dof;
    model.total_variance = xt::sum(z * z)() / dof;  // trace of the covariance matrix
    model.components = xt::view(f.vt, xt::range(0, k), xt::all());
    model.singular_values = xt::view(f.s, xt::range(0, k));
    model.explained_variance = xt::view(all_variance, xt::range(0, k));
    model.explained_variance_ratio = model.total_variance > 0.0
                                         ? vector(model.explained_variance / model.total_variance)
                                         : vector(xt::zeros<double>({k}));
    return model;
}

/**
 * @ingroup ml
 * @brief Projects samples onto the components: their coordinates ("scores") in the new basis.
 *
 * @f[ T = \big((X - \mu) \oslash s\big)\, C^\top @f]
 * with μ the mean, s the scale and C the (k,d) components; row i of T is sample i described by
 * k numbers instead of d.
 *
 * @param model a fitted pca_model
 * @param x samples (m,d)
 * @return matrix (m,k)
 * @throws invalid_argument when the model is not fitted
 * @throws shape_error when x does not have d columns
 *
 * Complexity: O(m d k). Example: with the model of pca_fit()'s example, (3,3) → (4.2426).
 */
inline matrix pca_transform(const pca_model& model, const matrix& x) {
    detail::check_pca_input("pca_transform", model, x, model.mean.size());
    const matrix z = (x - model.mean) / model.scale;
    matrix t = xt::linalg::dot(z, xt::transpose(model.components));
    return t;
}

/**
 * @ingroup ml
 * @brief Maps coordinates back to the original space: the best reconstruction from k numbers.
 *
 * @f[ \hat X = (T\, C) \odot s + \mu @f]
 * With all min(n,d) components of data with n > d this gives X back (to rounding). With fewer,
 * the prepared data's squared error summed over the training set, divided by n − 1, equals the
 * sum of the discarded explained variances.
 *
 * @param model a fitted pca_model
 * @param t coordinates (m,k)
 * @return matrix (m,d)
 * @throws invalid_argument when the model is not fitted
 * @throws shape_error when t does not have k columns
 *
 * Complexity: O(m d k). Example: with the model of pca_fit()'s example, (4.2426) → (3,3).
 */
inline matrix pca_inverse_transform(const pca_model& model, const matrix& t) {
    detail::check_pca_input("pca_inverse_transform", model, t, model.components.shape()[0]);
    matrix x = xt::linalg::dot(t, model.components);
    x = x * model.scale + model.mean;
    return x;
}

}  // namespace ml
}  // namespace llmlings

#endif  // LLMLINGS_ML_09_PCA_HPP
