// SPDX-License-Identifier: MIT
// Tests for ml/09_pca. Oracles: a hand-worked 2-D example with a known principal axis; the
// published explained-variance ratios of iris (centred and standardised); the eigen-decomposition
// of the covariance matrix (linalg/05) and LAPACK's eigh on seeded random data as identities;
// orthonormality; exact reconstruction with every component; the Eckart–Young identity
// (reconstruction error = sum of the discarded variances). The oracles, random and real data are
// in oracles/09_pca.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/ml/09_pca.hpp>

#include <cmath>
#include <cstddef>

#include "oracles/09_pca.hpp"

using llmlings::matrix;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::ml;
using namespace oracles;
using llmlings::testing::Approx;

TEST_CASE("a hand-worked 2-D example finds the diagonal as the principal axis", "[ml][09_pca]") {
    // Points on the line y = x around (1, 3): the only direction of variance is (1,1)/√2.
    // Centred: (−2,−2), (−1,−1), (1,1), (2,2); squared lengths 8+2+2+8 = 20, so σ₀² = 20 and the
    // variance along the axis is 20 / (n − 1) = 20/3; the perpendicular direction has none.
    const matrix x{{-1, 1}, {0, 2}, {2, 4}, {3, 5}};
    const pca_model m = pca_fit(x);
    const tolerance tol{1e-12, 1e-12};  // a 2×2 SVD: exact up to a few ulps
    LLMLINGS_CHECK_CLOSE(m.mean, (vector{1, 3}), tol);
    LLMLINGS_CHECK_CLOSE(row(m.components, 0), (vector{std::sqrt(0.5), std::sqrt(0.5)}), tol);
    LLMLINGS_CHECK_CLOSE(m.explained_variance, (vector{20.0 / 3.0, 0.0}), tol);
    LLMLINGS_CHECK_CLOSE(m.explained_variance_ratio, (vector{1.0, 0.0}), tol);
    LLMLINGS_CHECK_CLOSE(m.total_variance, 20.0 / 3.0, tol);
    // (3,5) is 2√2 along the axis from the mean.
    const matrix t = pca_transform(m, matrix{{3, 5}});
    LLMLINGS_CHECK_CLOSE(t(0, 0), 2.0 * std::sqrt(2.0), tol);
    LLMLINGS_CHECK_CLOSE(t(0, 1), 0.0, tol);
}

TEST_CASE("a stretched cloud has its long axis first and variances in the axis ratios", "[ml][09_pca]") {
    // Four points (±3, 0) and (0, ±1): variances 18/3 = 6 along x and 2/3 along y, no covariance.
    const matrix x{{3, 0}, {-3, 0}, {0, 1}, {0, -1}};
    const pca_model m = pca_fit(x);
    const tolerance tol{1e-12, 1e-12};                                  // exact inputs, 2×2 problem
    LLMLINGS_CHECK_CLOSE(m.components, (matrix{{1, 0}, {0, 1}}), tol);  // signs: largest entry positive
    LLMLINGS_CHECK_CLOSE(m.explained_variance, (vector{6.0, 2.0 / 3.0}), tol);
    LLMLINGS_CHECK_CLOSE(m.explained_variance_ratio, (vector{0.9, 0.1}), tol);
}

TEST_CASE("iris explained variance ratios match the published centred figures", "[ml][09_pca][real]") {
    if (!llmlings::testing::have_real_data({"iris.csv"})) return;
    const pca_model m = pca_fit(iris_features());
    // Published (scikit-learn PCA on iris): 0.9246 0.0531 0.0171 0.0052, to 4 decimals: ±0.5e-4.
    LLMLINGS_CHECK_CLOSE(m.explained_variance_ratio, (vector{0.9246, 0.0531, 0.0171, 0.0052}), (tolerance{0, 0.5e-4}));
    // …and the published first component (0.3614, −0.0845, 0.8567, 0.3583), same precision.
    LLMLINGS_CHECK_CLOSE(row(m.components, 0), (vector{0.3614, -0.0845, 0.8567, 0.3583}), (tolerance{0, 0.5e-4}));
}

TEST_CASE("iris explained variance ratios match the published standardised figures", "[ml][09_pca][real]") {
    if (!llmlings::testing::have_real_data({"iris.csv"})) return;
    const pca_model m = pca_fit(iris_features(), 0, true);
    // Published (StandardScaler then PCA): 0.7296 0.2285 0.0367 0.0052, to 4 decimals: ±0.5e-4.
    LLMLINGS_CHECK_CLOSE(m.explained_variance_ratio, (vector{0.7296, 0.2285, 0.0367, 0.0052}), (tolerance{0, 0.5e-4}));
    // Standardised columns each have variance n/(n−1) (population σ, sample variance): total 4·150/149.
    LLMLINGS_CHECK_CLOSE(m.total_variance, 4.0 * 150.0 / 149.0, (tolerance{1e-12, 0}));
}

TEST_CASE("the components are the eigenvectors of the covariance matrix", "[ml][09_pca]") {
    const matrix x = correlated_data(7, 60, 5);
    const pca_model m = pca_fit(x);
    const matrix cov = sample_covariance(x);
    const eigen_pairs e = eigen_linalg(cov);
    const vector lapack_values = eigen_lapack(cov).values;  // second, independent oracle (LAPACK dsyevd)
    for (std::size_t i = 0; i < 5; ++i) {
        const std::size_t j = 4 - i;  // eigenvalues ascend, explained variance descends
        // Eigenvalues of a well-conditioned 5×5 covariance: agree to rounding relative to λ_max.
        LLMLINGS_CHECK_CLOSE(m.explained_variance(i), e.values(j), (tolerance{1e-10, 1e-10 * e.values(4)}));
        LLMLINGS_CHECK_CLOSE(m.explained_variance(i), lapack_values(j), (tolerance{1e-10, 1e-10 * e.values(4)}));
        // Same direction up to sign: |cᵢ · vⱼ| = 1.
        LLMLINGS_CHECK_CLOSE(abs_row_dot_column(m.components, i, e.vectors, j), 1.0, (tolerance{1e-9, 0}));
    }
}

TEST_CASE("components are orthonormal and signed with their largest entry positive", "[ml][09_pca]") {
    const matrix x = correlated_data(11, 40, 6);
    const pca_model m = pca_fit(x, 4);
    REQUIRE(m.components.shape()[0] == 4);
    LLMLINGS_CHECK_CLOSE(gram_rows(m.components), identity(4), (tolerance{0, 1e-12}));  // rounding of unit vectors
    for (std::size_t r = 0; r < 4; ++r) CHECK(largest_entry_positive(row(m.components, r)));
    // Ratios are positive, non-increasing and sum to at most 1.
    for (std::size_t r = 0; r + 1 < 4; ++r) CHECK(m.explained_variance_ratio(r) >= m.explained_variance_ratio(r + 1));
    CHECK(total(m.explained_variance_ratio) <= 1.0 + 1e-12);
}

TEST_CASE("all components reconstruct the data exactly also when standardised", "[ml][09_pca]") {
    const matrix x = correlated_data(3, 30, 4);
    for (bool standardize : {false, true}) {
        const pca_model m = pca_fit(x, 0, standardize);
        const matrix back = pca_inverse_transform(m, pca_transform(m, x));
        // An orthogonal change of basis and back: rounding relative to the offsets (≈ 10).
        LLMLINGS_CHECK_CLOSE(back, x, (tolerance{1e-10, 1e-10}));
        CHECK(total(m.explained_variance_ratio) == Approx(1.0).epsilon(1e-12));
        // asking for all min(n, d) = 4 components explicitly is allowed and gives the same
        const pca_model all = pca_fit(x, 4, standardize);
        REQUIRE(all.components.shape()[0] == 4);
        LLMLINGS_CHECK_CLOSE(pca_inverse_transform(all, pca_transform(all, x)), x, (tolerance{1e-10, 1e-10}));
    }
}

TEST_CASE("the reconstruction error with k components is the sum of the discarded variances", "[ml][09_pca]") {
    const matrix x = correlated_data(5, 80, 5);
    const pca_model full = pca_fit(x);
    for (std::size_t k = 1; k <= 4; ++k) {
        const pca_model m = pca_fit(x, k);
        const matrix back = pca_inverse_transform(m, pca_transform(m, x));
        const double error = squared_distance(back, x) / 79.0;  // per (n − 1), like the variances
        const double discarded = tail_sum(full.explained_variance, k);
        // Sums of 400 squares of numbers of size ≈ 10: rounding relative to the total variance.
        LLMLINGS_CHECK_CLOSE(error, discarded, (tolerance{1e-9, 1e-9 * full.total_variance}));
    }
}

TEST_CASE("the transformed coordinates are uncorrelated with the explained variances", "[ml][09_pca]") {
    const matrix x = correlated_data(9, 50, 3);
    const pca_model m = pca_fit(x);
    const matrix t = pca_transform(m, x);
    const matrix cov = sample_covariance(t);
    // Diagonal = explained variance, off-diagonal 0, to rounding relative to the largest variance.
    LLMLINGS_CHECK_CLOSE(cov, diagonal_matrix(m.explained_variance),
                         (tolerance{1e-10, 1e-10 * m.explained_variance(0)}));
}

TEST_CASE("pca rejects bad input", "[ml][09_pca]") {
    CHECK_THROWS_AS(pca_fit(matrix{{1, 2}}), llmlings::invalid_argument);             // one row
    CHECK_THROWS_AS(pca_fit(matrix{{1, 2}, {3, 4}}, 3), llmlings::invalid_argument);  // k > min(n, d)
    CHECK_THROWS_AS(pca_fit(matrix{{1, std::nan("")}, {3, 4}}), llmlings::invalid_argument);
    const pca_model m = pca_fit(matrix{{1, 2, 0}, {3, 4, 1}, {0, 1, 5}}, 2);
    CHECK_THROWS_AS(pca_transform(m, matrix{{1, 2}}), llmlings::shape_error);
    CHECK_THROWS_AS(pca_inverse_transform(m, matrix{{1, 2, 3}}), llmlings::shape_error);
    CHECK_THROWS_AS(pca_transform(pca_model{}, matrix{{1, 2, 3}}), llmlings::invalid_argument);
}
