// SPDX-License-Identifier: MIT
// The oracles of tests/peft/03_adapters.cpp, compiled once in oracles/03_adapters.cpp (never with
// the learner's file): the adapter GPT's logits computed another way — transformer/02–05's
// reference layers for each block (multi_head_forward and mlp_forward, not peft/02's rewired
// block) and each adapter y + up(GELU(down(y))) written out in xtensor with the tanh-GELU's
// formula, reading the adapters' tensors from the store by name; the prompted GPT's logits as the
// base GPT's (transformer/05's gpt_forward) on the prompt's ids followed by the text; central
// differences over the trainable tensors of a store only. Also the prerequisites' one instance
// (transformer/01–06, and peft/02's block passes, which both models run).
#ifndef LLMLINGS_TESTS_PEFT_ORACLES_03_ADAPTERS_HPP
#define LLMLINGS_TESTS_PEFT_ORACLES_03_ADAPTERS_HPP

#include <functional>
#include <vector>

#include <llmlings/peft/02_lora_finetuning.hpp>
#include <llmlings/transformer/06_gpt_training.hpp>

#include "common/oracles.hpp"
#include "lora_gpt_instances.hpp"

namespace oracles {

/// The logits (B·T, V) of a GPT with an adapter after every block, from the reference layers:
/// x₀ = wte[ids] + wpe; per block l, transformer/05's block (LN₁, multi_head_forward with the
/// causal mask, the residual, LN₂, mlp_forward, the residual) gives y, and
/// x_{l+1} = y + GELU_tanh(y·Dᵀ + d)·Uᵀ + u with D, d, U, u the store's
/// "blocks.l.adapter.down.weight", ".down.bias", ".up.weight" and ".up.bias"; then LN_f and wteᵀ.
matrix adapter_reference_logits(const llmlings::transformer::gpt_model<double>& gpt,
                                const llmlings::transformer::token_ids& ids);

/// The rows of transformer/05's gpt_forward(gpt, [prompt_ids, ids]) that follow the prompt: for each
/// sequence b, the last T of its P + T rows, as a (B·T, V) matrix in double.
template <class T>
matrix prompted_reference_logits(const llmlings::transformer::gpt_model<T>& gpt,
                                 const std::vector<std::size_t>& prompt_ids,
                                 const llmlings::transformer::token_ids& ids);

/// llmlings::testing::check_store_gradients restricted to the store's trainable tensors: one report
/// per trainable tensor, in registration order (central differences of a frozen tensor would
/// report the gradient that the backward rightly does not compute).
std::vector<llmlings::testing::tensor_gradient_report> trainable_gradient_check(
    llmlings::parameter_store<double>& store, const std::function<double()>& loss);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_PEFT_ORACLES_03_ADAPTERS_HPP
