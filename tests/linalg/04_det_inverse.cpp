// SPDX-License-Identifier: MIT
// Tests for linalg/04_det_inverse. Oracles: closed forms — the determinant of a triangular matrix
// (product of the diagonal), of a permutation matrix (the parity of its inversions), of a
// Vandermonde matrix (Π_{i<j} (x_j − x_i)), the 2×2 inverse and the integer inverse of the 4×4
// Hilbert matrix; identities (A·A⁻¹ = I, det(AB) = det A · det B, det(cA) = cⁿ det A); LAPACK
// through xt::linalg::det, slogdet and inv on seeded random matrices. The closed forms, random
// matrices and LAPACK calls are in oracles/04_det_inverse.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/linalg/04_det_inverse.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

#include "oracles/04_det_inverse.hpp"

using llmlings::matrix;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::linalg;
using namespace oracles;

namespace {

using inverse_fn = matrix (*)(const matrix&);

void check_hand_worked_inverses(inverse_fn inv) {
    // [[a,b],[c,d]]⁻¹ = 1/(ad − bc) · [[d,−b],[−c,a]]; ad − bc = 24 − 14 = 10.
    LLMLINGS_CHECK_CLOSE(inv(matrix{{4, 7}, {2, 6}}), (matrix{{0.6, -0.7}, {-0.2, 0.4}}), (tolerance{1e-15, 1e-15}));
    // needs a row swap: the first pivot is 0
    LLMLINGS_CHECK_CLOSE(inv(matrix{{0, 2}, {1, 0}}), (matrix{{0, 1}, {0.5, 0}}), (tolerance{0, 0}));
    // a diagonal matrix inverts entry by entry
    LLMLINGS_CHECK_CLOSE(inv(matrix{{2, 0, 0}, {0, -4, 0}, {0, 0, 0.5}}),
                         (matrix{{0.5, 0, 0}, {0, -0.25, 0}, {0, 0, 2}}), (tolerance{0, 0}));
    // a permutation matrix is orthogonal: its inverse is its transpose, exactly
    const matrix p = permutation_of({3, 0, 4, 1, 2});
    const matrix pt = xt_transposed(p);
    LLMLINGS_CHECK_CLOSE(inv(p), pt, (tolerance{0, 0}));
    // The 4×4 Hilbert matrix H(i,j) = 1/(i+j+1) has an integer inverse (a classical closed form).
    // cond(H₄) ≈ 1.6e4, so about 1e4·ε ≈ 1e-12 relative error is expected.
    const matrix h = hilbert(4);
    const matrix h_inv{
        {16, -120, 240, -140}, {-120, 1200, -2700, 1680}, {240, -2700, 6480, -4200}, {-140, 1680, -4200, 2800}};
    LLMLINGS_CHECK_CLOSE(inv(h), h_inv, (tolerance{1e-10, 1e-9}));
}

void check_random_inverses(inverse_fn inv, unsigned seed) {
    seed_random(seed);
    for (std::size_t n : {1, 2, 5, 20}) {
        INFO("n = " << n);
        const matrix a = random_matrix(n, n);
        const matrix a_inv = inv(a);
        const matrix expected = lapack_inv(a);
        // Both are computed stably; they differ by about cond(A)·ε, cond(A) ≲ 1e3 for these draws.
        LLMLINGS_CHECK_CLOSE(a_inv, expected, (tolerance{1e-9, 1e-10}));
        // A·A⁻¹ = A⁻¹·A = I: entries of O(1) with n terms each, error ≈ cond(A)·n·ε.
        const matrix i_n = identity(n);
        const matrix right = blas_product(a, a_inv);
        const matrix left = blas_product(a_inv, a);
        LLMLINGS_CHECK_CLOSE(right, i_n, (tolerance{0, 1e-10}));
        LLMLINGS_CHECK_CLOSE(left, i_n, (tolerance{0, 1e-10}));
    }
}

void check_rejects_bad_input(inverse_fn inv) {
    CHECK_THROWS_AS(inv(matrix{{1, 2}, {2, 4}}), llmlings::numerical_error);                   // rank 1
    CHECK_THROWS_AS(inv(matrix{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}), llmlings::numerical_error);  // rounding hides the 0
    CHECK_THROWS_AS(inv(filled_matrix(3, 3, 0.0)), llmlings::numerical_error);
    CHECK_THROWS_AS(inv(filled_matrix(2, 3, 1.0)), llmlings::shape_error);
    CHECK_THROWS_AS(inv(filled_matrix(0, 0, 1.0)), llmlings::shape_error);
}

}  // namespace

TEST_CASE("det of hand-worked 2x2 and 3x3 matrices", "[linalg][04_det_inverse]") {
    const tolerance tight{1e-15, 1e-15};
    LLMLINGS_CHECK_CLOSE(det(matrix{{1, 2}, {3, 4}}), -2.0, tight);  // ad − bc = 4 − 6
    LLMLINGS_CHECK_CLOSE(det(matrix{{5}}), 5.0, tight);
    // cofactor expansion along the first row: 2(27 − 21) − 1(36 − 24) + 1(28 − 24) = 4
    LLMLINGS_CHECK_CLOSE(det(matrix{{2, 1, 1}, {4, 3, 3}, {8, 7, 9}}), 4.0, (tolerance{1e-14, 0}));
    // swapping two rows flips the sign
    LLMLINGS_CHECK_CLOSE(det(matrix{{3, 4}, {1, 2}}), 2.0, tight);
}

TEST_CASE("det of a triangular matrix is the product of its diagonal", "[linalg][04_det_inverse]") {
    seed_random(40);
    const matrix r = random_matrix(8, 8);
    const matrix upper = upper_triangle(r), lower = lower_triangle(r);
    const double product = diagonal_product(r);
    // U is already upper triangular: no swap, no elimination, the same n products.
    LLMLINGS_CHECK_CLOSE(det(upper), product, (tolerance{1e-14, 0}));
    // A lower triangle gets row swaps, and the pivots then come out of real elimination, each
    // carrying rounding error of order cond(A)·ε: 1e-11 leaves room for cond ≈ 1e4.
    LLMLINGS_CHECK_CLOSE(det(lower), product, (tolerance{1e-11, 0}));
}

TEST_CASE("det of a permutation matrix is its parity", "[linalg][04_det_inverse]") {
    const std::vector<std::vector<std::size_t>> perms = {{0, 1, 2, 3}, {1, 0, 2, 3},    {1, 2, 0, 3}, {3, 2, 1, 0},
                                                         {1, 0, 3, 2}, {4, 0, 3, 1, 2}, {0}};
    for (const auto& perm : perms) {
        INFO("permutation of size " << perm.size() << " with parity " << parity(perm));
        CHECK(det(permutation_of(perm)) == parity(perm));  // pivots are exactly 1: exact
    }
}

TEST_CASE("det of a Vandermonde matrix matches the closed form", "[linalg][04_det_inverse]") {
    // x = 1..5: Π_{i<j} (j − i) = 4!·3!·2!·1! = 288
    LLMLINGS_CHECK_CLOSE(det(vandermonde(vector{1, 2, 3, 4, 5})), 288.0, (tolerance{1e-11, 0}));
    // x = (−1, 0.5, 2, 3): 1.5 · 3 · 4 · 1.5 · 2.5 · 1 = 67.5
    LLMLINGS_CHECK_CLOSE(det(vandermonde(vector{-1, 0.5, 2, 3})), 67.5, (tolerance{1e-12, 0}));
    seed_random(41);
    for (int trial = 0; trial < 5; ++trial) {
        const vector x = random_uniform(6, -2.0, 2.0);
        // Vandermonde matrices are ill conditioned (here up to ~1e5): allow cond·ε ≈ 1e-10.
        LLMLINGS_CHECK_CLOSE(det(vandermonde(x)), vandermonde_det(x), (tolerance{1e-9, 0}));
    }
}

TEST_CASE("det agrees with LAPACK and is multiplicative", "[linalg][04_det_inverse]") {
    seed_random(42);
    for (std::size_t n : {1, 2, 3, 6, 15}) {
        INFO("n = " << n);
        const matrix a = random_matrix(n, n);
        const matrix b = random_matrix(n, n);
        const double da = det(a), db = det(b);
        // Same algorithm as LAPACK's dgetrf, different operation order: rounding of n pivots.
        LLMLINGS_CHECK_CLOSE(da, lapack_det(a), (tolerance{1e-10, 0}));
        const matrix ab = blas_product(a, b);
        LLMLINGS_CHECK_CLOSE(det(ab), da * db, (tolerance{1e-9, 0}));  // cond(AB) ≲ 1e5
        LLMLINGS_CHECK_CLOSE(det(xt_transposed(a)), da, (tolerance{1e-10, 0}));
        // det(cA) = cⁿ det(A)
        LLMLINGS_CHECK_CLOSE(det(scaled(3.0, a)), std::pow(3.0, static_cast<double>(n)) * da, (tolerance{1e-10, 0}));
    }
}

TEST_CASE("det of a singular matrix is zero", "[linalg][04_det_inverse]") {
    CHECK(det(matrix{{1, 2}, {2, 4}}) == 0.0);                   // elimination gives an exact 0
    CHECK(det(matrix{{1, 2, 3}, {1, 2, 3}, {4, 5, 6}}) == 0.0);  // two equal rows
    CHECK(det(matrix{{1, 2, 3}, {0, 0, 0}, {4, 5, 6}}) == 0.0);  // a zero row
    // Rank 2 in exact arithmetic; rounding leaves a value of order ε·|A|³ ≈ 1e-13 at most.
    LLMLINGS_CHECK_CLOSE(det(matrix{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}), 0.0, (tolerance{0, 1e-13}));
}

TEST_CASE("det rejects non-square and empty matrices", "[linalg][04_det_inverse]") {
    CHECK_THROWS_AS(det(filled_matrix(2, 3, 1.0)), llmlings::shape_error);
    CHECK_THROWS_AS(det(filled_matrix(0, 0, 1.0)), llmlings::shape_error);
}

TEST_CASE("slogdet agrees with LAPACK and with det", "[linalg][04_det_inverse]") {
    seed_random(43);
    for (std::size_t n : {1, 4, 12}) {
        INFO("n = " << n);
        const matrix a = random_matrix(n, n);
        const signed_log_det s = slogdet(a);
        const log_det expected = lapack_slogdet(a);
        CHECK(s.sign == expected.sign);
        LLMLINGS_CHECK_CLOSE(s.log_abs, expected.log_abs, (tolerance{1e-10, 1e-12}));
        LLMLINGS_CHECK_CLOSE(s.sign * std::exp(s.log_abs), det(a), (tolerance{1e-10, 0}));
    }
    const signed_log_det two = slogdet(matrix{{1, 2}, {3, 4}});  // det = −2
    CHECK(two.sign == -1.0);
    LLMLINGS_CHECK_CLOSE(two.log_abs, std::log(2.0), (tolerance{1e-15, 0}));
}

TEST_CASE("slogdet survives determinants beyond the range of double", "[linalg][04_det_inverse]") {
    // det(1e100·I₄) = 1e400 overflows a double; det(1e-100·I₄) = 1e-400 underflows to 0.
    const matrix big = scaled(1e100, identity(4));
    const matrix small = scaled(-1e-100, identity(4));
    const signed_log_det sb = slogdet(big), ss = slogdet(small);
    CHECK(sb.sign == 1.0);
    LLMLINGS_CHECK_CLOSE(sb.log_abs, 400.0 * std::log(10.0), (tolerance{1e-14, 0}));
    CHECK(ss.sign == 1.0);  // (−1)⁴
    LLMLINGS_CHECK_CLOSE(ss.log_abs, -400.0 * std::log(10.0), (tolerance{1e-14, 0}));
    // NumPy's convention for a singular matrix: sign 0, log |det| = −inf.
    const signed_log_det zero = slogdet(matrix{{1, 2}, {2, 4}});
    CHECK(zero.sign == 0.0);
    CHECK(std::isinf(zero.log_abs));
    CHECK(zero.log_abs < 0.0);
    CHECK_THROWS_AS(slogdet(filled_matrix(3, 2, 1.0)), llmlings::shape_error);
}

TEST_CASE("inverse of hand-worked matrices and the Hilbert matrix", "[linalg][04_det_inverse]") {
    check_hand_worked_inverses(inverse);
}

TEST_CASE("inverse_gauss_jordan of hand-worked matrices and the Hilbert matrix", "[linalg][04_det_inverse]") {
    check_hand_worked_inverses(inverse_gauss_jordan);
}

TEST_CASE("inverse gives the identity and agrees with LAPACK on random matrices", "[linalg][04_det_inverse]") {
    check_random_inverses(inverse, 44);
}

TEST_CASE("inverse_gauss_jordan gives the identity and agrees with LAPACK on random matrices",
          "[linalg][04_det_inverse]") {
    check_random_inverses(inverse_gauss_jordan, 45);
}

TEST_CASE("the two inverses agree and the inverse of the inverse is the matrix", "[linalg][04_det_inverse]") {
    seed_random(46);
    const matrix a = random_matrix(9, 9);
    const matrix via_lu = inverse(a);
    // Two stable algorithms: they differ by about cond(A)·ε.
    LLMLINGS_CHECK_CLOSE(inverse_gauss_jordan(a), via_lu, (tolerance{1e-9, 1e-10}));
    LLMLINGS_CHECK_CLOSE(inverse(via_lu), a, (tolerance{1e-9, 1e-10}));
    // det(A⁻¹) = 1 / det(A)
    LLMLINGS_CHECK_CLOSE(det(via_lu), 1.0 / det(a), (tolerance{1e-9, 0}));
}

TEST_CASE("inverse rejects singular and non-square matrices", "[linalg][04_det_inverse]") {
    check_rejects_bad_input(inverse);
}

TEST_CASE("inverse_gauss_jordan rejects singular and non-square matrices", "[linalg][04_det_inverse]") {
    check_rejects_bad_input(inverse_gauss_jordan);
}
