// SPDX-License-Identifier: MIT
// Tests for transformer/08_bert. Oracles: PyTorch 1.13's masked-LM logits and loss, class logits
// and loss, the gradients of every tensor after one backward of each loss, and the losses of ten
// AdamW classification steps with clipping, for a tiny encoder (tools/golden/transformer_bert.py:
// transformer/05's generator's trunk without the causal mask, a padded batch, a classifier on
// [CLS]); central differences of the classification loss over every tensor; mask_tokens' counts
// over ~50,000 eligible positions against binomial bounds, and its draws replayed from a copy of
// the generator; properties (padding changes nothing real, [CLS] sees the end of its sequence, the
// argmax takes the first of equal logits); learning (a needle late in a sequence, which position 0
// sees only without the causal mask; masked-LM on a repetitive corpus); the allocation counter;
// the errors. The golden file and the corpora are in oracles/08_bert.cpp.
#include <llmlings/testing.hpp>
#include <llmlings/testing/allocations.hpp>  // replaces operator new: in this one file of the program

#include <llmlings/transformer/08_bert.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

#include "oracles/08_bert.hpp"

using llmlings::parameter_store;
using llmlings::testing::Approx;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::transformer;
using namespace oracles;

namespace {

// The golden file's model at its starting weights (rounded to T), with its buffers.
template <class T>
struct golden_bert {
    bert_model<T> model;
    bert_workspace<T> ws;
    gpt_gradients<T> g;
    golden_bert() : model(make_bert(parameter_store<T>(), golden_gpt_config(), golden_classes)) {
        for (const bert_tensor& t : load_bert_golden().tensors) set_values(model.params.find(t.name), t.start);
    }
};

// The golden file's AdamW (transformer/06's, as nanoGPT configures it); with lr 0 it changes no
// weight, and a step leaves the gradients of one backward in the store.
template <class T>
llmlings::nn::adam_optimizer<T> golden_adamw(bert_model<T>& m, double lr = 1e-2) {
    llmlings::nn::adamw_options o = nanogpt_adamw_options();
    o.lr = lr;
    return llmlings::nn::make_adamw(m.params, o);
}

}  // namespace

TEST_CASE("make_bert registers the GPT's tensors and then the classifier", "[transformer][08_bert]") {
    const bert_model<float> m = make_bert(parameter_store<float>(), golden_gpt_config(), 3);
    CHECK(m.params.count() == 28 + 2);
    CHECK(m.params.at(0).name() == "wte.weight");
    CHECK(m.params.at(27).name() == "ln_f.bias");
    CHECK(m.params.at(28).name() == "classifier.weight");
    CHECK(m.params.at(29).name() == "classifier.bias");
    CHECK(m.classifier.weight.shape() == std::vector<std::size_t>{3, 8});
    CHECK(m.encoder.params.count() == 30);  // one store: the model's handle and the encoder's
    // transformer/05's 1,928 numbers and K·(C + 1) = 27.
    CHECK(m.params.numel() == 1928 + 27);
    CHECK_THROWS_WITH(make_bert(parameter_store<float>(), golden_gpt_config(), 0),
                      contains("make_bert") && contains("classes"));
}

TEST_CASE("init_bert initialises the encoder as GPT-2 and the classifier with deviation 0.02",
          "[transformer][08_bert]") {
    gpt_config c = golden_gpt_config();
    c.channels = 64;
    c.heads = 4;
    bert_model<float> m = make_bert(parameter_store<float>(), c, 200);
    set_values(m.classifier.bias, filled(200, 0.5));
    llmlings::rng gen(7);
    init_bert(m, gen);
    // 12,800 classifier weights: the sample deviation is within 3 % of 0.02.
    CHECK(sample_sd(values_of(m.classifier.weight)) == Approx(0.02).epsilon(0.03));
    CHECK(std::fabs(sample_mean(values_of(m.classifier.weight))) < 1e-3);
    CHECK(values_all(m.classifier.bias, 0.0));
    // The encoder first, with init_gpt's draws from the same generator.
    gpt_model<float> gpt = make_gpt(parameter_store<float>(), c);
    llmlings::rng same(7);
    init_gpt(gpt, same);
    CHECK(same_values(gpt.wte, m.encoder.wte));
    CHECK(same_values(gpt.blocks[1].mlp.proj.weight, m.encoder.blocks[1].mlp.proj.weight));
    CHECK(values_all(m.encoder.ln_f.weight, 1.0));
}

TEMPLATE_TEST_CASE("the masked-LM logits and loss match PyTorch", "[transformer][08_bert]", float, double) {
    // Double: summation orders only (3e-15 measured), 1e-12. Float: the weights and two blocks of
    // arithmetic rounded to 2⁻²⁴ on logits of size ≤ 2, against PyTorch's float64: 8.5e-7 at most
    // (measured), so 5e-6; the loss, 2e-7 off, 1e-6.
    const bool is_float = std::is_same<TestType, float>::value;
    const bert_golden& g = load_bert_golden();
    golden_bert<TestType> r;
    const auto& logits = bert_mlm_forward(r.model, g.corrupted, g.lengths, r.ws);
    CHECK_CLOSE_AT(to_double(logits), g.mlm_logits, (is_float ? tolerance{0, 5e-6} : tolerance{1e-11, 1e-12}));
    // Three chosen positions of twelve: the mean is over those three.
    CHECK_CLOSE_AT(gpt_cross_entropy<TestType>(input_rows(logits), g.targets, llmlings::empty_view<TestType>()),
                   g.mlm_loss, (is_float ? tolerance{0, 1e-6} : tolerance{1e-12, 1e-12}));
}

TEMPLATE_TEST_CASE("the class logits and loss match PyTorch", "[transformer][08_bert]", float, double) {
    // As the masked-LM logits (float: 2.2e-7 measured on logits ≤ 1.1, so 2e-6; the loss 1e-7, 1e-6).
    const bool is_float = std::is_same<TestType, float>::value;
    const bert_golden& g = load_bert_golden();
    golden_bert<TestType> r;
    const auto& logits = bert_classify_forward(r.model, g.ids, g.lengths, r.ws);
    CHECK_CLOSE_AT(to_double(logits), g.class_logits, (is_float ? tolerance{0, 2e-6} : tolerance{1e-11, 1e-12}));
    // The classifier read position 0 of each sequence: row b·T of the hidden states.
    const llmlings::matrix cls = to_double(r.ws.cls), hidden = to_double(r.ws.trunk.ln_f_out);
    CHECK_CLOSE_AT(row(cls, 1), row(hidden, 6), (tolerance{0, 0}));
    CHECK_CLOSE_AT(gpt_cross_entropy<TestType>(input_rows(logits), g.label_targets, llmlings::empty_view<TestType>()),
                   g.class_loss, (is_float ? tolerance{0, 1e-6} : tolerance{1e-12, 1e-12}));
}

TEMPLATE_TEST_CASE("one backward of each loss gives PyTorch's gradients", "[transformer][08_bert]", float, double) {
    // A step with lr 0 changes no weight and leaves in the store the gradients of one backward
    // (max_grad_norm 0: no clipping). The masked-LM step first, then the classification step with the
    // same buffers, whose d_norm must not keep anything of the first. Double: the same sums in another
    // order (2.5e-15 measured), 1e-9 relative. Float: gradients of size ≤ 1.8 through 2 blocks and 5
    // norms in float against PyTorch's float64, at most 9.5e-7 apart (measured), so 5e-6 absolute.
    const bool is_float = std::is_same<TestType, float>::value;
    const tolerance tol = is_float ? tolerance{0, 5e-6} : tolerance{1e-9, 1e-12};
    const bert_golden& g = load_bert_golden();
    golden_bert<TestType> r;
    auto frozen = golden_adamw(r.model, 0.0);
    const train_step_result mlm =
        bert_mlm_step(r.model, g.corrupted, g.lengths, g.targets, r.ws, r.g, frozen, /*max_grad_norm=*/0.0);
    CHECK_CLOSE_AT(mlm.loss, g.mlm_loss, (is_float ? tolerance{0, 1e-6} : tolerance{1e-12, 1e-12}));
    for (const bert_tensor& t : g.tensors) {
        INFO("masked LM: " << t.name);
        CHECK_CLOSE_AT(grads_of(r.model.params.find(t.name)), t.mlm_grad, tol);
    }
    const train_step_result cls = bert_classify_step(r.model, g.ids, g.lengths, g.labels, r.ws, r.g, frozen, 0.0);
    CHECK_CLOSE_AT(cls.loss, g.class_loss, (is_float ? tolerance{0, 1e-6} : tolerance{1e-12, 1e-12}));
    for (const bert_tensor& t : g.tensors) {
        INFO("classification: " << t.name);
        CHECK_CLOSE_AT(grads_of(r.model.params.find(t.name)), t.class_grad, tol);
        CHECK_CLOSE_AT(values_of(r.model.params.find(t.name)), t.start,
                       (is_float ? tolerance{1e-7, 0} : tolerance{0, 0}));
    }
}

TEMPLATE_TEST_CASE("ten AdamW classification steps with clipping give PyTorch's losses", "[transformer][08_bert]",
                   float, double) {
    // Each step's loss before its update, and (double) the norm before clipping, over ten batches of
    // other lengths and labels. Double: 1e-10 (1.3e-15 measured). Float: as transformer/06's run, the
    // losses stay within 7.5e-7 of PyTorch's float32 run and the norms (up to 18) within 1.2e-6
    // relative of its float64 run (measured), so 3e-6 absolute and 1e-5 relative.
    const bool is_float = std::is_same<TestType, float>::value;
    const bert_golden& g = load_bert_golden();
    golden_bert<TestType> r;
    auto opt = golden_adamw(r.model);
    for (std::size_t s = 0; s < g.step_ids.size(); ++s) {
        INFO("step " << s);
        const train_step_result step = bert_classify_step(r.model, g.step_ids[s], g.step_lengths[s], g.step_labels[s],
                                                          r.ws, r.g, opt, /*max_grad_norm=*/1.0);
        CHECK_CLOSE_AT(step.loss, element(is_float ? g.loss32 : g.loss64, s),
                       (is_float ? tolerance{0, 3e-6} : tolerance{1e-10, 1e-10}));
        CHECK_CLOSE_AT(step.grad_norm, element(g.norm64, s), (is_float ? tolerance{1e-5, 0} : tolerance{1e-9, 1e-10}));
    }
}

TEST_CASE("the classification gradients of every tensor match central differences", "[transformer][08_bert]") {
    const bert_golden& g = load_bert_golden();
    golden_bert<double> r;
    const auto loss = [&] {
        const auto& logits = bert_classify_forward(r.model, g.ids, g.lengths, r.ws);
        return gpt_cross_entropy<double>(input_rows(logits), g.label_targets, llmlings::empty_view<double>());
    };
    r.model.params.zero_grad();
    const auto& logits = bert_classify_forward(r.model, g.ids, g.lengths, r.ws);
    llmlings::ensure_shape(r.ws.d_class_logits, {2, 3});
    gpt_cross_entropy<double>(input_rows(logits), g.label_targets, output_rows(r.ws.d_class_logits));
    bert_classify_backward(r.model, g.ids, r.ws, r.g);
    auto reports = store_gradient_check(r.model.params, loss);
    REQUIRE(reports.size() == 30);
    check_and_drop_key_biases(reports, r.model.encoder);
    // As transformer/06's: absolute errors of ~1e-10 in the central differences through 2 blocks
    // and 5 norms make an entry of 5e-7 known to ~1e-4 relative; a wrong backward is off by > 1e-2.
    CHECK_STORE_GRADIENTS_AT(reports, 1e-4);
    // A backward without its forward: a longer batch's ids are not what the workspace holds.
    CHECK_THROWS_WITH(bert_classify_backward(r.model, ids_from({{10, 1, 11}}), r.ws, r.g),
                      contains("bert_classify_backward") && contains("run bert_classify_forward on the same ids"));
}

TEST_CASE("padding changes nothing real and the CLS position sees the end of its sequence", "[transformer][08_bert]") {
    const bert_golden& g = load_bert_golden();  // lengths (6, 4): positions 4 and 5 of sequence 1 are padding
    golden_bert<double> r;
    const llmlings::matrix mlm = to_double(bert_mlm_forward(r.model, g.corrupted, g.lengths, r.ws));
    const llmlings::matrix classes = to_double(bert_classify_forward(r.model, g.ids, g.lengths, r.ws));
    token_ids padded = g.corrupted;
    set_id(padded, 1, 4, 3);
    set_id(padded, 1, 5, 12);
    const llmlings::matrix mlm_padded = to_double(bert_mlm_forward(r.model, padded, g.lengths, r.ws));
    CHECK_CLOSE_AT(first_rows(mlm_padded, 10), first_rows(mlm, 10), (tolerance{0, 0}));  // the 10 real positions
    padded = g.ids;
    set_id(padded, 1, 4, 0);
    set_id(padded, 1, 5, 5);
    CHECK_CLOSE_AT(to_double(bert_classify_forward(r.model, padded, g.lengths, r.ws)), classes, (tolerance{0, 0}));
    // The last ordinary token of sequence 0 (position 4) changes its [CLS] logits: position 0 sees
    // after itself, which a causal mask would forbid. Sequence 1 is untouched.
    token_ids late = g.ids;
    set_id(late, 0, 4, (id_at(late, 0, 4) + 1) % golden_normal_tokens);
    const llmlings::matrix moved = to_double(bert_classify_forward(r.model, late, g.lengths, r.ws));
    CHECK(max_abs(minus(row(moved, 0), row(classes, 0))) > 1e-3);
    CHECK_CLOSE_AT(row(moved, 1), row(classes, 1), (tolerance{0, 0}));
    // The same padded tokens read as real (lengths 6, 6) do change sequence 1.
    const llmlings::matrix unpadded = to_double(bert_classify_forward(r.model, padded, labels_of({6, 6}), r.ws));
    CHECK(max_abs(minus(row(unpadded, 1), row(classes, 1))) > 1e-3);
}

TEST_CASE("mask_tokens chooses 15 in 100 eligible tokens and corrupts them 80 10 10", "[transformer][08_bert]") {
    // 400 sequences of 256 positions, lengths uniform in [2, 256]: about 50,000 eligible (ordinary
    // and real) positions among 102,400. Ordinary tokens 0…19; 20…23 are special ([PAD], [CLS],
    // [SEP], [MASK] = 23); the padding holds ordinary tokens, so only the lengths keep it out.
    constexpr std::size_t normal = 20, mask_id = 23;
    const token_batch in = special_token_batch(400, 256, normal, 17);
    REQUIRE(in.eligible > 45000);
    llmlings::rng gen(2024);
    token_ids corrupted, targets;
    const std::size_t chosen = mask_tokens(in.ids, in.lengths, normal, mask_id, mlm_options{}, gen, corrupted, targets);
    const masking_counts c = count_masking(in, corrupted, targets, normal, mask_id);
    CHECK(chosen == c.chosen);
    CHECK(c.chosen_ineligible == 0);  // no padding, [CLS] or [SEP]
    CHECK(c.wrong_targets == 0);      // the target is the original token
    CHECK(c.changed_unchosen == 0);   // an unchosen position keeps its token (and its target is ignored)
    CHECK(c.bad_replacements == 0);   // a chosen one becomes [MASK] or an ordinary token
    // Binomial counts within 4 standard deviations (a 6e-5 chance each for right code; the seed
    // fixes the outcome). A random token equals the original 1 time in 20, so "kept" is 10 % +
    // 10 %/20 and "another ordinary token" 10 %·19/20.
    INFO("eligible " << in.eligible << ", chosen " << c.chosen << ", masked " << c.masked << ", replaced " << c.replaced
                     << ", kept " << c.kept);
    CHECK(within_binomial(c.chosen, in.eligible, 0.15, 4));
    CHECK(within_binomial(c.masked, c.chosen, 0.8, 4));
    CHECK(within_binomial(c.replaced, c.chosen, 0.1 * 19 / 20, 4));
    CHECK(within_binomial(c.kept, c.chosen, 0.1 + 0.1 / 20, 4));
    // The random tokens are uniform over the 20 ordinary ones (never a special token): each
    // replaced another about replaced/20 times.
    for (std::size_t v = 0; v < normal; ++v) {
        INFO("token " << v << " replaced " << c.replacement_counts[v] << " tokens");
        CHECK(within_binomial(c.replacement_counts[v], c.replaced, 1.0 / normal, 4));
    }
    // select 1 and keep everything: every eligible position is chosen and none changes.
    mlm_options all;
    all.select = 1.0;
    all.mask = 0.0;
    all.random = 0.0;
    CHECK(mask_tokens(in.ids, in.lengths, normal, mask_id, all, gen, corrupted, targets) == in.eligible);
    const masking_counts every = count_masking(in, corrupted, targets, normal, mask_id);
    CHECK(every.kept == in.eligible);
    CHECK(every.chosen_ineligible + every.wrong_targets + every.changed_unchosen == 0);
    // select 0: nothing is chosen, the input is unchanged and every target is ignored.
    all.select = 0.0;
    CHECK(mask_tokens(in.ids, in.lengths, normal, mask_id, all, gen, corrupted, targets) == 0);
    CHECK(id_differences(corrupted, in.ids) == 0);
    CHECK(count_masking(in, corrupted, targets, normal, mask_id).chosen == 0);
}

TEST_CASE("mask_tokens draws in the documented order", "[transformer][08_bert]") {
    // Three sequences of 12 positions (ordinary tokens 0…4, [CLS] 6, [SEP] 7, [MASK] 9), select
    // 0.5, mask 0.4, random 0.3: the draws of each eligible position in row-major order, replayed
    // from a copy of the generator, give the same batch, and the generator ends in the same state.
    const token_batch in = special_token_batch(3, 12, 5, 8);
    llmlings::rng gen(41);
    const llmlings::rng copy = gen;
    mlm_options o;
    o.select = 0.5;
    o.mask = 0.4;
    o.random = 0.3;
    token_ids corrupted, targets;
    const std::size_t chosen = mask_tokens(in.ids, in.lengths, 5, 9, o, gen, corrupted, targets);
    const masking_replay replay = replay_masking(in, 5, 9, 0.5, 0.4, 0.3, copy);
    CHECK(replay.masked > 0);  // each branch taken at least once
    CHECK(replay.randomised > 0);
    CHECK(replay.kept > 0);
    CHECK(chosen == replay.masked + replay.randomised + replay.kept);
    CHECK(id_differences(corrupted, replay.corrupted) == 0);
    CHECK(id_differences(targets, replay.targets) == 0);
    CHECK(gen() == replay.next);
}

TEST_CASE("bert_predict takes the largest logit and the first of equal ones", "[transformer][08_bert]") {
    const bert_golden& g = load_bert_golden();
    golden_bert<double> r;
    // PyTorch's class logits have their largest entry in column 1 in both rows.
    CHECK(agreement(bert_predict(r.model, g.ids, g.lengths, r.ws), labels_of({1, 1})) == 1.0);
    // A classifier of weight 0 returns its bias in every row.
    set_values(r.model.classifier.weight, zero_matrix(3, 8));
    set_values(r.model.classifier.bias, vector_from({0.5, 0.5, 0.1}));
    CHECK(agreement(bert_predict(r.model, g.ids, g.lengths, r.ws), labels_of({0, 0})) == 1.0);
    set_values(r.model.classifier.bias, vector_from({0.1, 0.7, 0.7}));
    CHECK(agreement(bert_predict(r.model, g.ids, g.lengths, r.ws), labels_of({1, 1})) == 1.0);
    set_values(r.model.classifier.bias, vector_from({0.1, 0.2, 0.3}));
    CHECK(agreement(bert_predict(r.model, g.ids, g.lengths, r.ws), labels_of({2, 2})) == 1.0);
    set_values(r.model.classifier.bias, vector_from({0.1, std::nan(""), 0.3}));
    CHECK_THROWS_WITH(bert_predict(r.model, g.ids, g.lengths, r.ws),
                      contains("bert_predict") && contains("logit 1 of sequence 0 is NaN"));
}

TEST_CASE("a small encoder learns whether a needle comes late in its sequence", "[transformer][08_bert]") {
    // Label 1 when token 0 occurs at a position >= 4, else 0 (absent, or too early): a question about
    // the whole sequence, which the [CLS] position answers only if it attends to later positions
    // (under a causal mask it sees itself alone, and can do no better than chance). 48 sequences of
    // 8 tokens; 2 blocks, C 16; AdamW at lr 1e-2 classifies every one of them from step 20 on, and
    // 96.75 % of 400 new sequences after 60 steps (measured); 60 steps, and 90 % on new sequences.
    const classification_task task = needle_task(48, 5);
    gpt_config c;
    c.vocab_size = 9;
    c.block_size = 8;
    c.layers = 2;
    c.heads = 2;
    c.channels = 16;
    bert_model<float> m = make_bert(parameter_store<float>(), c, 2);
    llmlings::rng gen(3);
    init_bert(m, gen);
    llmlings::nn::adamw_options o;
    o.lr = 1e-2;
    auto opt = llmlings::nn::make_adamw(m.params, o);
    bert_workspace<float> ws;
    gpt_gradients<float> g;
    train_step_result first, last;
    for (int step = 0; step < 60; ++step) {
        last = bert_classify_step(m, task.ids, task.lengths, task.labels, ws, g, opt);
        if (step == 0) first = last;
    }
    CHECK(std::fabs(first.loss - std::log(2.0)) < 0.05);  // a fresh classifier: nearly uniform
    CHECK(last.loss < 0.05);
    CHECK(agreement(bert_predict(m, task.ids, task.lengths, ws), task.labels) == 1.0);
    const classification_task unseen = needle_task(400, 77);
    CHECK(agreement(bert_predict(m, unseen.ids, unseen.lengths, ws), unseen.labels) > 0.9);
}

TEST_CASE("masked-LM training on a repetitive corpus brings the loss far below ln V", "[transformer][08_bert]") {
    // 32 sequences of [CLS], the cycle 0 1 2 3 4 from a random phase, [SEP] (T 12; ordinary tokens
    // 0…9, [PAD] 10, [CLS] 11, [SEP] 12, [MASK] 13; V 14): a chosen token is given by its neighbours.
    // Each step masks the corpus anew (BERT's 15 %, 80/10/10). One block, C 16, AdamW at lr 2e-2:
    // the loss starts at ln 14 = 2.64 and its mean over steps 100…119 is 0.093 (measured); below 0.5.
    const token_batch corpus = cyclic_corpus(32, 12, 10, 5, 9);
    gpt_config c;
    c.vocab_size = 14;
    c.block_size = 12;
    c.layers = 1;
    c.heads = 2;
    c.channels = 16;
    bert_model<float> m = make_bert(parameter_store<float>(), c, 2);
    llmlings::rng gen(4);
    init_bert(m, gen);
    llmlings::nn::adamw_options o;
    o.lr = 2e-2;
    auto opt = llmlings::nn::make_adamw(m.params, o);
    bert_workspace<float> ws;
    gpt_gradients<float> g;
    token_ids corrupted, targets;
    double first = 0.0, late = 0.0;
    for (int step = 0; step < 120; ++step) {
        mask_tokens(corpus.ids, corpus.lengths, 10, 13, mlm_options{}, gen, corrupted, targets);
        const double loss = bert_mlm_step(m, corrupted, corpus.lengths, targets, ws, g, opt).loss;
        if (step == 0) first = loss;
        if (step >= 100) late += loss / 20;
    }
    CHECK(std::fabs(first - std::log(14.0)) < 0.2);
    CHECK(late < 0.5);
}

TEMPLATE_TEST_CASE("a second training step of the same batch shape allocates nothing", "[transformer][08_bert]", float,
                   double) {
    const bert_golden& g = load_bert_golden();
    golden_bert<TestType> r;
    auto opt = golden_adamw(r.model);
    llmlings::rng gen(1);
    token_ids corrupted, targets;
    mask_tokens(g.ids, g.lengths, golden_normal_tokens, golden_mask, mlm_options{}, gen, corrupted, targets);
    bert_mlm_step(r.model, g.corrupted, g.lengths, g.targets, r.ws, r.g, opt);
    bert_classify_step(r.model, g.step_ids[0], g.step_lengths[0], g.step_labels[0], r.ws, r.g, opt);
    const std::size_t before = llmlings::testing::allocation_count();
    mask_tokens(g.ids, g.lengths, golden_normal_tokens, golden_mask, mlm_options{}, gen, corrupted, targets);
    const train_step_result mlm = bert_mlm_step(r.model, g.corrupted, g.lengths, g.targets, r.ws, r.g, opt);
    const train_step_result cls =
        bert_classify_step(r.model, g.step_ids[1], g.step_lengths[1], g.step_labels[1], r.ws, r.g, opt);
    CHECK(llmlings::testing::allocation_count() == before);
    CHECK(mlm.loss > 0.0);
    CHECK(cls.loss > 0.0);
}

TEST_CASE("bad lengths labels options and models throw errors that name the function", "[transformer][08_bert]") {
    const bert_golden& g = load_bert_golden();
    golden_bert<float> r;
    auto opt = golden_adamw(r.model);
    // Lengths: one per sequence, each in [1, T].
    CHECK_THROWS_WITH(bert_mlm_forward(r.model, g.ids, labels_of({6}), r.ws),
                      contains("bert_mlm_forward") && contains("one length per sequence (2), got 1"));
    CHECK_THROWS_WITH(bert_classify_forward(r.model, g.ids, labels_of({6, 0}), r.ws),
                      contains("bert_classify_forward") && contains("lengths(1) = 0 is not in [1, 6]"));
    CHECK_THROWS_WITH(bert_mlm_step(r.model, g.corrupted, labels_of({7, 4}), g.targets, r.ws, r.g, opt),
                      contains("lengths(0) = 7"));
    CHECK_THROWS_WITH(bert_predict(r.model, g.ids, labels_of({6, 4, 2}), r.ws), contains("one length per sequence"));
    CHECK_THROWS_AS(bert_hidden(r.model, g.ids, labels_of({6}), r.ws), llmlings::shape_error);
    // Labels: one per sequence, each below K.
    CHECK_THROWS_WITH(bert_classify_step(r.model, g.ids, g.lengths, labels_of({0, 3}), r.ws, r.g, opt),
                      contains("bert_classify_step") && contains("label 3 of sequence 1 is not below the 3 classes"));
    CHECK_THROWS_AS(bert_classify_step(r.model, g.ids, g.lengths, labels_of({0}), r.ws, r.g, opt),
                    llmlings::shape_error);
    CHECK_THROWS_WITH(bert_classify_step(r.model, g.ids, g.lengths, g.labels, r.ws, r.g, opt, -1.0),
                      contains("bert_classify_step") && contains("max_grad_norm"));
    CHECK_THROWS_WITH(bert_mlm_step(r.model, g.corrupted, g.lengths, g.targets, r.ws, r.g, opt, std::nan("")),
                      contains("bert_mlm_step") && contains("max_grad_norm"));
    // mask_tokens: the tokens and the options.
    llmlings::rng gen(1);
    token_ids corrupted, targets;
    CHECK_THROWS_WITH(mask_tokens(g.ids, g.lengths, 0, 12, mlm_options{}, gen, corrupted, targets),
                      contains("mask_tokens") && contains("normal_tokens >= 1"));
    CHECK_THROWS_WITH(mask_tokens(g.ids, g.lengths, 9, 8, mlm_options{}, gen, corrupted, targets),
                      contains("mask_tokens") && contains("mask_id 8"));
    CHECK_THROWS_WITH(mask_tokens(g.ids, labels_of({6, 4, 4}), 9, 12, mlm_options{}, gen, corrupted, targets),
                      contains("mask_tokens") && contains("one length per sequence"));
    mlm_options bad;
    bad.select = std::nan("");
    CHECK_THROWS_WITH(mask_tokens(g.ids, g.lengths, 9, 12, bad, gen, corrupted, targets),
                      contains("mask_tokens") && contains("[0, 1]"));
    bad = mlm_options{};
    bad.random = -0.1;
    CHECK_THROWS_AS(mask_tokens(g.ids, g.lengths, 9, 12, bad, gen, corrupted, targets), llmlings::invalid_argument);
    bad = mlm_options{};
    bad.mask = 0.95;
    CHECK_THROWS_WITH(mask_tokens(g.ids, g.lengths, 9, 12, bad, gen, corrupted, targets),
                      contains("mask_tokens") && contains("mask + random must be <= 1"));
    // Models and ids.
    const bert_model<float> unbuilt;
    CHECK_THROWS_WITH(bert_mlm_forward(unbuilt, g.ids, g.lengths, r.ws),
                      contains("bert_mlm_forward") && contains("not built"));
    bert_model<float> not_built;
    CHECK_THROWS_WITH(init_bert(not_built, gen), contains("init_bert") && contains("not built"));
    CHECK_THROWS_WITH(bert_classify_forward(r.model, ids_from({{10, 13}}), labels_of({2}), r.ws),
                      contains("bert_classify_forward") && contains("token id 13"));
    CHECK_THROWS_WITH(bert_classify_backward(r.model, g.ids, r.ws, r.g),
                      contains("bert_classify_backward") && contains("run bert_classify_forward"));
}
