// SPDX-License-Identifier: MIT
// Tests for linalg/01_vectors. Oracles: hand-worked small cases and identities
// (Cauchy–Schwarz, Pythagoras, orthogonality of the projection residual). The seeded random
// vectors and their element-wise arithmetic are in oracles/01_vectors.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/linalg/01_vectors.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "oracles/01_vectors.hpp"

using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::linalg;
using llmlings::testing::contains;
using namespace oracles;

TEST_CASE("dot multiplies element-wise and sums", "[linalg][01_vectors]") {
    CHECK(dot(vector{1, 2, 3}, vector{4, 5, 6}) == 32.0);  // 4 + 10 + 18, exact in double
    CHECK(dot(vector{1, 0}, vector{0, 1}) == 0.0);
    CHECK(dot(vector{-2.5}, vector{4}) == -10.0);
    CHECK(dot(vector{}, vector{}) == 0.0);
}

TEST_CASE("dot is symmetric and linear", "[linalg][01_vectors]") {
    const std::vector<vector> abc = random_vectors(1, 3, 50);
    const vector &a = abc[0], &b = abc[1], &c = abc[2];
    LLMLINGS_CHECK_CLOSE(dot(a, b), dot(b, a), (tolerance{1e-14, 1e-14}));
    // (2a + c)·b = 2 a·b + c·b; rounding error is a few ulps of Σ|aᵢbᵢ| ≈ 50.
    const vector two_a_plus_c = scaled_plus(2.0, a, c);
    LLMLINGS_CHECK_CLOSE(dot(two_a_plus_c, b), 2.0 * dot(a, b) + dot(c, b), (tolerance{1e-12, 1e-12}));
}

TEST_CASE("dot rejects vectors of different lengths", "[linalg][01_vectors]") {
    CHECK_THROWS_AS(dot(vector{1, 2, 3}, vector{1, 2}), llmlings::shape_error);
    CHECK_THROWS_WITH(dot(vector{1, 2, 3}, vector{1, 2}), contains("dot") && contains("3 vs 2"));
}

TEST_CASE("the three norms of a hand-worked vector", "[linalg][01_vectors]") {
    const vector v{3, -4, 0};
    CHECK(norm_l1(v) == 7.0);
    CHECK(norm_l2(v) == 5.0);
    CHECK(norm_linf(v) == 4.0);
    CHECK(norm_l1(vector{}) == 0.0);
    CHECK(norm_l2(vector{}) == 0.0);
    CHECK(norm_linf(vector{}) == 0.0);
}

TEST_CASE("a NaN element makes every norm NaN", "[linalg][01_vectors]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const vector v{1.0, nan, -3.0};
    CHECK(std::isnan(norm_l1(v)));
    CHECK(std::isnan(norm_l2(v)));
    CHECK(std::isnan(norm_linf(v)));
    CHECK(std::isnan(norm_linf(vector{nan, 5.0})));  // NaN first, then a larger number
}

TEST_CASE("norms are ordered: linf <= l2 <= l1 <= n times linf", "[linalg][01_vectors]") {
    for (const vector& v : random_vectors(2, 20, 17)) {
        const double l1 = norm_l1(v), l2 = norm_l2(v), linf = norm_linf(v);
        CHECK(linf <= l2 * (1 + 1e-15));
        CHECK(l2 <= l1 * (1 + 1e-15));
        CHECK(l1 <= 17 * linf * (1 + 1e-15));
        LLMLINGS_CHECK_CLOSE(l2 * l2, dot(v, v), (tolerance{1e-13, 0}));
    }
}

TEST_CASE("norm_l2 neither overflows nor underflows", "[linalg][01_vectors]") {
    // (3,4,0) scaled by 1e200: the squares overflow a naive sum to inf.
    LLMLINGS_CHECK_CLOSE(norm_l2(vector{3e200, 4e200}), 5e200, (tolerance{1e-15, 0}));
    // ... and scaled by 1e-200 the squares underflow a naive sum to 0.
    LLMLINGS_CHECK_CLOSE(norm_l2(vector{3e-200, -4e-200}), 5e-200, (tolerance{1e-15, 0}));
}

TEST_CASE("cosine similarity of known angles", "[linalg][01_vectors]") {
    const tolerance tol{1e-15, 1e-15};
    LLMLINGS_CHECK_CLOSE(cosine_similarity(vector{1, 0}, vector{1, 1}), std::sqrt(0.5), tol);  // 45°
    LLMLINGS_CHECK_CLOSE(cosine_similarity(vector{1, 0}, vector{0, 2}), 0.0, tol);             // 90°
    LLMLINGS_CHECK_CLOSE(cosine_similarity(vector{1, 2}, vector{-2, -4}), -1.0, tol);          // 180°
    LLMLINGS_CHECK_CLOSE(cosine_similarity(vector{1, 2, 3}, vector{10, 20, 30}), 1.0, tol);    // 0°
    // 60°: (1,0) and (1,√3) → 1/2
    LLMLINGS_CHECK_CLOSE(cosine_similarity(vector{1, 0}, vector{1, std::sqrt(3.0)}), 0.5, tol);
    // huge vectors: a·b itself would overflow
    LLMLINGS_CHECK_CLOSE(cosine_similarity(vector{1e300, 0}, vector{1e300, 1e300}), std::sqrt(0.5), tol);
}

TEST_CASE("cosine similarity stays between -1 and 1 and ignores positive scaling", "[linalg][01_vectors]") {
    const std::vector<vector> draws = random_vectors(3, 40, 8);  // a, b of each trial in turn
    for (std::size_t trial = 0; trial < 20; ++trial) {
        const vector &a = draws[2 * trial], &b = draws[2 * trial + 1];
        const double c = cosine_similarity(a, b);
        CHECK(c >= -1.0);
        CHECK(c <= 1.0);
        LLMLINGS_CHECK_CLOSE(cosine_similarity(scaled(7.5, a), b), c, (tolerance{1e-13, 1e-14}));
    }
}

TEST_CASE("cosine similarity with a zero vector or mismatched lengths throws", "[linalg][01_vectors]") {
    CHECK_THROWS_AS(cosine_similarity(vector{0, 0}, vector{1, 2}), llmlings::invalid_argument);
    CHECK_THROWS_AS(cosine_similarity(vector{1, 2}, vector{0, 0}), llmlings::invalid_argument);
    CHECK_THROWS_AS(cosine_similarity(vector{1, 2}, vector{1, 2, 3}), llmlings::shape_error);
}

TEST_CASE("projection onto an axis keeps that coordinate", "[linalg][01_vectors]") {
    LLMLINGS_CHECK_CLOSE(projection(vector{2, 3}, vector{1, 0}), (vector{2, 0}), tolerance{});
    LLMLINGS_CHECK_CLOSE(projection(vector{2, 3}, vector{0, -5}), (vector{0, 3}), tolerance{});
    // onto (1,1): (a·u / u·u) u = (5/2)(1,1)
    LLMLINGS_CHECK_CLOSE(projection(vector{2, 3}, vector{1, 1}), (vector{2.5, 2.5}), tolerance{});
}

TEST_CASE("the projection residual is orthogonal and the projection is idempotent", "[linalg][01_vectors]") {
    const std::vector<vector> draws = random_vectors(4, 20, 6);  // a, u of each trial in turn
    for (std::size_t trial = 0; trial < 10; ++trial) {
        const vector &a = draws[2 * trial], &u = draws[2 * trial + 1];
        const vector p = projection(a, u);
        const vector residual = minus(a, p);
        LLMLINGS_CHECK_CLOSE(dot(residual, u), 0.0, (tolerance{0, 1e-12}));
        LLMLINGS_CHECK_CLOSE(projection(p, u), p, (tolerance{1e-12, 1e-14}));
        // Pythagoras: |a|² = |p|² + |a - p|²
        LLMLINGS_CHECK_CLOSE(dot(a, a), dot(p, p) + dot(residual, residual), (tolerance{1e-12, 1e-14}));
    }
}

TEST_CASE("projection onto the zero vector or of mismatched lengths throws", "[linalg][01_vectors]") {
    CHECK_THROWS_AS(projection(vector{1, 2}, vector{0, 0}), llmlings::invalid_argument);
    CHECK_THROWS_AS(projection(vector{1, 2}, vector{1, 2, 3}), llmlings::shape_error);
}

TEST_CASE("cosine similarity of a vector holding a NaN is NaN and not 1", "[linalg][01_vectors]") {
    // NaN in, NaN out (docs/authoring.md, NaN inputs): the clamp to [-1, 1] with std::fmin would
    // turn a NaN into 1, a perfect match.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK(std::isnan(cosine_similarity(vector{1.0, nan}, vector{1.0, 1.0})));
    CHECK(std::isnan(cosine_similarity(vector{1.0, 2.0}, vector{nan, 2.0})));
}
