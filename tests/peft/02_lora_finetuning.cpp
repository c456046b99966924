// SPDX-License-Identifier: MIT
// Tests for peft/02_lora_finetuning. Oracles: closed-form parameter counts (16·r·C per block with
// every layer adapted; 65,536 for the default GPT at r = 8), the base GPT's own forward (transformer/05: B = 0 must give its logits bit for bit),
// the merged GPT through transformer/06's reference backward and the chain rule for the factors'
// gradients (oracles/02_lora_finetuning.cpp, never the code under test), AdamW's state as two
// numbers per trainable number, properties of training (the loss of a new text falls while every
// frozen tensor keeps its bits), the allocation counter, and the errors.
#include <llmlings/testing.hpp>
#include <llmlings/testing/allocations.hpp>  // replaces operator new: in this one file of the program

#include <llmlings/peft/02_lora_finetuning.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "oracles/02_lora_finetuning.hpp"
#include "oracles/gpt_fixtures.hpp"

using llmlings::matrix;
using llmlings::parameter_store;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::peft;
using namespace llmlings::transformer;
using namespace oracles;

namespace {

// Sets every factor B to N(0, sd²) (the initialisation leaves it 0, which hides most mistakes)
// and returns every adapted layer's factors in double, block by block, qkv, attn.proj, fc, mlp.proj.
template <class T>
std::vector<lora_factors> randomise_b(lora_gpt<T>& m, unsigned seed, double sd) {
    seed_random(seed);
    std::vector<lora_factors> out;
    for (std::size_t l = 0; l < m.blocks.size(); ++l) {
        lora_block<T>& b = m.blocks[l];
        const std::string p = "blocks." + std::to_string(l);
        const std::vector<std::pair<lora_layer<T>*, std::string>> layers = {{&b.qkv, p + ".attn.qkv"},
                                                                            {&b.attn_proj, p + ".attn.proj"},
                                                                            {&b.fc, p + ".mlp.fc"},
                                                                            {&b.mlp_proj, p + ".mlp.proj"}};
        for (const auto& entry : layers) {
            lora_layer<T>& layer = *entry.first;
            if (layer.rank == 0) continue;
            set_values(layer.b.weight, normal_matrix(layer.b.weight.shape()[0], layer.b.weight.shape()[1], sd));
            lora_factors f;
            f.layer = entry.second;
            f.a = values_matrix(layer.a.weight);
            f.b = values_matrix(layer.b.weight);
            f.s = layer.alpha / static_cast<double>(layer.rank);
            out.push_back(f);
        }
    }
    return out;
}

std::vector<std::size_t> bytes_of(const std::string& text) {
    return std::vector<std::size_t>(text.begin(), text.end());
}

}  // namespace

TEST_CASE("make_lora_gpt adapts 16·r·C numbers per block and freezes everything else", "[peft][02_lora_finetuning]") {
    // The default GPT (L 4, H 4, C 128, V 256, P 64): 834,304 numbers. r = 8 on every linear
    // layer: 8·(128 + 384) + 8·(128 + 128) + 8·(128 + 512) + 8·(512 + 128) = 16,384 per block,
    // 65,536 in all: 7.9 % of the base model, 7.3 % of the 899,840 numbers.
    gpt_model<float> gpt = make_gpt(parameter_store<float>(), gpt_config{});
    llmlings::rng gen(1);
    lora_gpt<float> m = make_lora_gpt(gpt, lora_config{}, gen);
    CHECK(m.gpt.params.numel() == 834304 + 65536);
    CHECK(m.gpt.params.trainable_numel() == 65536);
    REQUIRE(m.blocks.size() == 4);
    CHECK(m.blocks[3].qkv.a.weight.name() == "blocks.3.attn.qkv.lora_A.weight");
    CHECK(m.blocks[3].mlp_proj.b.weight.name() == "blocks.3.mlp.proj.lora_B.weight");
    CHECK(m.blocks[1].fc.a.weight.shape()[0] == 8);
    CHECK(m.blocks[1].fc.a.weight.shape()[1] == 128);
    CHECK(m.blocks[1].fc.b.weight.shape()[0] == 512);
    CHECK(m.blocks[2].attn_proj.b.weight.shape()[0] == 128);
    std::size_t trainable_tensors = 0;
    for (const llmlings::parameter<float>& p : m.gpt.params) {
        const bool factor = p.name().find(".lora_") != std::string::npos;
        CHECK(p.trainable() == factor);
        if (p.trainable()) ++trainable_tensors;
    }
    CHECK(trainable_tensors == 32);
    // B = 0, A ~ U(±1/√I): the factors' initialisation is peft/01's.
    double largest_b = 0.0, largest_a = 0.0;
    for (const lora_block<float>& b : m.blocks) {
        largest_b = std::max({largest_b, max_abs(values_of(b.qkv.b.weight)), max_abs(values_of(b.mlp_proj.b.weight))});
        largest_a = std::max(largest_a, max_abs(values_of(b.mlp_proj.a.weight)));
    }
    CHECK(largest_b == 0.0);
    CHECK(largest_a > 0.8 / std::sqrt(512.0));
    CHECK(largest_a <= 1.0 / std::sqrt(512.0));
}

TEST_CASE("the targets choose the layers: attention only or the MLP only and any rank up to C",
          "[peft][02_lora_finetuning]") {
    for (const bool attention : {true, false}) {
        gpt_model<double> gpt = small_gpt<double>(3);
        const std::size_t base = gpt.params.numel();
        lora_config c;
        c.rank = 3;
        c.alpha = 6.0;
        c.attention = attention;
        c.mlp = !attention;
        llmlings::rng gen(2);
        lora_gpt<double> m = make_lora_gpt(gpt, c, gen);
        // attention: r·(C + 3C) + r·(C + C) = 6·r·C per block; the MLP: 10·r·C; L = 2, C = 8
        const std::size_t expected = (attention ? 6 : 10) * 3 * 8 * 2;
        CHECK(m.gpt.params.trainable_numel() == expected);
        CHECK(m.gpt.params.numel() == base + expected);
        CHECK((m.blocks[1].qkv.rank == 3) == attention);
        CHECK((m.blocks[1].attn_proj.rank == 3) == attention);
        CHECK((m.blocks[0].fc.rank == 3) == !attention);
        CHECK((m.blocks[0].mlp_proj.rank == 3) == !attention);
        // a layer left out still has its base, for the forward
        CHECK(m.blocks[0].fc.base.weight.name() == "blocks.0.mlp.fc.weight");
        CHECK(m.blocks[1].qkv.base.weight.name() == "blocks.1.attn.qkv.weight");
    }
    gpt_model<double> gpt = small_gpt<double>(3);
    lora_config full_rank;
    full_rank.rank = 8;  // = C, the smaller side of every layer
    llmlings::rng gen(2);
    CHECK(make_lora_gpt(gpt, full_rank, gen).gpt.params.trainable_numel() == 16 * 8 * 8 * 2);
}

TEMPLATE_TEST_CASE("at the start the LoRA GPT's logits are the base GPT's bit for bit", "[peft][02_lora_finetuning]",
                   float, double) {
    using T = TestType;
    gpt_model<T> gpt = small_gpt<T>(5);
    const token_ids ids = ids_of(3, 7, 16, 1);
    gpt_workspace<T> base_ws;
    const llmlings::matrix_of<T> expected = gpt_forward(gpt, ids, base_ws);
    llmlings::rng gen(6);
    lora_gpt<T> m = make_lora_gpt(gpt, lora_config{4, 8.0, true, true}, gen);
    lora_gpt_workspace<T> ws;
    const auto& logits = lora_gpt_forward(m, ids, ws);
    REQUIRE(logits.shape() == expected.shape());
    CHECK(std::memcmp(logits.data(), expected.data(), expected.size() * sizeof(T)) == 0);
    // ... and a second call of the same shape gives them again (the workspace is reused)
    CHECK(std::memcmp(lora_gpt_forward(m, ids, ws).data(), expected.data(), expected.size() * sizeof(T)) == 0);
}

TEST_CASE("the logits and loss and the factors' gradients are the merged GPT's through transformer/06",
          "[peft][02_lora_finetuning]") {
    // The LoRA GPT with random B against the GPT whose weights are W₀ + s·B·A, forward and backward
    // by transformer/06's reference: dB = s·dW·Aᵀ and dA = s·Bᵀ·dW from the merged weight's
    // gradient dW. Double; sums of a few hundred products, so 1e-10 relative.
    for (const int targets : {0, 1, 2}) {  // every layer; attention only; the MLP only
        CAPTURE(targets);
        gpt_model<double> gpt = small_gpt<double>(7);
        lora_config c;
        c.rank = 2;
        c.alpha = 3.0;
        c.attention = targets != 2;
        c.mlp = targets != 1;
        llmlings::rng gen(8);
        lora_gpt<double> m = make_lora_gpt(gpt, c, gen);
        const std::vector<lora_factors> factors = randomise_b(m, 9, 0.3);
        REQUIRE(factors.size() == (targets == 0 ? 8u : 4u));
        const token_ids ids = ids_of(2, 6, 16, 2), next = ids_of(2, 6, 16, 3);
        const merged_result expected = merged_gpt(m.gpt, factors, ids, next);

        lora_gpt_workspace<double> ws;
        gpt_gradients<double> g;
        m.gpt.params.zero_grad();
        const matrix& logits = lora_gpt_forward(m, ids, ws);
        CHECK_CLOSE_AT(logits, expected.logits, (tolerance{1e-12, 1e-12}));
        llmlings::ensure_shape(g.d_logits, {logits.shape()[0], logits.shape()[1]});
        const double loss = gpt_cross_entropy<double>(input_rows(logits), next, output_rows(g.d_logits));
        CHECK_CLOSE_AT(loss, expected.loss, (tolerance{1e-13, 1e-13}));
        lora_gpt_backward(m, ids, ws, g);
        std::size_t k = 0;
        for (std::size_t l = 0; l < m.blocks.size(); ++l)
            for (const lora_layer<double>* layer :
                 {&m.blocks[l].qkv, &m.blocks[l].attn_proj, &m.blocks[l].fc, &m.blocks[l].mlp_proj}) {
                if (layer->rank == 0) continue;
                CAPTURE(factors[k].layer);
                CHECK(max_abs(expected.db[k]) > 1e-4);
                CHECK_CLOSE_AT(grads_matrix(layer->b.weight), expected.db[k], (tolerance{1e-10, 1e-13}));
                CHECK_CLOSE_AT(grads_matrix(layer->a.weight), expected.da[k], (tolerance{1e-10, 1e-13}));
                ++k;
            }
        CHECK(k == factors.size());
    }
}

TEST_CASE("before_block runs before each block forward and backward", "[peft][02_lora_finetuning]") {
    // peft/06 dequantises a block's frozen weights in this hook, just before the block needs them.
    gpt_model<double> gpt = small_gpt<double>(17);
    llmlings::rng gen(18);
    lora_gpt<double> m = make_lora_gpt(gpt, lora_config{2, 4.0, true, true}, gen);
    auto opt = llmlings::nn::make_adamw(m.gpt.params, llmlings::nn::adamw_options{});
    lora_gpt_workspace<double> ws;
    gpt_gradients<double> g;
    std::vector<std::size_t> calls;
    const auto record = [&calls](std::size_t l) { calls.push_back(l); };
    lora_gpt_train_step(m, ids_of(2, 4, 16, 1), ids_of(2, 4, 16, 2), ws, g, opt, 1.0, record);
    CHECK(calls == std::vector<std::size_t>{0, 1, 1, 0});
    calls.clear();
    lora_gpt_forward(m, ids_of(1, 3, 16, 1), ws, record);
    CHECK(calls == std::vector<std::size_t>{0, 1});
}

TEST_CASE("tensors made trainable again get the merged GPT's gradients", "[peft][02_lora_finetuning]") {
    // PEFT's modules_to_save: the embeddings (a new language's bytes need them) and a layer left
    // without adapters, trained in full beside the factors. Their gradients are the merged GPT's.
    gpt_model<double> gpt = small_gpt<double>(14);
    lora_config c;
    c.rank = 2;
    c.mlp = false;
    llmlings::rng gen(15);
    lora_gpt<double> m = make_lora_gpt(gpt, c, gen);
    for (const char* name : {"wte", "wpe", "blocks.1.mlp.fc"}) m.gpt.params.set_trainable(name, true);
    const std::vector<lora_factors> factors = randomise_b(m, 16, 0.3);
    const token_ids ids = ids_of(2, 7, 16, 8), next = ids_of(2, 7, 16, 9);
    const merged_result expected = merged_gpt(m.gpt, factors, ids, next);
    lora_gpt_workspace<double> ws;
    gpt_gradients<double> g;
    m.gpt.params.zero_grad();
    const matrix& logits = lora_gpt_forward(m, ids, ws);
    llmlings::ensure_shape(g.d_logits, {logits.shape()[0], logits.shape()[1]});
    gpt_cross_entropy<double>(input_rows(logits), next, output_rows(g.d_logits));
    lora_gpt_backward(m, ids, ws, g);
    for (const char* name : {"wte.weight", "wpe.weight", "blocks.1.mlp.fc.weight", "blocks.1.mlp.fc.bias"}) {
        CAPTURE(name);
        const llmlings::parameter<double> p = m.gpt.params.find(name);
        const llmlings::parameter<double> q = expected.merged.find(name);
        CHECK(max_abs(grads_of(q)) > 1e-6);
        CHECK_CLOSE_AT(grads_of(p), grads_of(q), (tolerance{1e-10, 1e-13}));
    }
    // the MLP projection of block 1 stays frozen: no gradient
    CHECK(max_abs(grads_of(m.gpt.params.find("blocks.1.mlp.proj.weight"))) == 0.0);
}

TEST_CASE("the backward computes nothing for the frozen weights and embeddings", "[peft][02_lora_finetuning]") {
    // Their gradients stay exactly 0: lora_backward skips a frozen W₀'s dW, a layer left out is
    // passed through as dx = dy·W, and the frozen embeddings get no scatter. (The norms' gains get
    // their cheap gradients from transformer/04's backward; the optimizer skips them.)
    for (const bool attention : {true, false}) {
        gpt_model<double> gpt = small_gpt<double>(11);
        lora_config c;
        c.rank = 2;
        c.attention = attention;
        c.mlp = true;
        llmlings::rng gen(12);
        lora_gpt<double> m = make_lora_gpt(gpt, c, gen);
        randomise_b(m, 13, 0.3);
        const token_ids ids = ids_of(2, 5, 16, 4), next = ids_of(2, 5, 16, 5);
        lora_gpt_workspace<double> ws;
        gpt_gradients<double> g;
        m.gpt.params.zero_grad();
        const matrix& logits = lora_gpt_forward(m, ids, ws);
        llmlings::ensure_shape(g.d_logits, {logits.shape()[0], logits.shape()[1]});
        gpt_cross_entropy<double>(input_rows(logits), next, output_rows(g.d_logits));
        lora_gpt_backward(m, ids, ws, g);
        double frozen = 0.0, factors = 0.0;
        for (const llmlings::parameter<double>& p : m.gpt.params) {
            if (p.name().find("ln") != std::string::npos) continue;  // ln1, ln2, ln_f
            (p.trainable() ? factors : frozen) += max_abs(grads_of(p));
        }
        CHECK(frozen == 0.0);
        CHECK(factors > 1e-3);
    }
}

TEST_CASE("a LoRA step moves only the factors and learns a text the base never saw", "[peft][02_lora_finetuning]") {
    // A byte-level GPT (L 2, H 2, C 32) pretrained on one sentence for 150 steps, then LoRA r = 4
    // on every layer, 150 steps on the same words in another order: the loss falls from the base's
    // 1.69 to 0.34 (measured; 0.15 after 300 steps), while every tensor but the factors keeps its
    // bits. The new text has no byte the base has not seen: the token embeddings are frozen, and a
    // byte whose embedding never trained cannot be predicted through the tied head (peft/02's guide).
    gpt_config c;
    c.vocab_size = 256;
    c.block_size = 16;
    c.layers = 2;
    c.heads = 2;
    c.channels = 32;
    gpt_model<float> gpt = make_gpt(parameter_store<float>(), c);
    llmlings::rng gen(21);
    init_gpt(gpt, gen);
    const std::vector<std::size_t> old_text = bytes_of("In the beginning God created the heaven and the earth.");
    const std::vector<std::size_t> new_text = bytes_of("God created the earth and the heaven in the beginning.");
    gpt_workspace<float> base_ws;
    gpt_gradients<float> base_g;
    token_ids ids, targets;
    {
        llmlings::nn::adamw_options o;
        o.lr = 1e-2;
        auto opt = llmlings::nn::make_adamw(gpt.params, o);
        for (int step = 0; step < 150; ++step) {
            get_batch(old_text, 8, 16, gen, ids, targets);
            gpt_train_step(gpt, ids, targets, base_ws, base_g, opt);
        }
    }
    // a store with an optimizer made over it is frozen: copy the pretrained model into a new one
    gpt_model<float> base = make_gpt(parameter_store<float>(), c);
    for (const llmlings::parameter<float>& p : base.params) {
        const llmlings::parameter<float> from = gpt.params.find(p.name());
        std::copy(from.data(), from.data() + from.size(), p.data());
    }
    lora_gpt<float> m = make_lora_gpt(base, lora_config{4, 8.0, true, true}, gen);
    const std::vector<unsigned char> before = frozen_bytes(m.gpt.params);
    llmlings::nn::adamw_options o;
    o.lr = 1e-2;
    auto opt = llmlings::nn::make_adamw(m.gpt.params, o);
    const training_memory mem = measure_training_memory(m.gpt.params, opt);
    CHECK(mem.trainable == 16 * 4 * 32 * 2);
    CHECK(mem.optimizer_bytes == 2 * mem.trainable * sizeof(float));
    lora_gpt_workspace<float> ws;
    gpt_gradients<float> g;
    train_step_result first, last;
    for (int step = 0; step < 150; ++step) {
        get_batch(new_text, 8, 16, gen, ids, targets);
        last = lora_gpt_train_step(m, ids, targets, ws, g, opt);
        if (step == 0) first = last;
    }
    CHECK(first.loss > 1.2);
    CHECK(last.loss < 0.7);
    CHECK(frozen_bytes(m.gpt.params) == before);
    CHECK(max_abs(values_of(m.blocks[1].mlp_proj.b.weight)) > 1e-3);
}

TEMPLATE_TEST_CASE("merging gives a plain GPT with the adapted model's logits", "[peft][02_lora_finetuning]", float,
                   double) {
    using T = TestType;
    gpt_model<T> gpt = small_gpt<T>(31);
    llmlings::rng gen(32);
    lora_gpt<T> m = make_lora_gpt(gpt, lora_config{3, 5.0, true, true}, gen);
    randomise_b(m, 33, 0.5);
    const token_ids ids = ids_of(2, 8, 16, 6);
    lora_gpt_workspace<T> ws;
    const matrix adapted = to_double(lora_gpt_forward(m, ids, ws));
    const matrix base_weight = values_matrix(m.blocks[0].qkv.base.weight);
    CHECK(merge_lora_gpt(m) == 8);
    CHECK(merge_lora_gpt(m) == 0);  // a second merge changes nothing
    gpt_workspace<T> plain_ws;
    const tolerance tol = std::is_same<T, float>::value ? tolerance{1e-5, 1e-5} : tolerance{1e-12, 1e-12};
    CHECK_CLOSE_AT(to_double(gpt_forward(m.gpt, ids, plain_ws)), adapted, tol);
    CHECK(max_abs(matrix(values_matrix(m.blocks[0].qkv.base.weight) - base_weight)) > 1e-3);
    CHECK_CLOSE_AT(to_double(lora_gpt_forward(m, ids, ws)), adapted, tol);  // merged, the base layers alone
    CHECK(unmerge_lora_gpt(m) == 8);
    CHECK(unmerge_lora_gpt(m) == 0);
    CHECK_CLOSE_AT(values_matrix(m.blocks[0].qkv.base.weight), base_weight, tol);
}

TEST_CASE("measure_training_memory counts the store and AdamW's two moments", "[peft][02_lora_finetuning]") {
    // Full fine-tuning of the default GPT in float: 834,304 numbers, 3,337,216 bytes of weights and
    // 6,674,432 of AdamW state; LoRA r = 8: 65,536 trainable, 524,288 bytes of state.
    gpt_model<float> full = make_gpt(parameter_store<float>(), gpt_config{});
    auto full_opt = llmlings::nn::make_adamw(full.params, llmlings::nn::adamw_options{});
    const training_memory f = measure_training_memory(full.params, full_opt);
    CHECK(f.parameters == 834304);
    CHECK(f.trainable == 834304);
    CHECK(f.weight_bytes == 3337216);
    CHECK(f.optimizer_bytes == 6674432);
    gpt_model<float> gpt = make_gpt(parameter_store<float>(), gpt_config{});
    llmlings::rng gen(1);
    lora_gpt<float> m = make_lora_gpt(gpt, lora_config{}, gen);
    auto opt = llmlings::nn::make_adamw(m.gpt.params, llmlings::nn::adamw_options{});
    const training_memory l = measure_training_memory(m.gpt.params, opt);
    CHECK(l.parameters == 899840);
    CHECK(l.trainable == 65536);
    CHECK(l.weight_bytes == 3599360);
    CHECK(l.optimizer_bytes == 524288);
    CHECK_THROWS_WITH(measure_training_memory(full.params, opt),
                      contains("measure_training_memory") && contains("another store"));
}

TEMPLATE_TEST_CASE("a second LoRA step of the same batch shape allocates nothing", "[peft][02_lora_finetuning]", float,
                   double) {
    using T = TestType;
    gpt_model<T> gpt = small_gpt<T>(41);
    llmlings::rng gen(42);
    lora_gpt<T> m = make_lora_gpt(gpt, lora_config{2, 4.0, true, true}, gen);
    auto opt = llmlings::nn::make_adamw(m.gpt.params, llmlings::nn::adamw_options{});
    lora_gpt_workspace<T> ws;
    gpt_gradients<T> g;
    const token_ids ids = ids_of(2, 8, 16, 7), next = ids_of(2, 8, 16, 8);
    lora_gpt_train_step(m, ids, next, ws, g, opt);
    const std::size_t before = llmlings::testing::allocation_count();
    lora_gpt_train_step(m, ids, next, ws, g, opt);
    CHECK(llmlings::testing::allocation_count() == before);
}

TEST_CASE("bad input to the LoRA GPT throws naming the function", "[peft][02_lora_finetuning]") {
    gpt_model<double> gpt = small_gpt<double>(51);
    llmlings::rng gen(52);
    for (const lora_config& bad :
         {lora_config{0, 8.0, true, true}, lora_config{9, 8.0, true, true}, lora_config{2, 0.0, true, true},
          lora_config{2, std::nan(""), true, true}, lora_config{2, 4.0, false, false}}) {
        CHECK_THROWS_WITH(make_lora_gpt(gpt, bad, gen), contains("make_lora_gpt"));
        CHECK_THROWS_AS(make_lora_gpt(gpt, bad, gen), llmlings::invalid_argument);
    }
    CHECK_THROWS_WITH(make_lora_gpt(gpt, lora_config{9, 8.0, true, true}, gen), contains("channels (8)"));
    CHECK_THROWS_WITH(make_lora_gpt(gpt_model<double>{}, lora_config{}, gen),
                      contains("make_lora_gpt") && contains("not built"));
    lora_gpt<double> m = make_lora_gpt(gpt, lora_config{2, 4.0, true, true}, gen);
    // the names are taken: adapters cannot be added twice
    CHECK_THROWS_AS(make_lora_gpt(gpt, lora_config{2, 4.0, true, true}, gen), llmlings::invalid_argument);
    lora_gpt_workspace<double> ws;
    gpt_gradients<double> g;
    CHECK_THROWS_WITH(lora_gpt_forward(lora_gpt<double>{}, ids_of(1, 2, 16, 1), ws),
                      contains("lora_gpt_forward") && contains("not built"));
    token_ids too_big = ids_of(1, 3, 16, 1);
    too_big(0, 1) = 16;
    CHECK_THROWS_WITH(lora_gpt_forward(m, too_big, ws), contains("lora_gpt_forward") && contains("token id 16"));
    CHECK_THROWS_AS(lora_gpt_forward(m, ids_of(1, 9, 16, 1), ws), llmlings::shape_error);
    // the backward needs the forward of the same ids
    CHECK_THROWS_WITH(lora_gpt_backward(m, ids_of(1, 3, 16, 1), ws, g), contains("lora_gpt_backward"));
    lora_gpt_forward(m, ids_of(2, 3, 16, 1), ws);
    CHECK_THROWS_AS(lora_gpt_backward(m, ids_of(2, 3, 16, 1), ws, g), llmlings::shape_error);  // no d_logits
    auto opt = llmlings::nn::make_adamw(m.gpt.params, llmlings::nn::adamw_options{});
    CHECK_THROWS_WITH(lora_gpt_train_step(m, ids_of(2, 3, 16, 1), ids_of(2, 3, 16, 2), ws, g, opt, -1.0),
                      contains("max_grad_norm"));
    // a merged model cannot be trained
    merge_lora_gpt(m);
    CHECK_THROWS_WITH(lora_gpt_train_step(m, ids_of(2, 3, 16, 1), ids_of(2, 3, 16, 2), ws, g, opt), contains("merged"));
    // an optimizer froze the store: no adapters can be added to it
    gpt_model<double> other = small_gpt<double>(53);
    auto other_opt = llmlings::nn::make_adamw(other.params, llmlings::nn::adamw_options{});
    CHECK_THROWS_WITH(make_lora_gpt(other, lora_config{}, gen), contains("make_lora_gpt") && contains("frozen"));
    lora_gpt<double> unbuilt;
    CHECK_THROWS_WITH(merge_lora_gpt(unbuilt), contains("merge_lora_gpt"));
    CHECK_THROWS_WITH(unmerge_lora_gpt(unbuilt), contains("unmerge_lora_gpt"));
}
