// SPDX-License-Identifier: MIT
// The oracles of tests/transformer/06_gpt_training.cpp, compiled once in oracles/06_gpt_training.cpp
// (never with the learner's file): PyTorch's gradients of every tensor of a tiny GPT after one
// backward pass and its losses over ten AdamW steps, in float64 and float32, from
// tests/golden/transformer/06_gpt_training.txt (tools/golden/transformer_training.py).
#ifndef LLMLINGS_TESTS_TRANSFORMER_ORACLES_06_GPT_TRAINING_HPP
#define LLMLINGS_TESTS_TRANSFORMER_ORACLES_06_GPT_TRAINING_HPP

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "05_gpt_forward.hpp"
#include "gpt_instances.hpp"

namespace oracles {

/// One tensor of the golden file: its name, starting values and PyTorch's first gradients.
struct training_tensor {
    std::string name;
    vector start;   ///< the starting values (float64; the float run rounds them)
    vector grad64;  ///< ∂L/∂θ after the first backward in float64
    vector grad32;  ///< the same in float32
};

/// The golden file: tensors in registration order, the STEPS batches, the losses of each step
/// before its update (float64 and float32 runs) and the gradient norms clip_grad_norm_ returned.
struct training_golden {
    std::vector<training_tensor> tensors;
    std::vector<id_matrix> ids, targets;
    vector loss64, loss32, norm64;
    /// The tensor named `name` (invalid_argument when there is none).
    const training_tensor& tensor(const std::string& name) const;
};

/// The golden file, loaded once.
const training_golden& load_training_golden();

/// The byte values of a text, as the token ids of a character-level model.
std::vector<std::size_t> byte_tokens(const std::string& text);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_TRANSFORMER_ORACLES_06_GPT_TRAINING_HPP
