// SPDX-License-Identifier: MIT
// Tests for transformer/06_gpt_training. Oracles: PyTorch 1.13's gradients of every tensor of a
// tiny GPT after one backward pass and its losses over ten AdamW steps with gradient clipping, in
// float64 and float32 (tools/golden/transformer_training.py: the GPT of transformer/05's
// generator, autograd, torch.optim.AdamW as nanoGPT configures it); central differences over every
// tensor, for the GPT's loss and for an encoder's hidden states; properties (gradients accumulate, a zero upstream gradient changes nothing, a model
// learns one sentence by heart, batches are windows and their next tokens); the allocation
// counter; the errors. The golden file is read in oracles/06_gpt_training.cpp.
#include <llmlings/testing.hpp>
#include <llmlings/testing/allocations.hpp>  // replaces operator new: in this one file of the program

#include <llmlings/transformer/06_gpt_training.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "oracles/06_gpt_training.hpp"

using llmlings::parameter_store;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::transformer;
using namespace oracles;

namespace {

// The golden file's model at its starting weights (rounded to T), with its buffers.
template <class T>
struct golden_gpt {
    gpt_model<T> model;
    gpt_workspace<T> ws;
    gpt_gradients<T> g;
    golden_gpt() : model(make_gpt(parameter_store<T>(), golden_gpt_config())) {
        for (const training_tensor& t : load_training_golden().tensors) set_values(model.params.find(t.name), t.start);
    }
    // Zeroed gradients, then the forward, the loss's gradient and the backward of one batch.
    double backward(const token_ids& ids, const token_ids& targets) {
        model.params.zero_grad();
        const auto& logits = gpt_forward(model, ids, ws);
        llmlings::ensure_shape(g.d_logits, {logits.shape()[0], logits.shape()[1]});
        const double loss = gpt_cross_entropy<T>(input_rows(logits), targets, output_rows(g.d_logits));
        gpt_backward(model, ids, ws, g);
        return loss;
    }
    double loss(const token_ids& ids, const token_ids& targets) {
        const auto& logits = gpt_forward(model, ids, ws);
        return gpt_cross_entropy<T>(input_rows(logits), targets, llmlings::empty_view<T>());
    }
};

// nanoGPT's AdamW, as the golden file's run.
template <class T>
llmlings::nn::adam_optimizer<T> golden_adamw(gpt_model<T>& m) {
    return llmlings::nn::make_adamw(m.params, nanogpt_adamw_options());
}

}  // namespace

TEST_CASE("the gradients of every tensor match central differences", "[transformer][06_gpt_training]") {
    const training_golden& golden = load_training_golden();
    golden_gpt<double> r;
    const token_ids& ids = golden.ids[0];
    const token_ids& targets = golden.targets[0];
    r.backward(ids, targets);
    auto reports = store_gradient_check(r.model.params, [&] { return r.loss(ids, targets); });
    REQUIRE(reports.size() == 28);
    check_and_drop_key_biases(reports, r.model);
    // Through 2 blocks and 5 norms the central differences carry absolute errors of ~1e-10 (h² times
    // the third derivative, and rounding of a loss of 2.6 over h = 1e-6), so an entry of 5e-7 is
    // known to ~1e-4 relative; a wrong backward is off by > 1e-2. PyTorch's gradients, next, are
    // matched to 1e-9.
    CHECK_STORE_GRADIENTS_AT(reports, 1e-4);
}

TEST_CASE("gpt_hidden_backward takes any upstream gradient through an encoder's mask",
          "[transformer][06_gpt_training]") {
    // The loss Σ R ⊙ hidden for a fixed random R (every entry different: an all-ones upstream
    // gradient lets a wrong norm backward pass), with no causal mask and the second sequence padded
    // after 2 tokens, as transformer/08's encoder runs. Tolerance as for the GPT above.
    const training_golden& golden = load_training_golden();
    golden_gpt<double> r;
    const token_ids& ids = golden.ids[0];
    const std::size_t rows = ids.size(), C = r.model.config.channels;
    attention_mask encoder;
    encoder.key_lengths = labels_of({ids.shape()[1], 2});
    const llmlings::matrix R = seeded_normal(5, rows, C);
    const auto loss = [&] {
        const llmlings::matrix h = to_double(gpt_hidden(r.model, ids, encoder, r.ws));
        double total = 0.0;
        for (std::size_t i = 0; i < rows; ++i)
            for (std::size_t c = 0; c < C; ++c) total += element(R, i, c) * element(h, i, c);
        return total;
    };
    r.model.params.zero_grad();
    loss();
    r.g.d_norm = R;
    gpt_hidden_backward(r.model, ids, r.ws, r.g);
    auto reports = store_gradient_check(r.model.params, loss);
    REQUIRE(reports.size() == 28);
    check_and_drop_key_biases(reports, r.model);
    CHECK_STORE_GRADIENTS_AT(reports, 1e-4);
    // Without its forward: the workspace still holds ids' hidden states, but not a shorter batch's.
    CHECK_THROWS_WITH(gpt_hidden_backward(r.model, ids_from({{1, 2}}), r.ws, r.g),
                      contains("gpt_hidden_backward") && contains("run gpt_hidden on the same ids first"));
}

TEMPLATE_TEST_CASE("the gradients after one backward match PyTorch's", "[transformer][06_gpt_training]", float,
                   double) {
    // Double: the same sums in another order, 1e-9 relative. Float: both sides round every product
    // and sum to 2⁻²⁴ (6e-8) through 2 blocks, 5 layer norms and the head, in different orders;
    // gradients are ≤ 0.5 in size and differ by at most 1.4e-7 (measured), so 5e-7 absolute.
    const bool is_float = std::is_same<TestType, float>::value;
    const training_golden& golden = load_training_golden();
    golden_gpt<TestType> r;
    r.backward(golden.ids[0], golden.targets[0]);
    const tolerance tol = is_float ? tolerance{0, 5e-7} : tolerance{1e-9, 1e-12};
    for (const training_tensor& t : golden.tensors) {
        INFO(t.name);
        CHECK_CLOSE_AT(grads_of(r.model.params.find(t.name)), (is_float ? t.grad32 : t.grad64), tol);
    }
}

TEMPLATE_TEST_CASE("ten AdamW steps with clipping give PyTorch's losses", "[transformer][06_gpt_training]", float,
                   double) {
    // Each step's loss before its update, and (double) the norm before clipping. Double: 1e-10.
    // Float: the weights move by lr·m/√v per step, where float's rounding of small gradients
    // changes m/√v most; over ten steps the losses stay within 2.5e-7 of PyTorch's float32 run and
    // the norms within 8e-7 of its float64 run (measured), so 1e-6 and 3e-6. llm.c's check of the
    // same kind uses 1e-2.
    const bool is_float = std::is_same<TestType, float>::value;
    const training_golden& golden = load_training_golden();
    golden_gpt<TestType> r;
    auto opt = golden_adamw(r.model);
    for (std::size_t s = 0; s < golden.ids.size(); ++s) {
        INFO("step " << s);
        const train_step_result step =
            gpt_train_step(r.model, golden.ids[s], golden.targets[s], r.ws, r.g, opt, /*max_grad_norm=*/1.0);
        CHECK_CLOSE_AT(step.loss, element(is_float ? golden.loss32 : golden.loss64, s),
                       (is_float ? tolerance{0, 1e-6} : tolerance{1e-10, 1e-10}));
        CHECK_CLOSE_AT(step.grad_norm, element(golden.norm64, s),
                       (is_float ? tolerance{0, 3e-6} : tolerance{1e-9, 1e-10}));
    }
}

TEST_CASE("the backward adds to the gradients and reads the upstream gradient", "[transformer][06_gpt_training]") {
    const training_golden& golden = load_training_golden();
    golden_gpt<double> r;
    r.backward(golden.ids[0], golden.targets[0]);
    const llmlings::vector once = grads_of(r.model.wte);
    const llmlings::vector ln1 = grads_of(r.model.blocks[0].ln1.weight);
    gpt_backward(r.model, golden.ids[0], r.ws, r.g);  // a second time, without zeroing
    CHECK_CLOSE_AT(grads_of(r.model.wte), llmlings::vector(2.0 * once), (tolerance{1e-14, 1e-15}));
    CHECK_CLOSE_AT(grads_of(r.model.blocks[0].ln1.weight), llmlings::vector(2.0 * ln1), (tolerance{1e-14, 1e-15}));
    // An upstream gradient of 0 adds nothing anywhere.
    r.model.params.zero_grad();
    r.g.d_logits.fill(0.0);
    gpt_backward(r.model, golden.ids[0], r.ws, r.g);
    double largest = 0.0;
    for (std::size_t k = 0; k < r.model.params.count(); ++k)
        largest = std::max(largest, max_abs(grads_of(r.model.params.at(k))));
    CHECK(largest == 0.0);
    CHECK(max_abs(once) > 1e-3);
}

TEST_CASE("a small GPT learns a sentence by heart", "[transformer][06_gpt_training]") {
    // A character-level GPT (the 256 byte values) trained on random 16-byte windows of two short
    // sentences: the loss falls from ln 256 ≈ 5.5 to 0.34 in 200 steps of AdamW at lr 1e-2 (0.22
    // after 300; measured). It cannot reach 0: the first bytes of a window have too little context
    // to tell which "the" they are in. 0.6 leaves room for other compilers' rounding.
    gpt_config c;
    c.vocab_size = 256;
    c.block_size = 16;
    c.layers = 2;
    c.heads = 2;
    c.channels = 32;
    gpt_model<float> m = make_gpt(parameter_store<float>(), c);
    llmlings::rng gen(11);
    init_gpt(m, gen);
    llmlings::nn::adamw_options o;
    o.lr = 1e-2;
    auto opt = llmlings::nn::make_adamw(m.params, o);
    const std::vector<std::size_t> text =
        byte_tokens("In the beginning God created the heaven and the earth. And the earth was without form.");
    gpt_workspace<float> ws;
    gpt_gradients<float> g;
    token_ids ids, targets;
    train_step_result first, last;
    for (int step = 0; step < 200; ++step) {
        get_batch(text, 8, 16, gen, ids, targets);
        last = gpt_train_step(m, ids, targets, ws, g, opt);
        if (step == 0) first = last;
    }
    CHECK(std::fabs(first.loss - std::log(256.0)) < 0.1);  // GPT-2's initialisation: nearly uniform
    CHECK(last.loss < 0.6);
}

TEST_CASE("get_batch draws windows of the corpus and their next tokens", "[transformer][06_gpt_training]") {
    std::vector<std::size_t> tokens;
    for (std::size_t i = 0; i < 40; ++i) tokens.push_back(100 + i);
    llmlings::rng gen(5);
    token_ids ids, targets;
    get_batch(tokens, 3, 4, gen, ids, targets);
    REQUIRE(ids.shape()[0] == 3);
    REQUIRE(ids.shape()[1] == 4);
    REQUIRE(targets.shape()[1] == 4);
    for (std::size_t b = 0; b < 3; ++b) {
        CHECK(id_at(ids, b, 0) >= 100);
        CHECK(id_at(ids, b, 0) <= 100 + 40 - 5);  // the last window ends at the last token
        for (std::size_t t = 0; t < 4; ++t) {
            CHECK(id_at(ids, b, t) == id_at(ids, b, 0) + t);  // consecutive tokens
            CHECK(id_at(targets, b, t) == id_at(ids, b, t) + 1);
        }
    }
    // A corpus of 5 tokens and windows of 3: two starts, 0 and 1, and over 60 draws both occur.
    std::set<std::size_t> starts;
    for (int i = 0; i < 20; ++i) {
        get_batch({7, 8, 9, 10, 11}, 3, 3, gen, ids, targets);
        for (std::size_t b = 0; b < 3; ++b) starts.insert(id_at(ids, b, 0));
    }
    CHECK(starts == std::set<std::size_t>{7, 8});
    // The same seed draws the same batches.
    llmlings::rng a(9), b(9);
    token_ids ids_a, targets_a, ids_b, targets_b;
    get_batch(tokens, 4, 6, a, ids_a, targets_a);
    get_batch(tokens, 4, 6, b, ids_b, targets_b);
    CHECK(std::equal(ids_a.begin(), ids_a.end(), ids_b.begin()));
    CHECK_THROWS_WITH(get_batch({1, 2, 3}, 2, 3, gen, ids, targets),
                      contains("get_batch") && contains("at least steps + 1 = 4 tokens") && contains("3 tokens"));
    CHECK_THROWS_AS(get_batch(tokens, 0, 3, gen, ids, targets), llmlings::invalid_argument);
}

TEMPLATE_TEST_CASE("a second training step of the same batch shape allocates nothing", "[transformer][06_gpt_training]",
                   float, double) {
    const training_golden& golden = load_training_golden();
    golden_gpt<TestType> r;
    auto opt = golden_adamw(r.model);
    gpt_train_step(r.model, golden.ids[0], golden.targets[0], r.ws, r.g, opt);
    const std::size_t before = llmlings::testing::allocation_count();
    const train_step_result step = gpt_train_step(r.model, golden.ids[1], golden.targets[1], r.ws, r.g, opt);
    CHECK(llmlings::testing::allocation_count() == before);
    CHECK(step.loss > 0.0);
}

TEST_CASE("a backward without its forward and bad options throw errors that name the function",
          "[transformer][06_gpt_training]") {
    const training_golden& golden = load_training_golden();
    golden_gpt<float> r;
    CHECK_THROWS_WITH(gpt_backward(r.model, golden.ids[0], r.ws, r.g),
                      contains("gpt_backward") && contains("run gpt_forward on the same ids first"));
    r.backward(golden.ids[0], golden.targets[0]);
    const token_ids shorter = ids_from({{1, 2, 3}, {4, 5, 6}});
    CHECK_THROWS_WITH(gpt_backward(r.model, shorter, r.ws, r.g), contains("gpt_backward") && contains("(2,3)"));
    auto opt = golden_adamw(r.model);
    CHECK_THROWS_WITH(gpt_train_step(r.model, golden.ids[0], golden.targets[0], r.ws, r.g, opt, -1.0),
                      contains("gpt_train_step") && contains("max_grad_norm"));
    CHECK_THROWS_AS(gpt_train_step(r.model, golden.ids[0], shorter, r.ws, r.g, opt), llmlings::shape_error);
}
