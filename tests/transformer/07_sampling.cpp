// SPDX-License-Identifier: MIT
// Tests for transformer/07_sampling. Oracles: closed forms for the samplers (logits that are
// logarithms, so the probabilities are fractions: temperature, top-k, top-p and their order,
// ties, the exact top-p boundary of equal logits, the inverse CDF at its boundaries); one
// uniform01 per token, replayed from a copy of the generator; Pearson's chi-square of 20,000
// draws (stats/02's survival function, in the oracle file); PyTorch's attention for a KV cache's
// last two queries (the "cached" case of transformer/01's golden file), with NaN in the empty
// slots; the uncached forward of transformer/05 for a sequence fed in pieces; generation written
// independently in the oracle file (greedy and seeded top-k sampling from gpt_forward over the
// last P tokens), which both the cached and the uncached paths must reproduce past the block
// size; the allocation counter; the errors.
#include <llmlings/testing.hpp>
#include <llmlings/testing/allocations.hpp>  // replaces operator new: in this one file of the program

#include <llmlings/transformer/07_sampling.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <limits>
#include <type_traits>
#include <vector>

#include "oracles/07_sampling.hpp"

using llmlings::rng;
using llmlings::tensor3_of;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::transformer;
using namespace oracles;

namespace {

const double infinity = std::numeric_limits<double>::infinity();
const double not_a_number = std::numeric_limits<double>::quiet_NaN();

sampling_options options(double temperature, std::size_t top_k = 0, double top_p = 1.0) {
    sampling_options o;
    o.temperature = temperature;
    o.top_k = top_k;
    o.top_p = top_p;
    return o;
}

// Logits of type T from double literals (rounded once).
template <class T>
std::vector<T> logits_of(std::initializer_list<double> z) {
    std::vector<T> out;
    for (double x : z) out.push_back(static_cast<T>(x));
    return out;
}

// next_token_distribution of the logits, as a vector; the output starts at −1, not 0.
template <class T>
vector distribution(std::initializer_list<double> z, const sampling_options& o) {
    const std::vector<T> logits = logits_of<T>(z);
    std::vector<double> p(logits.size(), -1.0);
    next_token_distribution(logits.data(), logits.size(), o, p.data());
    return as_vector(p);
}

// ln of each number: a softmax at temperature 1 gives them back divided by their sum.
std::vector<double> logs(std::initializer_list<double> a) {
    std::vector<double> out;
    for (double x : a) out.push_back(std::log(x));
    return out;
}

vector distribution_of(const std::vector<double>& logits, const sampling_options& o) {
    std::vector<double> p(logits.size(), -1.0);
    next_token_distribution(logits.data(), logits.size(), o, p.data());
    return as_vector(p);
}

// Double: exp, a sum of ≤ 10 terms and a division, a few ulps; 1e-14 relative to the largest
// probability. Float: the logits (≤ 3 in size) rounded to float move them by ≤ 2e-7 and the
// probabilities by less; 1e-6 bounds it.
template <class T>
tolerance probability_tolerance() {
    return std::is_same<T, float>::value ? tolerance{0, 1e-6} : tolerance{0, 1e-14};
}

const tolerance exact{0, 1e-15};

generate_options generation(std::size_t new_tokens, double temperature, std::size_t top_k, bool use_cache) {
    generate_options o;
    o.max_new_tokens = new_tokens;
    o.sampling = options(temperature, top_k);
    o.use_cache = use_cache;
    return o;
}

}  // namespace

TEMPLATE_TEST_CASE("greedy_token picks the largest logit and the lowest id on ties", "[transformer][07_sampling]",
                   float, double) {
    const std::vector<TestType> z = logits_of<TestType>({1.0, 3.0, 3.0, 2.0});
    CHECK(greedy_token(z.data(), 4) == 1);
    const std::vector<TestType> last = logits_of<TestType>({-1.0, 0.5, -2.0, 0.75});
    CHECK(greedy_token(last.data(), 4) == 3);
    const std::vector<TestType> infinite = logits_of<TestType>({-infinity, 5.0, infinity, infinity});
    CHECK(greedy_token(infinite.data(), 4) == 2);
    CHECK(greedy_token(infinite.data(), 1) == 0);
    const std::vector<TestType> bad = logits_of<TestType>({1.0, 2.0, not_a_number});
    CHECK_THROWS_WITH(greedy_token(bad.data(), 3), contains("greedy_token") && contains("logit 2 is NaN"));
    CHECK_THROWS_AS(greedy_token(z.data(), 0), llmlings::invalid_argument);
}

TEMPLATE_TEST_CASE("the temperature divides the logits before the softmax", "[transformer][07_sampling]", float,
                   double) {
    const tolerance tol = probability_tolerance<TestType>();
    const double l1 = 0.0, l2 = std::log(2.0), l3 = std::log(3.0), l4 = std::log(4.0);
    // τ = 1: the numbers back; τ = 2 with doubled logits: the same; τ = ½: their squares.
    CHECK_CLOSE_AT(distribution<TestType>({l1, l2, l3, l4}, options(1.0)), vector_from({0.1, 0.2, 0.3, 0.4}), tol);
    CHECK_CLOSE_AT(distribution<TestType>({2 * l1, 2 * l2, 2 * l3, 2 * l4}, options(2.0)),
                   vector_from({0.1, 0.2, 0.3, 0.4}), tol);
    CHECK_CLOSE_AT(distribution<TestType>({l1, l2, l3, l4}, options(0.5)),
                   vector_from({1.0 / 30, 4.0 / 30, 9.0 / 30, 16.0 / 30}), tol);
    // τ = 0: all the probability on the first largest logit.
    CHECK_CLOSE_AT(distribution<TestType>({1.0, 3.0, 3.0, 2.0}, options(0.0)), vector_from({0.0, 1.0, 0.0, 0.0}),
                   exact);
    // −∞ is a token of probability 0.
    CHECK_CLOSE_AT(distribution<TestType>({-infinity, l1, l3}, options(1.0)), vector_from({0.0, 0.25, 0.75}), tol);
    // Logits of 100 overflow exp in float, and 1000 in double, unless the maximum is subtracted:
    // float rounds 100 + ln 3 to 8e-6, which moves the weights by ~1.5e-6.
    CHECK_CLOSE_AT(distribution<TestType>({100.0, 100.0 + l3}, options(1.0)), vector_from({0.25, 0.75}),
                   (tolerance{0, 1e-5}));
    CHECK_CLOSE_AT(distribution<double>({1000.0, 1000.0 + l3}, options(1.0)), vector_from({0.25, 0.75}),
                   (tolerance{0, 1e-12}));
}

TEST_CASE("top_k keeps exactly k tokens and renormalises them", "[transformer][07_sampling]") {
    CHECK_CLOSE_AT(distribution_of(logs({1, 2, 3, 4, 10}), options(1.0, 2)),
                   vector_from({0.0, 0.0, 0.0, 4.0 / 14, 10.0 / 14}), exact);
    // Three tokens tie for the largest logit: k = 2 keeps the two lower ids.
    CHECK_CLOSE_AT(distribution_of({0.0, 1.0, 1.0, 1.0, 0.0}, options(1.0, 2)), vector_from({0.0, 0.5, 0.5, 0.0, 0.0}),
                   exact);
    CHECK_CLOSE_AT(distribution_of({0.0, 2.0, 2.0}, options(1.0, 1)), vector_from({0.0, 1.0, 0.0}), exact);
    // k = V keeps everything; the temperature comes first: doubled logits at τ = 2, k = 3.
    CHECK_CLOSE_AT(distribution_of(logs({1, 2, 3, 4}), options(1.0, 4)), vector_from({0.1, 0.2, 0.3, 0.4}),
                   (tolerance{0, 1e-15}));
    const std::vector<double> l = logs({1, 2, 3, 4});
    CHECK_CLOSE_AT(distribution_of({2 * l[0], 2 * l[1], 2 * l[2], 2 * l[3]}, options(2.0, 3)),
                   vector_from({0.0, 2.0 / 9, 3.0 / 9, 4.0 / 9}), (tolerance{0, 1e-15}));
}

TEST_CASE("top_p keeps the shortest prefix that reaches p and the token that crosses it",
          "[transformer][07_sampling]") {
    // Probabilities 8/16, 4/16, 2/16, 1/16, 1/16. p = 0.6: 0.5 < 0.6 keeps the second token, whose
    // 0.75 crosses p. p = 0.9: 0.875 < 0.9 keeps a fourth, the lower id of the two 1/16.
    const std::vector<double> z = logs({8, 4, 2, 1, 1});
    CHECK_CLOSE_AT(distribution_of(z, options(1.0, 0, 0.6)), vector_from({2.0 / 3, 1.0 / 3, 0.0, 0.0, 0.0}), exact);
    CHECK_CLOSE_AT(distribution_of(z, options(1.0, 0, 0.9)), vector_from({8.0 / 15, 4.0 / 15, 2.0 / 15, 1.0 / 15, 0.0}),
                   exact);
    CHECK_CLOSE_AT(distribution_of(z, options(1.0, 0, 0.3)), vector_from({1.0, 0.0, 0.0, 0.0, 0.0}), exact);
    CHECK_CLOSE_AT(distribution_of(z, options(1.0, 0, 1e-9)), vector_from({1.0, 0.0, 0.0, 0.0, 0.0}), exact);
    // The order is by probability, not by id.
    CHECK_CLOSE_AT(distribution_of(logs({1, 8, 4, 2, 1}), options(1.0, 0, 0.6)),
                   vector_from({0.0, 2.0 / 3, 1.0 / 3, 0.0, 0.0}), exact);
    // Equal logits give exactly ¼ each: at p = ½ the cumulative ¼ + ¼ reaches p, so two are kept.
    CHECK_CLOSE_AT(distribution_of({0.0, 0.0, 0.0, 0.0}, options(1.0, 0, 0.5)), vector_from({0.5, 0.5, 0.0, 0.0}),
                   exact);
    // After top-k (k = 3) the kept 8/14, 4/14, 2/14 are renormalised first: 8/14 = 0.571 reaches
    // p = 0.55 alone (the unrenormalised 0.5 would not).
    CHECK_CLOSE_AT(distribution_of(z, options(1.0, 3, 0.55)), vector_from({1.0, 0.0, 0.0, 0.0, 0.0}), exact);
    CHECK_CLOSE_AT(distribution_of(z, options(1.0, 3, 0.6)), vector_from({2.0 / 3, 1.0 / 3, 0.0, 0.0, 0.0}), exact);
}

TEST_CASE("sample_from inverts the cumulative distribution and never returns a token of probability zero",
          "[transformer][07_sampling]") {
    const double p[5] = {0.0, 0.25, 0.0, 0.5, 0.25};
    CHECK(sample_from(p, 5, 0.0) == 1);
    CHECK(sample_from(p, 5, 0.2499) == 1);
    CHECK(sample_from(p, 5, 0.25) == 3);  // the cumulative 0.25 is not > 0.25
    CHECK(sample_from(p, 5, 0.7499) == 3);
    CHECK(sample_from(p, 5, 0.75) == 4);
    CHECK(sample_from(p, 5, 0.9999) == 4);
    const double halves[2] = {0.5, 0.5};
    CHECK(sample_from(halves, 2, 0.5) == 1);
    // 0.3 + 0.3 + 0.3 rounds to 0.8999…: u = 0.95 falls past the end, and the last token of
    // positive probability comes out, not token 3 of probability 0.
    const double short_sum[4] = {0.3, 0.3, 0.3, 0.0};
    CHECK(sample_from(short_sum, 4, 0.95) == 2);
    CHECK_THROWS_WITH(sample_from(p, 5, 1.0), contains("sample_from") && contains("[0, 1)"));
    CHECK_THROWS_AS(sample_from(p, 5, -0.1), llmlings::invalid_argument);
    CHECK_THROWS_AS(sample_from(p, 5, not_a_number), llmlings::invalid_argument);
    const double zeros[3] = {0.0, 0.0, 0.0};
    CHECK_THROWS_WITH(sample_from(zeros, 3, 0.5), contains("sample_from") && contains("all 0"));
    const double negative[2] = {1.5, -0.5};
    CHECK_THROWS_AS(sample_from(negative, 2, 0.5), llmlings::invalid_argument);
}

TEST_CASE("sample_token draws one uniform number per token and temperature zero draws none",
          "[transformer][07_sampling]") {
    const std::vector<double> z = logs({1, 2, 3, 4, 10});
    const sampling_options o = options(1.0, 4);
    std::vector<double> p(5), scratch;
    next_token_distribution(z.data(), 5, o, p.data());
    rng gen(42), replay(42);
    std::size_t seen = 0;
    for (int i = 0; i < 50; ++i) {
        const std::size_t token = sample_token(z.data(), 5, o, scratch, gen);
        CHECK(token == sample_from(p.data(), 5, llmlings::uniform01(replay)));
        seen |= std::size_t(1) << token;
    }
    CHECK(seen == 0x1e);  // tokens 1 to 4 drawn, token 0 (cut by top-k) never
    CHECK(scratch.size() == 5);
    CHECK_CLOSE_AT(as_vector(scratch), as_vector(p), exact);
    const rng before = gen;
    CHECK(sample_token(z.data(), 5, options(0.0), scratch, gen) == 4);
    CHECK(gen == before);
}

TEST_CASE("sampled frequencies match the distribution by a chi-square test", "[transformer][07_sampling]") {
    // Doubled logits of ln(1, 2, 3, 4, 10) at τ = 2, top-k 4: (0, 2, 3, 4, 10)/19. 20,000 draws
    // with a fixed seed; a correct sampler passes Pearson's test at the 0.1 % level (and, the seed
    // being fixed, always the same way); a wrong temperature or cut fails it by far.
    const std::vector<double> l = logs({1, 2, 3, 4, 10});
    const std::vector<double> z = {2 * l[0], 2 * l[1], 2 * l[2], 2 * l[3], 2 * l[4]};
    rng gen(2024);
    std::vector<double> scratch;
    std::vector<std::size_t> counts(5, 0);
    for (int i = 0; i < 20000; ++i) ++counts[sample_token(z.data(), 5, options(2.0, 4), scratch, gen)];
    CHECK(counts[0] == 0);
    const double p_value = chi_square_p_value(counts, {0.0, 2.0 / 19, 3.0 / 19, 4.0 / 19, 10.0 / 19});
    INFO("counts " << counts[0] << " " << counts[1] << " " << counts[2] << " " << counts[3] << " " << counts[4]);
    CHECK(p_value > 0.001);
}

TEST_CASE("bad options and logits throw errors that name the function and the value", "[transformer][07_sampling]") {
    const std::vector<double> z = logs({1, 2, 3, 4, 10});
    std::vector<double> p(5);
    CHECK_THROWS_WITH(
        next_token_distribution(z.data(), 5, options(-1.0), p.data()),
        contains("next_token_distribution") && contains("sampling_options.temperature") && contains("-1"));
    CHECK_THROWS_AS(next_token_distribution(z.data(), 5, options(not_a_number), p.data()), llmlings::invalid_argument);
    CHECK_THROWS_AS(next_token_distribution(z.data(), 5, options(infinity), p.data()), llmlings::invalid_argument);
    CHECK_THROWS_WITH(next_token_distribution(z.data(), 5, options(1.0, 0, 0.0), p.data()),
                      contains("sampling_options.top_p") && contains("got 0"));
    CHECK_THROWS_AS(next_token_distribution(z.data(), 5, options(1.0, 0, 1.5), p.data()), llmlings::invalid_argument);
    CHECK_THROWS_AS(next_token_distribution(z.data(), 5, options(1.0, 0, not_a_number), p.data()),
                    llmlings::invalid_argument);
    CHECK_THROWS_WITH(next_token_distribution(z.data(), 5, options(1.0, 6), p.data()),
                      contains("sampling_options.top_k = 6"));
    const std::vector<double> with_nan = {0.0, not_a_number}, with_inf = {0.0, infinity},
                              all_minus = {-infinity, -infinity};
    CHECK_THROWS_WITH(next_token_distribution(with_nan.data(), 2, options(1.0), p.data()), contains("logit 1 is NaN"));
    CHECK_THROWS_AS(next_token_distribution(with_inf.data(), 2, options(1.0), p.data()), llmlings::invalid_argument);
    CHECK_THROWS_AS(next_token_distribution(all_minus.data(), 2, options(1.0), p.data()), llmlings::invalid_argument);
    CHECK_THROWS_AS(next_token_distribution(z.data(), 0, options(1.0), p.data()), llmlings::invalid_argument);
    // sample_token checks the options even when the temperature makes it greedy.
    rng gen(1);
    CHECK_THROWS_WITH(sample_token(z.data(), 5, options(0.0, 0, 0.0), p, gen),
                      contains("sample_token") && contains("top_p"));
    CHECK_THROWS_WITH(sample_token(with_nan.data(), 2, options(1.0), p, gen),
                      contains("sample_token") && contains("logit 1 is NaN"));
    CHECK_THROWS_WITH(sample_token(with_nan.data(), 2, options(0.0), p, gen),
                      contains("sample_token") && contains("is NaN"));
}

TEMPLATE_TEST_CASE("cached_attention matches PyTorch for the last queries and never reads empty slots",
                   "[transformer][07_sampling]", float, double) {
    // PyTorch's causal attention of positions 4 and 5 over keys 0…5, with the keys and values in
    // a cache of P = 8 slots whose last two hold NaN. Tolerances as transformer/01's: double, sums
    // of ≤ 6 terms in another order; float, inputs ≤ 5 rounded to float move scores ≤ 10 and the
    // outputs by a few 1e-6.
    const bool is_float = std::is_same<TestType, float>::value;
    const tolerance tol = is_float ? tolerance{1e-4, 3e-5} : tolerance{1e-11, 1e-12};
    const cached_attention_golden& g = load_cached_attention_golden();
    const tensor3_of<TestType> q = rounded<TestType>(g.q);
    const tensor3_of<TestType> keys = rounded<TestType>(with_slots(g.k, 8, not_a_number));
    const tensor3_of<TestType> values = rounded<TestType>(with_slots(g.v, 8, not_a_number));
    tensor3_of<TestType> out = filled<TestType>(2, 2, 3, 7.0), weights = filled<TestType>(2, 2, 8, 7.0);
    cached_attention(input_view3(q), input_view3(keys), input_view3(values), 4, output_view3(out),
                     output_view3(weights));
    CHECK_CLOSE_AT(to_double(out), g.out, tol);
    CHECK_CLOSE_AT(to_double(weights), with_columns(g.weights, 8, 0.0), tol);
    // From start 0 a single query sees slot 0 alone: its output is that value.
    const tensor3_of<TestType> first =
        rounded<TestType>(tensor3_from({{{1.0, 2.0, 3.0, 4.0}}, {{0.5, 0.0, 0.0, 1.0}}}));
    tensor3_of<TestType> out1 = filled<TestType>(2, 1, 3, 7.0), weights1 = filled<TestType>(2, 1, 8, 7.0);
    cached_attention(input_view3(first), input_view3(keys), input_view3(values), 0, output_view3(out1),
                     output_view3(weights1));
    CHECK(element(to_double(out1), 1, 0, 2) == element(to_double(values), 1, 0, 2));
    CHECK(element(to_double(weights1), 0, 0, 0) == 1.0);
    CHECK(element(to_double(weights1), 0, 0, 1) == 0.0);
    CHECK_THROWS_WITH(cached_attention(input_view3(q), input_view3(keys), input_view3(values), 7, output_view3(out),
                                       output_view3(weights)),
                      contains("cached_attention") && contains("7 + 2"));
}

TEST_CASE("append_keys_values writes each head's key and value into its slot", "[transformer][07_sampling]") {
    // B = 2, T_new = 2, H = 2, d = 2 (C = 4): qkv(b, t, j) = 100 b + 10 t + j, written at start 1
    // of a cache of 4 slots holding −1.
    tensor3 qkv = filled<double>(2, 2, 12, 0.0);
    for (std::size_t b = 0; b < 2; ++b)
        for (std::size_t t = 0; t < 2; ++t)
            for (std::size_t j = 0; j < 12; ++j) set_element(qkv, b, t, j, 100.0 * b + 10.0 * t + j);
    tensor3 keys = filled<double>(4, 4, 2, -1.0), values = filled<double>(4, 4, 2, -1.0);
    append_keys_values(input_view3(qkv), 2, 1, output_view3(keys), output_view3(values));
    for (std::size_t b = 0; b < 2; ++b)
        for (std::size_t h = 0; h < 2; ++h)
            for (std::size_t t = 0; t < 2; ++t)
                for (std::size_t j = 0; j < 2; ++j) {
                    INFO("b " << b << " h " << h << " t " << t << " j " << j);
                    CHECK(element(keys, b * 2 + h, 1 + t, j) == 100.0 * b + 10.0 * t + 4 + 2 * h + j);
                    CHECK(element(values, b * 2 + h, 1 + t, j) == 100.0 * b + 10.0 * t + 8 + 2 * h + j);
                    CHECK(element(keys, b * 2 + h, 3 * t, j) == -1.0);  // slots 0 and 3 untouched
                }
    CHECK_THROWS_WITH(append_keys_values(input_view3(qkv), 2, 3, output_view3(keys), output_view3(values)),
                      contains("append_keys_values") && contains("3 + 2"));
    CHECK_THROWS_AS(append_keys_values(input_view3(qkv), 3, 0, output_view3(keys), output_view3(values)),
                    llmlings::shape_error);
}

TEMPLATE_TEST_CASE("cached logits of a sequence fed in pieces equal the uncached forward", "[transformer][07_sampling]",
                   float, double) {
    // Double: the same sums in other blockings, 1e-12. Float: the two passes round differently
    // (other product shapes, other orders of the sums) through 2 blocks and 5 norms; the logits are
    // below 2 in size and agree to ~5e-7 (2⁻²⁴ ≈ 6e-8 per rounding, a few dozen roundings deep):
    // 1e-5 leaves a margin of 20 and still fails a wrong position, mask or scale by orders.
    const bool is_float = std::is_same<TestType, float>::value;
    const tolerance tol = is_float ? tolerance{1e-5, 1e-5} : tolerance{1e-11, 1e-12};
    const gpt_model<TestType> model = small_gpt<TestType>(3);
    const id_matrix ids = ids_from({{1, 5, 2, 9, 3, 3, 0, 10}, {4, 4, 7, 1, 8, 2, 6, 5}});
    const matrix full = full_logits(model, ids);
    kv_cache<TestType> cache;
    gpt_workspace<TestType> ws;
    reset_cache(model, 2, cache);
    std::size_t start = 0;
    for (std::size_t piece : {1, 3, 1, 2, 1}) {
        INFO("positions " << start << " to " << start + piece - 1);
        const auto& logits = gpt_forward_cached(model, columns_of(ids, start, piece), cache, ws);
        CHECK_CLOSE_AT(to_double(logits), positions_of(full, 2, 8, start, piece), tol);
        start += piece;
        CHECK(cache.length == start);
        // Only the new positions went through the blocks.
        CHECK(ws.embedded.shape()[0] == 2);
        CHECK(ws.embedded.shape()[1] == piece);
    }
}

TEST_CASE("reset_cache sizes the cache and the cached forward checks the batch and the room",
          "[transformer][07_sampling]") {
    const gpt_model<double> model = small_gpt<double>(3);
    kv_cache<double> cache;
    gpt_workspace<double> ws;
    reset_cache(model, 2, cache);
    // L = 2 blocks of (B·H, P, C/H) = (4, 8, 4): 2·L·B·P·C = 512 numbers in all.
    CHECK(cache.keys.size() == 2);
    CHECK(cache.values.size() == 2);
    CHECK(cache.keys[1].shape()[0] == 4);
    CHECK(cache.keys[1].shape()[1] == 8);
    CHECK(cache.values[0].shape()[2] == 4);
    CHECK(cache.length == 0);
    gpt_forward_cached(model, ids_from({{1, 2, 3, 4, 5, 6}, {6, 5, 4, 3, 2, 1}}), cache, ws);
    CHECK(cache.length == 6);
    CHECK_THROWS_WITH(gpt_forward_cached(model, ids_from({{1, 2, 3}, {4, 5, 6}}), cache, ws),
                      contains("gpt_forward_cached") && contains("6 cached + 3 new positions exceed block_size 8"));
    CHECK_THROWS_WITH(gpt_forward_cached(model, ids_from({{1}, {2}, {3}}), cache, ws),
                      contains("gpt_forward_cached") && contains("holds 2 sequences, ids have 3"));
    CHECK_THROWS_WITH(gpt_forward_cached(model, ids_from({{1}, {11}}), cache, ws), contains("token id 11"));
    gpt_forward_cached(model, ids_from({{1, 2}, {3, 4}}), cache, ws);
    CHECK(cache.length == 8);
    CHECK_THROWS_AS(gpt_forward_cached(model, ids_from({{1}, {2}}), cache, ws), llmlings::shape_error);
    // A reset empties the cache and keeps its memory.
    const std::size_t before = llmlings::testing::allocation_count();
    reset_cache(model, 2, cache);
    CHECK(llmlings::testing::allocation_count() == before);
    CHECK(cache.length == 0);
    kv_cache<double> fresh;
    CHECK_THROWS_WITH(gpt_forward_cached(model, ids_from({{1}, {2}}), fresh, ws), contains("reset_cache"));
    CHECK_THROWS_AS(reset_cache(model, 0, fresh), llmlings::invalid_argument);
}

TEMPLATE_TEST_CASE("greedy generation is the same with and without the cache past the block size",
                   "[transformer][07_sampling]", float, double) {
    // A prompt of 5 tokens and 12 new ones with P = 8: from the fourth new token on, the window
    // slides and the cache is rebuilt. Both paths must give the oracle's ids (its own greedy loop
    // over gpt_forward of the last P tokens). Float: the two paths' logits differ by ~1e-6, far
    // less than the gaps between the largest logits of this model (a fixed seed: checked once).
    const gpt_model<TestType> model = small_gpt<TestType>(7);
    const id_matrix prompt = ids_from({{3, 1, 4, 1, 5}, {9, 2, 6, 5, 3}});
    rng gen(1);
    const id_matrix cached = generate(model, prompt, generation(12, 0.0, 0, true), gen);
    const id_matrix uncached = generate(model, prompt, generation(12, 0.0, 0, false), gen);
    const id_matrix expected = greedy_by_full_forward(model, prompt, 12);
    INFO("expected " << ids_text(expected) << "\ncached   " << ids_text(cached) << "\nuncached " << ids_text(uncached));
    CHECK(same_ids(uncached, expected));
    CHECK(same_ids(cached, expected));
    CHECK(id_at(cached, 1, 4) == 3);  // the prompt comes first
    // A prompt longer than the block size: only its last 8 tokens are read.
    const id_matrix long_prompt = ids_from({{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}});
    const id_matrix long_expected = greedy_by_full_forward(model, long_prompt, 3);
    CHECK(same_ids(generate(model, long_prompt, generation(3, 0.0, 0, true), gen), long_expected));
    CHECK(same_ids(generate(model, long_prompt, generation(3, 0.0, 0, false), gen), long_expected));
}

TEMPLATE_TEST_CASE("seeded sampling is the same with and without the cache", "[transformer][07_sampling]", float,
                   double) {
    // Temperature 1, top-k 3, seed 11: one uniform number per sequence and step, sequence 0 first.
    // The oracle samples the same way from gpt_forward of the last P tokens.
    const gpt_model<TestType> model = small_gpt<TestType>(7);
    const id_matrix prompt = ids_from({{3, 1, 4}, {2, 7, 1}});
    rng first(11), second(11);
    const id_matrix cached = generate(model, prompt, generation(12, 1.0, 3, true), first);
    const id_matrix uncached = generate(model, prompt, generation(12, 1.0, 3, false), second);
    const id_matrix expected = sampled_by_full_forward(model, prompt, 12, 1.0, 3, 11);
    INFO("expected " << ids_text(expected) << "\ncached   " << ids_text(cached) << "\nuncached " << ids_text(uncached));
    CHECK(same_ids(cached, expected));
    CHECK(same_ids(uncached, expected));
    CHECK(first == second);  // both drew 24 numbers
}

TEMPLATE_TEST_CASE("a stop token ends a sequence and generation ends when all have stopped",
                   "[transformer][07_sampling]", float, double) {
    // The stop token is the oracle's greedy id at new position 3 of sequence 0 (its first
    // occurrence f there ends that sequence); sequence 1 stops where it first draws it, or never.
    const gpt_model<TestType> model = small_gpt<TestType>(7);
    const id_matrix prompt = ids_from({{3, 1, 4}, {2, 7, 1}});
    const std::size_t T0 = 3, n = 10;
    const id_matrix expected = greedy_by_full_forward(model, prompt, n);
    const std::size_t stop = id_at(expected, 0, T0 + 3);
    std::size_t last = 0;  // the step at which the later sequence stops (n: one never does)
    std::vector<std::size_t> first(2, n);
    for (std::size_t b = 0; b < 2; ++b) {
        for (std::size_t j = 0; j < n && first[b] == n; ++j)
            if (id_at(expected, b, T0 + j) == stop) first[b] = j;
        last = std::max(last, first[b]);
    }
    const std::size_t width = last == n ? T0 + n : T0 + last + 1;
    for (bool cached : {true, false}) {
        generate_options o = generation(n, 0.0, 0, cached);
        o.stop_token = stop;
        rng gen(1);
        const id_matrix out = generate(model, prompt, o, gen);
        CAPTURE(cached, stop, first[0], first[1], ids_text(expected), ids_text(out));
        REQUIRE(out.shape()[1] == width);
        for (std::size_t b = 0; b < 2; ++b)
            for (std::size_t t = 0; t < width; ++t)
                CHECK(id_at(out, b, t) == (t > T0 + first[b] ? stop : id_at(expected, b, t)));
    }
    // one sequence alone stops right after its stop token
    generate_options o = generation(n, 0.0, 0, true);
    o.stop_token = stop;
    rng gen(1);
    const id_matrix alone = generate(model, ids_from({{3, 1, 4}}), o, gen);
    CHECK(alone.shape()[1] == T0 + first[0] + 1);
    CHECK(id_at(alone, 0, T0 + first[0]) == stop);
    // a stop token that is not an id
    o.stop_token = 11;
    CHECK_THROWS_WITH(generate(model, prompt, o, gen), contains("stop_token 11"));
}

TEMPLATE_TEST_CASE("a second one-token step of the same shape allocates nothing", "[transformer][07_sampling]", float,
                   double) {
    const gpt_model<TestType> model = small_gpt<TestType>(3);
    kv_cache<TestType> cache;
    gpt_workspace<TestType> ws;
    const id_matrix prompt = ids_from({{1, 2, 3}, {4, 5, 6}}), next = ids_from({{7}, {8}});
    reset_cache(model, 2, cache);
    gpt_forward_cached(model, prompt, cache, ws);
    gpt_forward_cached(model, next, cache, ws);
    const std::size_t before = llmlings::testing::allocation_count();
    const auto& logits = gpt_forward_cached(model, next, cache, ws);
    CHECK(llmlings::testing::allocation_count() == before);
    CHECK(max_abs(logits) > 0.0);
    CHECK(cache.length == 5);
}

TEST_CASE("generate checks the prompt and the options", "[transformer][07_sampling]") {
    const gpt_model<double> model = small_gpt<double>(3);
    rng gen(1);
    const id_matrix prompt = ids_from({{1, 2}, {3, 4}});
    const id_matrix same = generate(model, prompt, generation(0, 1.0, 0, true), gen);
    CHECK(same_ids(same, prompt));
    CHECK_THROWS_WITH(generate(model, ids_from({{1, 11}}), generation(2, 1.0, 0, true), gen),
                      contains("generate") && contains("token id 11 at (0,1)"));
    CHECK_THROWS_AS(generate(model, ids_from({{}, {}}), generation(2, 1.0, 0, true), gen), llmlings::shape_error);
    CHECK_THROWS_WITH(generate(model, prompt, generation(2, 1.0, 12, false), gen),
                      contains("generate") && contains("top_k = 12"));
    generate_options bad = generation(2, 1.0, 0, true);
    bad.sampling.top_p = 0.0;
    CHECK_THROWS_WITH(generate(model, prompt, bad, gen), contains("generate") && contains("top_p"));
    const gpt_model<double> unbuilt;
    CHECK_THROWS_WITH(generate(unbuilt, prompt, generation(2, 1.0, 0, true), gen), contains("not built"));
}
