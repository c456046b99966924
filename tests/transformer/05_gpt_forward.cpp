// SPDX-License-Identifier: MIT
// Tests for transformer/05_gpt_forward. Oracles: PyTorch 1.13's logits and loss for a tiny GPT
// with fixed weights (tools/golden/transformer_gpt.py: the model written from torch operations as
// GPT-2 and nanoGPT define it), and its hidden states as a padded encoder, in both types; closed forms (a model of zeros gives logits 0 and
// the loss ln V; the parameter count 12LC² + 13LC + (V + P + 2)C); properties (a position's logits
// blind to later tokens, an encoder's blind to padding, each sequence of a batch computed on its own, the head tied to the
// embedding); GPT-2's initialisation statistics; the cross-entropy's gradient against central
// differences; the allocation counter; the errors. The golden file is read in
// oracles/05_gpt_forward.cpp.
#include <llmlings/testing.hpp>
#include <llmlings/testing/allocations.hpp>  // replaces operator new: in this one file of the program

#include <llmlings/transformer/05_gpt_forward.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <type_traits>

#include "oracles/05_gpt_forward.hpp"

using llmlings::parameter_store;
using llmlings::testing::Approx;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::transformer;
using namespace oracles;

namespace {

gpt_config golden_config() {
    gpt_config c;
    c.vocab_size = 13;
    c.block_size = 8;
    c.layers = 2;
    c.heads = 2;
    c.channels = 8;
    return c;
}

// A model in its own store with the golden file's tensors (rounded to T).
template <class T>
struct golden_gpt {
    gpt_model<T> model;
    gpt_workspace<T> ws;
    golden_gpt() : model(make_gpt(parameter_store<T>(), golden_config())) {
        const gpt_golden& g = load_gpt_golden();
        for (std::size_t k = 0; k < model.params.count(); ++k) {
            const llmlings::parameter<T> p = model.params.at(k);
            set_values(p, g.tensor(p.name()));
        }
    }
};

}  // namespace

TEST_CASE("make_gpt registers GPT-2's tensors in order with their shapes", "[transformer][05_gpt_forward]") {
    const gpt_model<float> m = make_gpt(parameter_store<float>(), golden_config());
    CHECK(m.params.count() == 2 + 12 * 2 + 2);
    CHECK(m.params.at(0).name() == "wte.weight");
    CHECK(m.params.at(1).name() == "wpe.weight");
    CHECK(m.params.at(2).name() == "blocks.0.ln1.weight");
    CHECK(m.params.at(4).name() == "blocks.0.attn.qkv.weight");
    CHECK(m.params.at(10).name() == "blocks.0.mlp.fc.weight");
    CHECK(m.params.at(14).name() == "blocks.1.ln1.weight");
    CHECK(m.params.at(26).name() == "ln_f.weight");
    CHECK(m.params.find("blocks.1.mlp.proj.weight").shape() == std::vector<std::size_t>{8, 32});
    CHECK(m.wte.shape() == std::vector<std::size_t>{13, 8});
    CHECK(m.blocks.size() == 2);
    // 12LC² + 13LC for the blocks, (V + P)C for the embeddings, 2C for ln_f; no separate LM head.
    CHECK(m.params.numel() == 12 * 2 * 64 + 13 * 2 * 8 + (13 + 8) * 8 + 2 * 8);
    const gpt_model<float> big = make_gpt(parameter_store<float>(), gpt_config{});
    CHECK(big.params.numel() == 834304);
    gpt_config bad = golden_config();
    bad.heads = 3;
    CHECK_THROWS_WITH(make_gpt(parameter_store<float>(), bad), contains("make_gpt") && contains("heads 3"));
    bad = golden_config();
    bad.ln_eps = std::nan("");
    CHECK_THROWS_AS(make_gpt(parameter_store<float>(), bad), llmlings::invalid_argument);
}

TEMPLATE_TEST_CASE("the logits and the loss match PyTorch for the tiny GPT", "[transformer][05_gpt_forward]", float,
                   double) {
    // Double: summation orders only (two blocks of sums of ≤ 32 terms), 1e-12. Float: weights and
    // arithmetic rounded to 2⁻²⁴ through 2 blocks, 4 layer norms and the head; logits are ≤ 5 in
    // size, so a few 1e-6 of error: 3e-5 with margin, and the loss (an average) 1e-5.
    const bool is_float = std::is_same<TestType, float>::value;
    const gpt_golden& g = load_gpt_golden();
    golden_gpt<TestType> r;
    const auto& logits = gpt_forward(r.model, g.ids, r.ws);
    CHECK_CLOSE_AT(to_double(logits), g.logits, (is_float ? tolerance{1e-4, 3e-5} : tolerance{1e-11, 1e-12}));
    CHECK_CLOSE_AT(gpt_cross_entropy<TestType>(input_rows(logits), g.targets, llmlings::empty_view<TestType>()), g.loss,
                   (is_float ? tolerance{1e-5, 1e-5} : tolerance{1e-12, 1e-12}));
}

TEMPLATE_TEST_CASE("the hidden states of a padded encoder match PyTorch's", "[transformer][05_gpt_forward]", float,
                   double) {
    // No causal mask; the second sequence has 4 real tokens of 6. Tolerances as for the logits
    // (the hidden states are the final norm's output, of size ≈ 1).
    const bool is_float = std::is_same<TestType, float>::value;
    const gpt_golden& g = load_gpt_golden();
    golden_gpt<TestType> r;
    attention_mask encoder;
    encoder.key_lengths = g.key_lengths;
    const auto& hidden = gpt_hidden(r.model, g.ids, encoder, r.ws);
    CHECK_CLOSE_AT(to_double(hidden), g.hidden_padded, (is_float ? tolerance{1e-4, 3e-5} : tolerance{1e-11, 1e-12}));
}

TEST_CASE("without the causal mask every position sees the whole sequence but never its padding",
          "[transformer][05_gpt_forward]") {
    golden_gpt<double> r;
    const gpt_golden& g = load_gpt_golden();
    attention_mask encoder;
    encoder.key_lengths = g.key_lengths;  // (6, 4)
    const llmlings::matrix before = to_double(gpt_hidden(r.model, g.ids, encoder, r.ws));
    token_ids changed = g.ids;
    set_id(changed, 0, 5, (id_at(changed, 0, 5) + 5) % 13);  // the last token of sequence 0
    set_id(changed, 1, 4, (id_at(changed, 1, 4) + 3) % 13);  // padding of sequence 1
    set_id(changed, 1, 5, (id_at(changed, 1, 5) + 7) % 13);
    const llmlings::matrix after = to_double(gpt_hidden(r.model, changed, encoder, r.ws));
    // Position 0 of sequence 0 now sees a different last token; the real tokens of sequence 1 never
    // read its padding, so rows 6..9 are exactly the same.
    CHECK(max_abs(minus(rows_of(after, 0, 1), rows_of(before, 0, 1))) > 1e-3);
    CHECK_CLOSE_AT(rows_of(after, 6, 10), rows_of(before, 6, 10), (tolerance{0, 0}));
    // With the causal mask, gpt_hidden is what gpt_forward's head reads.
    attention_mask causal;
    causal.causal = true;
    const llmlings::matrix hidden = to_double(gpt_hidden(r.model, g.ids, causal, r.ws));
    gpt_workspace<double> ws;
    gpt_forward(r.model, g.ids, ws);
    CHECK_CLOSE_AT(hidden, to_double(ws.ln_f_out), (tolerance{0, 0}));
    // The mask is checked against the batch: one length per sequence, at most T.
    encoder.key_lengths = labels_of({6});
    CHECK_THROWS_WITH(gpt_hidden(r.model, g.ids, encoder, r.ws),
                      contains("gpt_hidden") && contains("one per sequence"));
    encoder.key_lengths = labels_of({6, 7});
    CHECK_THROWS_WITH(gpt_hidden(r.model, g.ids, encoder, r.ws),
                      contains("gpt_hidden") && contains("key_lengths(1) = 7"));
}

TEST_CASE("a model of zeros predicts every token alike", "[transformer][05_gpt_forward]") {
    // Every weight 0 and every gain 1: the final norm of a zero vector is 0, so every logit is 0 and
    // the loss is ln V whatever the tokens.
    gpt_model<double> m = make_gpt(parameter_store<double>(), golden_config());
    gpt_workspace<double> ws;
    const token_ids ids = ids_from({{1, 2, 3}, {4, 5, 12}});
    const auto& logits = gpt_forward(m, ids, ws);
    CHECK(max_abs(logits) == 0.0);
    CHECK(gpt_cross_entropy<double>(input_rows(logits), ids_from({{0, 1, 2}, {3, 4, 5}}),
                                    llmlings::empty_view<double>()) == Approx(std::log(13.0)));
}

TEST_CASE("a position's logits do not depend on later tokens", "[transformer][05_gpt_forward]") {
    golden_gpt<double> r;
    const gpt_golden& g = load_gpt_golden();
    const llmlings::matrix before = to_double(gpt_forward(r.model, g.ids, r.ws));
    token_ids changed = g.ids;
    set_id(changed, 0, 4, (id_at(changed, 0, 4) + 5) % 13);  // token 4 of sequence 0
    const llmlings::matrix after = to_double(gpt_forward(r.model, changed, r.ws));
    // Rows 0..3 (positions before 4) are unchanged, row 4 and later change; sequence 1 is untouched.
    CHECK_CLOSE_AT(rows_of(after, 0, 4), rows_of(before, 0, 4), (tolerance{0, 0}));
    CHECK_CLOSE_AT(rows_of(after, 6, 12), rows_of(before, 6, 12), (tolerance{0, 0}));
    CHECK(max_abs(minus(rows_of(after, 4, 6), rows_of(before, 4, 6))) > 1e-3);
}

TEST_CASE("each sequence of a batch is computed on its own", "[transformer][05_gpt_forward]") {
    golden_gpt<double> r;
    const gpt_golden& g = load_gpt_golden();
    const llmlings::matrix both = to_double(gpt_forward(r.model, g.ids, r.ws));
    gpt_workspace<double> ws;
    const llmlings::matrix second = to_double(gpt_forward(r.model, row_ids(g.ids, 1), ws));
    CHECK_CLOSE_AT(second, rows_of(both, 6, 12), (tolerance{1e-13, 1e-14}));
    // A shorter sequence is its longer version's prefix: positions 0..2 of the same tokens.
    const llmlings::matrix prefix = to_double(gpt_forward(r.model, prefix_ids(g.ids, 3), ws));
    CHECK_CLOSE_AT(rows_of(prefix, 0, 3), rows_of(both, 0, 3), (tolerance{1e-13, 1e-14}));
}

TEST_CASE("the language-model head is the token embedding", "[transformer][05_gpt_forward]") {
    // Doubling row 5 of wte changes the embedding of token 5 and the logit of token 5 everywhere.
    golden_gpt<double> r;
    const gpt_golden& g = load_gpt_golden();
    const llmlings::matrix before = to_double(gpt_forward(r.model, g.ids, r.ws));
    llmlings::matrix wte = g.table("wte.weight", 13, 8);
    for (std::size_t c = 0; c < 8; ++c) set_element(wte, 5, c, 2.0 * element(wte, 5, c));
    set_values(r.model.wte, wte);
    const llmlings::matrix after = to_double(gpt_forward(r.model, g.ids, r.ws));
    // Where token 5 is not in the input, only column 5 changes, and it doubles.
    CHECK(element(after, 0, 5) == Approx(2.0 * element(before, 0, 5)));
    CHECK(element(after, 0, 4) == Approx(element(before, 0, 4)));
}

TEST_CASE("init_gpt draws GPT-2's initial weights", "[transformer][05_gpt_forward]") {
    gpt_config c = golden_config();
    c.channels = 64;
    c.heads = 4;
    c.vocab_size = 300;
    c.layers = 2;
    gpt_model<float> m = make_gpt(parameter_store<float>(), c);
    llmlings::rng gen(7);
    init_gpt(m, gen);
    // sample deviations over 19,200 and 16,384 numbers: within 3 % of 0.02 and of 0.02/√4 = 0.01
    CHECK(sample_sd(values_of(m.wte)) == Approx(0.02).epsilon(0.03));
    CHECK(sample_sd(values_of(m.blocks[0].mlp.fc.weight)) == Approx(0.02).epsilon(0.03));
    CHECK(sample_sd(values_of(m.blocks[1].mlp.proj.weight)) == Approx(0.01).epsilon(0.03));
    CHECK(sample_sd(values_of(m.blocks[0].attn.proj.weight)) == Approx(0.01).epsilon(0.05));
    CHECK(values_all(m.blocks[1].attn.qkv.bias, 0.0));
    CHECK(values_all(m.blocks[0].ln2.weight, 1.0));
    CHECK(values_all(m.ln_f.bias, 0.0));
    gpt_model<float> again = make_gpt(parameter_store<float>(), c);
    llmlings::rng same(7);
    init_gpt(again, same);
    CHECK(same_values(again.blocks[1].mlp.proj.weight, m.blocks[1].mlp.proj.weight));
}

TEST_CASE("the cross-entropy's gradient is the softmax minus the target over B T", "[transformer][05_gpt_forward]") {
    const llmlings::matrix z = matrix_from({{0.0, std::log(3.0), 0.0}, {1.0, 2.0, 3.0}});
    llmlings::matrix d = filled(2, 3, 7.0);
    const double loss = gpt_cross_entropy<double>(input_rows(z), ids_from({{1, 2}}), output_rows(d));
    // Row 0: p = (1/5, 3/5, 1/5), target 1: −ln(3/5). Row 1: target 2, −ln(e³/(e + e² + e³)).
    const double row1 = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0)) - 3.0;
    CHECK(loss == Approx((-std::log(0.6) + row1) / 2));
    CHECK(element(d, 0, 0) == Approx(0.1));
    CHECK(element(d, 0, 1) == Approx(-0.2));
    CHECK_GRADIENT_AT(cross_entropy_gradient_check(z, {1, 2}, d), 1e-7);
    CHECK_THROWS_AS(gpt_cross_entropy<double>(input_rows(z), ids_from({{1, 3}}), output_rows(d)),
                    llmlings::invalid_argument);
    CHECK_THROWS_AS(gpt_cross_entropy<double>(input_rows(z), ids_from({{1, 2, 0}}), output_rows(d)),
                    llmlings::shape_error);
}

TEST_CASE("targets equal to ignore_index are left out of the mean", "[transformer][05_gpt_forward]") {
    // Row 0 as above (−ln(3/5)); row 1 is ignored: the mean is over one row, and row 1's gradient
    // is 0 (d starts at 7 everywhere, so a row left unwritten shows).
    const llmlings::matrix z = matrix_from({{0.0, std::log(3.0), 0.0}, {1.0, 2.0, 3.0}});
    llmlings::matrix d = filled(2, 3, 7.0);
    CHECK(gpt_cross_entropy<double>(input_rows(z), ids_from({{1, ignore_index}}), output_rows(d)) ==
          Approx(-std::log(0.6)));
    CHECK(element(d, 0, 0) == Approx(0.2));
    CHECK(element(d, 0, 1) == Approx(-0.4));
    CHECK(max_abs(rows_of(d, 1, 2)) == 0.0);
    // Every row ignored: no loss and no gradient (PyTorch: NaN).
    d = filled(2, 3, 7.0);
    CHECK(gpt_cross_entropy<double>(input_rows(z), ids_from({{ignore_index, ignore_index}}), output_rows(d)) == 0.0);
    CHECK(max_abs(d) == 0.0);
}

TEMPLATE_TEST_CASE("a second forward of the same batch shape allocates nothing", "[transformer][05_gpt_forward]", float,
                   double) {
    golden_gpt<TestType> r;
    const gpt_golden& g = load_gpt_golden();
    gpt_forward(r.model, g.ids, r.ws);
    const std::size_t before = llmlings::testing::allocation_count();
    const auto& logits = gpt_forward(r.model, g.ids, r.ws);
    CHECK(llmlings::testing::allocation_count() == before);
    CHECK(max_abs(logits) > 0.0);
}

TEST_CASE("bad ids and unbuilt models throw errors that name the function", "[transformer][05_gpt_forward]") {
    golden_gpt<float> r;
    CHECK_THROWS_WITH(gpt_forward(r.model, ids_from({{1, 13}}), r.ws),
                      contains("gpt_forward") && contains("token id 13 at (0,1)"));
    CHECK_THROWS_WITH(gpt_forward(r.model, ids_from({{1, 2, 3, 4, 5, 6, 7, 8, 9}}), r.ws),
                      contains("gpt_forward") && contains("1 to 8 tokens"));
    const gpt_model<float> unbuilt;
    CHECK_THROWS_WITH(gpt_forward(unbuilt, ids_from({{1}}), r.ws), contains("gpt_forward") && contains("not built"));
}
