// SPDX-License-Identifier: MIT
// Tests for nlp/05_glove. Oracles: co-occurrence counts worked by hand on four-token documents
// (the arithmetic is in the comments), and a dense brute-force count over every pair of positions
// of a seeded random corpus (oracles/05_glove.cpp); the weighting function f at and around x_max
// in closed form (powers of 2 and 10); the loss, its gradients and the first two AdaGrad steps of
// a two-word model worked by hand; central differences over every tensor of the store
// (check_store_gradients, in double); properties of training: the weighted least squares of a
// full 5×5 matrix with D = 8 can be solved exactly, so AdaGrad drives the loss towards 0, and two
// words with identical contexts end up with near-identical vectors; cosines of vectors chosen so
// that the values are exact.
#include <llmlings/testing.hpp>
#include <llmlings/testing/allocations.hpp>

#include <llmlings/nlp/05_glove.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

#include "oracles/05_glove.hpp"

using llmlings::matrix;
using llmlings::matrix_of;
using llmlings::parameter_store;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::nlp;
using namespace oracles;
using words = std::vector<std::string>;
using triples = std::vector<cooccurrence>;

namespace {

// Every triple against the expected list: same ids in the same order, x within 1e-15 relative
// (sums of at most two terms 1/d).
void check_triples_equal(const triples& got, const triples& expected) {
    REQUIRE(got.size() == expected.size());
    for (std::size_t k = 0; k < got.size(); ++k) {
        INFO("triple " << k << ": expected (" << expected[k].i << ", " << expected[k].j << ", " << expected[k].x
                       << "), got (" << got[k].i << ", " << got[k].j << ", " << got[k].x << ")");
        CHECK(got[k].i == expected[k].i);
        CHECK(got[k].j == expected[k].j);
        LLMLINGS_CHECK_CLOSE(got[k].x, expected[k].x, (tolerance{1e-15, 0.0}));
    }
}

// The two-word model of the hand-worked cases, in its own store:
//   W = [[1, 2], [0, 1]], W̃ = [[0.5, −1], [1, 1]], b = (0.5, −1), b̃ = (0, 0.25).
template <class T>
struct two_words {
    parameter_store<T> store;
    glove_model<T> model = make_glove(store, "glove", 2, 2);
    two_words() {
        const T w[] = {1, 2, 0, 1}, wc[] = {0.5, -1, 1, 1}, b[] = {0.5, -1}, bc[] = {0, 0.25};
        std::copy(w, w + 4, model.word.data());
        std::copy(wc, wc + 4, model.context.data());
        std::copy(b, b + 2, model.word_bias.data());
        std::copy(bc, bc + 2, model.context_bias.data());
    }
};

// x_max = 4, α = 1/2: f(1) = 1/2 and f(4) = 1, exact.
const glove_options small_weighting{4.0, 0.5};

// The values of a tensor, in double.
template <class T>
llmlings::vector flat_values(const llmlings::parameter<T>& p) {
    llmlings::vector v = xt::empty<double>({p.size()});
    std::copy(p.data(), p.data() + p.size(), v.begin());
    return v;
}
template <class T>
llmlings::vector flat_grads(const llmlings::parameter<T>& p) {
    llmlings::vector v = xt::empty<double>({p.size()});
    std::copy(p.grad_data(), p.grad_data() + p.size(), v.begin());
    return v;
}

// The tolerance of a float or double result against a value computed in double: float rounds
// each operation to 2⁻²⁴ ≈ 6e-8 relative; a few operations on O(10) numbers stay within 1e-6.
template <class T>
tolerance type_tolerance(double double_rtol = 1e-14) {
    return std::is_same<T, float>::value ? tolerance{1e-6, 1e-6} : tolerance{double_rtol, 1e-15};
}

// cos(u, v) of two rows of a matrix, in double.
template <class T>
double row_cosine(const matrix_of<T>& m, std::size_t a, std::size_t b) {
    double dot = 0.0, na = 0.0, nb = 0.0;
    for (std::size_t d = 0; d < m.shape()[1]; ++d) {
        dot += double(m(a, d)) * double(m(b, d));
        na += double(m(a, d)) * double(m(a, d));
        nb += double(m(b, d)) * double(m(b, d));
    }
    return dot / std::sqrt(na * nb);
}

}  // namespace

// ---- Vocabulary and counts ---------------------------------------------------------------------

TEST_CASE("build_glove_vocabulary orders words by count then by string and drops rare words", "[nlp][05_glove]") {
    const std::vector<words> corpus = {{"the", "cat", "sat"}, {}, {"the", "dog", "sat", "the"}, {"a", "cat"}};
    // counts: the 3, cat 2, sat 2, dog 1, a 1; ties in string order: cat < sat, a < dog
    const glove_vocabulary v = build_glove_vocabulary(corpus);
    CHECK(v.words == words{"the", "cat", "sat", "a", "dog"});
    CHECK(v.counts == std::vector<std::size_t>{3, 2, 2, 1, 1});
    REQUIRE(v.ids.size() == 5);
    for (std::size_t id = 0; id < v.words.size(); ++id) CHECK(v.ids.at(v.words[id]) == id);
    // min_count 2 keeps the words seen twice or more
    const glove_vocabulary two = build_glove_vocabulary(corpus, 2);
    CHECK(two.words == words{"the", "cat", "sat"});
    CHECK(two.ids.count("dog") == 0);
    CHECK(build_glove_vocabulary(corpus, 3).words == words{"the"});
    // UTF-8 words are bytes to the vocabulary: "é" (C3 A9) sorts after "z"
    CHECK(build_glove_vocabulary({{"\xc3\xa9t\xc3\xa9", "zoo"}}).words == words{"zoo", "\xc3\xa9t\xc3\xa9"});
}

TEST_CASE("count_cooccurrences weights each pair by one over its distance in a symmetric window", "[nlp][05_glove]") {
    // "a b c a": a = 0 (count 2), b = 1, c = 2. Positions 0..3, pairs within window 2:
    //   (1,0) b–a d=1: 1      (2,1) c–b d=1: 1      (2,0) c–a d=2: 1/2
    //   (3,2) a–c d=1: 1      (3,1) a–b d=2: 1/2    (3,0) a–a d=3: outside
    // X_ab = 1 + 1/2, X_ac = 1/2 + 1, X_bc = 1, each also as X_ji.
    const std::vector<words> corpus = {{"a", "b", "c", "a"}};
    const glove_vocabulary v = build_glove_vocabulary(corpus);
    REQUIRE(v.words == words{"a", "b", "c"});
    check_triples_equal(count_cooccurrences(v, corpus, 2),
                        {{0, 1, 1.5}, {0, 2, 1.5}, {1, 0, 1.5}, {1, 2, 1.0}, {2, 0, 1.5}, {2, 1, 1.0}});
    // window 3 adds the pair (3,0) a–a at d = 3, once in each direction: X_aa = 2/3
    check_triples_equal(
        count_cooccurrences(v, corpus, 3),
        {{0, 0, 2.0 / 3.0}, {0, 1, 1.5}, {0, 2, 1.5}, {1, 0, 1.5}, {1, 2, 1.0}, {2, 0, 1.5}, {2, 1, 1.0}});
    // window 1: neighbours only, a–b, b–c, c–a
    check_triples_equal(count_cooccurrences(v, corpus, 1),
                        {{0, 1, 1.0}, {0, 2, 1.0}, {1, 0, 1.0}, {1, 2, 1.0}, {2, 0, 1.0}, {2, 1, 1.0}});
    // the default window (10) sees every pair of this document: as window 3
    CHECK(count_cooccurrences(v, corpus).size() == 7);
}

TEST_CASE("count_cooccurrences removes out-of-vocabulary words and stops at document ends", "[nlp][05_glove]") {
    // min_count 2: a (3), b (2) stay, x (1) goes. "a x b" is read as "a b": distance 1, not 2, so
    // window 1 counts it. "b a" adds 1 more. The documents are not joined: "b" ending the first and
    // "b" starting the second would make X_bb, "a" ending the second and "a" the third X_aa.
    const std::vector<words> corpus = {{"a", "x", "b"}, {"b", "a"}, {"a"}, {}};
    const glove_vocabulary v = build_glove_vocabulary(corpus, 2);
    REQUIRE(v.words == words{"a", "b"});
    check_triples_equal(count_cooccurrences(v, corpus, 1), {{0, 1, 2.0}, {1, 0, 2.0}});
    // a document of words all outside the vocabulary, or empty ones, count nothing
    CHECK(count_cooccurrences(v, {{"x", "y", "z"}, {}}, 5).empty());
    // a word repeated at distance 1 and 2 within one window: X_aa = 2·(1 + 1/2 + 1) (pairs 0–1, 1–2 at d 1, 0–2 at d 2)
    check_triples_equal(count_cooccurrences(v, {{"a", "a", "a"}}, 2), {{0, 0, 5.0}});
}

TEST_CASE("count_cooccurrences matches a dense brute-force count on a random corpus", "[nlp][05_glove]") {
    // 60 documents of up to 30 words over 40 Zipf-distributed words; min_count 2 removes the rarest.
    // The brute force walks every pair of kept positions; sums of up to a few hundred terms 1/d
    // in another order agree to 1e-12 relative.
    const documents corpus = random_corpus(5, 60, 30, 40);
    for (std::size_t window : {1u, 4u, 15u}) {
        const glove_vocabulary v = build_glove_vocabulary(corpus, 2);
        const triples got = count_cooccurrences(v, corpus, window);
        const matrix dense = dense_cooccurrence(corpus, v.words, window);
        std::size_t nonzero = 0, wrong = 0, unordered = 0;
        for (double x : dense) nonzero += x > 0.0 ? 1 : 0;
        for (std::size_t k = 0; k < got.size(); ++k) {
            const cooccurrence& t = got[k];
            if (t.i >= v.words.size() || t.j >= v.words.size() ||
                !llmlings::testing::compare(t.x, dense(t.i, t.j), tolerance{1e-12, 0.0}).ok)
                ++wrong;
            if (k > 0 && !(got[k - 1].i < t.i || (got[k - 1].i == t.i && got[k - 1].j < t.j))) ++unordered;
        }
        INFO("window " << window << ": V = " << v.words.size() << ", " << got.size() << " triples, " << nonzero
                       << " nonzero cells");
        CHECK(v.words.size() < 40);  // some words were dropped
        CHECK(got.size() == nonzero);
        CHECK(wrong == 0);
        CHECK(unordered == 0);
    }
}

// ---- The weighting function and the model ------------------------------------------------------

TEST_CASE("glove_weight follows the paper's f at and around x_max", "[nlp][05_glove]") {
    const tolerance tight{1e-15, 0.0};
    CHECK(glove_weight(0.0) == 0.0);
    // (25/100)^(3/4) = 2^(−3/2) = 1/(2√2); (1/100)^(3/4) = 10^(−3/2)
    LLMLINGS_CHECK_CLOSE(glove_weight(25.0), 1.0 / (2.0 * std::sqrt(2.0)), tight);
    LLMLINGS_CHECK_CLOSE(glove_weight(1.0), std::pow(10.0, -1.5), tight);
    // at x_max and beyond: 1; just below: (1 − 1e-5)^(3/4) ≈ 1 − 7.5e-6
    CHECK(glove_weight(100.0) == 1.0);
    CHECK(glove_weight(100.5) == 1.0);
    CHECK(glove_weight(1e300) == 1.0);
    CHECK(glove_weight(HUGE_VAL) == 1.0);
    LLMLINGS_CHECK_CLOSE(glove_weight(99.999), 1.0 - 0.75e-5, (tolerance{1e-10, 0.0}));
    CHECK(glove_weight(99.999) < 1.0);
    // other parameters: x_max 10, α 1 is linear; α 1/2 a square root
    LLMLINGS_CHECK_CLOSE(glove_weight(5.0, 10.0, 1.0), 0.5, tight);
    CHECK(glove_weight(10.0, 10.0, 1.0) == 1.0);
    LLMLINGS_CHECK_CLOSE(glove_weight(1.0, 4.0, 0.5), 0.5, tight);
    // NaN in, NaN out (a clamp must not turn it into 1)
    CHECK(std::isnan(glove_weight(std::nan(""))));
}

TEST_CASE("make_glove registers two matrices and two bias vectors and init_glove fills them", "[nlp][05_glove]") {
    parameter_store<float> store;
    glove_model<float> m = make_glove(store, "glove", 50, 4);
    CHECK(store.count() == 4);
    CHECK(store.numel() == 2 * 200 + 2 * 50);
    CHECK(m.word.name() == "glove.word");
    CHECK(m.context.name() == "glove.context");
    CHECK(m.word_bias.name() == "glove.word_bias");
    CHECK(m.context_bias.name() == "glove.context_bias");
    CHECK(m.word.shape() == std::vector<std::size_t>{50, 4});
    CHECK(m.context.shape() == std::vector<std::size_t>{50, 4});
    CHECK(m.context_bias.shape() == std::vector<std::size_t>{50});
    CHECK((m.vocab_size == 50 && m.dim == 4));
    // glove.c: (u − 0.5)/D for every value, u uniform in [0, 1): 500 values in [−1/8, 1/8), spread
    // over the range (each end is reached within 0.02 with probability 1 − (1 − 0.08)^500 ≈ 1)
    llmlings::rng gen(9);
    init_glove(m, gen);
    float lo = 1, hi = -1;
    double sum = 0.0;
    for (std::size_t k = 0; k < store.numel(); ++k) {
        lo = std::min(lo, store.values()[k]);
        hi = std::max(hi, store.values()[k]);
        sum += store.values()[k];
    }
    CHECK(lo >= -0.125f);
    CHECK(hi < 0.125f);
    CHECK(lo < -0.105f);
    CHECK(hi > 0.105f);
    CHECK(std::fabs(sum / 500.0) < 0.02);  // the mean of 500 values of sd 0.072: 5 standard errors is 0.016
    CHECK(m.word_bias.data()[0] != m.context_bias.data()[0]);
    // the same seed gives the same values
    parameter_store<float> again;
    glove_model<float> m2 = make_glove(again, "glove", 50, 4);
    llmlings::rng gen2(9);
    init_glove(m2, gen2);
    CHECK(std::equal(store.values(), store.values() + store.numel(), again.values()));
}

// ---- Loss and gradients ------------------------------------------------------------------------

TEMPLATE_TEST_CASE("glove_forward computes the loss of a two-word case worked by hand", "[nlp][05_glove]", float,
                   double) {
    two_words<TestType> t;
    // x_max 4, α 1/2. Triple (0, 1, X = 1): w0·w̃1 + b0 + b̃1 − log 1 = (1 + 2) + 0.5 + 0.25 = 3.75,
    // f(1) = 1/2: ½·½·3.75² = 3.515625. Triple (1, 0, X = 4): (0·0.5 + 1·(−1)) − 1 + 0 − log 4
    // = −(2 + log 4), f(4) = 1: ½(2 + log 4)².
    const double r = 2.0 + std::log(4.0);
    glove_cache<TestType> cache;
    const triples batch = {{0, 1, 1.0}, {1, 0, 4.0}};
    const double loss = glove_forward(t.model, batch, cache, small_weighting);
    LLMLINGS_CHECK_CLOSE(loss, 3.515625 + 0.5 * r * r, type_tolerance<TestType>());
    REQUIRE(cache.weighted_residual.size() == 2);
    LLMLINGS_CHECK_CLOSE(double(cache.weighted_residual[0]), 1.875, type_tolerance<TestType>());  // ½·3.75
    LLMLINGS_CHECK_CLOSE(double(cache.weighted_residual[1]), -r, type_tolerance<TestType>());
    // the default weighting (x_max 100, α 3/4): f(1) = 10^(−3/2), f(4) = 25^(−3/4)
    const double f1 = std::pow(10.0, -1.5), f4 = std::pow(25.0, -0.75);
    LLMLINGS_CHECK_CLOSE(glove_loss(t.model, batch), 0.5 * f1 * 3.75 * 3.75 + 0.5 * f4 * r * r,
                         type_tolerance<TestType>());
    // an empty batch costs nothing
    CHECK(glove_forward(t.model, {}, cache, small_weighting) == 0.0);
    CHECK(cache.weighted_residual.empty());
}

TEST_CASE("glove_backward writes the hand-worked gradients and accumulates them", "[nlp][05_glove]") {
    two_words<double> t;
    // g0 = 1.875 for (0, 1, 1): dW0 = g0·w̃1 = (1.875, 1.875), dW̃1 = g0·w0 = (1.875, 3.75),
    // db0 = db̃1 = 1.875. g1 = −(2 + log 4) for (1, 0, 4): dW1 = g1·w̃0 = g1·(0.5, −1),
    // dW̃0 = g1·w1 = g1·(0, 1), db1 = db̃0 = g1.
    const double g1 = -(2.0 + std::log(4.0));
    const triples batch = {{0, 1, 1.0}, {1, 0, 4.0}};
    glove_cache<double> cache;
    glove_forward(t.model, batch, cache, small_weighting);
    glove_backward(t.model, batch, cache);
    const tolerance tol{1e-14, 1e-15};
    const llmlings::vector dw = {1.875, 1.875, 0.5 * g1, -g1}, dwc = {0.0, g1, 1.875, 3.75};
    const llmlings::vector db = {1.875, g1}, dbc = {g1, 1.875};
    LLMLINGS_CHECK_CLOSE(flat_grads(t.model.word), dw, tol);
    LLMLINGS_CHECK_CLOSE(flat_grads(t.model.context), dwc, tol);
    LLMLINGS_CHECK_CLOSE(flat_grads(t.model.word_bias), db, tol);
    LLMLINGS_CHECK_CLOSE(flat_grads(t.model.context_bias), dbc, tol);
    // a second backward adds the same again (×2 is exact); zero_grad clears
    glove_backward(t.model, batch, cache);
    llmlings::vector twice = dw;
    for (double& g : twice) g *= 2.0;
    LLMLINGS_CHECK_CLOSE(flat_grads(t.model.word), twice, tol);
    // one word in two triples of a batch collects both terms: (0, 1, 1) twice doubles row 0
    t.store.zero_grad();
    const triples same = {{0, 1, 1.0}, {0, 1, 1.0}};
    glove_forward(t.model, same, cache, small_weighting);
    glove_backward(t.model, same, cache);
    LLMLINGS_CHECK_CLOSE(flat_grads(t.model.word_bias), (llmlings::vector{3.75, 0.0}), tol);
}

TEST_CASE("glove_backward agrees with central differences over every tensor", "[nlp][05_glove]") {
    // V = 6, D = 3, N(0, 0.7²) parameters, 12 triples (repeated rows and columns, the diagonal, X
    // below and above x_max = 3): J is a polynomial in the parameters, so in double a correct
    // gradient gives relative errors near 1e-9 (CS231n's bar: 1e-7).
    parameter_store<double> store;
    const glove_model<double> m = make_glove(store, "glove", 6, 3);
    const std::vector<double> values = seeded_values(17, store.numel(), 0.7);
    std::copy(values.begin(), values.end(), store.values());
    const triples batch = {{0, 1, 2.0}, {1, 0, 2.0},  {2, 2, 5.0}, {0, 3, 0.5}, {3, 4, 7.0}, {4, 3, 1.0},
                           {5, 0, 3.0}, {5, 5, 0.25}, {1, 4, 1.5}, {2, 0, 4.0}, {0, 1, 2.0}, {3, 5, 1.0}};
    const glove_options o{3.0, 0.75};
    glove_cache<double> cache;
    store.zero_grad();
    glove_forward(m, batch, cache, o);
    glove_backward(m, batch, cache);
    LLMLINGS_CHECK_STORE_GRADIENTS(store_gradient_check(store, [&] { return glove_loss(m, batch, o); }), 1e-7);
}

// ---- Training ----------------------------------------------------------------------------------

TEMPLATE_TEST_CASE("AdaGrad steps of one triple are worked by hand", "[nlp][05_glove]", float, double) {
    // One epoch over (0, 1, 1) twice, one triple per step, so the order does not matter.
    // Step 1: g = ½·3.75 = 1.875, gradients as in the backward case; G = g², so each parameter
    // moves by η·g/(|g| + ε) = 0.05: w0 = (0.95, 1.95), w̃1 = (0.95, 0.95), b0 = 0.45, b̃1 = 0.2.
    // Step 2: prediction 0.95·0.95 + 1.95·0.95 + 0.45 + 0.2 = 3.405, g = 1.7025, dw0 = g·w̃1 =
    // (1.617375, 1.617375), G = 1.875² + 1.617375², w0 −= 0.05·1.617375/√G.
    two_words<TestType> t;
    glove_train_options o;
    o.weighting = small_weighting;
    glove_trainer<TestType> trainer = make_glove_trainer(t.model, o);
    llmlings::rng gen(1);
    const double mean = glove_train_epoch(trainer, {{0, 1, 1.0}, {0, 1, 1.0}}, gen);
    // the mean of the losses before each update: (½·½·3.75² + ½·½·3.405²)/2
    LLMLINGS_CHECK_CLOSE(mean, (3.515625 + 0.25 * 3.405 * 3.405) / 2.0, type_tolerance<TestType>(1e-9));
    const double step2 = 0.05 * 1.617375 / std::sqrt(1.875 * 1.875 + 1.617375 * 1.617375);
    const tolerance tol = type_tolerance<TestType>(1e-9);  // ε = 1e-10 against |g| ≈ 2
    LLMLINGS_CHECK_CLOSE(flat_values(t.model.word), (llmlings::vector{0.95 - step2, 1.95 - step2, 0.0, 1.0}), tol);
    // step 2 of w̃1: g·w0 = 1.7025·(0.95, 1.95); G = (1.875² + …, 3.75² + …)
    const double c0 = 1.7025 * 0.95, c1 = 1.7025 * 1.95;
    const llmlings::vector wc = {0.5, -1.0, 0.95 - 0.05 * c0 / std::sqrt(1.875 * 1.875 + c0 * c0),
                                 0.95 - 0.05 * c1 / std::sqrt(3.75 * 3.75 + c1 * c1)};
    LLMLINGS_CHECK_CLOSE(flat_values(t.model.context), wc, tol);
    const double bias_step2 = 0.05 * 1.7025 / std::sqrt(1.875 * 1.875 + 1.7025 * 1.7025);
    LLMLINGS_CHECK_CLOSE(flat_values(t.model.word_bias), (llmlings::vector{0.45 - bias_step2, -1.0}), tol);
    LLMLINGS_CHECK_CLOSE(flat_values(t.model.context_bias), (llmlings::vector{0.0, 0.2 - bias_step2}), tol);
    CHECK(trainer.steps == 2);
    // the store's gradients are left at zero
    for (double g : flat_grads(t.model.word)) CHECK(g == 0.0);
    // batch_size 2: one step over both copies; the gradient is twice step 1's, so the first
    // AdaGrad step is still ±η, and the mean is per triple: (2 · 3.515625)/2, not per step
    two_words<TestType> p;
    glove_train_options pair = o;
    pair.batch_size = 2;
    glove_trainer<TestType> batched = make_glove_trainer(p.model, pair);
    LLMLINGS_CHECK_CLOSE(glove_train_epoch(batched, {{0, 1, 1.0}, {0, 1, 1.0}}, gen), 3.515625,
                         type_tolerance<TestType>());
    LLMLINGS_CHECK_CLOSE(flat_values(p.model.word), (llmlings::vector{0.95, 1.95, 0.0, 1.0}), tol);
    CHECK(batched.steps == 1);
    // a frozen tensor keeps its values
    two_words<TestType> f;
    f.store.set_trainable("glove.context", false);  // context and context_bias
    glove_trainer<TestType> frozen = make_glove_trainer(f.model, o);
    glove_train_epoch(frozen, {{0, 1, 1.0}}, gen);
    LLMLINGS_CHECK_CLOSE(flat_values(f.model.context), (llmlings::vector{0.5, -1.0, 1.0, 1.0}), tol);
    LLMLINGS_CHECK_CLOSE(flat_values(f.model.word), (llmlings::vector{0.95, 1.95, 0.0, 1.0}), tol);
}

TEMPLATE_TEST_CASE("training drives the loss of an exactly solvable problem towards zero", "[nlp][05_glove]", float,
                   double) {
    // All 25 cells of a 5×5 X (values 1 to 60, not symmetric) and D = 8 ≥ V: any 5×5 matrix is
    // W W̃ᵀ for some W, W̃ of rank 5, so J = 0 is reachable. Start: J ≈ 59 (predictions near 0
    // against log X up to 4.1). Measured with lr 0.2 and 300 epochs (7,500 AdaGrad steps of one
    // triple): J ≈ 1e-10 with this seed in both types, and at most 1.1e-6 over seeds 1 to 5 (320
    // epochs); the bound 1e-5 is 6 orders of magnitude below the start.
    const std::size_t v = 5;
    triples x;
    for (std::size_t i = 0; i < v; ++i)
        for (std::size_t j = 0; j < v; ++j) x.push_back({i, j, 1.0 + static_cast<double>((7 * i + 13 * j) % 60)});
    parameter_store<TestType> store;
    glove_model<TestType> m = make_glove(store, "glove", v, 8);
    llmlings::rng gen(2);
    init_glove(m, gen);
    const double start = glove_loss(m, x);
    glove_train_options o;
    o.lr = 0.2;
    glove_trainer<TestType> trainer = make_glove_trainer(m, o);
    double last = 0.0;
    for (int epoch = 0; epoch < 300; ++epoch) last = glove_train_epoch(trainer, x, gen);
    const double end = glove_loss(m, x);
    INFO("start " << start << ", last epoch's mean " << last << ", end " << end);
    CHECK(start > 50.0);
    CHECK(end < 1e-5);
    CHECK(last < 1e-5);  // the last epoch's mean per triple, measured before each update
    CHECK(trainer.epochs == 300);
}

TEST_CASE("words with identical contexts end up with near-identical vectors", "[nlp][05_glove]") {
    // "cat" and "dog" have the same rows and columns of X (twin sentences) and never co-occur. The
    // loss cannot tell them apart, so training pulls both towards the same vector; only the tiny
    // random start (±0.5/D) and the order of the updates separate them. Measured with D = 4 after
    // 150 epochs: cosine 0.99995 with seed 4, at least 0.9978 over seeds 1 to 8, and cat's next
    // neighbour at 0.58 (seed 4); the bounds 0.995 and 0.9 leave margin.
    const documents corpus = twin_corpus();
    const glove_vocabulary vocab = build_glove_vocabulary(corpus);
    const triples x = count_cooccurrences(vocab, corpus, 3);
    parameter_store<float> store;
    glove_model<float> m = make_glove(store, "glove", vocab.words.size(), 4);
    llmlings::rng gen(4);
    init_glove(m, gen);
    glove_trainer<float> trainer = make_glove_trainer(m);
    for (int epoch = 0; epoch < 150; ++epoch) glove_train_epoch(trainer, x, gen);
    const matrix_of<float> vectors = glove_vectors(m);
    const std::size_t cat = vocab.ids.at("cat"), dog = vocab.ids.at("dog");
    const double cosine = row_cosine(vectors, cat, dog);
    INFO("cos(cat, dog) = " << cosine << ", loss " << glove_loss(m, x));
    CHECK(cosine > 0.995);
    const std::vector<glove_neighbor> near_cat = glove_nearest(vectors, cat, 3);
    REQUIRE(near_cat.size() == 3);
    CHECK(near_cat[0].id == dog);
    LLMLINGS_CHECK_CLOSE(near_cat[0].cosine, cosine, (tolerance{1e-9, 1e-12}));
    CHECK(near_cat[1].cosine < 0.9);
    CHECK(glove_nearest(vectors, dog, 1)[0].id == cat);
}

TEST_CASE("an epoch is reproducible from its seed and allocates nothing after the first", "[nlp][05_glove]") {
    const documents corpus = twin_corpus();
    const glove_vocabulary vocab = build_glove_vocabulary(corpus);
    const triples x = count_cooccurrences(vocab, corpus, 2);
    parameter_store<float> a, b;
    glove_model<float> ma = make_glove(a, "glove", vocab.words.size(), 4),
                       mb = make_glove(b, "glove", vocab.words.size(), 4);
    llmlings::rng init_a(8), init_b(8);
    init_glove(ma, init_a);
    init_glove(mb, init_b);
    glove_train_options o;
    o.batch_size = 5;
    glove_trainer<float> ta = make_glove_trainer(ma, o), tb = make_glove_trainer(mb, o);
    llmlings::rng ga(21), gb(21);
    CHECK(glove_train_epoch(ta, x, ga) == glove_train_epoch(tb, x, gb));
    const std::size_t before = llmlings::testing::allocation_count();
    glove_train_epoch(ta, x, ga);
    CHECK(llmlings::testing::allocation_count() == before);
    glove_train_epoch(tb, x, gb);
    CHECK(std::equal(a.values(), a.values() + a.numel(), b.values()));
    CHECK(ta.steps == 2 * ((x.size() + 4) / 5));
    // another seed visits the triples in another order: other values
    llmlings::rng other(22);
    glove_train_epoch(tb, x, other);
    glove_train_epoch(ta, x, ga);
    CHECK(!std::equal(a.values(), a.values() + a.numel(), b.values()));
}

// ---- Vectors and neighbours --------------------------------------------------------------------

TEST_CASE("glove_vectors adds the word and context vectors", "[nlp][05_glove]") {
    two_words<double> t;
    // W + W̃ = [[1 + 0.5, 2 − 1], [0 + 1, 1 + 1]]; the biases play no part
    const matrix_of<double> v = glove_vectors(t.model);
    LLMLINGS_CHECK_CLOSE(v, (matrix{{1.5, 1.0}, {1.0, 2.0}}), (tolerance{0.0, 0.0}));
}

TEST_CASE("glove_nearest ranks by cosine with ties by id and skips the query and zero rows", "[nlp][05_glove]") {
    // query (1, 0): row 3 (1e300, 0) has cosine 1 (its squares would overflow without scaling);
    // rows 1 (0.75, 1) and 5 (1.5, 2) both 0.75/1.25 = 0.6 (a tie: smaller id first); row 2
    // (−1, 0) −1; row 4 is zero and has no cosine.
    const matrix v = {{1, 0}, {0.75, 1}, {-1, 0}, {1e300, 0}, {0, 0}, {1.5, 2}};
    const std::vector<glove_neighbor> all = glove_nearest(v, 0, 10);
    REQUIRE(all.size() == 4);
    const std::size_t ids[] = {3, 1, 5, 2};
    const double cosines[] = {1.0, 0.6, 0.6, -1.0};
    for (std::size_t k = 0; k < 4; ++k) {
        INFO("rank " << k);
        CHECK(all[k].id == ids[k]);
        LLMLINGS_CHECK_CLOSE(all[k].cosine, cosines[k], (tolerance{1e-15, 0.0}));
    }
    const std::vector<glove_neighbor> two = glove_nearest(v, 0, 2);
    REQUIRE(two.size() == 2);
    CHECK((two[0].id == 3 && two[1].id == 1));
    CHECK(glove_nearest(v, 0, 0).empty());
    // from row 5 (1.5, 2): row 1 at cosine 1, rows 0 and 3 both at 0.6 (row 0 first)
    const std::vector<glove_neighbor> from5 = glove_nearest(v, 5, 3);
    REQUIRE(from5.size() == 3);
    CHECK((from5[0].id == 1 && from5[1].id == 0 && from5[2].id == 3));
    LLMLINGS_CHECK_CLOSE(from5[0].cosine, 1.0, (tolerance{1e-15, 0.0}));
    // float vectors
    const matrix_of<float> f = {{3, 4}, {4, 3}, {-3, -4}};
    const std::vector<glove_neighbor> nf = glove_nearest(f, 0, 2);
    REQUIRE(nf.size() == 2);
    CHECK(nf[0].id == 1);
    LLMLINGS_CHECK_CLOSE(nf[0].cosine, 24.0 / 25.0, (tolerance{1e-7, 0.0}));
    LLMLINGS_CHECK_CLOSE(nf[1].cosine, -1.0, (tolerance{1e-7, 0.0}));
}

// ---- Bad input ---------------------------------------------------------------------------------

TEST_CASE("the vocabulary and the counts reject bad input", "[nlp][05_glove]") {
    using llmlings::invalid_argument;
    CHECK_THROWS_WITH(build_glove_vocabulary({}), contains("build_glove_vocabulary") && contains("no documents"));
    CHECK_THROWS_WITH(build_glove_vocabulary({{"a"}}, 0), contains("build_glove_vocabulary") && contains("min_count"));
    CHECK_THROWS_WITH(build_glove_vocabulary({{"a"}, {"b", ""}}),
                      contains("build_glove_vocabulary") && contains("document 1, token 1"));
    CHECK_THROWS_WITH(build_glove_vocabulary({{"a", "b"}}, 2),
                      contains("build_glove_vocabulary") && contains("min_count"));
    const glove_vocabulary v = build_glove_vocabulary({{"a", "b"}});
    CHECK_THROWS_WITH(count_cooccurrences(v, {{"a"}}, 0), contains("count_cooccurrences") && contains("window"));
    CHECK_THROWS_WITH(count_cooccurrences(v, {}), contains("count_cooccurrences") && contains("no documents"));
    CHECK_THROWS_WITH(count_cooccurrences(glove_vocabulary{}, {{"a"}}),
                      contains("count_cooccurrences") && contains("build_glove_vocabulary"));
    for (double bad : {0.0, -1.0, std::nan(""), HUGE_VAL}) {
        INFO("parameter " << bad);
        CHECK_THROWS_WITH(glove_weight(1.0, bad), contains("glove_weight") && contains("x_max"));
        CHECK_THROWS_WITH(glove_weight(1.0, 100.0, bad), contains("glove_weight") && contains("alpha"));
    }
    CHECK_THROWS_WITH(glove_weight(-0.5), contains("glove_weight") && contains("-0.5"));
}

TEST_CASE("the model and its passes reject bad input and propagate NaN", "[nlp][05_glove]") {
    using llmlings::invalid_argument;
    parameter_store<double> store;
    CHECK_THROWS_WITH(make_glove(store, "g", 0, 3), contains("make_glove"));
    CHECK_THROWS_WITH(make_glove(store, "g", 3, 0), contains("make_glove"));
    two_words<double> t;
    glove_cache<double> cache;
    CHECK_THROWS_WITH(glove_forward(t.model, {{0, 2, 1.0}}, cache),
                      contains("glove_forward") && contains("triple 0") && contains("2"));
    CHECK_THROWS_WITH(glove_forward(t.model, {{0, 1, 1.0}, {1, 1, 0.0}}, cache),
                      contains("glove_forward") && contains("triple 1"));
    CHECK_THROWS_AS(glove_forward(t.model, {{0, 1, -1.0}}, cache), invalid_argument);
    CHECK_THROWS_AS(glove_forward(t.model, {{0, 1, std::nan("")}}, cache), invalid_argument);
    CHECK_THROWS_AS(glove_forward(t.model, {{0, 1, HUGE_VAL}}, cache), invalid_argument);
    CHECK_THROWS_WITH(glove_forward(t.model, {{0, 1, 1.0}}, cache, {0.0, 0.75}), contains("glove_forward"));
    CHECK_THROWS_WITH(glove_forward(glove_model<double>{}, {{0, 1, 1.0}}, cache),
                      contains("glove_forward") && contains("make_glove"));
    // the cache of another batch
    glove_forward(t.model, {{0, 1, 1.0}}, cache);
    CHECK_THROWS_AS(glove_backward(t.model, {{0, 1, 1.0}, {1, 0, 1.0}}, cache), llmlings::shape_error);
    CHECK_THROWS_WITH(glove_backward(t.model, {{5, 1, 1.0}}, cache), contains("glove_backward"));
    // NaN in a parameter: NaN loss, no exception
    t.model.word.data()[0] = std::nan("");
    CHECK(std::isnan(glove_loss(t.model, {{0, 1, 1.0}})));
    // row 1 is unaffected: r = −2, f(1) = 10^(−3/2)
    LLMLINGS_CHECK_CLOSE(glove_loss(t.model, {{1, 0, 1.0}}), 2.0 * std::pow(10.0, -1.5), (tolerance{1e-15, 0.0}));
}

TEST_CASE("training and neighbours reject bad input", "[nlp][05_glove]") {
    using llmlings::invalid_argument;
    two_words<double> t;
    llmlings::rng gen(1);
    glove_train_options bad;
    bad.lr = -0.1;
    CHECK_THROWS_WITH(make_glove_trainer(t.model, bad), contains("make_glove_trainer") && contains("lr"));
    bad = {};
    bad.eps = 0.0;
    CHECK_THROWS_WITH(make_glove_trainer(t.model, bad), contains("make_glove_trainer") && contains("eps"));
    bad = {};
    bad.batch_size = 0;
    CHECK_THROWS_WITH(make_glove_trainer(t.model, bad), contains("make_glove_trainer") && contains("batch_size"));
    bad = {};
    bad.weighting.alpha = std::nan("");
    CHECK_THROWS_WITH(make_glove_trainer(t.model, bad), contains("make_glove_trainer") && contains("alpha"));
    CHECK_THROWS_AS(make_glove_trainer(glove_model<double>{}), invalid_argument);
    glove_trainer<double> trainer = make_glove_trainer(t.model);
    CHECK_THROWS_WITH(glove_train_epoch(trainer, {}, gen), contains("glove_train_epoch") && contains("no triples"));
    // a bad triple is found before any update
    CHECK_THROWS_WITH(glove_train_epoch(trainer, {{0, 1, 1.0}, {0, 7, 1.0}}, gen),
                      contains("glove_train_epoch") && contains("triple 1"));
    CHECK(bool(flat_values(t.model.word) == llmlings::vector{1, 2, 0, 1}));
    // a NaN parameter makes the loss NaN: numerical_error, not silent NaN vectors
    t.model.context_bias.data()[1] = std::nan("");
    CHECK_THROWS_AS(glove_train_epoch(trainer, {{0, 1, 1.0}}, gen), llmlings::numerical_error);
    // neighbours
    const matrix v = {{1, 0}, {0, 0}, {0, 1}};
    CHECK_THROWS_WITH(glove_nearest(v, 3, 1), contains("glove_nearest") && contains("3"));
    CHECK_THROWS_WITH(glove_nearest(v, 1, 1), contains("glove_nearest") && contains("zero"));
    CHECK_THROWS_WITH(glove_nearest(matrix({0, 2}), 0, 1), contains("glove_nearest"));
    const matrix with_nan = {{1, 0}, {std::nan(""), 1}};
    CHECK_THROWS_WITH(glove_nearest(with_nan, 0, 1), contains("glove_nearest") && contains("vector 1"));
    const matrix with_inf = {{1, 0}, {HUGE_VAL, 1}};
    CHECK_THROWS_AS(glove_nearest(with_inf, 0, 1), invalid_argument);
}
