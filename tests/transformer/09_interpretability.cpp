// SPDX-License-Identifier: MIT
// Tests for transformer/09_interpretability. Oracles: PyTorch's attention weights of
// transformer/05's tiny GPT (tools/golden/transformer_interpretability.py: every block, head and
// sequence), their mean over the heads and NumPy's rollouts for residual 0.5 and 0; closed forms
// for a model whose scores are all 0 (uniform causal rows 1/(i+1), entropy the mean of ln(i+1),
// offset scores the means of 1/(i+1)); properties of the rollout (rows sum to 1, causal, residual 1
// is the identity, one block is (1 − r)·mean + r·I, written in the oracle file); hand-worked maps
// and byte labels; the heatmap's .dat and .gp; the errors.
#include <llmlings/testing.hpp>

#include <llmlings/transformer/09_interpretability.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "oracles/09_interpretability.hpp"

using llmlings::testing::Approx;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::transformer;
using namespace oracles;

namespace {

// Float: the weights are softmax outputs in [0, 1] after two blocks of float arithmetic on
// activations of a few units (scores |s| < 5), so each carries a few float roundings of the
// scores, ~1e-7 to 1e-6; 2e-6 absolute with margin (the largest error seen is 1.04e-7), and the
// rollout, a product of two such 6 x 6 averages, the same. Double: summation orders only (4e-16
// seen), 1e-12.
template <class T>
tolerance weights_tolerance() {
    return std::is_same<T, float>::value ? tolerance{0, 2e-6} : tolerance{0, 1e-12};
}

// Sums of rows of probabilities: float rounding of T ≤ 8 terms near 1.
template <class T>
tolerance sum_tolerance() {
    return std::is_same<T, float>::value ? tolerance{0, 1e-6} : tolerance{0, 1e-13};
}

}  // namespace

TEMPLATE_TEST_CASE("attention maps match PyTorch's for every block head and sequence",
                   "[transformer][09_interpretability]", float, double) {
    const interpretability_golden& g = load_interpretability_golden();
    const auto run = golden_run<TestType>();
    const auto& model = run->model;
    const auto& ws = run->ws;
    for (std::size_t l = 0; l < 2; ++l)
        for (std::size_t b = 0; b < 2; ++b)
            for (std::size_t h = 0; h < 2; ++h) {
                INFO("block " << l << ", sequence " << b << ", head " << h);
                CHECK_CLOSE_AT(attention_map(model, ws, l, b, h), g.map(l, b, h), weights_tolerance<TestType>());
            }
}

TEMPLATE_TEST_CASE("head averages match PyTorch's mean over the heads", "[transformer][09_interpretability]", float,
                   double) {
    const interpretability_golden& g = load_interpretability_golden();
    const auto run = golden_run<TestType>();
    const auto& model = run->model;
    const auto& ws = run->ws;
    for (std::size_t l = 0; l < 2; ++l)
        for (std::size_t b = 0; b < 2; ++b) {
            INFO("block " << l << ", sequence " << b);
            CHECK_CLOSE_AT(head_average(model, ws, l, b), g.average(l, b), weights_tolerance<TestType>());
        }
}

TEMPLATE_TEST_CASE("the rollout matches NumPy's product for residual one half and zero",
                   "[transformer][09_interpretability]", float, double) {
    const interpretability_golden& g = load_interpretability_golden();
    const auto run = golden_run<TestType>();
    const auto& model = run->model;
    const auto& ws = run->ws;
    for (std::size_t b = 0; b < 2; ++b) {
        INFO("sequence " << b);
        CHECK_CLOSE_AT(attention_rollout(model, ws, b), interpretability_golden::sequence_of(g.rollout_half, b),
                       weights_tolerance<TestType>());  // the default residual is 0.5
        CHECK_CLOSE_AT(attention_rollout(model, ws, b, 0.0), interpretability_golden::sequence_of(g.rollout_zero, b),
                       weights_tolerance<TestType>());
    }
}

TEMPLATE_TEST_CASE("attention with zero scores gives the closed forms", "[transformer][09_interpretability]", float,
                   double) {
    const auto run = seeded_run<TestType>(2, 91, true);
    const auto& model = run->model;
    const auto& ws = run->ws;
    const matrix uniform = uniform_causal(5);
    // Rows 1/(i+1), rounded to T once by the softmax (float: 6e-8 relative); the entropy, the scores
    // and the rollout add up a few such roundings: 1e-6 in float.
    const bool is_float = std::is_same<TestType, float>::value;
    const tolerance tol = is_float ? tolerance{0, 1e-7} : tolerance{0, 1e-15};
    const tolerance sums = is_float ? tolerance{0, 1e-6} : tolerance{0, 1e-14};
    CHECK_CLOSE_AT(attention_map(model, ws, 1, 1, 0), uniform, tol);
    CHECK_CLOSE_AT(head_average(model, ws, 0, 1), uniform, tol);
    const double entropy = (std::log(1.0) + std::log(2.0) + std::log(3.0) + std::log(4.0) + std::log(5.0)) / 5.0;
    CHECK_CLOSE_AT(vector_from({attention_entropy(attention_map(model, ws, 0, 0, 1))}), vector_from({entropy}), sums);
    const double previous = (1.0 / 2 + 1.0 / 3 + 1.0 / 4 + 1.0 / 5) / 4.0, self = (1.0 + 4 * previous) / 5.0;
    CHECK_CLOSE_AT(vector_from({offset_score(attention_map(model, ws, 1, 0, 1), 1),
                                offset_score(attention_map(model, ws, 1, 0, 1), 0)}),
                   vector_from({previous, self}), sums);
    const matrix rollout = attention_rollout(model, ws, 0);
    CHECK_CLOSE_AT(rollout, rollout_of({uniform, uniform}, 0.5), sums);
    CHECK_CLOSE_AT(row_sums(rollout), filled(5, 1.0), sum_tolerance<TestType>());
    CHECK(max_above_diagonal(rollout) == 0.0);
}

TEMPLATE_TEST_CASE("the rollout is row-stochastic and causal and residual one is the identity",
                   "[transformer][09_interpretability]", float, double) {
    const auto run = seeded_run<TestType>(3, 17, false);
    const auto& model = run->model;
    const auto& ws = run->ws;
    for (std::size_t b = 0; b < 2; ++b) {
        INFO("sequence " << b);
        for (double r : {0.0, 0.25, 0.5}) {
            INFO("residual " << r);
            const matrix rollout = attention_rollout(model, ws, b, r);
            CHECK_CLOSE_AT(row_sums(rollout), filled(5, 1.0), sum_tolerance<TestType>());
            CHECK(max_above_diagonal(rollout) == 0.0);
            std::vector<matrix> averages;
            for (std::size_t l = 0; l < 3; ++l) averages.push_back(mean_of_heads(weights_of(ws, l), b, 2));
            CHECK_CLOSE_AT(rollout, rollout_of(averages, r), (tolerance{0, 1e-13}));  // the same numbers, in double
        }
        CHECK_CLOSE_AT(attention_rollout(model, ws, b, 1.0), identity(5), (tolerance{0, 0}));
    }
}

TEMPLATE_TEST_CASE("a one-block rollout is the head average mixed with the identity",
                   "[transformer][09_interpretability]", float, double) {
    const auto run = seeded_run<TestType>(1, 5, false);
    const auto& model = run->model;
    const auto& ws = run->ws;
    const matrix average = mean_of_heads(weights_of(ws, 0), 1, 2);
    CHECK_CLOSE_AT(attention_rollout(model, ws, 1, 0.3), plus(scaled(0.7, average), scaled(0.3, identity(5))),
                   (tolerance{0, 1e-15}));
    CHECK_CLOSE_AT(attention_rollout(model, ws, 1, 0.0), average, (tolerance{0, 1e-15}));
}

TEST_CASE("entropy and offset scores of hand-worked maps", "[transformer][09_interpretability]") {
    const matrix two = matrix_from({{1, 0}, {0.5, 0.5}});
    CHECK(attention_entropy(two) == Approx(std::log(2.0) / 2).epsilon(1e-15));
    // Each query reads the token before it (query 0 itself): a previous-token head.
    const matrix previous = matrix_from({{1, 0, 0}, {1, 0, 0}, {0, 1, 0}});
    CHECK(attention_entropy(previous) == 0.0);
    CHECK(offset_score(previous, 1) == 1.0);
    CHECK(offset_score(previous, 0) == Approx(1.0 / 3).epsilon(1e-15));
    CHECK(offset_score(previous, 2) == 0.0);
    const matrix skewed = matrix_from({{1, 0, 0}, {0.25, 0.75, 0}, {0.5, 0.125, 0.375}});
    // offset 1: rows 1 and 2, a(1, 0) = 0.25 and a(2, 1) = 0.125; offset 2: a(2, 0) = 0.5.
    CHECK(offset_score(skewed, 1) == Approx(0.1875).epsilon(1e-15));
    CHECK(offset_score(skewed, 2) == 0.5);
    const double h1 = -(0.25 * std::log(0.25) + 0.75 * std::log(0.75));
    const double h2 = -(0.5 * std::log(0.5) + 0.125 * std::log(0.125) + 0.375 * std::log(0.375));
    CHECK(attention_entropy(skewed) == Approx((h1 + h2) / 3).epsilon(1e-15));
    // Arithmetic on data: NaN in, NaN out.
    const matrix with_nan = matrix_from({{1, 0}, {std::numeric_limits<double>::quiet_NaN(), 0.5}});
    CHECK(std::isnan(attention_entropy(with_nan)));
    CHECK(std::isnan(offset_score(with_nan, 1)));
}

TEST_CASE("byte labels show printable bytes spaces line breaks and the rest in hex",
          "[transformer][09_interpretability]") {
    const id_matrix ids = ids_from({{'a', ' ', 'b', '\n', 1, '\\'}, {'~', '!', 127, 255, '\t', '\''}});
    CHECK(byte_labels(ids, 0) == std::vector<std::string>{"a", "\u2423", "b", "\\n", "\\x01", "\\"});
    CHECK(byte_labels(ids, 1) == std::vector<std::string>{"~", "!", "\\x7f", "\\xff", "\\x09", "'"});
}

TEST_CASE("draw attention writes the map and the tokens", "[transformer][09_interpretability]") {
    const scratch_files dir("transformer09");
    llmlings::plot::options o;
    o.run_gnuplot = false;
    const std::string png = dir.file("attention.png");
    CHECK(draw_attention(png, matrix_from({{1, 0}, {0.25, 0.75}}), {"a", "\u2423"}, o) == png);
    CHECK(read_text(dir.file("attention.dat")) == "# 2 rows x 2 columns\n1 0\n0.25 0.75\n");
    const std::string script = read_text(dir.file("attention.gp"));
    CHECK_THAT(script, contains("set xtics ('a' 0, '\u2423' 1)\n"));  // the keys across
    CHECK_THAT(script, contains("set ytics ('a' 0, '\u2423' 1)\n"));  // the queries down
    CHECK_THAT(script,
               contains("set title 'attention'") && contains("set xlabel 'key") && contains("set ylabel 'query"));
    // A real map: its numbers, to the 10 digits the .dat keeps; the caller's title kept.
    const interpretability_golden& g = load_interpretability_golden();
    o.title = "block 1, head 0";
    draw_attention(png, g.map(1, 0, 0), byte_labels(g.ids, 0), o);
    CHECK_CLOSE_AT(heatmap_numbers(dir.file("attention.dat")), g.map(1, 0, 0), (tolerance{1e-9, 1e-12}));
    CHECK_THAT(read_text(dir.file("attention.gp")), contains("set title 'block 1, head 0'"));
}

TEST_CASE("bad indices workspaces residuals maps and labels are rejected", "[transformer][09_interpretability]") {
    const auto empty = seeded_run<double>(2, 3, false, false);  // no gpt_forward yet
    const auto& model = empty->model;
    CHECK_THROWS_WITH(attention_map(model, empty->ws, 0, 0, 0),
                      contains("attention_map") && contains("gpt_forward first"));
    CHECK_THROWS_AS(head_average(model, empty->ws, 0, 0), llmlings::shape_error);
    CHECK_THROWS_AS(attention_rollout(model, empty->ws, 0), llmlings::shape_error);
    const auto run = seeded_run<double>(2, 3, false);  // the same model, after gpt_forward
    auto& ws = run->ws;
    CHECK_THROWS_WITH(attention_map(model, ws, 2, 0, 0),
                      contains("attention_map") && contains("layer 2") && contains("< 2"));
    CHECK_THROWS_WITH(attention_map(model, ws, 0, 2, 0), contains("sequence 2") && contains("< 2"));
    CHECK_THROWS_WITH(attention_map(model, ws, 0, 0, 2), contains("head 2") && contains("< 2"));
    CHECK_THROWS_WITH(head_average(model, ws, 2, 0), contains("head_average") && contains("layer 2"));
    CHECK_THROWS_WITH(head_average(model, ws, 0, 2), contains("head_average") && contains("sequence 2"));
    CHECK_THROWS_WITH(attention_rollout(model, ws, 2), contains("attention_rollout") && contains("sequence 2"));
    CHECK_THROWS_WITH(attention_rollout(model, ws, 0, -0.1), contains("attention_rollout") && contains("[0, 1]"));
    CHECK_THROWS_AS(attention_rollout(model, ws, 0, 1.5), llmlings::invalid_argument);
    CHECK_THROWS_AS(attention_rollout(model, ws, 0, std::numeric_limits<double>::quiet_NaN()),
                    llmlings::invalid_argument);
    // The workspace of a model with another number of blocks.
    CHECK_THROWS_WITH(attention_map(seeded_run<double>(3, 3, false, false)->model, ws, 0, 0, 0),
                      contains("gpt_forward first"));
    // What gpt_forward_cached leaves: the new positions' rows over P slots.
    as_if_cached(ws, 2, 8);
    CHECK_THROWS_WITH(attention_rollout(model, ws, 0), contains("attention_rollout") && contains("gpt_forward_cached"));
    CHECK_THROWS_AS(head_average(model, ws, 0, 0), llmlings::shape_error);

    CHECK_THROWS_WITH(attention_entropy(empty_matrix(0, 0)), contains("attention_entropy"));
    CHECK_THROWS_AS(attention_entropy(zero_matrix(2, 3)), llmlings::shape_error);
    CHECK_THROWS_AS(offset_score(zero_matrix(3, 2), 0), llmlings::shape_error);
    CHECK_THROWS_WITH(offset_score(zero_matrix(3, 3), 3), contains("offset_score") && contains("offset 3"));
    CHECK_THROWS_AS(draw_attention("a.png", zero_matrix(2, 3), {"a", "b"}), llmlings::shape_error);
    const scratch_files dir("transformer09");
    llmlings::plot::options o;
    o.run_gnuplot = false;
    CHECK_THROWS_AS(draw_attention(dir.file("a.png"), zero_matrix(2, 2), {"a"}, o), llmlings::shape_error);
    const id_matrix ids = ids_from({{1, 300}});
    CHECK_THROWS_WITH(byte_labels(ids, 0), contains("byte_labels") && contains("300") && contains("(0,1)"));
    CHECK_THROWS_WITH(byte_labels(ids, 1), contains("byte_labels") && contains("sequence 1"));
}
