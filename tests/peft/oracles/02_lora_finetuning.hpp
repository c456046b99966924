// SPDX-License-Identifier: MIT
// The oracles of tests/peft/02_lora_finetuning.cpp, compiled once in oracles/02_lora_finetuning.cpp
// (never with the learner's file): a LoRA GPT's loss and factor gradients computed another way —
// the update s·B·A added into a copy of the GPT's weights, transformer/06's forward and backward
// of that merged GPT (the reference, itself checked against PyTorch), and the chain rule through
// W = W₀ + s·B·A: dB = s·dW·Aᵀ, dA = s·Bᵀ·dW. Also the prerequisites' one instance (transformer/01–06).
#ifndef LLMLINGS_TESTS_PEFT_ORACLES_02_LORA_FINETUNING_HPP
#define LLMLINGS_TESTS_PEFT_ORACLES_02_LORA_FINETUNING_HPP

#include <string>
#include <vector>

#include <llmlings/transformer/06_gpt_training.hpp>

#include "common/oracles.hpp"
#include "transformer/oracles/gpt_training_instances.hpp"

namespace oracles {

/// One adapted linear layer: its name ("blocks.0.attn.qkv"), A (r,I), B (O,r) and s = α/r.
struct lora_factors {
    std::string layer;
    matrix a, b;
    double s = 1.0;
};

/// What the merged GPT gives: the loss, the logits and, per adapted layer (in the order given),
/// the gradients dA and dB by the chain rule from the merged weight's gradient; the merged GPT's
/// store, for the gradients of its other tensors.
struct merged_result {
    double loss = 0.0;
    matrix logits;
    std::vector<matrix> da, db;
    llmlings::parameter_store<double> merged;  ///< the merged GPT's tensors and their gradients, by name
};

/// `base` (any store, read only) copied into a fresh store, each layer's weight W₀ + s·B·A, then
/// transformer/06's gpt_forward, gpt_cross_entropy and gpt_backward of (ids, targets), in double.
merged_result merged_gpt(const llmlings::transformer::gpt_model<double>& base, const std::vector<lora_factors>& factors,
                         const llmlings::transformer::token_ids& ids, const llmlings::transformer::token_ids& targets);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_PEFT_ORACLES_02_LORA_FINETUNING_HPP
