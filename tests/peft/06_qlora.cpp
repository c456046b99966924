// SPDX-License-Identifier: MIT
// Tests for peft/06_qlora. Oracles: LoRA computed another way (oracles/06_qlora.cpp, never the
// code under test) — peft/02's reference LoRA on the float GPT whose linear weights are peft/05's
// dequantize(quantize_nf4(W)), with the same seed: QLoRA's logits, loss and every factor's gradient
// must be its own bit for bit (the same products on the same numbers); closed-form byte counts
// (peft/05's NF4 formula, the store's float tensors, one block of scratch, AdamW's two moments)
// against peft/02's LoRA and full fine-tuning; properties of training (the NF4 bytes and frozen
// tensors keep their bits while the loss of a new text falls as LoRA's on the float base does);
// the merged float GPT through transformer/05's forward; the allocation counter; the errors.
#include <llmlings/testing.hpp>
#include <llmlings/testing/allocations.hpp>  // replaces operator new: in this one file of the program

#include <llmlings/peft/06_qlora.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "oracles/06_qlora.hpp"
#include "oracles/gpt_fixtures.hpp"

using llmlings::matrix;
using llmlings::parameter_store;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::peft;
using namespace llmlings::transformer;
using namespace oracles;

namespace {

// The tests' GPTs are small_gpt(seed, 3, 8, true): three blocks (a block that ran on another block's
// weights changes the gradients) with the linear layers' biases moved too (a tensor copied to the
// wrong place shows).

// Sets every factor B to N(0, sd²) (the initialisation leaves it 0, which hides most mistakes) and
// returns them in make_lora_gpt's order: block by block, qkv, attn.proj, fc, mlp.proj.
template <class T>
std::vector<matrix> randomise_b(qlora_gpt<T>& m, unsigned seed, double sd) {
    seed_random(seed);
    std::vector<matrix> out;
    for (lora_block<T>& b : m.lora.blocks)
        for (lora_layer<T>* layer : {&b.qkv, &b.attn_proj, &b.fc, &b.mlp_proj}) {
            if (layer->rank == 0) continue;
            out.push_back(normal_matrix(layer->b.weight.shape()[0], layer->b.weight.shape()[1], sd));
            set_values(layer->b.weight, out.back());
        }
    return out;
}

template <class T>
std::vector<lora_layer<T>*> adapted_layers(qlora_gpt<T>& m) {
    std::vector<lora_layer<T>*> out;
    for (lora_block<T>& b : m.lora.blocks)
        for (lora_layer<T>* layer : {&b.qkv, &b.attn_proj, &b.fc, &b.mlp_proj})
            if (layer->rank != 0) out.push_back(layer);
    return out;
}

// The scratch's four weights, in the order of the oracle's (qkv, attn.proj, fc, mlp.proj).
template <class T>
std::vector<matrix> scratch_of(const qlora_gpt<T>& m) {
    return {values_matrix(m.scratch.qkv), values_matrix(m.scratch.attn_proj), values_matrix(m.scratch.fc),
            values_matrix(m.scratch.mlp_proj)};
}

// Every byte of every NF4 tensor: codes, scale codes, second-level scales and means.
template <class T>
std::vector<unsigned char> nf4_bytes(const qlora_gpt<T>& m) {
    std::vector<unsigned char> out;
    const auto append = [&out](const void* p, std::size_t n) {
        const auto* bytes = static_cast<const unsigned char*>(p);
        out.insert(out.end(), bytes, bytes + n);
    };
    for (const qlora_block_weights<T>& w : m.weights)
        for (const nf4_tensor<T>* q : {&w.qkv, &w.attn_proj, &w.fc, &w.mlp_proj}) {
            append(q->packed.data(), q->packed.size());
            append(q->absmax_codes.data(), q->absmax_codes.size());
            append(q->absmax_scales.data(), q->absmax_scales.size() * sizeof(T));
            append(&q->absmax_mean, sizeof(T));
        }
    return out;
}

// peft/05's bytes of an NF4 tensor of n values in float with double quantisation: n/2 bytes of
// codes, one byte per block of 64, one float per group of 256 blocks and the float mean.
std::size_t nf4_float_bytes(std::size_t n) {
    const std::size_t blocks = n / 64;
    return n / 2 + blocks + 4 * ((blocks + 255) / 256) + 4;
}

}  // namespace

TEST_CASE("make_qlora_gpt keeps the linear weights in NF4 and everything else in a new float store",
          "[peft][06_qlora]") {
    // The default GPT (L 4, C 128) with r = 8: the new store holds 834,304 − 4·12·128² = 47,872
    // float numbers of the GPT and the 65,536 factors; the 16 linear weights are NF4 tensors.
    gpt_model<float> gpt = make_gpt(parameter_store<float>(), gpt_config{});
    auto pretraining = llmlings::nn::make_adamw(gpt.params, llmlings::nn::adamw_options{});  // freezes its store
    llmlings::rng gen(1);
    qlora_gpt<float> m = make_qlora_gpt(gpt, lora_config{}, gen);
    CHECK(m.lora.gpt.params.numel() == 47872 + 65536);
    CHECK(m.lora.gpt.params.trainable_numel() == 65536);
    CHECK(gpt.params.numel() == 834304);  // the pretrained store is only read
    CHECK(!m.lora.gpt.params.contains("blocks.0.attn.qkv.weight"));
    CHECK(!m.lora.gpt.params.contains("blocks.3.mlp.proj.weight"));
    CHECK(m.lora.gpt.params.contains("blocks.3.mlp.proj.bias"));
    CHECK(m.lora.gpt.params.contains("blocks.2.attn.qkv.lora_A.weight"));
    for (const llmlings::parameter<float>& p : m.lora.gpt.params)
        CHECK(p.trainable() == (p.name().find(".lora_") != std::string::npos));
    REQUIRE(m.weights.size() == 4);
    const nf4_tensor<float>& fc = m.weights[2].fc;
    CHECK(fc.rows == 512);
    CHECK(fc.cols == 128);
    CHECK(fc.block == 64);
    CHECK(fc.double_quantized);
    CHECK(fc.packed.size() == 512 * 128 / 2);
    CHECK(m.weights[1].mlp_proj.rows == 128);
    CHECK(m.weights[1].mlp_proj.cols == 512);
    CHECK(m.weights[3].qkv.rows == 384);
    CHECK(m.weights[0].attn_proj.rows == 128);
    // the scratch: one frozen float weight per shape, which every block's adapters use as their base
    CHECK(m.scratch.store.numel() == 12 * 128 * 128);
    for (const llmlings::parameter<float>& p : m.scratch.store) CHECK(!p.trainable());
    CHECK(m.scratch.qkv.shape() == std::vector<std::size_t>{384, 128});
    CHECK(m.scratch.mlp_proj.shape() == std::vector<std::size_t>{128, 512});
    REQUIRE(m.lora.blocks.size() == 4);
    CHECK(m.lora.blocks[3].fc.base.weight.offset() == m.scratch.fc.offset());
    CHECK(m.lora.blocks[3].fc.base.weight.name() == m.scratch.fc.name());
    CHECK(m.lora.blocks[0].attn_proj.base.weight.name() == m.scratch.attn_proj.name());
    CHECK(m.lora.blocks[2].qkv.base.bias.name() == "blocks.2.attn.qkv.bias");
    // the GPT's own linear layers have no weight: transformer/05's forward cannot run it by mistake
    CHECK(!m.lora.gpt.blocks[1].mlp.fc.weight.registered());
    CHECK(!m.lora.gpt.blocks[0].attn.qkv.weight.registered());
}

TEMPLATE_TEST_CASE("dequantize_block writes block l's dequantised weights into the scratch", "[peft][06_qlora]", float,
                   double) {
    using T = TestType;
    const gpt_model<T> gpt = small_gpt<T>(3, 3, 8, true);
    llmlings::rng gen(4);
    qlora_gpt<T> m = make_qlora_gpt(gpt, lora_config{2, 4.0, true, true}, gen);
    const dequantized_lora_result expected = dequantized_lora(
        gpt, lora_config{2, 4.0, true, true}, 4, randomise_b(m, 5, 0.1), ids_of(1, 4, 16, 1), ids_of(1, 4, 16, 2));
    for (const std::size_t l : {2, 0, 1}) {
        CAPTURE(l);
        dequantize_block(m, l);
        const std::vector<matrix> scratch = scratch_of(m);
        for (std::size_t k = 0; k < 4; ++k)
            CHECK_CLOSE_AT(scratch[k], expected.weights[4 * l + k], (tolerance{0, 0}));  // the same code: exact
    }
    // NF4 is close to the weights, not equal: the 4-bit codes' error, at most half a level gap
    // (0.14 of a block's absmax) for each value
    const double error = max_abs(matrix(values_matrix(gpt.blocks[1].mlp.fc.weight) - scratch_of(m)[2]));
    CHECK(error > 1e-5);
    CHECK(error < 0.15 * max_abs(values_matrix(gpt.blocks[1].mlp.fc.weight)));
}

TEMPLATE_TEST_CASE("the logits and loss and factor gradients are LoRA's on the dequantised float GPT bit for bit",
                   "[peft][06_qlora]", float, double) {
    // The oracle: the float GPT with every linear weight set to dequantize(quantize_nf4(W)), and
    // peft/02's reference LoRA on it, made with the same seed. QLoRA runs the same products on the
    // same numbers (the scratch holds exactly those weights when a block runs), so the results are
    // equal to the bit; with three blocks, a block run forward or backward on another block's
    // weights changes them.
    using T = TestType;
    for (const int targets : {0, 1, 2}) {  // every layer; attention only; the MLP only
        CAPTURE(targets);
        const gpt_model<T> gpt = small_gpt<T>(7, 3, 8, true);
        lora_config c;
        c.rank = 2;
        c.alpha = 3.0;
        c.attention = targets != 2;
        c.mlp = targets != 1;
        llmlings::rng gen(8);
        qlora_gpt<T> m = make_qlora_gpt(gpt, c, gen);
        const std::vector<matrix> b = randomise_b(m, 9, 0.3);
        REQUIRE(b.size() == (targets == 0 ? 12u : 6u));
        const token_ids ids = ids_of(2, 6, 16, 2), next = ids_of(2, 6, 16, 3);
        const dequantized_lora_result expected = dequantized_lora(gpt, c, 8, b, ids, next);

        lora_gpt_workspace<T> ws;
        gpt_gradients<T> g;
        m.lora.gpt.params.zero_grad();
        const auto& logits = qlora_forward(m, ids, ws);
        CHECK_CLOSE_AT(to_double(logits), expected.logits, (tolerance{0, 0}));
        const std::vector<matrix> last = scratch_of(m);  // the forward ran block 2 last
        for (std::size_t k = 0; k < 4; ++k) CHECK_CLOSE_AT(last[k], expected.weights[8 + k], (tolerance{0, 0}));
        llmlings::ensure_shape(g.d_logits, {logits.shape()[0], logits.shape()[1]});
        const double loss = gpt_cross_entropy<T>(input_rows(logits), next, output_rows(g.d_logits));
        CHECK(loss == expected.loss);
        qlora_backward(m, ids, ws, g);
        const std::vector<matrix> first = scratch_of(m);  // the backward ran block 0 last
        for (std::size_t k = 0; k < 4; ++k) CHECK_CLOSE_AT(first[k], expected.weights[k], (tolerance{0, 0}));
        const std::vector<lora_layer<T>*> layers = adapted_layers(m);
        REQUIRE(layers.size() == expected.da.size());
        for (std::size_t k = 0; k < layers.size(); ++k) {
            CAPTURE(k);
            CHECK(max_abs(expected.db[k]) > 1e-4);
            CHECK_CLOSE_AT(values_matrix(layers[k]->a.weight), expected.a[k], (tolerance{0, 0}));  // the same A
            CHECK_CLOSE_AT(grads_matrix(layers[k]->b.weight), expected.db[k], (tolerance{0, 0}));
            CHECK_CLOSE_AT(grads_matrix(layers[k]->a.weight), expected.da[k], (tolerance{0, 0}));
        }
    }
}

TEST_CASE("the backward gives the scratch and the frozen tensors no gradient", "[peft][06_qlora]") {
    // The scratch is frozen: lora_backward skips its dW = dyᵀx, the largest product of a layer's
    // backward, and a layer left out passes dx = dy·W on and nothing else. The NF4 weights cannot
    // get one at all. (The norms' gains get their cheap gradients from transformer/04's backward;
    // the optimizer skips them.)
    for (const bool attention : {true, false}) {
        CAPTURE(attention);
        const gpt_model<double> gpt = small_gpt<double>(11, 3, 8, true);
        lora_config c;
        c.rank = 2;
        c.attention = attention;
        llmlings::rng gen(12);
        qlora_gpt<double> m = make_qlora_gpt(gpt, c, gen);
        randomise_b(m, 13, 0.3);
        const token_ids ids = ids_of(2, 5, 16, 4), next = ids_of(2, 5, 16, 5);
        lora_gpt_workspace<double> ws;
        gpt_gradients<double> g;
        m.lora.gpt.params.zero_grad();
        const matrix& logits = qlora_forward(m, ids, ws);
        llmlings::ensure_shape(g.d_logits, {logits.shape()[0], logits.shape()[1]});
        gpt_cross_entropy<double>(input_rows(logits), next, output_rows(g.d_logits));
        qlora_backward(m, ids, ws, g);
        double scratch = 0.0, frozen = 0.0, factors = 0.0;
        for (const llmlings::parameter<double>& p : m.scratch.store) scratch += max_abs(grads_of(p));
        for (const llmlings::parameter<double>& p : m.lora.gpt.params) {
            if (p.name().find("ln") != std::string::npos) continue;  // ln1, ln2, ln_f
            (p.trainable() ? factors : frozen) += max_abs(grads_of(p));
        }
        CHECK(scratch == 0.0);
        CHECK(frozen == 0.0);
        CHECK(factors > 1e-3);
    }
}

TEST_CASE("QLoRA learns a new text as LoRA on the float base does and leaves every NF4 byte as it was",
          "[peft][06_qlora]") {
    // A byte-level GPT (L 2, H 2, C 32) pretrained on one sentence for 100 steps (oracles), then
    // 40 steps on the same words in another order, three ways on the same batches: QLoRA r = 4,
    // LoRA r = 4 on the float base (peft/02) and full fine-tuning (transformer/06). Measured losses
    // on 16 windows of the new text: before, 2.777 (float base) and 2.767 (NF4 base); after,
    // QLoRA 0.664, LoRA 0.692, full fine-tuning 0.429. The NF4 base must stay within 0.05 of the
    // float base, and QLoRA after training within 0.1 of LoRA (two training runs on slightly
    // different weights: their trajectories part by a few hundredths).
    const gpt_model<float> base = pretrained_byte_gpt();
    const lora_config c{4, 8.0, true, true};
    token_ids eval_ids, eval_targets, ids, targets;
    llmlings::rng eval_gen(99);
    get_batch(new_text(), 16, 16, eval_gen, eval_ids, eval_targets);
    const int steps = 40;
    llmlings::rng factors(5), batches(6);
    qlora_gpt<float> m = make_qlora_gpt(base, c, factors);
    const std::vector<unsigned char> nf4_before = nf4_bytes(m), frozen_before = frozen_bytes(m.lora.gpt.params);
    llmlings::nn::adamw_options o;
    o.lr = 1e-2;
    auto opt = llmlings::nn::make_adamw(m.lora.gpt.params, o);
    lora_gpt_workspace<float> ws;
    gpt_gradients<float> g;
    const double before = loss_of(qlora_forward(m, eval_ids, ws), eval_targets);
    train_step_result first, last;
    for (int step = 0; step < steps; ++step) {
        get_batch(new_text(), 8, 16, batches, ids, targets);
        last = qlora_train_step(m, ids, targets, ws, g, opt);
        if (step == 0) first = last;
    }
    const double after = loss_of(qlora_forward(m, eval_ids, ws), eval_targets);
    CHECK(nf4_bytes(m) == nf4_before);
    CHECK(frozen_bytes(m.lora.gpt.params) == frozen_before);
    CHECK(max_abs(values_of(m.lora.blocks[1].mlp_proj.b.weight)) > 1e-3);
    CHECK(first.loss > 1.5);
    CHECK(last.loss < first.loss - 1.0);
    const fine_tuning_losses lora = lora_fine_tuning(base, c, 5, 6, steps, eval_ids, eval_targets);
    const fine_tuning_losses full = full_fine_tuning(base, 6, steps, eval_ids, eval_targets);
    CAPTURE(before, after, lora.before, lora.after, full.before, full.after);
    CHECK(before != lora.before);                   // the NF4 base is not the float base ...
    CHECK(std::fabs(before - lora.before) < 0.05);  // ... but close to it
    CHECK(after < before - 1.0);
    CHECK(std::fabs(after - lora.after) < 0.1);
    CHECK(full.after < after);  // every weight free: full fine-tuning fits the one sentence best
}

TEST_CASE("qlora_memory counts the NF4 bytes and the float tensors and one block of scratch", "[peft][06_qlora]") {
    // The default GPT (L 4, C 128) in float with r = 8. NF4 with double quantisation per block:
    // qkv (49,152 values) 24,576 + 768 + 3·4 + 4 = 25,360 bytes, attn.proj 8,456, fc and mlp.proj
    // 33,812 each: 101,440 per block, 405,760 in all (4.13 bits per weight, against 32). The store:
    // 47,872 float numbers of the GPT and 65,536 factors, 453,632 bytes; the scratch: 12·128² floats,
    // 786,432 bytes. Weights 1,645,824 bytes against LoRA's 3,599,360 and full fine-tuning's
    // 3,337,216 (peft/02); AdamW's state 524,288 bytes as LoRA's.
    gpt_model<float> gpt = make_gpt(parameter_store<float>(), gpt_config{});
    llmlings::rng gen(1);
    qlora_gpt<float> m = make_qlora_gpt(gpt, lora_config{}, gen);
    auto opt = llmlings::nn::make_adamw(m.lora.gpt.params, llmlings::nn::adamw_options{});
    const qlora_training_memory q = qlora_memory(m, opt);
    const std::size_t C = 128;
    CHECK(q.nf4_bytes == 4 * (nf4_float_bytes(3 * C * C) + nf4_float_bytes(C * C) + 2 * nf4_float_bytes(4 * C * C)));
    CHECK(q.nf4_bytes == 405760);
    CHECK(q.float_bytes == 453632);
    CHECK(q.scratch_bytes == 786432);
    CHECK(q.weight_bytes == 1645824);
    CHECK(q.trainable == 65536);
    CHECK(q.optimizer_bytes == 524288);
    CHECK(q.gradient_bytes == (113408 + 196608) * 4);
    // against peft/02's LoRA on the float base and full fine-tuning, measured the same way
    gpt_model<float> float_gpt = make_gpt(parameter_store<float>(), gpt_config{});
    lora_gpt<float> lora = make_lora_gpt(float_gpt, lora_config{}, gen);
    auto lora_opt = llmlings::nn::make_adamw(lora.gpt.params, llmlings::nn::adamw_options{});
    const training_memory l = measure_training_memory(lora.gpt.params, lora_opt);
    CHECK(l.weight_bytes == 3599360);
    CHECK(l.optimizer_bytes == q.optimizer_bytes);
    CHECK(2 * q.weight_bytes < l.weight_bytes);
    // weights, gradients and AdamW's state together: 3,410,176 bytes against LoRA's 7,723,008
    CHECK(q.weight_bytes + q.gradient_bytes + q.optimizer_bytes == 3410176);
    CHECK_THROWS_WITH(qlora_memory(m, lora_opt), contains("qlora_memory") && contains("another store"));
}

TEMPLATE_TEST_CASE("merging gives a plain float GPT with QLoRA's logits", "[peft][06_qlora]", float, double) {
    // QLoRA's deployment: every weight dequantised and every update folded in, W = deq(Q) + s·B·A.
    // transformer/05's forward of it gives QLoRA's logits to rounding (the products are summed in
    // another order): 1e-5 in float, 1e-12 in double.
    using T = TestType;
    const gpt_model<T> gpt = small_gpt<T>(31, 3, 8, true);
    llmlings::rng gen(32);
    qlora_gpt<T> m = make_qlora_gpt(gpt, lora_config{3, 5.0, true, true}, gen);
    randomise_b(m, 33, 0.5);
    const token_ids ids = ids_of(2, 8, 16, 6);
    lora_gpt_workspace<T> ws;
    const matrix adapted = to_double(qlora_forward(m, ids, ws));
    const std::vector<unsigned char> nf4_before = nf4_bytes(m);
    const gpt_model<T> merged = merge_qlora_gpt(m);
    gpt_workspace<T> plain_ws;
    const tolerance tol = std::is_same<T, float>::value ? tolerance{1e-5, 1e-5} : tolerance{1e-12, 1e-12};
    CHECK_CLOSE_AT(to_double(gpt_forward(merged, ids, plain_ws)), adapted, tol);
    CHECK(nf4_bytes(m) == nf4_before);  // the QLoRA model is not changed
    CHECK_CLOSE_AT(to_double(qlora_forward(m, ids, ws)), adapted, (tolerance{0, 0}));
    // the merged weights moved away from the dequantised ones by the updates
    dequantize_block(m, 1);
    CHECK(max_abs(matrix(values_matrix(merged.blocks[1].mlp.fc.weight) - values_matrix(m.scratch.fc))) > 1e-3);
    CHECK(merged.params.numel() == gpt.params.numel());
}

TEMPLATE_TEST_CASE("a second QLoRA step of the same batch shape allocates nothing", "[peft][06_qlora]", float, double) {
    using T = TestType;
    const gpt_model<T> gpt = small_gpt<T>(41, 3, 8, true);
    llmlings::rng gen(42);
    qlora_gpt<T> m = make_qlora_gpt(gpt, lora_config{2, 4.0, true, true}, gen);
    auto opt = llmlings::nn::make_adamw(m.lora.gpt.params, llmlings::nn::adamw_options{});
    lora_gpt_workspace<T> ws;
    gpt_gradients<T> g;
    const token_ids ids = ids_of(2, 8, 16, 7), next = ids_of(2, 8, 16, 8);
    const double loss = qlora_train_step(m, ids, next, ws, g, opt).loss;
    const std::size_t before = llmlings::testing::allocation_count();
    const double second = qlora_train_step(m, ids, next, ws, g, opt).loss;
    CHECK(llmlings::testing::allocation_count() == before);
    CHECK(second < loss);
}

TEST_CASE("a NaN or infinite pretrained weight is refused naming the function and the tensor", "[peft][06_qlora]") {
    llmlings::rng gen(61);
    gpt_model<double> gpt = small_gpt<double>(62, 3, 8, true);
    gpt.blocks[1].mlp.fc.weight.data()[37] = std::nan("");
    CHECK_THROWS_AS(make_qlora_gpt(gpt, lora_config{}, gen), llmlings::invalid_argument);
    CHECK_THROWS_WITH(make_qlora_gpt(gpt, lora_config{}, gen), contains("make_qlora_gpt") &&
                                                                   contains("blocks.1.mlp.fc.weight") &&
                                                                   contains("value 37 (row 4, column 5)"));
    gpt.blocks[1].mlp.fc.weight.data()[37] = 0.0;
    gpt.blocks[2].attn.qkv.weight.data()[0] = -std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH(make_qlora_gpt(gpt, lora_config{}, gen),
                      contains("make_qlora_gpt") && contains("blocks.2.attn.qkv.weight") && contains("finite"));
}

TEST_CASE("bad input to QLoRA throws naming the function", "[peft][06_qlora]") {
    const gpt_model<double> gpt = small_gpt<double>(51, 3, 8, true);
    llmlings::rng gen(52);
    for (const lora_config& bad :
         {lora_config{0, 8.0, true, true}, lora_config{9, 8.0, true, true}, lora_config{2, 0.0, true, true},
          lora_config{2, std::nan(""), true, true}, lora_config{2, 4.0, false, false}}) {
        CHECK_THROWS_WITH(make_qlora_gpt(gpt, bad, gen), contains("make_qlora_gpt"));
        CHECK_THROWS_AS(make_qlora_gpt(gpt, bad, gen), llmlings::invalid_argument);
    }
    CHECK_THROWS_WITH(make_qlora_gpt(gpt_model<double>{}, lora_config{}, gen),
                      contains("make_qlora_gpt") && contains("not built"));
    // C = 12: a (12,12) weight is 144 values, not whole blocks of 64
    CHECK_THROWS_WITH(make_qlora_gpt(small_gpt<double>(53, 3, 12, true), lora_config{2, 4.0, true, true}, gen),
                      contains("make_qlora_gpt") && contains("multiple of 8"));
    qlora_gpt<double> m = make_qlora_gpt(gpt, lora_config{2, 4.0, true, true}, gen);
    // the QLoRA model's own GPT has no linear weights: it is not a pretrained GPT
    CHECK_THROWS_WITH(make_qlora_gpt(m.lora.gpt, lora_config{2, 4.0, true, true}, gen),
                      contains("make_qlora_gpt") && contains("not built"));
    lora_gpt_workspace<double> ws;
    gpt_gradients<double> g;
    qlora_gpt<double> unbuilt;
    CHECK_THROWS_WITH(qlora_forward(unbuilt, ids_of(1, 2, 16, 1), ws),
                      contains("qlora_forward") && contains("not built"));
    CHECK_THROWS_WITH(dequantize_block(unbuilt, 0), contains("dequantize_block") && contains("not built"));
    CHECK_THROWS_WITH(merge_qlora_gpt(unbuilt), contains("merge_qlora_gpt") && contains("not built"));
    CHECK_THROWS_WITH(dequantize_block(m, 3), contains("dequantize_block") && contains("block 3"));
    token_ids too_big = ids_of(1, 3, 16, 1);
    too_big(0, 1) = 16;
    CHECK_THROWS_WITH(qlora_forward(m, too_big, ws), contains("qlora_forward") && contains("token id 16"));
    CHECK_THROWS_AS(qlora_forward(m, ids_of(1, 9, 16, 1), ws), llmlings::shape_error);
    // the backward needs the forward of the same ids
    CHECK_THROWS_WITH(qlora_backward(m, ids_of(1, 3, 16, 1), ws, g), contains("qlora_backward"));
    auto opt = llmlings::nn::make_adamw(m.lora.gpt.params, llmlings::nn::adamw_options{});
    CHECK_THROWS_WITH(qlora_train_step(m, too_big, ids_of(1, 3, 16, 2), ws, g, opt), contains("qlora_train_step"));
    CHECK_THROWS_WITH(qlora_train_step(m, ids_of(2, 3, 16, 1), ids_of(2, 3, 16, 2), ws, g, opt, -1.0),
                      contains("max_grad_norm"));
    // a damaged NF4 tensor (a byte short) is a shape_error of peft/05's dequantize
    m.weights[1].fc.packed.pop_back();
    CHECK_THROWS_AS(qlora_forward(m, ids_of(1, 3, 16, 1), ws), llmlings::shape_error);
    CHECK_THROWS_AS(dequantize_block(m, 1), llmlings::shape_error);
    // a layer merged by peft/01 would write its update into the scratch and lose it at the next block
    qlora_gpt<double> other = make_qlora_gpt(gpt, lora_config{2, 4.0, true, true}, gen);
    merge_lora(other.lora.blocks[0].qkv);
    CHECK_THROWS_WITH(qlora_forward(other, ids_of(1, 3, 16, 1), ws), contains("qlora_forward") && contains("merged"));
}
