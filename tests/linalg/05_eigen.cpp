// SPDX-License-Identifier: MIT
// Tests for linalg/05_eigen. Oracles: closed forms (2x2 matrices, diagonal matrices, the
// second-difference matrix with eigenvalues 2 - 2cos(kπ/(n+1))), the convergence rate |λ₂/λ₁|ᵏ of
// power iteration, identities (Av = λv, VᵀV = I, V diag(λ) Vᵀ = A) and LAPACK's dsyevd through
// xt::linalg::eigvalsh on seeded random symmetric matrices. The random matrices, closed forms and
// BLAS and LAPACK calls are in oracles/05_eigen.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/linalg/05_eigen.hpp>

#include <cmath>
#include <cstddef>
#include <limits>

#include "oracles/05_eigen.hpp"

using llmlings::matrix;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::linalg;
using llmlings::testing::contains;
using namespace oracles;

namespace {

// The eigenpair checks every decomposition must pass: V orthonormal, A V = V Λ, V Λ Vᵀ = A.
// Jacobi and LAPACK are both backward stable: errors of a few n·ε·‖A‖, so 1e-12·‖A‖ for n ≤ 20.
void check_eigen_identities(const matrix& a, const eigen_decomposition& e) {
    const std::size_t n = a.shape()[0];
    REQUIRE(e.values.size() == n);
    REQUIRE(e.vectors.shape()[0] == n);
    REQUIRE(e.vectors.shape()[1] == n);
    for (std::size_t j = 1; j < n; ++j) CHECK(e.values(j - 1) <= e.values(j));
    const eigen_products p = products_of(a, e.values, e.vectors);
    LLMLINGS_CHECK_CLOSE(p.gram, identity(n), (tolerance{0, 1e-13}));
    const double scale = frobenius(a);
    LLMLINGS_CHECK_CLOSE(p.av, p.v_lambda, (tolerance{0, 1e-12 * scale}));
    LLMLINGS_CHECK_CLOSE(p.rebuilt, a, (tolerance{0, 1e-12 * scale}));
}

}  // namespace

// ---- power iteration --------------------------------------------------------------------------

TEST_CASE("power iteration finds the dominant eigenpair of a symmetric 2x2 matrix", "[linalg][05_eigen]") {
    // [[2,1],[1,2]]: eigenvalues 3 (eigenvector (1,1)/√2) and 1.
    const power_result r = power_iteration(matrix{{2, 1}, {1, 2}}, vector{1, 0});
    // For a symmetric matrix the Rayleigh quotient's error is O(sin²θ) ≤ 1e-20 relative.
    LLMLINGS_CHECK_CLOSE(r.eigenvalue, 3.0, (tolerance{1e-13, 0}));
    LLMLINGS_CHECK_CLOSE(llmlings::linalg::norm_l2(r.eigenvector), 1.0, (tolerance{1e-14, 0}));
    // |cos θ| = √(1 - sin²θ) ≥ 1 - 1e-20 at tolerance 1e-10.
    LLMLINGS_CHECK_CLOSE(abs_cosine(r.eigenvector, vector{1, 1}), 1.0, (tolerance{1e-15, 0}));
    CHECK(r.iterations >= 2);
    CHECK(r.iterations <= 30);  // the error shrinks by 1/3 per step: about 22 steps to 1e-10
}

TEST_CASE("power iteration finds a negative dominant eigenvalue", "[linalg][05_eigen]") {
    // diag(-3, 1, 0.5): the iterate flips sign every step, yet the direction converges.
    const power_result r = power_iteration(matrix{{-3, 0, 0}, {0, 1, 0}, {0, 0, 0.5}}, vector{1, 1, 1});
    LLMLINGS_CHECK_CLOSE(r.eigenvalue, -3.0, (tolerance{1e-13, 0}));
    LLMLINGS_CHECK_CLOSE(abs_cosine(r.eigenvector, vector{1, 0, 0}), 1.0, (tolerance{1e-15, 0}));
}

TEST_CASE("power iteration works on a non-symmetric matrix with real eigenvalues", "[linalg][05_eigen]") {
    // [[4,1],[2,3]]: characteristic polynomial λ² - 7λ + 10, eigenvalues 5 and 2; (1,1) for 5.
    const power_result r = power_iteration(matrix{{4, 1}, {2, 3}}, vector{1, 0});
    // Without symmetry the Rayleigh quotient is only first-order accurate: error ≲ ‖A‖·sinθ ≈ 5e-10.
    LLMLINGS_CHECK_CLOSE(r.eigenvalue, 5.0, (tolerance{0, 1e-8}));
    LLMLINGS_CHECK_CLOSE(abs_cosine(r.eigenvector, vector{1, 1}), 1.0, (tolerance{1e-12, 0}));
}

TEST_CASE("power iteration converges at the rate of the eigenvalue ratio", "[linalg][05_eigen]") {
    // A = diag(1, r), start (1,1): the k-th iterate is ∝ (1, rᵏ) and the angle between it and
    // A times it has sinθ ≈ rᵏ(1 - r). The first k with rᵏ(1 - r) ≤ tol predicts the count
    // (k normalisations, then one more product to see it), give or take one step.
    const double tol = 1e-10;
    for (double ratio : {0.5, 0.8, 0.95}) {
        std::size_t k = 0;
        while (std::pow(ratio, static_cast<double>(k)) * (1.0 - ratio) > tol) ++k;
        const power_result r = power_iteration(matrix{{1, 0}, {0, ratio}}, vector{1, 1}, tol, 10000);
        INFO("ratio " << ratio << ": predicted " << k + 1 << " products, took " << r.iterations);
        CHECK(r.iterations >= k);
        CHECK(r.iterations <= k + 2);
        LLMLINGS_CHECK_CLOSE(r.eigenvalue, 1.0, (tolerance{1e-13, 0}));
    }
}

TEST_CASE("power iteration agrees with LAPACK on seeded random symmetric matrices", "[linalg][05_eigen]") {
    seed_random(51);
    for (int trial = 0; trial < 5; ++trial) {
        // B Bᵀ is positive semi-definite: its largest eigenvalue is also the largest in magnitude.
        const matrix a = times_own_transpose(random_matrix(8, 8));
        const vector start = random_vector(8);
        const vector lapack = lapack_eigvalsh(a);
        const power_result r = power_iteration(a, start, 1e-11, 100000);
        // Symmetric: eigenvalue error O(sin²θ·‖A‖) ≈ 1e-22·‖A‖; LAPACK's own error is ~n·ε·‖A‖.
        LLMLINGS_CHECK_CLOSE(r.eigenvalue, lapack(7), (tolerance{1e-12, 0}));
        // The residual ‖Av - λv‖ = sinθ·‖Av‖ ≤ 1e-11·λ (plus rounding).
        const vector residual = minus_scaled(blas_product(a, r.eigenvector), r.eigenvalue, r.eigenvector);
        CHECK(llmlings::linalg::norm_l2(residual) <= 2e-11 * r.eigenvalue);
    }
}

TEST_CASE("power iteration stops on a relative residual whatever the scale of the matrix", "[linalg][05_eigen]") {
    // Scaling A by a power of two scales Av and λ exactly and leaves every normalised iterate
    // bit for bit the same, so a stopping test relative to ‖Av‖ takes the same steps at every
    // scale (a property, no oracle needed). An absolute test ‖Av − λv‖ ≤ tol would stop far too
    // early at 2⁻³⁰ (‖Av‖ ≈ 3e-9, so sin θ ≈ 0.03 passes, after 3 steps instead of ~22) and never
    // at 2³⁰ (sin θ would have to reach 3e-20, far below the rounding of w − λv).
    const power_result unit = power_iteration(matrix{{2, 1}, {1, 2}}, vector{1, 0});
    for (int e : {-30, 30}) {
        const double s = std::ldexp(1.0, e);
        INFO("scale 2^" << e);
        const power_result r = power_iteration(matrix{{2 * s, s}, {s, 2 * s}}, vector{1, 0});
        CHECK(r.iterations == unit.iterations);
        LLMLINGS_CHECK_CLOSE(r.eigenvalue, 3.0 * s, (tolerance{1e-13, 0}));
        LLMLINGS_CHECK_CLOSE(abs_cosine(r.eigenvector, vector{1, 1}), 1.0, (tolerance{1e-15, 0}));
    }
}

TEST_CASE("power iteration throws numerical_error when it cannot converge", "[linalg][05_eigen]") {
    // Eigenvalues 1 and -1 tie in magnitude: from (1,0) the iterate alternates (0,1), (1,0), …
    CHECK_THROWS_AS(power_iteration(matrix{{0, 1}, {1, 0}}, vector{1, 0}), llmlings::numerical_error);
    // A 90° rotation has the complex eigenvalues ±i: no real direction is ever kept.
    CHECK_THROWS_AS(power_iteration(matrix{{0, -1}, {1, 0}}, vector{1, 0.5}), llmlings::numerical_error);
    // Converges, but far too slowly for 5 iterations (ratio 0.99).
    CHECK_THROWS_AS(power_iteration(matrix{{1, 0}, {0, 0.99}}, vector{1, 1}, 1e-10, 5), llmlings::numerical_error);
}

TEST_CASE("power iteration rejects bad shapes and arguments", "[linalg][05_eigen]") {
    const matrix a{{2, 1}, {1, 2}};
    CHECK_THROWS_AS(power_iteration(matrix{{1, 2, 3}, {4, 5, 6}}, vector{1, 0}), llmlings::shape_error);
    CHECK_THROWS_AS(power_iteration(a, vector{1, 0, 0}), llmlings::shape_error);
    CHECK_THROWS_AS(power_iteration(a, vector{0, 0}), llmlings::invalid_argument);
    CHECK_THROWS_AS(power_iteration(a, vector{1, 0}, 0.0), llmlings::invalid_argument);
    CHECK_THROWS_AS(power_iteration(a, vector{1, 0}, 1e-10, 0), llmlings::invalid_argument);
}

// ---- the Jacobi rotation ----------------------------------------------------------------------

TEST_CASE("a Jacobi rotation diagonalises a symmetric 2x2 matrix", "[linalg][05_eigen]") {
    // (app, apq, aqq) cases: equal diagonal (θ = 45°), unequal, negative, and a tiny apq whose
    // τ = 5e299 would overflow τ² in a naive √(1 + τ²).
    const double cases[][3] = {{2, 1, 2}, {1, 2, 4}, {-3, 0.5, 2}, {5, -1, 1}, {0, 1e-300, 1}};
    for (const auto& abc : cases) {
        const double app = abc[0], apq = abc[1], aqq = abc[2];
        const rotation r = jacobi_rotation(app, apq, aqq);
        INFO("app " << app << ", apq " << apq << ", aqq " << aqq << " -> c " << r.c << ", s " << r.s);
        LLMLINGS_CHECK_CLOSE(r.c * r.c + r.s * r.s, 1.0, (tolerance{1e-15, 0}));
        CHECK(std::fabs(r.t) <= 1.0);  // the smaller root: |θ| ≤ 45°
        LLMLINGS_CHECK_CLOSE(r.t * r.c, r.s, (tolerance{1e-15, 1e-300}));
        // JᵀAJ with J = [[c, s], [-s, c]], multiplied out by hand.
        const matrix a{{app, apq}, {apq, aqq}};
        const matrix j{{r.c, r.s}, {-r.s, r.c}};
        const matrix d = rotated(a, j);
        const double scale = std::fabs(app) + std::fabs(apq) + std::fabs(aqq);
        LLMLINGS_CHECK_CLOSE(d(0, 1), 0.0, (tolerance{0, 1e-15 * scale}));
        // The new diagonal is app - t·apq, aqq + t·apq: the two eigenvalues of the 2x2 matrix.
        LLMLINGS_CHECK_CLOSE(d(0, 0), app - r.t * apq, (tolerance{1e-15, 1e-15 * scale}));
        LLMLINGS_CHECK_CLOSE(d(1, 1), aqq + r.t * apq, (tolerance{1e-15, 1e-15 * scale}));
    }
    const rotation r = jacobi_rotation(2, 1, 2);  // θ = 45° exactly
    LLMLINGS_CHECK_CLOSE(r.c, std::sqrt(0.5), (tolerance{1e-15, 0}));
    LLMLINGS_CHECK_CLOSE(r.s, std::sqrt(0.5), (tolerance{1e-15, 0}));
    LLMLINGS_CHECK_CLOSE(r.t, 1.0, (tolerance{1e-15, 0}));
    const rotation none = jacobi_rotation(1, 0, 5);  // already diagonal
    CHECK(none.c == 1.0);
    CHECK(none.s == 0.0);
    CHECK(none.t == 0.0);
}

// ---- symmetric_eigen --------------------------------------------------------------------------

TEST_CASE("symmetric_eigen of the 2x2 matrix with ones off the diagonal gives 1 and 3", "[linalg][05_eigen]") {
    const matrix a{{2, 1}, {1, 2}};
    const eigen_decomposition e = symmetric_eigen(a);
    LLMLINGS_CHECK_CLOSE(e.values, (vector{1, 3}), (tolerance{1e-15, 1e-15}));
    // Eigenvectors (-1,1)/√2 for 1 and (1,1)/√2 for 3, each up to sign.
    LLMLINGS_CHECK_CLOSE(abs_cosine(column(e.vectors, 0), vector{-1, 1}), 1.0, (tolerance{1e-15, 0}));
    LLMLINGS_CHECK_CLOSE(abs_cosine(column(e.vectors, 1), vector{1, 1}), 1.0, (tolerance{1e-15, 0}));
    check_eigen_identities(a, e);
}

TEST_CASE("symmetric_eigen of a diagonal matrix sorts the diagonal and needs no sweep", "[linalg][05_eigen]") {
    const matrix a{{3, 0, 0, 0}, {0, -1, 0, 0}, {0, 0, 2, 0}, {0, 0, 0, 0}};
    const eigen_decomposition e = symmetric_eigen(a);
    CHECK(e.sweeps == 0);
    LLMLINGS_CHECK_CLOSE(e.values, (vector{-1, 0, 2, 3}), (tolerance{0, 0}));  // nothing to round
    // The eigenvectors are the unit vectors, reordered: |V| is a permutation matrix.
    const matrix expected{{0, 0, 0, 1}, {1, 0, 0, 0}, {0, 0, 1, 0}, {0, 1, 0, 0}};
    LLMLINGS_CHECK_CLOSE(abs_entries(e.vectors), expected, (tolerance{0, 0}));
}

TEST_CASE("symmetric_eigen of the second-difference matrix matches its closed form", "[linalg][05_eigen]") {
    // The tridiagonal matrix with 2 on the diagonal and -1 beside it (the discrete Laplacian):
    // eigenvalues λₖ = 2 - 2cos(kπ/(n+1)), eigenvectors (sin(jkπ/(n+1)))ⱼ, k = 1…n.
    for (std::size_t n : {1u, 2u, 5u, 12u}) {
        const matrix a = second_difference(n);
        const eigen_decomposition e = symmetric_eigen(a);
        const vector expected = second_difference_eigenvalues(n);
        INFO("n = " << n);
        // λ ∈ [0, 4], Jacobi is backward stable: absolute error a few ε·‖A‖ ≈ 1e-15.
        LLMLINGS_CHECK_CLOSE(e.values, expected, (tolerance{0, 1e-13}));
        for (std::size_t k = 1; k <= n; ++k) {
            // The gaps are ≥ 0.06 for n = 12, so the eigenvectors are accurate to ~ε‖A‖/gap.
            LLMLINGS_CHECK_CLOSE(abs_cosine(column(e.vectors, k - 1), second_difference_eigenvector(n, k)), 1.0,
                                 (tolerance{1e-12, 0}));
        }
        check_eigen_identities(a, e);
    }
}

TEST_CASE("symmetric_eigen agrees with LAPACK eigenvalues on seeded random symmetric matrices", "[linalg][05_eigen]") {
    seed_random(52);
    for (std::size_t n : {1u, 3u, 7u, 20u}) {
        const matrix a = random_symmetric(n);
        const eigen_decomposition e = symmetric_eigen(a);
        const vector lapack = lapack_eigvalsh(a);
        INFO("n = " << n << ", sweeps " << e.sweeps);
        // Both backward stable: each eigenvalue within a few n·ε·‖A‖_F of the exact one (Weyl).
        LLMLINGS_CHECK_CLOSE(e.values, lapack, (tolerance{0, 1e-13 * frobenius(a)}));
        CHECK(e.sweeps <= 12);  // quadratic convergence: a random 20x20 takes about 7 sweeps
        check_eigen_identities(a, e);
    }
}

TEST_CASE("symmetric_eigen returns an orthonormal basis for a repeated eigenvalue", "[linalg][05_eigen]") {
    // I + u uᵀ: eigenvalue 1 + ‖u‖² = 31 along u, and 1 with multiplicity 4 on u's orthogonal
    // complement, where any orthonormal basis is correct.
    const vector u{1, 2, 3, 4, 0};
    const matrix a = identity_plus_outer(u);
    const eigen_decomposition e = symmetric_eigen(a);
    LLMLINGS_CHECK_CLOSE(e.values, (vector{1, 1, 1, 1, 31}), (tolerance{0, 1e-13}));
    LLMLINGS_CHECK_CLOSE(abs_cosine(column(e.vectors, 4), u), 1.0, (tolerance{1e-14, 0}));
    check_eigen_identities(a, e);
}

TEST_CASE("symmetric_eigen accepts a matrix that is symmetric up to rounding", "[linalg][05_eigen]") {
    // B Bᵀ from BLAS may differ from its transpose in the last bits; here by 1 ulp of 2.
    const double two_plus_ulp = std::nextafter(2.0, 3.0);
    const eigen_decomposition e = symmetric_eigen(matrix{{1, two_plus_ulp}, {2, 1}});
    LLMLINGS_CHECK_CLOSE(e.values, (vector{-1, 3}), (tolerance{0, 1e-15}));
}

TEST_CASE("symmetric_eigen rejects non-square non-symmetric and non-finite matrices", "[linalg][05_eigen]") {
    CHECK_THROWS_AS(symmetric_eigen(matrix{{1, 2, 3}, {2, 1, 0}}), llmlings::shape_error);
    CHECK_THROWS_AS(symmetric_eigen(zero_matrix(0, 0)), llmlings::shape_error);
    CHECK_THROWS_AS(symmetric_eigen(matrix{{1, 2}, {3, 4}}), llmlings::invalid_argument);
    CHECK_THROWS_WITH(symmetric_eigen(matrix{{1, 2}, {3, 4}}),
                      contains("symmetric_eigen") && contains("not symmetric"));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS(symmetric_eigen(matrix{{1, nan}, {nan, 1}}), llmlings::invalid_argument);
}

TEST_CASE("symmetric_eigen is exact to rounding on matrices scaled to 1e300 and 1e-300", "[linalg][05_eigen]") {
    // The second-difference matrix (2 on the diagonal, -1 beside it) times s has the eigenvalues
    // s·(2 − 2cos(kπ/6)), k = 1…5: s·A is exact in floating point (2s and −s), so its eigenvalues
    // are exactly s times those of A. Squaring entries of 1e200 overflows and of 1e-200
    // underflows, which stopped the sweeps at once before; scaled by a power of two first, the
    // result must be s times the unscaled one to rounding: 1e-13 on λ/s ∈ [0, 4] as for s = 1.
    const std::size_t n = 5;
    const matrix a = second_difference(n);
    const vector expected = second_difference_eigenvalues(n);
    for (double s : {1e150, 1e-150, 1e300, 1e-300}) {
        INFO("scale " << s);
        const eigen_decomposition e = symmetric_eigen(scaled(s, a));
        const vector values_over_s = divided(e.values, s);
        LLMLINGS_CHECK_CLOSE(values_over_s, expected, (tolerance{0, 1e-13}));
        // V is scale-free: orthonormal, and V diag(λ/s) Vᵀ rebuilds the unscaled A (‖A‖ ≈ 5)
        const eigen_products p = products_of(a, values_over_s, e.vectors);
        LLMLINGS_CHECK_CLOSE(p.gram, identity(n), (tolerance{0, 1e-13}));
        LLMLINGS_CHECK_CLOSE(p.rebuilt, a, (tolerance{0, 1e-12}));
    }
}

TEST_CASE("symmetric_eigen throws numerical_error when the sweep budget runs out", "[linalg][05_eigen]") {
    seed_random(53);
    const matrix a = random_symmetric(6);
    // One sweep leaves off(A) around 0.1·‖A‖: far from converged.
    CHECK_THROWS_AS(symmetric_eigen(a, 1), llmlings::numerical_error);
    CHECK_NOTHROW(symmetric_eigen(a, 30));
}
