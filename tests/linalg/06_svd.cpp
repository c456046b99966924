// SPDX-License-Identifier: MIT
// Tests for linalg/06_svd. Oracles: closed forms (2x2 and diagonal matrices, the rank-one outer
// product u vᵀ with its single singular value ‖u‖‖v‖, the Läuchli matrix), identities
// (A = U Σ Vᵀ, UᵀU = VVᵀ = I), LAPACK's dgesdd through xt::linalg::svd on seeded random tall and
// wide matrices, the Eckart–Young theorem, and a golden file of NumPy singular values written by
// tools/golden/linalg_svd.py. The random matrices, LAPACK calls, BLAS products and the golden
// file's loading are in oracles/06_svd.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/linalg/06_svd.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>

#include "oracles/06_svd.hpp"

using llmlings::matrix;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::linalg;
using namespace oracles;

namespace {

// The checks every thin SVD must pass: shapes, s descending and ≥ 0, UᵀU = I, VᵀV = I, A = UΣVᵀ.
// One-sided Jacobi stops when every pair of columns has |cos| ≤ √m·ε and V is a product of
// rotations, so orthonormality holds to ~1e-15; the reconstruction to a few ε·‖A‖ per sweep.
void check_svd_identities(const matrix& a, const svd_result& f) {
    const std::size_t m = a.shape()[0], n = a.shape()[1], k = std::min(m, n);
    REQUIRE(f.u.shape()[0] == m);
    REQUIRE(f.u.shape()[1] == k);
    REQUIRE(f.s.size() == k);
    REQUIRE(f.vt.shape()[0] == k);
    REQUIRE(f.vt.shape()[1] == n);
    for (std::size_t j = 0; j < k; ++j) {
        CHECK(f.s(j) >= 0.0);
        if (j > 0) CHECK(f.s(j) <= f.s(j - 1));
    }
    const matrix eye = identity(k);
    // U diag(s) Vᵀ is multiplied out with BLAS, independent of low_rank_approximation.
    const svd_products p = products_of(f.u, f.s, f.vt);
    LLMLINGS_CHECK_CLOSE(p.utu, eye, (tolerance{0, 1e-13}));
    LLMLINGS_CHECK_CLOSE(p.vvt, eye, (tolerance{0, 1e-13}));
    LLMLINGS_CHECK_CLOSE(p.rebuilt, a, (tolerance{0, 1e-13 * std::max(1.0, frobenius(a))}));
}

}  // namespace

// ---- svd --------------------------------------------------------------------------------------

TEST_CASE("svd of a 2x2 matrix gives the square roots of the eigenvalues of AtA", "[linalg][06_svd]") {
    // AᵀA = [[25,20],[20,25]] has eigenvalues 45 and 5, so σ = √45 and √5.
    const matrix a{{3, 0}, {4, 5}};
    const svd_result f = svd(a);
    LLMLINGS_CHECK_CLOSE(f.s, (vector{std::sqrt(45.0), std::sqrt(5.0)}), (tolerance{1e-15, 0}));
    // v₀ = ±(1,1)/√2, u₀ = ±(1,3)/√10, with the same sign.
    LLMLINGS_CHECK_CLOSE(std::fabs(f.vt(0, 0)), std::sqrt(0.5), (tolerance{1e-15, 0}));
    LLMLINGS_CHECK_CLOSE(f.vt(0, 0), f.vt(0, 1), (tolerance{1e-15, 0}));
    LLMLINGS_CHECK_CLOSE(f.u(1, 0), 3.0 * f.u(0, 0), (tolerance{1e-15, 0}));
    check_svd_identities(a, f);
}

TEST_CASE("svd of a diagonal matrix sorts the absolute values of the diagonal", "[linalg][06_svd]") {
    // diag(-2, 5, 1): σ = 5, 2, 1; the sign of -2 goes into U or V.
    const matrix a{{-2, 0, 0}, {0, 5, 0}, {0, 0, 1}};
    const svd_result f = svd(a);
    LLMLINGS_CHECK_CLOSE(f.s, (vector{5, 2, 1}), (tolerance{0, 0}));  // orthogonal already: no rounding
    CHECK(f.sweeps == 1);                                             // one sweep that finds nothing to rotate
    check_svd_identities(a, f);
}

TEST_CASE("svd of a rank-one outer product has the single singular value norm u times norm v", "[linalg][06_svd]") {
    const vector u{1, 2, 2, 0, 4};  // ‖u‖ = 5
    const vector v{2, -1, 2};       // ‖v‖ = 3
    for (const bool tall : {true, false}) {
        const matrix a = tall ? outer_product(u, v) : outer_product(v, u);
        const svd_result f = svd(a);
        INFO((tall ? "u vᵀ (5x3)" : "v uᵀ (3x5)"));
        // σ₀ = ‖u‖‖v‖ = 15 to rounding; the other two are zero up to a few ε·σ₀.
        LLMLINGS_CHECK_CLOSE(f.s, (vector{15, 0, 0}), (tolerance{1e-15, 1e-14 * 15}));
        // The zero singular values still need orthonormal singular vectors.
        check_svd_identities(a, f);
    }
}

TEST_CASE("svd of a zero matrix has zero singular values and orthonormal factors", "[linalg][06_svd]") {
    for (const auto& shape : {std::pair<std::size_t, std::size_t>{4, 3}, {3, 4}, {1, 1}, {2, 2}}) {
        const matrix a = zero_matrix(shape.first, shape.second);
        const svd_result f = svd(a);
        INFO("shape (" << shape.first << "," << shape.second << ")");
        CHECK(all_zero(f.s));
        check_svd_identities(a, f);
    }
}

TEST_CASE("svd agrees with LAPACK on seeded random tall and wide matrices", "[linalg][06_svd]") {
    seed_random(61);
    const std::size_t shapes[][2] = {{8, 5}, {5, 8}, {1, 6}, {6, 1}, {7, 7}, {30, 12}, {12, 30}};
    for (const auto& shape : shapes) {
        const matrix a = random_matrix(shape[0], shape[1]);
        const svd_result f = svd(a);
        const vector lapack = lapack_singular_values(a);
        INFO("shape (" << shape[0] << "," << shape[1] << "), sweeps " << f.sweeps);
        // Both backward stable: by Weyl each σ moves by at most ‖E‖₂ ≈ a few ε·‖A‖ (~1e-14 here).
        LLMLINGS_CHECK_CLOSE(f.s, lapack, (tolerance{0, 1e-13 * lapack(0)}));
        CHECK(f.sweeps <= 12);  // quadratic convergence: 5 to 8 sweeps for these sizes
        check_svd_identities(a, f);
    }
}

TEST_CASE("svd matches the NumPy singular values of the golden file", "[linalg][06_svd]") {
    const svd_golden g = load_svd_golden();
    CHECK(g.generator == "tools/golden/linalg_svd.py");
    // The 5x4 Hilbert section: σ from 1.5 down to 1.7e-4 (cond ≈ 9e3). LAPACK's σ carry an
    // absolute error of a few ε·σ₀ ≈ 1e-15, which is 1e-11 relative for the smallest one.
    const svd_result fh = svd(g.hilbert);
    LLMLINGS_CHECK_CLOSE(fh.s, g.hilbert_s, (tolerance{1e-13, 1e-15}));
    check_svd_identities(g.hilbert, fh);
    // A 4x6 matrix of standard normals (seeded NumPy generator), well conditioned.
    const svd_result fr = svd(g.random);
    LLMLINGS_CHECK_CLOSE(fr.s, g.random_s, (tolerance{1e-14, 1e-15}));
    check_svd_identities(g.random, fr);
}

TEST_CASE("svd keeps the small singular value of the Laeuchli matrix that AtA would lose", "[linalg][06_svd]") {
    // [[1,1],[δ,0],[0,δ]]: AᵀA = [[1+δ²,1],[1,1+δ²]], σ = √(2+δ²) and δ exactly. With δ = 1e-9,
    // δ² = 1e-18 vanishes next to 1 in double: the rounded AᵀA is [[1,1],[1,1]], whose eigenvalues
    // give σ₁ = 0. Rotating the columns themselves keeps δ to full relative accuracy.
    const double delta = 1e-9;
    const matrix a{{1, 1}, {delta, 0}, {0, delta}};
    const svd_result f = svd(a);
    LLMLINGS_CHECK_CLOSE(f.s, (vector{std::sqrt(2.0 + delta * delta), delta}), (tolerance{1e-14, 0}));
    check_svd_identities(a, f);
}

TEST_CASE("svd rotates a pair of tiny parallel columns next to a large one", "[linalg][06_svd]") {
    // A = [[1,0,0],[0,t,t],[0,t,t]] with t = 1e-8: block diagonal, 1 ⊕ t·(1,1)ᵀ(1,1), so
    // σ = 1, 2t, 0 exactly (the rank-one block has σ = t·‖(1,1)‖² = 2t). Columns 1 and 2 are
    // parallel (cos = 1), but their inner product 2t² = 2e-16 is below √3·ε ≈ 3.8e-16: only a
    // test relative to ‖w_p‖‖w_q‖ sees that they must be rotated.
    const double t = 1e-8;
    const matrix a{{1, 0, 0}, {0, t, t}, {0, t, t}};
    const svd_result f = svd(a);
    // σ₂ is rounding left over from t-sized columns: a few ε·t ≈ 1e-23.
    LLMLINGS_CHECK_CLOSE(f.s, (vector{1, 2 * t, 0}), (tolerance{1e-14, 1e-21}));
    check_svd_identities(a, f);
}

TEST_CASE("svd rejects empty and non-finite matrices", "[linalg][06_svd]") {
    CHECK_THROWS_AS(svd(zero_matrix(0, 3)), llmlings::invalid_argument);
    CHECK_THROWS_AS(svd(zero_matrix(3, 0)), llmlings::invalid_argument);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(svd(matrix{{1, nan}, {0, 1}}), llmlings::invalid_argument);
    CHECK_THROWS_AS(svd(matrix{{1, 0, inf}}), llmlings::invalid_argument);
}

TEST_CASE("svd is exact to rounding on matrices scaled to 1e300 and 1e-300", "[linalg][06_svd]") {
    // A = [[3,0],[4,5]] has σ = √45, √5 (AᵀA has eigenvalues 45 and 5); s·A rounds each entry
    // once (relative 1e-16), so its singular values are s√45, s√5 to rounding. The sweeps square entries (α = wₚ·wₚ), which overflow beyond ~1e154 and underflow
    // below ~1e-154; after scaling by a power of two the result must be s times the unscaled
    // one: 1e-14 relative, and U diag(σ/s) Vᵀ rebuilds A to 1e-13·‖A‖ as for s = 1.
    const matrix a{{3, 0}, {4, 5}};
    const vector expected{std::sqrt(45.0), std::sqrt(5.0)};
    for (double s : {1e150, 1e-150, 1e300, 1e-300}) {
        for (bool wide : {false, true}) {  // A and Aᵀ (the wide path works on rows)
            INFO("scale " << s << (wide ? ", transposed" : ""));
            const matrix base = wide ? xt_transposed(a) : a;
            svd_result f = svd(scaled(s, base));
            f.s = divided(f.s, s);
            LLMLINGS_CHECK_CLOSE(f.s, expected, (tolerance{1e-14, 0}));
            check_svd_identities(base, f);
        }
    }
    // a 3x3 with known singular values: the second-difference matrix of order 3 is symmetric
    // positive definite, so σ = its eigenvalues 2 + √2, 2, 2 − √2
    const matrix laplacian{{2, -1, 0}, {-1, 2, -1}, {0, -1, 2}};
    for (double s : {1e300, 1e-300}) {
        INFO("scale " << s);
        svd_result f = svd(scaled(s, laplacian));
        f.s = divided(f.s, s);
        LLMLINGS_CHECK_CLOSE(f.s, (vector{2.0 + std::sqrt(2.0), 2.0, 2.0 - std::sqrt(2.0)}), (tolerance{0, 1e-14}));
        check_svd_identities(laplacian, f);
    }
}

TEST_CASE("svd throws numerical_error when the sweep budget runs out", "[linalg][06_svd]") {
    seed_random(62);
    const matrix a = random_matrix(6, 5);
    // One sweep leaves the columns far from orthogonal, so that sweep still rotated.
    CHECK_THROWS_AS(svd(a, 1), llmlings::numerical_error);
    CHECK_NOTHROW(svd(a, 30));
}

// ---- low-rank approximation -------------------------------------------------------------------

TEST_CASE("low_rank_approximation of a 2x2 matrix by hand", "[linalg][06_svd]") {
    // A = [[3,0],[4,5]]: σ₀ = √45, u₀ = (1,3)/√10, v₀ = (1,1)/√2, so A₁ = 1.5·[[1,1],[3,3]].
    const matrix a{{3, 0}, {4, 5}};
    const svd_result f = svd(a);
    LLMLINGS_CHECK_CLOSE(low_rank_approximation(f, 1), (matrix{{1.5, 1.5}, {4.5, 4.5}}), (tolerance{1e-14, 1e-14}));
    LLMLINGS_CHECK_CLOSE(low_rank_approximation(f, 2), a, (tolerance{1e-14, 1e-14}));
    LLMLINGS_CHECK_CLOSE(low_rank_approximation(f, 0), (matrix{{0, 0}, {0, 0}}), (tolerance{0, 0}));
}

TEST_CASE("eckart_young_error of hand-worked singular values", "[linalg][06_svd]") {
    const vector s{3, 2, 1};
    const approximation_error e0 = eckart_young_error(s, 0);  // everything dropped: ‖A‖
    LLMLINGS_CHECK_CLOSE(e0.frobenius, std::sqrt(14.0), (tolerance{1e-15, 0}));
    CHECK(e0.spectral == 3.0);
    const approximation_error e1 = eckart_young_error(s, 1);  // √(4 + 1), σ₁
    LLMLINGS_CHECK_CLOSE(e1.frobenius, std::sqrt(5.0), (tolerance{1e-15, 0}));
    CHECK(e1.spectral == 2.0);
    const approximation_error e3 = eckart_young_error(s, 3);  // nothing dropped
    CHECK(e3.frobenius == 0.0);
    CHECK(e3.spectral == 0.0);
    // Squaring 1e200 would overflow; the error itself is √2·1e200.
    LLMLINGS_CHECK_CLOSE(eckart_young_error(vector{1e200, 1e200}, 0).frobenius, std::sqrt(2.0) * 1e200,
                         (tolerance{1e-15, 0}));
}

TEST_CASE("the truncation error matches Eckart-Young in the Frobenius and spectral norms", "[linalg][06_svd]") {
    seed_random(63);
    for (const auto& shape : {std::pair<std::size_t, std::size_t>{9, 6}, {6, 9}}) {
        const matrix a = random_matrix(shape.first, shape.second);
        const svd_result f = svd(a);
        const vector sigma = lapack_singular_values(a);  // the oracle's own singular values
        for (std::size_t r = 0; r <= 6; ++r) {
            const matrix diff = minus(a, low_rank_approximation(f, r));
            const approximation_error predicted = eckart_young_error(f.s, r);
            double tail_sq = 0.0;
            for (std::size_t i = r; i < 6; ++i) tail_sq += sigma(i) * sigma(i);
            const double spectral = r < 6 ? sigma(r) : 0.0;
            INFO("shape (" << shape.first << "," << shape.second << "), rank " << r);
            // ‖A - A_r‖_F² = Σ_{i≥r} σᵢ² and ‖A - A_r‖₂ = σ_r, measured on the actual difference;
            // errors are a few ε·‖A‖ ≈ 1e-15 absolute.
            LLMLINGS_CHECK_CLOSE(frobenius(diff), std::sqrt(tail_sq), (tolerance{1e-12, 1e-13}));
            LLMLINGS_CHECK_CLOSE(lapack_singular_values(diff)(0), spectral, (tolerance{1e-12, 1e-13}));
            LLMLINGS_CHECK_CLOSE(predicted.frobenius, std::sqrt(tail_sq), (tolerance{1e-12, 1e-13}));
            LLMLINGS_CHECK_CLOSE(predicted.spectral, spectral, (tolerance{1e-12, 1e-13}));
        }
    }
}

TEST_CASE("no nearby matrix of the same rank is closer than the truncated SVD", "[linalg][06_svd]") {
    // Eckart–Young's optimality: perturb the factors of A₂ (the result keeps rank ≤ 2) and the
    // distance to A can only grow, to first order by the perturbation's size.
    seed_random(64);
    const matrix a = random_matrix(7, 5);
    const svd_result f = svd(a);
    const matrix best = low_rank_approximation(f, 2);
    const double best_error = frobenius(minus(a, best));
    for (int trial = 0; trial < 20; ++trial) {
        svd_result g = f;
        g.u = perturbed(f.u, 1e-3);
        g.vt = perturbed(f.vt, 1e-3);
        const matrix other = low_rank_approximation(g, 2);
        CHECK(frobenius(minus(a, other)) >= best_error);
    }
}

TEST_CASE("a matrix of rank two is recovered exactly by its rank two approximation", "[linalg][06_svd]") {
    // A = B C with B (8,2), C (2,6): the low-rank product LoRA learns. σ₂… are rounding noise.
    seed_random(65);
    const matrix b = random_matrix(8, 2);
    const matrix c = random_matrix(2, 6);
    const matrix a = blas_product(b, c);
    const svd_result f = svd(a);
    const double scale = f.s(0);
    for (std::size_t i = 2; i < 6; ++i) CHECK(f.s(i) <= 1e-14 * scale);
    LLMLINGS_CHECK_CLOSE(low_rank_approximation(f, 2), a, (tolerance{0, 1e-13 * scale}));
    CHECK(eckart_young_error(f.s, 2).frobenius <= 1e-14 * scale);
    check_svd_identities(a, f);
}

TEST_CASE("low_rank_approximation and eckart_young_error reject bad ranks and inputs", "[linalg][06_svd]") {
    const svd_result f = svd(matrix{{3, 0}, {4, 5}});
    CHECK_THROWS_AS(low_rank_approximation(f, 3), llmlings::invalid_argument);
    svd_result broken = f;
    broken.s = vector{1, 2, 3};
    CHECK_THROWS_AS(low_rank_approximation(broken, 1), llmlings::shape_error);
    CHECK_THROWS_AS(eckart_young_error(vector{3, 2}, 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(eckart_young_error(vector{1, 2}, 1), llmlings::invalid_argument);   // ascending
    CHECK_THROWS_AS(eckart_young_error(vector{2, -1}, 1), llmlings::invalid_argument);  // negative
}
