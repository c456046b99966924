// SPDX-License-Identifier: MIT
// Tests for linalg/02_matmul. Oracles: the definition worked by hand on small cases, BLAS
// (xt::linalg::dot through xtensor-blas) on seeded random non-square shapes, and identities:
// IA = A = AI, (AB)ᵀ = BᵀAᵀ, (AB)C = A(BC), (Aᵀ)ᵀ = A. The random matrices, BLAS products and
// xtensor's transpose are in oracles/02_matmul.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/linalg/02_matmul.hpp>

#include <cstddef>

#include "oracles/02_matmul.hpp"

using llmlings::matrix;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::linalg;
using namespace oracles;

namespace {

using product_fn = matrix (*)(const matrix&, const matrix&);

// Small products worked out by hand; every value is an integer, so the result is exact.
void check_hand_worked_products(product_fn product) {
    const tolerance exact{0, 0};
    // 1·5 + 2·7 = 19, 1·6 + 2·8 = 22, 3·5 + 4·7 = 43, 3·6 + 4·8 = 50
    LLMLINGS_CHECK_CLOSE(product(matrix{{1, 2}, {3, 4}}, matrix{{5, 6}, {7, 8}}), (matrix{{19, 22}, {43, 50}}), exact);
    // the product does not commute: BA ≠ AB
    LLMLINGS_CHECK_CLOSE(product(matrix{{5, 6}, {7, 8}}, matrix{{1, 2}, {3, 4}}), (matrix{{23, 34}, {31, 46}}), exact);
    // (2,3) x (3,2) → (2,2): rows (1,2,3), (4,5,6) against columns (7,9,11), (8,10,12)
    LLMLINGS_CHECK_CLOSE(product(matrix{{1, 2, 3}, {4, 5, 6}}, matrix{{7, 8}, {9, 10}, {11, 12}}),
                         (matrix{{58, 64}, {139, 154}}), exact);
    // (1,3) x (3,1): an inner product, 1 + 2 + 3
    LLMLINGS_CHECK_CLOSE(product(matrix{{1, 2, 3}}, matrix{{1}, {1}, {1}}), (matrix{{6}}), exact);
    // (2,1) x (1,3): an outer product
    LLMLINGS_CHECK_CLOSE(product(matrix{{1}, {2}}, matrix{{3, 4, 5}}), (matrix{{3, 4, 5}, {6, 8, 10}}), exact);
}

// C against BLAS for a few non-square shapes (m,n) x (n,p).
void check_against_blas(product_fn product, unsigned seed) {
    seed_random(seed);
    const std::size_t shapes[][3] = {{1, 1, 1}, {3, 5, 2}, {7, 1, 4}, {17, 33, 9}, {40, 23, 31}};
    for (const auto& s : shapes) {
        const matrix a = random_matrix(s[0], s[1]);
        const matrix b = random_matrix(s[1], s[2]);
        INFO("shape (" << s[0] << "," << s[1] << ") x (" << s[1] << "," << s[2] << ")");
        const matrix expected = blas_product(a, b);
        // Each entry sums n ≤ 33 products of N(0,1) numbers: rounding error ≤ n·ε·Σ|aᵢₖbₖⱼ|
        // ≈ 33 · 1.1e-16 · 25 ≈ 1e-13, and BLAS adds in another order.
        LLMLINGS_CHECK_CLOSE(product(a, b), expected, (tolerance{1e-12, 1e-12}));
    }
}

}  // namespace

TEST_CASE("transpose swaps rows and columns of a hand-worked matrix", "[linalg][02_matmul]") {
    const tolerance exact{0, 0};
    // Named (lvalue) arguments: for a temporary, argument-dependent lookup prefers xtensor's own
    // template xt::transpose(E&&), and the check would test xtensor instead of transpose().
    const matrix wide{{1, 2, 3}, {4, 5, 6}}, row{{1, 2, 3}}, one{{7}};
    LLMLINGS_CHECK_CLOSE(transpose(wide), (matrix{{1, 4}, {2, 5}, {3, 6}}), exact);
    LLMLINGS_CHECK_CLOSE(transpose(row), (matrix{{1}, {2}, {3}}), exact);  // row → column
    LLMLINGS_CHECK_CLOSE(transpose(one), (matrix{{7}}), exact);
    // an empty (0,3) matrix becomes an empty (3,0) one
    const matrix empty = zero_matrix(0, 3);
    const matrix t = transpose(empty);
    CHECK(t.shape()[0] == 3);
    CHECK(t.shape()[1] == 0);
}

TEST_CASE("transpose agrees with xtensor and is its own inverse", "[linalg][02_matmul]") {
    seed_random(20);
    const matrix a = random_matrix(13, 7);
    const matrix expected = xt_transposed(a);
    const matrix t = transpose(a);
    LLMLINGS_CHECK_CLOSE(t, expected, (tolerance{0, 0}));  // a copy: exact
    LLMLINGS_CHECK_CLOSE(transpose(t), a, (tolerance{0, 0}));
}

TEST_CASE("matmul_naive computes the definition on hand-worked products", "[linalg][02_matmul]") {
    check_hand_worked_products(matmul_naive);
}

TEST_CASE("matmul computes the definition on hand-worked products", "[linalg][02_matmul]") {
    check_hand_worked_products(matmul);
}

TEST_CASE("matmul_naive agrees with BLAS on random non-square shapes", "[linalg][02_matmul]") {
    check_against_blas(matmul_naive, 21);
}

TEST_CASE("matmul agrees with BLAS on random non-square shapes", "[linalg][02_matmul]") {
    check_against_blas(matmul, 22);
}

TEST_CASE("the two loop orders give the same product", "[linalg][02_matmul]") {
    seed_random(23);
    const matrix a = random_matrix(19, 24);
    const matrix b = random_matrix(24, 11);
    // Same products, each entry summed in the same order k = 0, 1, …: equal to the last bit on
    // x86-64 by default. With fused multiply-adds (-march=native, aarch64) the two loops may be
    // contracted differently: a few ulps of entries of O(5), hence 1e-13.
    LLMLINGS_CHECK_CLOSE(matmul(a, b), matmul_naive(a, b), (tolerance{1e-13, 1e-13}));
}

TEST_CASE("the identity matrix is neutral on both sides", "[linalg][02_matmul]") {
    seed_random(24);
    const matrix a = random_matrix(5, 8);
    const matrix i5 = identity(5), i8 = identity(8);
    // 1·x + 0·y + … is exact in floating point
    LLMLINGS_CHECK_CLOSE(matmul(i5, a), a, (tolerance{0, 0}));
    LLMLINGS_CHECK_CLOSE(matmul(a, i8), a, (tolerance{0, 0}));
    LLMLINGS_CHECK_CLOSE(matmul_naive(i5, a), a, (tolerance{0, 0}));
    LLMLINGS_CHECK_CLOSE(matmul_naive(a, i8), a, (tolerance{0, 0}));
}

TEST_CASE("the transpose of a product is the product of the transposes in reverse order", "[linalg][02_matmul]") {
    seed_random(25);
    for (int trial = 0; trial < 5; ++trial) {
        const matrix a = random_matrix(6, 9);
        const matrix b = random_matrix(9, 4);
        // (AB)ᵀ has shape (4,6), as does BᵀAᵀ; the same products summed in the same order, so
        // they agree to the last bit unless the compiler contracts them differently.
        const matrix ab = matmul(a, b);
        const matrix left = transpose(ab);  // named: a temporary would call xt::transpose (ADL)
        const matrix right = matmul(transpose(b), transpose(a));
        REQUIRE(left.shape()[0] == 4);
        REQUIRE(left.shape()[1] == 6);
        LLMLINGS_CHECK_CLOSE(left, right, (tolerance{1e-13, 1e-13}));  // a few ulps at most
    }
}

TEST_CASE("matmul is associative up to rounding", "[linalg][02_matmul]") {
    seed_random(26);
    const matrix a = random_matrix(4, 7);
    const matrix b = random_matrix(7, 3);
    const matrix c = random_matrix(3, 5);
    // Two different groupings round differently: entries are O(5) with ~20 rounded terms each.
    LLMLINGS_CHECK_CLOSE(matmul(matmul(a, b), c), matmul(a, matmul(b, c)), (tolerance{1e-12, 1e-12}));
}

TEST_CASE("a product over an empty inner dimension is the zero matrix", "[linalg][02_matmul]") {
    const matrix a = zero_matrix(2, 0);
    const matrix b = zero_matrix(0, 3);
    const matrix zeros = zero_matrix(2, 3);
    // Every entry is an empty sum: 0. (An uninitialised result would not be.)
    LLMLINGS_CHECK_CLOSE(matmul(a, b), zeros, (tolerance{0, 0}));
    LLMLINGS_CHECK_CLOSE(matmul_naive(a, b), zeros, (tolerance{0, 0}));
    // (0,3) x (3,2) has no rows at all
    const matrix none = matmul(zero_matrix(0, 3), matrix{{1, 2}, {3, 4}, {5, 6}});
    CHECK(none.shape()[0] == 0);
    CHECK(none.shape()[1] == 2);
}

TEST_CASE("matmul rejects mismatched inner dimensions and names both shapes", "[linalg][02_matmul]") {
    const matrix a = filled_matrix(2, 3, 1.0);
    const matrix b = filled_matrix(4, 5, 1.0);
    CHECK_THROWS_AS(matmul(a, b), llmlings::shape_error);
    CHECK_THROWS_WITH(matmul(a, b), "matmul: inner dimensions differ: (2,3) x (4,5)");
    // (3,2) x (2,3) would fit, but (2,3) x (2,3) does not
    CHECK_THROWS_AS(matmul(a, a), llmlings::shape_error);
}

TEST_CASE("matmul_naive rejects mismatched inner dimensions and names both shapes", "[linalg][02_matmul]") {
    const matrix a = filled_matrix(2, 3, 1.0);
    const matrix b = filled_matrix(4, 5, 1.0);
    CHECK_THROWS_AS(matmul_naive(a, b), llmlings::shape_error);
    CHECK_THROWS_WITH(matmul_naive(a, b), "matmul_naive: inner dimensions differ: (2,3) x (4,5)");
}

TEST_CASE("matvec of hand-worked cases", "[linalg][02_matmul]") {
    const tolerance exact{0, 0};
    LLMLINGS_CHECK_CLOSE(matvec(matrix{{1, 2}, {3, 4}}, vector{1, 1}), (vector{3, 7}), exact);
    // (3,2) times (2): the columns (1,3,5) and (2,4,6) weighted by 10 and -1
    LLMLINGS_CHECK_CLOSE(matvec(matrix{{1, 2}, {3, 4}, {5, 6}}, vector{10, -1}), (vector{8, 26, 44}), exact);
    // an empty inner dimension gives zeros
    LLMLINGS_CHECK_CLOSE(matvec(zero_matrix(3, 0), vector{}), (vector{0, 0, 0}), exact);
}

TEST_CASE("matvec agrees with BLAS and with matmul on a one-column matrix", "[linalg][02_matmul]") {
    seed_random(27);
    const matrix a = random_matrix(11, 29);
    const vector x = random_vector(29);
    const vector expected = blas_product(a, x);
    // 29 terms of O(1): rounding ≈ 29 · 1.1e-16 · 25, and BLAS sums in another order.
    LLMLINGS_CHECK_CLOSE(matvec(a, x), expected, (tolerance{1e-12, 1e-12}));
    const vector flat = flattened(matmul(a, as_column(x)));
    LLMLINGS_CHECK_CLOSE(matvec(a, x), flat, (tolerance{1e-13, 1e-13}));  // same sums, same order
}

TEST_CASE("matvec rejects a vector of the wrong length", "[linalg][02_matmul]") {
    CHECK_THROWS_AS(matvec(filled_matrix(2, 3, 1.0), vector{1, 2, 3, 4}), llmlings::shape_error);
    CHECK_THROWS_WITH(matvec(filled_matrix(2, 3, 1.0), vector{1, 2, 3, 4}),
                      "matvec: inner dimensions differ: (2,3) x (4)");
}
