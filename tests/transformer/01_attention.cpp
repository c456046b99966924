// SPDX-License-Identifier: MIT
// Tests for transformer/01_attention. Oracles: hand-worked cases whose scores are logarithms (so
// the weights are fractions) with d = 1 and d = 4 (the 1/√d scale); PyTorch's forward and backward
// for a causal and padded batch of 2 sequences × 2 heads, a KV cache's last two queries (causal
// with T_q < T_k) and an unmasked batch (tools/golden/transformer_attention.py), in both types;
// properties of the masks (weights exactly 0, rows summing to 1, hidden values never read, a
// causal output blind to later tokens, an empty row all 0); scores of 10⁴ that would overflow
// exp; NaN propagation; central differences of the loss sum(out · g) over q, k and v; the
// allocation counter; the errors. The golden file is read in oracles/01_attention.cpp.
#include <llmlings/testing.hpp>
#include <llmlings/testing/allocations.hpp>  // replaces operator new: in this one file of the program

#include <llmlings/transformer/01_attention.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <type_traits>

#include "oracles/01_attention.hpp"

using llmlings::index_vector;
using llmlings::tensor3;
using llmlings::tensor3_of;
using llmlings::testing::Approx;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::transformer;
using namespace oracles;

namespace {

// Exponentials and sums of a few terms in double: agreement to a few ulps.
const tolerance tight{1e-13, 1e-14};

// One forward and backward on owning tensors of type T, the inputs rounded from double.
template <class T>
struct attended {
    tensor3_of<T> out, dq, dk, dv;
    attention_cache<T> cache;
};
template <class T>
attended<T> attend(const tensor3& q, const tensor3& k, const tensor3& v, const tensor3& g,
                   const attention_mask& mask = {}) {
    const std::size_t N = q.shape()[0], Tq = q.shape()[1], d = q.shape()[2], Tk = k.shape()[1], dv = v.shape()[2];
    const tensor3_of<T> qt = rounded<T>(q), kt = rounded<T>(k), vt = rounded<T>(v), gt = rounded<T>(g);
    attended<T> r;
    // Outputs start at 7, not 0: every element must be written, not added to.
    r.out = filled<T>(N, Tq, dv, 7.0);
    r.dq = filled<T>(N, Tq, d, 7.0);
    r.dk = filled<T>(N, Tk, d, 7.0);
    r.dv = filled<T>(N, Tk, dv, 7.0);
    attention_forward(input_view3(qt), input_view3(kt), input_view3(vt), output_view3(r.out), r.cache, mask);
    attention_backward(r.cache, input_view3(qt), input_view3(kt), input_view3(vt), input_view3(gt), output_view3(r.dq),
                       output_view3(r.dk), output_view3(r.dv));
    return r;
}

// The double forward's output alone.
tensor3 output_of(const tensor3& q, const tensor3& k, const tensor3& v, const attention_mask& mask = {}) {
    attention_cache<double> cache;
    return attention_forward(q, k, v, cache, mask);
}

attention_mask mask_of(const attention_golden_case& c) {
    attention_mask m;
    m.causal = c.causal;
    m.key_lengths = c.lengths;
    return m;
}

attention_mask causal_mask() {
    attention_mask m;
    m.causal = true;
    return m;
}

attention_mask padding_mask(const index_vector& lengths) {
    attention_mask m;
    m.key_lengths = lengths;
    return m;
}

}  // namespace

TEST_CASE("scores that are logarithms give the hand-worked weights and outputs", "[transformer][01_attention]") {
    // d = 1, so the scale is 1: query 1 scores the keys 0 and ln 3 → weights ¼ ¾, output ¼·4 + ¾·8 = 7;
    // query 2 scores 0 and 2 ln 3 = ln 9 → 1/10, 9/10, output 0.4 + 7.2 = 7.6.
    const double ln3 = std::log(3.0);
    const tensor3 q = tensor3_from({{{1.0}, {2.0}}});
    const tensor3 k = tensor3_from({{{0.0}, {ln3}}});
    const tensor3 v = tensor3_from({{{4.0}, {8.0}}});
    attention_cache<double> cache;
    const tensor3 out = attention_forward(q, k, v, cache);
    CHECK_CLOSE_AT(out, tensor3_from({{{7.0}, {7.6}}}), tight);
    CHECK_CLOSE_AT(cache.weights, tensor3_from({{{0.25, 0.75}, {0.1, 0.9}}}), tight);
    // d = 4: q·k = 2 ln 3 for the second key, divided by √4 = 2 → ln 3 again: ¼ ¾ (1/d would give
    // ln 3 / 2, weights 0.366 0.634; no scale, 1/10 9/10).
    const tensor3 q4 = tensor3_from({{{2 * ln3, 0.0, 0.0, 0.0}}});
    const tensor3 k4 = tensor3_from({{{0.0, 5.0, 0.0, 0.0}, {1.0, 0.0, 0.0, 0.0}}});
    const tensor3 v4 = tensor3_from({{{4.0, 0.0}, {8.0, 1.0}}});
    const tensor3 out4 = attention_forward(q4, k4, v4, cache);
    CHECK_CLOSE_AT(cache.weights, tensor3_from({{{0.25, 0.75}}}), tight);
    CHECK_CLOSE_AT(out4, tensor3_from({{{7.0, 0.75}}}), tight);
}

TEST_CASE("the masked softmax of a row and its backward work by hand", "[transformer][01_attention]") {
    const double ln3 = std::log(3.0);
    double row[3] = {0.0, ln3, 7.0};
    masked_softmax_row(row, 3, 2);  // the third entry is hidden
    CHECK(row[0] == Approx(0.25));
    CHECK(row[1] == Approx(0.75));
    CHECK(row[2] == 0.0);
    double empty[2] = {1.0, 2.0};
    masked_softmax_row(empty, 2, 0);
    CHECK(empty[0] == 0.0);
    CHECK(empty[1] == 0.0);
    // dS = P (dP − P·dP): P = (¼, ¾), dP = (1, 0): P·dP = ¼, dS = (¼·¾, ¾·(−¼)) = (3/16, −3/16).
    const double p[2] = {0.25, 0.75};
    double d[2] = {1.0, 0.0};
    masked_softmax_row_backward(p, d, 2);
    CHECK(d[0] == Approx(3.0 / 16));
    CHECK(d[1] == Approx(-3.0 / 16));
}

TEST_CASE("key_limit counts the keys each query sees under each mask", "[transformer][01_attention]") {
    const attention_mask none;
    CHECK(key_limit(none, 0, 0, 1, 4, 4) == 4);
    const attention_mask causal = causal_mask();
    CHECK(key_limit(causal, 0, 0, 1, 4, 4) == 1);  // the first token sees itself
    CHECK(key_limit(causal, 0, 3, 1, 4, 4) == 4);
    CHECK(key_limit(causal, 0, 0, 1, 1, 4) == 4);  // one cached query: the last position sees all
    CHECK(key_limit(causal, 0, 0, 1, 2, 6) == 5);  // bottom-right: query 0 of 2 is position 4 of 6
    CHECK(key_limit(causal, 0, 0, 1, 3, 2) == 0);  // T_q > T_k: query 0 precedes every key
    CHECK(key_limit(causal, 0, 2, 1, 3, 2) == 2);
    attention_mask both = padding_mask(labels_of({4, 2}));
    both.causal = true;
    // N = 4 problems over B = 2 sequences: problems 0, 1 are sequence 0, problems 2, 3 sequence 1.
    CHECK(key_limit(both, 1, 3, 4, 4, 4) == 4);
    CHECK(key_limit(both, 2, 3, 4, 4, 4) == 2);
    CHECK(key_limit(both, 3, 0, 4, 4, 4) == 1);
}

TEMPLATE_TEST_CASE("attention matches PyTorch forward and backward for every mask", "[transformer][01_attention]",
                   float, double) {
    // Double: BLAS's order against PyTorch's, a few ulps of sums of ≤ 6 terms. Float: the inputs
    // rounded to float (2⁻²⁴ relative) move scores of size ≤ 10 by ~1e-6, and the weights,
    // outputs and gradients (all ≤ 10 in size) by a few 1e-6; 3e-5 bounds them with margin.
    const bool is_float = std::is_same<TestType, float>::value;
    const tolerance tol = is_float ? tolerance{1e-4, 3e-5} : tolerance{1e-11, 1e-12};
    for (const char* name : {"masked", "cached", "plain"}) {
        INFO("case " << name);
        const attention_golden_case& c = attention_golden(name);
        const attended<TestType> r = attend<TestType>(c.q, c.k, c.v, c.g, mask_of(c));
        CHECK_CLOSE_AT(to_double(r.cache.weights), c.weights, tol);
        CHECK_CLOSE_AT(to_double(r.out), c.out, tol);
        CHECK_CLOSE_AT(to_double(r.dq), c.dq, tol);
        CHECK_CLOSE_AT(to_double(r.dk), c.dk, tol);
        CHECK_CLOSE_AT(to_double(r.dv), c.dv, tol);
    }
}

TEST_CASE("masked weights are exactly zero and every row sums to one", "[transformer][01_attention]") {
    const attention_golden_case& c = attention_golden("masked");
    const attended<double> r = attend<double>(c.q, c.k, c.v, c.g, mask_of(c));
    const std::size_t N = 4, T = 5;
    for (std::size_t n = 0; n < N; ++n)
        for (std::size_t i = 0; i < T; ++i) {
            const std::size_t limit = std::min<std::size_t>(n < 2 ? 5 : 3, i + 1);
            double sum = 0.0;
            for (std::size_t j = 0; j < T; ++j) {
                const double w = element(r.cache.weights, n, i, j);
                if (j >= limit) CHECK(w == 0.0);
                if (j < limit) CHECK(w > 0.0);
                sum += w;
            }
            CHECK(sum == Approx(1.0));
        }
}

TEST_CASE("hidden keys and values are never read", "[transformer][01_attention]") {
    // Padding and the causal triangle hide keys; putting NaN into them must change nothing.
    const attention_golden_case& c = attention_golden("masked");
    tensor3 k = c.k, v = c.v;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t f = 0; f < 3; ++f) set_element(k, 3, 4, f, nan);  // sequence 1 has 3 real keys
    for (std::size_t f = 0; f < 2; ++f) set_element(v, 2, 3, f, nan);
    const tensor3 out = output_of(c.q, k, v, mask_of(c));
    CHECK_CLOSE_AT(out, c.out, (tolerance{1e-11, 1e-12}));
    // The causal mask: query 0 sees key 0 only, so its output is v's first row, whatever comes later.
    const tensor3 q = normal_tensor3(1, 4, 3), k2 = normal_tensor3(1, 4, 3), v2 = normal_tensor3(1, 4, 2);
    tensor3 later_k = k2, later_v = v2;
    for (std::size_t t = 1; t < 4; ++t)
        for (std::size_t f = 0; f < 2; ++f) {
            set_element(later_k, 0, t, f, 100.0 * element(later_k, 0, t, f) + 3.0);
            set_element(later_v, 0, t, f, -7.0);
        }
    const tensor3 first = output_of(q, k2, v2, causal_mask()), changed = output_of(q, later_k, later_v, causal_mask());
    CHECK(element(first, 0, 0, 0) == Approx(element(v2, 0, 0, 0)));
    CHECK(element(changed, 0, 0, 1) == Approx(element(v2, 0, 0, 1)));
    // and query 1 depends on keys 0 and 1 only: changing key 3 leaves it as it was.
    tensor3 k3 = k2;
    set_element(k3, 0, 3, 0, 50.0);
    const tensor3 third = output_of(q, k3, v2, causal_mask());
    CHECK(element(third, 0, 1, 0) == Approx(element(first, 0, 1, 0)).epsilon(1e-14));
    CHECK(element(third, 0, 3, 0) != Approx(element(first, 0, 3, 0)).epsilon(1e-6));
}

TEMPLATE_TEST_CASE("a query that sees no key gets zero weights zero output and no gradient",
                   "[transformer][01_attention]", float, double) {
    // Sequence 1 has no real key (length 0); PyTorch would give NaN, the library 0.
    const tensor3 q = normal_tensor3(2, 3, 2), k = normal_tensor3(2, 3, 2), v = normal_tensor3(2, 3, 2);
    const tensor3 g = normal_tensor3(2, 3, 2);
    const attended<TestType> r = attend<TestType>(q, k, v, g, padding_mask(labels_of({3, 0})));
    const tensor3 out = to_double(r.out), dq = to_double(r.dq), dk = to_double(r.dk), dv = to_double(r.dv);
    for (std::size_t t = 0; t < 3; ++t)
        for (std::size_t f = 0; f < 2; ++f) {
            CHECK(element(out, 1, t, f) == 0.0);
            CHECK(element(dq, 1, t, f) == 0.0);
            CHECK(element(dk, 1, t, f) == 0.0);
            CHECK(element(dv, 1, t, f) == 0.0);
            CHECK(std::isfinite(element(out, 0, t, f)));
            CHECK(element(dv, 0, t, f) != 0.0);
        }
    // Causal with more queries than keys: the first query precedes both keys.
    const tensor3 k2 = normal_tensor3(1, 2, 2), v2 = normal_tensor3(1, 2, 2), q3 = normal_tensor3(1, 3, 2);
    attention_cache<double> cache;
    const tensor3 out2 = attention_forward(q3, k2, v2, cache, causal_mask());
    CHECK(element(out2, 0, 0, 0) == 0.0);
    CHECK(element(cache.weights, 0, 1, 0) == 1.0);  // query 1 is position 0: key 0 alone
    CHECK(element(out2, 0, 1, 1) == Approx(element(v2, 0, 0, 1)));
}

TEMPLATE_TEST_CASE("scores far beyond exp's range stay finite", "[transformer][01_attention]", float, double) {
    // q·k/√d = 10⁴: exp overflows in both types unless the row's maximum is subtracted first.
    const tensor3 q = tensor3_from({{{100.0, 0.0}}}), k = tensor3_from({{{100.0 * std::sqrt(2.0), 0.0}, {0.0, 1.0}}});
    const tensor3 v = tensor3_from({{{1.0, 2.0}, {3.0, 4.0}}}), g = tensor3_from({{{1.0, -1.0}}});
    const attended<TestType> r = attend<TestType>(q, k, v, g);
    CHECK_CLOSE_AT(to_double(r.out), tensor3_from({{{1.0, 2.0}}}), (tolerance{0, 1e-6}));
    CHECK(std::isfinite(element(to_double(r.dq), 0, 0, 0)));
    CHECK(std::isfinite(element(to_double(r.dk), 0, 0, 0)));
}

TEST_CASE("a NaN in a visible score makes its row NaN", "[transformer][01_attention]") {
    tensor3 q = normal_tensor3(1, 2, 2);
    const tensor3 k = normal_tensor3(1, 3, 2), v = normal_tensor3(1, 3, 2);
    set_element(q, 0, 1, 0, std::numeric_limits<double>::quiet_NaN());
    const tensor3 out = output_of(q, k, v);
    CHECK(std::isfinite(element(out, 0, 0, 0)));
    CHECK(std::isnan(element(out, 0, 1, 0)));
    CHECK(std::isnan(element(out, 0, 1, 1)));
}

TEST_CASE("the gradients match central differences of sum of out times g", "[transformer][01_attention]") {
    // Causal and padded, 2 sequences × 2 heads, T_q = 3 of T_k = 4 (bottom-right), d = 3, d_v = 2.
    // Central differences have an absolute error near 1e-10 here; some gradients are as small as
    // 3e-4, so the relative error reaches a few 1e-7: 1e-6 still fails any wrong formula by orders.
    seed_random(5);
    const tensor3 q = normal_tensor3(4, 3, 3), k = normal_tensor3(4, 4, 3), v = normal_tensor3(4, 4, 2);
    const tensor3 g = normal_tensor3(4, 3, 2);
    attention_mask mask = padding_mask(labels_of({4, 3}));
    mask.causal = true;
    const attended<double> r = attend<double>(q, k, v, g, mask);
    CHECK_GRADIENT_AT(
        tensor3_gradient_check([&](const tensor3& x) { return inner(output_of(x, k, v, mask), g); }, q, r.dq), 1e-6);
    CHECK_GRADIENT_AT(
        tensor3_gradient_check([&](const tensor3& x) { return inner(output_of(q, x, v, mask), g); }, k, r.dk), 1e-6);
    CHECK_GRADIENT_AT(
        tensor3_gradient_check([&](const tensor3& x) { return inner(output_of(q, k, x, mask), g); }, v, r.dv), 1e-6);
}

TEMPLATE_TEST_CASE("a second forward and backward of the same shapes allocate nothing", "[transformer][01_attention]",
                   float, double) {
    const tensor3_of<TestType> q = rounded<TestType>(normal_tensor3(4, 6, 8));
    const tensor3_of<TestType> k = rounded<TestType>(normal_tensor3(4, 6, 8));
    tensor3_of<TestType> out = filled<TestType>(4, 6, 8, 0.0), dq = out, dk = out, dv = out;
    attention_cache<TestType> cache;
    const attention_mask mask = causal_mask();
    attention_forward(input_view3(q), input_view3(k), input_view3(k), output_view3(out), cache, mask);
    attention_backward(cache, input_view3(q), input_view3(k), input_view3(k), input_view3(q), output_view3(dq),
                       output_view3(dk), output_view3(dv));
    const std::size_t before = llmlings::testing::allocation_count();
    attention_forward(input_view3(q), input_view3(k), input_view3(k), output_view3(out), cache, mask);
    attention_backward(cache, input_view3(q), input_view3(k), input_view3(k), input_view3(q), output_view3(dq),
                       output_view3(dk), output_view3(dv));
    CHECK(llmlings::testing::allocation_count() == before);
    CHECK(max_abs(dv) > 0.0);
}

TEST_CASE("bad shapes and masks throw errors that name the function", "[transformer][01_attention]") {
    const tensor3 q = normal_tensor3(2, 3, 4), k = normal_tensor3(2, 5, 4), v = normal_tensor3(2, 5, 3);
    attention_cache<double> cache;
    CHECK_THROWS_WITH(attention_forward(q, normal_tensor3(2, 5, 3), v, cache),
                      contains("attention_forward") && contains("(2,5,3)"));
    CHECK_THROWS_AS(attention_forward(q, k, normal_tensor3(2, 4, 3), cache), llmlings::shape_error);
    CHECK_THROWS_AS(attention_forward(q, normal_tensor3(1, 5, 4), v, cache), llmlings::shape_error);
    CHECK_THROWS_AS(attention_forward(normal_tensor3(2, 3, 0), normal_tensor3(2, 5, 0), v, cache),
                    llmlings::shape_error);
    tensor3 wrong = filled<double>(2, 3, 4, 0.0);
    CHECK_THROWS_WITH(attention_forward(input_view3(q), input_view3(k), input_view3(v), output_view3(wrong), cache),
                      contains("attention_forward") && contains("out must be (2,3,3)"));
    CHECK_THROWS_WITH(attention_forward(q, k, v, cache, padding_mask(labels_of({5, 6}))),
                      contains("attention_forward") && contains("key_lengths(1) = 6"));
    CHECK_THROWS_AS(attention_forward(q, k, v, cache, padding_mask(labels_of({5, 6}))), llmlings::invalid_argument);
    CHECK_THROWS_AS(attention_forward(q, k, v, cache, padding_mask(labels_of({5, 5, 5}))), llmlings::shape_error);
    // The backward checks its cache and every gradient's shape.
    attention_cache<double> fresh;
    tensor3 dq = filled<double>(2, 3, 4, 0.0), dk = filled<double>(2, 5, 4, 0.0), dv = filled<double>(2, 5, 3, 0.0);
    const tensor3 d_out = filled<double>(2, 3, 3, 1.0);
    CHECK_THROWS_WITH(attention_backward(fresh, input_view3(q), input_view3(k), input_view3(v), input_view3(d_out),
                                         output_view3(dq), output_view3(dk), output_view3(dv)),
                      contains("attention_backward") && contains("cache.weights"));
    attention_forward(q, k, v, fresh);
    CHECK_THROWS_WITH(attention_backward(fresh, input_view3(q), input_view3(k), input_view3(v), input_view3(d_out),
                                         output_view3(dq), output_view3(dv), output_view3(dv)),
                      contains("attention_backward") && contains("dk must be (2,5,4)"));
}
