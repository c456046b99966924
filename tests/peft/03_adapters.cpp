// SPDX-License-Identifier: MIT
// Tests for peft/03_adapters. Oracles: closed-form parameter counts (L·(2·C·m + m + C) for the
// adapters, P·C for a prompt; the default GPT's 8,736, 66,304 and 2,048 beside LoRA r = 8's 65,536),
// the base GPT's own forward (transformer/05: zero up-projections give its logits bit for bit; a
// prompt made from ids p gives its logits on [p, ids]), the adapter GPT rebuilt from transformer/05's
// reference layers with each adapter written out in xtensor (oracles/03_adapters.cpp, never the
// code under test), central differences over the trainable tensors in double, AdamW's state as two
// numbers per trainable number, properties of training (the loss of a new text falls while every
// frozen tensor keeps its bits), the allocation counter, and the errors.
#include <llmlings/testing.hpp>
#include <llmlings/testing/allocations.hpp>  // replaces operator new: in this one file of the program

#include <llmlings/peft/03_adapters.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "oracles/03_adapters.hpp"
#include "oracles/gpt_fixtures.hpp"

using llmlings::matrix;
using llmlings::parameter_store;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::peft;
using namespace llmlings::transformer;
using namespace oracles;

namespace {

// Sets every adapter tensor (both projections and their biases) to N(0, sd²): the initialisation
// leaves the up-projection 0, which hides most mistakes.
template <class T>
void randomise_adapters(adapter_gpt<T>& m, unsigned seed, double sd) {
    seed_random(seed);
    for (const llmlings::parameter<T>& p : m.gpt.params) {
        if (p.name().find(".adapter.") == std::string::npos) continue;
        set_values(p, normal_vector(p.size(), sd));
    }
}

std::vector<std::size_t> bytes_of(const std::string& text) {
    return std::vector<std::size_t>(text.begin(), text.end());
}

// The largest |gradient| of the frozen tensors that are not norms (the norms' gains get their cheap
// gradients from transformer/04's backward; the optimizer skips them), and of the trainable ones.
template <class T>
std::pair<double, double> frozen_and_trainable_grads(const parameter_store<T>& store) {
    double frozen = 0.0, trainable = 0.0;
    for (const llmlings::parameter<T>& p : store) {
        if (p.name().find("ln") != std::string::npos) continue;
        double& into = p.trainable() ? trainable : frozen;
        into = std::max(into, max_abs(grads_of(p)));
    }
    return {frozen, trainable};
}

// A copy of a GPT's values in a new store (a store an optimizer was made over is frozen).
gpt_model<float> copy_of(const gpt_model<float>& from) {
    gpt_model<float> m = make_gpt(parameter_store<float>(), from.config);
    for (const llmlings::parameter<float>& p : m.params) {
        const llmlings::parameter<float> source = from.params.find(p.name());
        std::copy(source.data(), source.data() + source.size(), p.data());
    }
    return m;
}

}  // namespace

TEST_CASE("make_adapter_gpt adds L·(2·C·m + m + C) numbers and freezes the GPT", "[peft][03_adapters]") {
    // The default GPT (L 4, C 128): 834,304 numbers. m = 64: 4·(2·128·64 + 64 + 128) = 66,304
    // trainable, about LoRA r = 8's 65,536 (peft/02); AdamW keeps 2 floats per trainable number.
    CHECK(adapter_parameter_count(gpt_config{}, 64) == 66304);
    CHECK(adapter_parameter_count(gpt_config{}, 8) == 8736);
    gpt_model<float> gpt = make_gpt(parameter_store<float>(), gpt_config{});
    llmlings::rng gen(1);
    adapter_gpt<float> m = make_adapter_gpt(gpt, 64, gen);
    CHECK(m.bottleneck == 64);
    CHECK(m.gpt.params.numel() == 834304 + 66304);
    CHECK(m.gpt.params.trainable_numel() == 66304);
    REQUIRE(m.adapters.size() == 4);
    REQUIRE(m.blocks.size() == 4);
    CHECK(m.adapters[3].fc.weight.name() == "blocks.3.adapter.down.weight");
    CHECK(m.adapters[3].proj.bias.name() == "blocks.3.adapter.up.bias");
    CHECK(m.adapters[1].fc.weight.shape()[0] == 64);
    CHECK(m.adapters[1].fc.weight.shape()[1] == 128);
    CHECK(m.adapters[1].proj.weight.shape()[0] == 128);
    CHECK(m.adapters[1].proj.weight.shape()[1] == 64);
    // the blocks' layers are the GPT's own, without a LoRA branch
    CHECK(m.blocks[2].mlp_proj.base.weight.name() == "blocks.2.mlp.proj.weight");
    CHECK(m.blocks[0].qkv.rank == 0);
    std::size_t trainable_tensors = 0;
    for (const llmlings::parameter<float>& p : m.gpt.params) {
        CHECK(p.trainable() == (p.name().find(".adapter.") != std::string::npos));
        if (p.trainable()) ++trainable_tensors;
    }
    CHECK(trainable_tensors == 16);
    // the up-projection and both biases start at 0, the down-projection ~ U(±1/√C)
    double largest_up = 0.0, largest_down = 0.0;
    for (const llmlings::parameter<float>& p : m.gpt.params) {
        if (p.name().find(".adapter.") == std::string::npos) continue;
        if (p.name().find(".down.weight") != std::string::npos)
            largest_down = std::max(largest_down, max_abs(values_of(p)));
        else
            largest_up = std::max(largest_up, max_abs(values_of(p)));
    }
    CHECK(largest_up == 0.0);
    CHECK(largest_down > 0.95 / std::sqrt(128.0));
    CHECK(largest_down <= 1.0 / std::sqrt(128.0));
    auto opt = llmlings::nn::make_adamw(m.gpt.params, llmlings::nn::adamw_options{});
    const training_memory mem = measure_training_memory(m.gpt.params, opt);
    CHECK(mem.trainable == 66304);
    CHECK(mem.weight_bytes == 4 * 900608);
    CHECK(mem.optimizer_bytes == 530432);
}

TEST_CASE("make_prompt_gpt adds P·C numbers that start as the embeddings of the given ids", "[peft][03_adapters]") {
    // The default GPT with P = 16: 16·128 = 2,048 trainable numbers, 0.25 % of the model, whatever
    // its depth; 16,384 bytes of AdamW state.
    CHECK(prompt_parameter_count(gpt_config{}, 16) == 2048);
    gpt_model<float> big = make_gpt(parameter_store<float>(), gpt_config{});
    prompt_gpt<float> p = make_prompt_gpt(big, bytes_of("Translate this: "));
    CHECK(p.length == 16);
    CHECK(p.prompt.name() == "prompt.weight");
    CHECK(p.prompt.shape()[0] == 16);
    CHECK(p.prompt.shape()[1] == 128);
    CHECK(p.gpt.params.numel() == 834304 + 2048);
    CHECK(p.gpt.params.trainable_numel() == 2048);
    REQUIRE(p.blocks.size() == 4);
    CHECK(p.blocks[3].fc.base.weight.name() == "blocks.3.mlp.fc.weight");
    for (const llmlings::parameter<float>& t : p.gpt.params) CHECK(t.trainable() == (t.name() == "prompt.weight"));
    auto opt = llmlings::nn::make_adamw(p.gpt.params, llmlings::nn::adamw_options{});
    const training_memory mem = measure_training_memory(p.gpt.params, opt);
    CHECK(mem.trainable == 2048);
    CHECK(mem.optimizer_bytes == 16384);
    // The vocabulary initialisation: row i is the embedding of init_ids[i].
    gpt_model<double> gpt = small_gpt<double>(2);
    const matrix wte = values_matrix(gpt.wte);
    const std::vector<std::size_t> init = {3, 0, 15, 3};
    prompt_gpt<double> m = make_prompt_gpt(gpt, init);
    const matrix prompt = values_matrix(m.prompt);
    REQUIRE(prompt.shape()[0] == 4);
    for (std::size_t i = 0; i < init.size(); ++i) CHECK(max_abs(minus(row(prompt, i), row(wte, init[i]))) == 0.0);
    // ... and with ids drawn at random: every row is some token's embedding
    gpt_model<double> other = small_gpt<double>(3);
    llmlings::rng gen(4);
    prompt_gpt<double> r = make_prompt_gpt(other, 5, gen);
    CHECK(r.length == 5);
    CHECK(r.gpt.params.trainable_numel() == 40);
    const matrix other_wte = values_matrix(other.wte), drawn = values_matrix(r.prompt);
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < 5; ++i)
        for (std::size_t v = 0; v < 16; ++v)
            if (max_abs(minus(row(drawn, i), row(other_wte, v))) == 0.0) found.push_back(v);
    CHECK(found.size() == 5);
    CHECK(std::count(found.begin(), found.end(), found[0]) < 5);  // not one id five times
}

TEMPLATE_TEST_CASE("at the start the adapter GPT's logits are the base GPT's bit for bit", "[peft][03_adapters]", float,
                   double) {
    using T = TestType;
    gpt_model<T> gpt = small_gpt<T>(5);
    const token_ids ids = ids_of(3, 7, 16, 1);
    gpt_workspace<T> base_ws;
    const llmlings::matrix_of<T> expected = gpt_forward(gpt, ids, base_ws);
    llmlings::rng gen(6);
    adapter_gpt<T> m = make_adapter_gpt(gpt, 4, gen);
    adapter_gpt_workspace<T> ws;
    const auto& logits = adapter_gpt_forward(m, ids, ws);
    REQUIRE(logits.shape() == expected.shape());
    CHECK(std::memcmp(logits.data(), expected.data(), expected.size() * sizeof(T)) == 0);
    // ... and a second call of the same shape gives them again (the workspace is reused)
    CHECK(std::memcmp(adapter_gpt_forward(m, ids, ws).data(), expected.data(), expected.size() * sizeof(T)) == 0);
}

TEST_CASE("with random adapters the logits are the reference GPT's with an adapter after each block",
          "[peft][03_adapters]") {
    // The oracle runs transformer/05's reference block (multi_head_forward, mlp_forward) and each
    // adapter y + GELU(y·Dᵀ + d)·Uᵀ + u written out in xtensor. Double; the two paths sum the same
    // products in other orders, so 1e-12.
    for (const std::size_t m : {1, 3, 8}) {
        CAPTURE(m);
        gpt_model<double> gpt = small_gpt<double>(7);
        llmlings::rng gen(8);
        adapter_gpt<double> a = make_adapter_gpt(gpt, m, gen);
        randomise_adapters(a, 9, 0.5);
        const token_ids ids = ids_of(2, 6, 16, 2);
        adapter_gpt_workspace<double> ws;
        const matrix expected = adapter_reference_logits(a.gpt, ids);
        CHECK_CLOSE_AT(adapter_gpt_forward(a, ids, ws), expected, (tolerance{1e-12, 1e-12}));
        // the adapters change the model: the base GPT's logits are far from these
        gpt_workspace<double> base_ws;
        CHECK(max_abs(minus(gpt_forward(gpt, ids, base_ws), expected)) > 1e-3);
    }
}

TEST_CASE("the adapters' gradients match central differences", "[peft][03_adapters]") {
    // Every trainable tensor: the adapters', and the embeddings made trainable again (PEFT's
    // modules_to_save: the tied head and the lookup both give wte a gradient). Double; through two
    // blocks the central differences carry absolute errors of ~6e-10 (rounding of a loss of 2.7
    // over h = 1e-6), so an entry of 1e-6 is known to ~1e-3 relative; a wrong backward is off by
    // > 1e-2.
    gpt_model<double> gpt = small_gpt<double>(11);
    llmlings::rng gen(12);
    adapter_gpt<double> a = make_adapter_gpt(gpt, 3, gen);
    randomise_adapters(a, 13, 0.5);
    a.gpt.params.set_trainable("wte", true);
    a.gpt.params.set_trainable("wpe", true);
    const token_ids ids = ids_of(2, 5, 16, 4), next = ids_of(2, 5, 16, 5);
    adapter_gpt_workspace<double> ws;
    gpt_gradients<double> g;
    matrix scratch;
    const auto loss = [&] {
        const matrix& logits = adapter_gpt_forward(a, ids, ws);
        llmlings::ensure_shape(scratch, {logits.shape()[0], logits.shape()[1]});
        return gpt_cross_entropy<double>(input_rows(logits), next, output_rows(scratch));
    };
    a.gpt.params.zero_grad();
    loss();
    g.d_logits = scratch;
    adapter_gpt_backward(a, ids, ws, g);
    const auto reports = trainable_gradient_check(a.gpt.params, loss);
    REQUIRE(reports.size() == 10);  // wte, wpe, and 4 tensors per adapter
    CHECK_STORE_GRADIENTS_AT(reports, 1e-3);
    CHECK(max_abs(grads_of(a.gpt.params.find("blocks.0.adapter.down.weight"))) > 1e-4);
}

TEMPLATE_TEST_CASE("a prompt made from ids gives the base GPT's logits on those ids followed by the text",
                   "[peft][03_adapters]", float, double) {
    // The oracle is transformer/05's gpt_forward on [p, ids], the rows after the prompt. The same
    // sums, but the head's product runs over other rows: equal to rounding (float: a few ulps of
    // logits below 1; double: 1e-14).
    using T = TestType;
    const tolerance tol = std::is_same<T, float>::value ? tolerance{1e-6, 1e-7} : tolerance{1e-13, 1e-15};
    gpt_model<T> gpt = small_gpt<T>(14);
    const std::vector<std::size_t> p = {5, 9, 2};
    prompt_gpt<T> m = make_prompt_gpt(gpt, p);
    prompt_gpt_workspace<T> ws;
    for (const std::size_t steps : {5, 2, 1}) {  // 5: P + T = 8, the block size
        CAPTURE(steps);
        const token_ids ids = ids_of(2, steps, 16, 3 + steps);
        const matrix expected = prompted_reference_logits(gpt, p, ids);
        const matrix logits = to_double(prompt_gpt_forward(m, ids, ws));
        REQUIRE(logits.shape()[0] == 2 * steps);
        CHECK_CLOSE_AT(logits, expected, tol);
    }
    // the prompt matters: another prompt gives other logits
    const token_ids ids = ids_of(2, 4, 16, 6);
    CHECK(max_abs(minus(prompted_reference_logits(gpt, {5, 9, 3}, ids), to_double(prompt_gpt_forward(m, ids, ws)))) >
          1e-4);
}

TEST_CASE("the prompt's gradient matches central differences", "[peft][03_adapters]") {
    // The prompt, and the embeddings made trainable again: wte gets the head's gradient and the
    // lookup's for the text positions only, wpe one row per position of all P + T. Double, 1e-3 as
    // above. A backward of other ids runs first with the same buffers: stale scratch must not leak.
    gpt_model<double> gpt = small_gpt<double>(15);
    llmlings::rng gen(16);
    prompt_gpt<double> m = make_prompt_gpt(gpt, 3, gen);
    seed_random(17);
    set_values(m.prompt, normal_matrix(3, 8, 0.5));
    m.gpt.params.set_trainable("wte", true);
    m.gpt.params.set_trainable("wpe", true);
    const token_ids ids = ids_of(2, 4, 16, 7), next = ids_of(2, 4, 16, 8);
    prompt_gpt_workspace<double> ws;
    gpt_gradients<double> g;
    matrix scratch;
    const auto loss_of = [&](const token_ids& x, const token_ids& y) {
        const matrix& logits = prompt_gpt_forward(m, x, ws);
        llmlings::ensure_shape(scratch, {logits.shape()[0], logits.shape()[1]});
        return gpt_cross_entropy<double>(input_rows(logits), y, output_rows(scratch));
    };
    loss_of(next, ids);
    g.d_logits = scratch;
    prompt_gpt_backward(m, next, ws, g);
    m.gpt.params.zero_grad();
    loss_of(ids, next);
    g.d_logits = scratch;
    prompt_gpt_backward(m, ids, ws, g);
    const auto reports = trainable_gradient_check(m.gpt.params, [&] { return loss_of(ids, next); });
    REQUIRE(reports.size() == 3);
    CHECK(reports[2].name == "prompt.weight");
    CHECK_STORE_GRADIENTS_AT(reports, 1e-3);
    // positions 7 (the last of P + T = 7: 0 … 6) and beyond get nothing
    CHECK(max_abs(grads_of(m.gpt.params.find("wpe.weight"))) > 1e-4);
    CHECK(max_abs(row(grads_matrix(m.gpt.wpe.weight), 7)) == 0.0);
}

TEST_CASE("the backward computes nothing for the frozen tensors of either model", "[peft][03_adapters]") {
    // Rank-0 layers pass dx = dy·W on and skip dW; the frozen embeddings get no head product and no
    // scatter. Their gradients stay exactly 0.
    gpt_model<double> gpt = small_gpt<double>(18);
    llmlings::rng gen(19);
    adapter_gpt<double> a = make_adapter_gpt(gpt, 2, gen);
    randomise_adapters(a, 20, 0.5);
    const token_ids ids = ids_of(2, 5, 16, 4), next = ids_of(2, 5, 16, 5);
    gpt_gradients<double> g;
    adapter_gpt_workspace<double> aws;
    a.gpt.params.zero_grad();
    const matrix& logits = adapter_gpt_forward(a, ids, aws);
    llmlings::ensure_shape(g.d_logits, {logits.shape()[0], logits.shape()[1]});
    gpt_cross_entropy<double>(input_rows(logits), next, output_rows(g.d_logits));
    adapter_gpt_backward(a, ids, aws, g);
    const auto adapter_grads = frozen_and_trainable_grads(a.gpt.params);
    CHECK(adapter_grads.first == 0.0);
    CHECK(adapter_grads.second > 1e-3);

    gpt_model<double> other = small_gpt<double>(21);
    prompt_gpt<double> p = make_prompt_gpt(other, {1, 2});
    prompt_gpt_workspace<double> pws;
    p.gpt.params.zero_grad();
    const matrix& prompted = prompt_gpt_forward(p, ids, pws);
    gpt_cross_entropy<double>(input_rows(prompted), next, output_rows(g.d_logits));
    prompt_gpt_backward(p, ids, pws, g);
    const auto prompt_grads = frozen_and_trainable_grads(p.gpt.params);
    CHECK(prompt_grads.first == 0.0);
    CHECK(prompt_grads.second > 1e-4);
}

TEST_CASE("adapters and a prompt both learn a new text while every base weight keeps its bits", "[peft][03_adapters]") {
    // A byte-level GPT (L 2, H 2, C 32, 24 positions) pretrained on one sentence for 100 steps,
    // then each method on its own copy, 30 steps on the same words in another order (T = 16):
    // adapters of m = 8, 2·(2·32·8 + 8 + 32) = 1,104 trainable numbers (AdamW lr 1e-2), and a
    // prompt of P = 8 vectors (P + T = 24), 8·32 = 256 numbers initialised from the embeddings of
    // the new text's first bytes (lr 3e-2: prompts want a larger rate, Lester et al. used 0.3).
    // Measured: adapters from the base's 2.33 to 0.83, the prompt from 3.24 (the base reading
    // "God crea" before each window) to 1.68. Only the trainable tensors move.
    gpt_config c;
    c.vocab_size = 256;
    c.block_size = 24;
    c.layers = 2;
    c.heads = 2;
    c.channels = 32;
    gpt_model<float> gpt = make_gpt(parameter_store<float>(), c);
    llmlings::rng gen(21);
    init_gpt(gpt, gen);
    const std::vector<std::size_t> old_text = bytes_of("In the beginning God created the heaven and the earth.");
    const std::vector<std::size_t> new_text = bytes_of("God created the earth and the heaven in the beginning.");
    token_ids ids, targets;
    {
        gpt_workspace<float> ws;
        gpt_gradients<float> g;
        llmlings::nn::adamw_options o;
        o.lr = 1e-2;
        auto opt = llmlings::nn::make_adamw(gpt.params, o);
        for (int step = 0; step < 100; ++step) {
            get_batch(old_text, 8, 16, gen, ids, targets);
            gpt_train_step(gpt, ids, targets, ws, g, opt);
        }
    }
    adapter_gpt<float> a = make_adapter_gpt(copy_of(gpt), 8, gen);
    prompt_gpt<float> p =
        make_prompt_gpt(copy_of(gpt), std::vector<std::size_t>(new_text.begin(), new_text.begin() + 8));
    const std::vector<unsigned char> a_before = frozen_bytes(a.gpt.params), p_before = frozen_bytes(p.gpt.params);
    llmlings::nn::adamw_options o;
    o.lr = 1e-2;
    auto a_opt = llmlings::nn::make_adamw(a.gpt.params, o);
    o.lr = 3e-2;
    auto p_opt = llmlings::nn::make_adamw(p.gpt.params, o);
    CHECK(measure_training_memory(a.gpt.params, a_opt).trainable == adapter_parameter_count(c, 8));
    CHECK(adapter_parameter_count(c, 8) == 1104);
    CHECK(measure_training_memory(p.gpt.params, p_opt).trainable == prompt_parameter_count(c, 8));
    CHECK(prompt_parameter_count(c, 8) == 256);
    adapter_gpt_workspace<float> aws;
    prompt_gpt_workspace<float> pws;
    gpt_gradients<float> g;
    train_step_result a_first, a_last, p_first, p_last;
    for (int step = 0; step < 30; ++step) {
        get_batch(new_text, 8, 16, gen, ids, targets);
        a_last = adapter_gpt_train_step(a, ids, targets, aws, g, a_opt);
        p_last = prompt_gpt_train_step(p, ids, targets, pws, g, p_opt);
        if (step == 0) {
            a_first = a_last;
            p_first = p_last;
        }
    }
    CAPTURE(a_first.loss, a_last.loss, p_first.loss, p_last.loss);
    CHECK(a_first.loss > 1.8);
    CHECK(a_last.loss < a_first.loss - 1.0);
    CHECK(p_last.loss < p_first.loss - 1.0);
    CHECK(frozen_bytes(a.gpt.params) == a_before);
    CHECK(frozen_bytes(p.gpt.params) == p_before);
}

TEMPLATE_TEST_CASE("a second adapter step and a second prompt step allocate nothing", "[peft][03_adapters]", float,
                   double) {
    using T = TestType;
    gpt_model<T> gpt = small_gpt<T>(41);
    llmlings::rng gen(42);
    adapter_gpt<T> a = make_adapter_gpt(gpt, 3, gen);
    auto a_opt = llmlings::nn::make_adamw(a.gpt.params, llmlings::nn::adamw_options{});
    gpt_model<T> other = small_gpt<T>(43);
    prompt_gpt<T> p = make_prompt_gpt(other, 2, gen);
    auto p_opt = llmlings::nn::make_adamw(p.gpt.params, llmlings::nn::adamw_options{});
    adapter_gpt_workspace<T> aws;
    prompt_gpt_workspace<T> pws;
    gpt_gradients<T> ag, pg;
    const token_ids ids = ids_of(2, 6, 16, 7), next = ids_of(2, 6, 16, 8);
    adapter_gpt_train_step(a, ids, next, aws, ag, a_opt);
    prompt_gpt_train_step(p, ids, next, pws, pg, p_opt);
    const std::size_t before = llmlings::testing::allocation_count();
    adapter_gpt_train_step(a, ids, next, aws, ag, a_opt);
    prompt_gpt_train_step(p, ids, next, pws, pg, p_opt);
    CHECK(llmlings::testing::allocation_count() == before);
}

TEST_CASE("bad input to the adapter GPT throws naming the function", "[peft][03_adapters]") {
    gpt_model<double> gpt = small_gpt<double>(51);
    llmlings::rng gen(52);
    for (const std::size_t bad : {0, 9}) {
        CHECK_THROWS_WITH(make_adapter_gpt(gpt, bad, gen), contains("make_adapter_gpt") && contains("bottleneck"));
        CHECK_THROWS_AS(make_adapter_gpt(gpt, bad, gen), llmlings::invalid_argument);
        CHECK_THROWS_WITH(adapter_parameter_count(gpt.config, bad), contains("adapter_parameter_count"));
    }
    CHECK_THROWS_WITH(make_adapter_gpt(gpt, 9, gen), contains("channels (8)") && contains("got 9"));
    CHECK_THROWS_WITH(make_adapter_gpt(gpt_model<double>{}, 2, gen),
                      contains("make_adapter_gpt") && contains("not built"));
    adapter_gpt<double> m = make_adapter_gpt(gpt, 2, gen);
    // the names are taken: adapters cannot be added twice
    CHECK_THROWS_AS(make_adapter_gpt(gpt, 2, gen), llmlings::invalid_argument);
    adapter_gpt_workspace<double> ws;
    gpt_gradients<double> g;
    CHECK_THROWS_WITH(adapter_gpt_forward(adapter_gpt<double>{}, ids_of(1, 2, 16, 1), ws),
                      contains("adapter_gpt_forward") && contains("not built"));
    token_ids too_big = ids_of(1, 3, 16, 1);
    too_big.data()[1] = 16;
    CHECK_THROWS_WITH(adapter_gpt_forward(m, too_big, ws), contains("adapter_gpt_forward") && contains("token id 16"));
    CHECK_THROWS_AS(adapter_gpt_forward(m, ids_of(1, 9, 16, 1), ws), llmlings::shape_error);
    // the backward needs the forward of the same ids, and d_logits
    CHECK_THROWS_WITH(adapter_gpt_backward(m, ids_of(1, 3, 16, 1), ws, g), contains("adapter_gpt_backward"));
    adapter_gpt_forward(m, ids_of(2, 3, 16, 1), ws);
    CHECK_THROWS_AS(adapter_gpt_backward(m, ids_of(2, 3, 16, 1), ws, g), llmlings::shape_error);
    CHECK_THROWS_WITH(adapter_gpt_backward(adapter_gpt<double>{}, ids_of(2, 3, 16, 1), ws, g),
                      contains("adapter_gpt_backward") && contains("not built"));
    auto opt = llmlings::nn::make_adamw(m.gpt.params, llmlings::nn::adamw_options{});
    CHECK_THROWS_WITH(adapter_gpt_train_step(m, ids_of(2, 3, 16, 1), ids_of(2, 3, 16, 2), ws, g, opt, -1.0),
                      contains("max_grad_norm"));
    // an optimizer froze the store: nothing can be added to it
    gpt_model<double> other = small_gpt<double>(53);
    auto other_opt = llmlings::nn::make_adamw(other.params, llmlings::nn::adamw_options{});
    CHECK_THROWS_WITH(make_adapter_gpt(other, 2, gen), contains("make_adapter_gpt") && contains("frozen"));
}

TEST_CASE("bad input to the prompted GPT throws naming the function", "[peft][03_adapters]") {
    gpt_model<double> gpt = small_gpt<double>(61);
    llmlings::rng gen(62);
    // P = 0, and P = block_size: no room left for a token
    for (const std::size_t bad : {0, 8}) {
        CHECK_THROWS_WITH(make_prompt_gpt(gpt, bad, gen),
                          contains("make_prompt_gpt") && contains("got " + std::to_string(bad)));
        CHECK_THROWS_AS(make_prompt_gpt(gpt, std::vector<std::size_t>(bad, 1)), llmlings::invalid_argument);
        CHECK_THROWS_WITH(prompt_parameter_count(gpt.config, bad), contains("prompt_parameter_count"));
    }
    CHECK_THROWS_WITH(make_prompt_gpt(gpt, {1, 16}), contains("make_prompt_gpt") && contains("prompt id 16"));
    CHECK_THROWS_WITH(make_prompt_gpt(gpt_model<double>{}, {1}), contains("make_prompt_gpt") && contains("not built"));
    prompt_gpt<double> m = make_prompt_gpt(gpt, {1, 2, 3});
    CHECK_THROWS_AS(make_prompt_gpt(gpt, {1}), llmlings::invalid_argument);  // "prompt.weight" is taken
    prompt_gpt_workspace<double> ws;
    gpt_gradients<double> g;
    // P + T must fit the block: 3 + 5 = 8 fits, 3 + 6 does not
    prompt_gpt_forward(m, ids_of(1, 5, 16, 1), ws);
    CHECK_THROWS_WITH(prompt_gpt_forward(m, ids_of(1, 6, 16, 1), ws),
                      contains("prompt_gpt_forward") && contains("room for 1 to 5 tokens"));
    CHECK_THROWS_AS(prompt_gpt_forward(m, ids_of(1, 6, 16, 1), ws), llmlings::shape_error);
    CHECK_THROWS_WITH(prompt_gpt_forward(prompt_gpt<double>{}, ids_of(1, 2, 16, 1), ws),
                      contains("prompt_gpt_forward") && contains("not built"));
    token_ids too_big = ids_of(1, 3, 16, 1);
    too_big.data()[2] = 16;
    CHECK_THROWS_WITH(prompt_gpt_forward(m, too_big, ws), contains("prompt_gpt_forward") && contains("token id 16"));
    // the backward needs the forward of the same ids, and d_logits
    prompt_gpt_forward(m, ids_of(2, 3, 16, 1), ws);
    CHECK_THROWS_WITH(prompt_gpt_backward(m, ids_of(2, 4, 16, 1), ws, g),
                      contains("prompt_gpt_backward") && contains("run prompt_gpt_forward on the same ids first"));
    CHECK_THROWS_WITH(prompt_gpt_backward(m, ids_of(2, 3, 16, 1), ws, g),
                      contains("prompt_gpt_backward") && contains("d_logits"));
    auto opt = llmlings::nn::make_adamw(m.gpt.params, llmlings::nn::adamw_options{});
    CHECK_THROWS_WITH(prompt_gpt_train_step(m, ids_of(2, 3, 16, 1), ids_of(2, 3, 16, 2), ws, g, opt, -1.0),
                      contains("max_grad_norm"));
    gpt_model<double> other = small_gpt<double>(63);
    auto other_opt = llmlings::nn::make_adamw(other.params, llmlings::nn::adamw_options{});
    CHECK_THROWS_WITH(make_prompt_gpt(other, 2, gen), contains("make_prompt_gpt") && contains("frozen"));
}
