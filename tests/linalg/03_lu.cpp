// SPDX-License-Identifier: MIT
// Tests for linalg/03_lu. Oracles: a factorisation worked by hand, the reconstruction PA = LU
// and the structure of the factors (checked with BLAS products, not with the code under test),
// residuals ‖Ax − b‖, LAPACK's dgesv (xt::linalg::solve) on seeded random systems, a matrix that
// cannot be factored without a row swap and one where not swapping loses every digit. The random
// matrices, BLAS and LAPACK calls and residual norms are in oracles/03_lu.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/linalg/03_lu.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

#include "oracles/03_lu.hpp"

using llmlings::index_vector;
using llmlings::matrix;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::linalg;
using llmlings::testing::contains;
using namespace oracles;

namespace {

// The structural promises of lu(): shapes, a permutation, L unit lower with |lᵢⱼ| ≤ 1 (partial
// pivoting), U upper, sign = det(P) — and PA = LU.
void check_factorisation(const matrix& a, const lu_decomposition& f) {
    const std::size_t n = a.shape()[0];
    REQUIRE(f.lower.shape()[0] == n);
    REQUIRE(f.lower.shape()[1] == n);
    REQUIRE(f.upper.shape()[0] == n);
    REQUIRE(f.upper.shape()[1] == n);
    REQUIRE(f.perm.size() == n);
    std::vector<int> seen(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        REQUIRE(f.perm(i) < n);
        ++seen[f.perm(i)];
    }
    for (std::size_t i = 0; i < n; ++i) CHECK(seen[i] == 1);
    bool structure_ok = true;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            if (j > i && f.lower(i, j) != 0.0) structure_ok = false;            // L lower
            if (j == i && f.lower(i, j) != 1.0) structure_ok = false;           // unit diagonal
            if (j < i && std::fabs(f.lower(i, j)) > 1.0) structure_ok = false;  // |l| ≤ 1
            if (j < i && f.upper(i, j) != 0.0) structure_ok = false;            // U upper
        }
    CHECK(structure_ok);
    // The sign of a permutation matrix's determinant, from LAPACK: exactly ±1.
    const double det_p = lapack_det(permuted_rows(identity(n), f.perm));
    CHECK(static_cast<double>(f.sign) == det_p);
    // PA = LU: products with BLAS. Backward error of LU with partial pivoting is
    // O(n·ε·‖L‖‖U‖); with |l| ≤ 1 and entries of U of O(√n·‖A‖) this is ≲ 1e-13 for n ≤ 40.
    const matrix lu_product = blas_product(f.lower, f.upper);
    LLMLINGS_CHECK_CLOSE(lu_product, permuted_rows(a, f.perm), (tolerance{1e-12, 1e-12}));
}

}  // namespace

TEST_CASE("lu factorises a hand-worked 3x3 matrix with two row swaps", "[linalg][03_lu]") {
    // A = [[2,1,1],[4,3,3],[8,7,9]]. Column 0: pivot 8 (row 2), multipliers 4/8 and 2/8.
    // Column 1 then holds -0.5 (from row 4,3,3) and -0.75 (from row 2,1,1): swap, multiplier 2/3,
    // last pivot -1.5 - (2/3)(-1.25) = -2/3. Rows taken in the order 2, 0, 1; two swaps: sign +1.
    const matrix a{{2, 1, 1}, {4, 3, 3}, {8, 7, 9}};
    const lu_decomposition f = lu(a);
    const tolerance tight{1e-15, 1e-15};  // a handful of operations on small numbers
    LLMLINGS_CHECK_CLOSE(f.lower, (matrix{{1, 0, 0}, {0.25, 1, 0}, {0.5, 2.0 / 3.0, 1}}), tight);
    LLMLINGS_CHECK_CLOSE(f.upper, (matrix{{8, 7, 9}, {0, -0.75, -1.25}, {0, 0, -2.0 / 3.0}}), tight);
    CHECK(f.perm(0) == 2);
    CHECK(f.perm(1) == 0);
    CHECK(f.perm(2) == 1);
    CHECK(f.sign == 1);
}

TEST_CASE("lu swaps rows when the first pivot is zero", "[linalg][03_lu]") {
    // Without a swap the first multiplier would be 1/0.
    const lu_decomposition f = lu(matrix{{0, 1}, {1, 0}});
    LLMLINGS_CHECK_CLOSE(f.lower, (matrix{{1, 0}, {0, 1}}), (tolerance{0, 0}));
    LLMLINGS_CHECK_CLOSE(f.upper, (matrix{{1, 0}, {0, 1}}), (tolerance{0, 0}));
    CHECK(f.perm(0) == 1);
    CHECK(f.perm(1) == 0);
    CHECK(f.sign == -1);
}

TEST_CASE("PA equals LU with well-formed factors on random matrices", "[linalg][03_lu]") {
    seed_random(30);
    for (std::size_t n : {1, 2, 3, 7, 20, 40}) {
        const matrix a = random_matrix(n, n);
        INFO("n = " << n);
        check_factorisation(a, lu(a));
    }
}

TEST_CASE("lu of a singular matrix still factorises with a zero pivot", "[linalg][03_lu]") {
    // Rank 1: the second row is twice the first; elimination leaves an exact 0 pivot.
    const matrix a{{1, 2}, {2, 4}};
    const lu_decomposition f = lu(a);
    check_factorisation(a, f);
    CHECK(f.upper(1, 1) == 0.0);
    // A zero first column: nothing to eliminate, and no division by zero either.
    const matrix b{{0, 1}, {0, 2}};
    const lu_decomposition g = lu(b);
    check_factorisation(b, g);
    CHECK(g.upper(0, 0) == 0.0);
    CHECK(std::isfinite(g.lower(1, 0)));
}

TEST_CASE("lu rejects non-square and empty matrices", "[linalg][03_lu]") {
    CHECK_THROWS_AS(lu(filled_matrix(2, 3, 1.0)), llmlings::shape_error);
    CHECK_THROWS_AS(lu(filled_matrix(0, 0, 1.0)), llmlings::shape_error);
}

TEST_CASE("permutation_matrix puts row perm of i in row i", "[linalg][03_lu]") {
    LLMLINGS_CHECK_CLOSE(permutation_matrix(index_vector{2, 0, 1}), (matrix{{0, 0, 1}, {1, 0, 0}, {0, 1, 0}}),
                         (tolerance{0, 0}));
    // P·A reorders the rows of A: rows (1), (2), (3) come back as (3), (1), (2).
    const matrix pa = blas_product(permutation_matrix(index_vector{2, 0, 1}), matrix{{1}, {2}, {3}});
    LLMLINGS_CHECK_CLOSE(pa, (matrix{{3}, {1}, {2}}), (tolerance{0, 0}));
    CHECK_THROWS_AS(permutation_matrix(index_vector{0, 0, 1}), llmlings::invalid_argument);  // repeated
    CHECK_THROWS_AS(permutation_matrix(index_vector{0, 3, 1}), llmlings::invalid_argument);  // out of range
}

TEST_CASE("forward substitution solves a hand-worked lower triangular system", "[linalg][03_lu]") {
    // L = [[2,0,0],[1,1,0],[-1,2,4]], x = (1,2,3): b = (2, 1+2, -1+4+12) = (2,3,15).
    const matrix l{{2, 0, 0}, {1, 1, 0}, {-1, 2, 4}};
    LLMLINGS_CHECK_CLOSE(forward_substitution(l, vector{2, 3, 15}), (vector{1, 2, 3}), (tolerance{0, 0}));
    // Entries above the diagonal are never read.
    const matrix l_with_junk{{2, 99, -7}, {1, 1, 1e300}, {-1, 2, 4}};
    LLMLINGS_CHECK_CLOSE(forward_substitution(l_with_junk, vector{2, 3, 15}), (vector{1, 2, 3}), (tolerance{0, 0}));
}

TEST_CASE("back substitution solves a hand-worked upper triangular system", "[linalg][03_lu]") {
    // U = [[2,1,-1],[0,3,2],[0,0,4]], x = (1,2,3): y = (2+2-3, 6+6, 12) = (1,12,12).
    const matrix u{{2, 1, -1}, {0, 3, 2}, {0, 0, 4}};
    LLMLINGS_CHECK_CLOSE(back_substitution(u, vector{1, 12, 12}), (vector{1, 2, 3}), (tolerance{0, 0}));
    // Entries below the diagonal are never read.
    const matrix u_with_junk{{2, 1, -1}, {5, 3, 2}, {1e300, -8, 4}};
    LLMLINGS_CHECK_CLOSE(back_substitution(u_with_junk, vector{1, 12, 12}), (vector{1, 2, 3}), (tolerance{0, 0}));
}

TEST_CASE("triangular solves agree with LAPACK on random triangles", "[linalg][03_lu]") {
    seed_random(31);
    const std::size_t n = 25;
    // A dominant diagonal keeps the triangles well conditioned.
    const matrix r = random_matrix(n, n);
    const matrix l = lower_plus_diagonal(r, 10.0);
    const matrix u = upper_plus_diagonal(r, 10.0);
    const vector b = random_vector(n);
    const vector y_lapack = lapack_solve(l, b);
    const vector x_lapack = lapack_solve(u, b);
    // cond ≈ 1–2 here, so both solutions agree to a few ulps of their O(1) entries.
    LLMLINGS_CHECK_CLOSE(forward_substitution(l, b), y_lapack, (tolerance{1e-12, 1e-13}));
    LLMLINGS_CHECK_CLOSE(back_substitution(u, b), x_lapack, (tolerance{1e-12, 1e-13}));
}

TEST_CASE("triangular solves reject zero diagonals and mismatched shapes", "[linalg][03_lu]") {
    CHECK_THROWS_AS(forward_substitution(matrix{{1, 0}, {1, 0}}, vector{1, 1}), llmlings::numerical_error);
    CHECK_THROWS_AS(back_substitution(matrix{{0, 1}, {0, 1}}, vector{1, 1}), llmlings::numerical_error);
    CHECK_THROWS_AS(forward_substitution(matrix{{1, 0}, {1, 1}}, vector{1, 1, 1}), llmlings::shape_error);
    CHECK_THROWS_AS(back_substitution(matrix{{1, 0}, {1, 1}}, vector{1}), llmlings::shape_error);
    CHECK_THROWS_AS(forward_substitution(filled_matrix(2, 3, 1.0), vector{1, 1}), llmlings::shape_error);
    CHECK_THROWS_AS(back_substitution(filled_matrix(3, 2, 1.0), vector{1, 1, 1}), llmlings::shape_error);
}

TEST_CASE("solve a hand-worked 2x2 system and one that needs a row swap", "[linalg][03_lu]") {
    // 2x + y = 3, x + 3y = 5  →  x = 4/5, y = 7/5
    LLMLINGS_CHECK_CLOSE(solve(matrix{{2, 1}, {1, 3}}, vector{3, 5}), (vector{0.8, 1.4}), (tolerance{1e-15, 1e-15}));
    // [[0,1],[1,0]] x = (5,7)  →  x = (7,5)
    LLMLINGS_CHECK_CLOSE(solve(matrix{{0, 1}, {1, 0}}, vector{5, 7}), (vector{7, 5}), (tolerance{0, 0}));
}

TEST_CASE("solve stays accurate where elimination without pivoting loses every digit", "[linalg][03_lu]") {
    // 1e-20 x + y = 1, x + y = 2. Exact: x = 1/(1 - 1e-20), y = (1 - 2e-20)/(1 - 1e-20), both 1 to
    // double precision. Without pivoting the multiplier is 1e20, 1 - 1e20 rounds to -1e20, and
    // the computed x is 0 — an error of 100 %. With pivoting every multiplier is ≤ 1.
    const vector x = solve(matrix{{1e-20, 1}, {1, 1}}, vector{1, 2});
    LLMLINGS_CHECK_CLOSE(x, (vector{1, 1}), (tolerance{1e-15, 0}));
}

TEST_CASE("solve agrees with LAPACK and leaves a tiny residual on random systems", "[linalg][03_lu]") {
    seed_random(32);
    for (std::size_t n : {1, 3, 10, 50}) {
        INFO("n = " << n);
        const matrix a = random_matrix(n, n);
        const vector b = random_vector(n);
        const vector x = solve(a, b);
        const vector expected = lapack_solve(a, b);
        // Both are backward stable; they differ by ≈ cond(A)·ε, cond(A) ≲ 1e3 for these draws.
        LLMLINGS_CHECK_CLOSE(x, expected, (tolerance{1e-9, 1e-10}));
        // Backward stability: ‖Ax − b‖∞ ≤ c·n·ε·‖A‖∞‖x‖∞, whatever cond(A) is.
        const vector residual = minus(blas_product(a, x), b);
        CHECK(max_abs(residual) <= 1e-14 * static_cast<double>(n) * norm_inf(a) * max_abs(x));
    }
}

TEST_CASE("solve with a matrix right-hand side solves every column", "[linalg][03_lu]") {
    seed_random(33);
    const matrix a = random_matrix(12, 12);
    const matrix b = random_matrix(12, 4);
    const matrix x = solve(a, b);
    const matrix expected = lapack_solve(a, b);
    LLMLINGS_CHECK_CLOSE(x, expected, (tolerance{1e-9, 1e-10}));             // as for one column, cond(A)·ε
    LLMLINGS_CHECK_CLOSE(blas_product(a, x), b, (tolerance{1e-11, 1e-11}));  // residual of a backward-stable solve
}

TEST_CASE("lu_solve reuses one factorisation for several right-hand sides", "[linalg][03_lu]") {
    seed_random(34);
    const matrix a = random_matrix(15, 15);
    const lu_decomposition f = lu(a);
    for (int trial = 0; trial < 3; ++trial) {
        const vector b = random_vector(15);
        const vector expected = lapack_solve(a, b);
        LLMLINGS_CHECK_CLOSE(lu_solve(f, b), expected, (tolerance{1e-9, 1e-10}));
    }
    const matrix bs = random_matrix(15, 3);
    const matrix expected = lapack_solve(a, bs);
    LLMLINGS_CHECK_CLOSE(lu_solve(f, bs), expected, (tolerance{1e-9, 1e-10}));
    CHECK_THROWS_AS(lu_solve(f, vector{1, 2}), llmlings::shape_error);
    CHECK_THROWS_AS(lu_solve(f, matrix{{1, 2}}), llmlings::shape_error);
}

TEST_CASE("is_singular flags exact and rounding-level zero pivots only", "[linalg][03_lu]") {
    CHECK(is_singular(lu(matrix{{1, 2}, {2, 4}})));                   // exact zero pivot
    CHECK(is_singular(lu(matrix{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}})));  // last pivot ≈ 1e-16, not 0
    CHECK(is_singular(lu(filled_matrix(3, 3, 0.0))));
    CHECK_FALSE(is_singular(lu(identity(4))));
    CHECK_FALSE(is_singular(lu(matrix{{1e-20, 1}, {1, 1}})));      // tiny entry, fine pivots
    CHECK_FALSE(is_singular(lu(matrix{{1e-30, 0}, {0, 1e-30}})));  // tiny scale, perfectly conditioned
}

TEST_CASE("solve of a singular matrix throws numerical_error", "[linalg][03_lu]") {
    CHECK_THROWS_AS(solve(matrix{{1, 2}, {2, 4}}, vector{1, 2}), llmlings::numerical_error);
    // Rank 2 in exact arithmetic; in floating point the last pivot is rounding noise.
    CHECK_THROWS_AS(solve(matrix{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}, vector{1, 2, 3}), llmlings::numerical_error);
    CHECK_THROWS_AS(solve(filled_matrix(2, 2, 0.0), matrix{{1}, {1}}), llmlings::numerical_error);
    CHECK_THROWS_AS(lu_solve(lu(matrix{{1, 2}, {2, 4}}), vector{1, 2}), llmlings::numerical_error);
}

TEST_CASE("solve rejects non-square matrices and right-hand sides of the wrong length", "[linalg][03_lu]") {
    CHECK_THROWS_AS(solve(filled_matrix(2, 3, 1.0), vector{1, 2}), llmlings::shape_error);
    CHECK_THROWS_AS(solve(matrix{{1, 0}, {0, 1}}, vector{1, 2, 3}), llmlings::shape_error);
    CHECK_THROWS_AS(solve(matrix{{1, 0}, {0, 1}}, matrix{{1, 2, 3}}), llmlings::shape_error);
    CHECK_THROWS_WITH(solve(matrix{{1, 0}, {0, 1}}, vector{1, 2, 3}), contains("solve"));
}
