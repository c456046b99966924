// SPDX-License-Identifier: MIT
// The oracles of tests/transformer/05_gpt_forward.cpp, compiled once in oracles/05_gpt_forward.cpp
// (never with the learner's file): PyTorch's logits and loss of a tiny GPT with fixed weights,
// and its hidden states as an encoder (no causal mask, the second sequence padded), from
// tests/golden/transformer/05_gpt_forward.txt (tools/golden/transformer_gpt.py); a
// cross-entropy written independently, for its gradient check; slices of id and logit matrices.
// The seeded random data, gradient checks and tensor helpers are those of common/oracles.hpp.
#ifndef LLMLINGS_TESTS_TRANSFORMER_ORACLES_05_GPT_FORWARD_HPP
#define LLMLINGS_TESTS_TRANSFORMER_ORACLES_05_GPT_FORWARD_HPP

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "common/oracles.hpp"

namespace oracles {

/// The tensors of transformer/05's store for L blocks, in registration order (wte.weight,
/// wpe.weight, blocks.l.ln1.weight, …, ln_f.bias), as the golden files name them.
inline std::vector<std::string> gpt_tensor_names(std::size_t layers) {
    std::vector<std::string> names = {"wte.weight", "wpe.weight"};
    for (std::size_t l = 0; l < layers; ++l)
        for (const char* t :
             {"ln1.weight", "ln1.bias", "attn.qkv.weight", "attn.qkv.bias", "attn.proj.weight", "attn.proj.bias",
              "ln2.weight", "ln2.bias", "mlp.fc.weight", "mlp.fc.bias", "mlp.proj.weight", "mlp.proj.bias"})
            names.push_back("blocks." + std::to_string(l) + "." + t);
    names.push_back("ln_f.weight");
    names.push_back("ln_f.bias");
    return names;
}

/// The golden file: every tensor's values under the C++ store's names (flattened, row-major), the
/// input ids and the targets (B, T), PyTorch's logits (B·T, V) and mean cross-entropy.
struct gpt_golden {
    std::vector<std::pair<std::string, vector>> tensors;
    id_matrix ids, targets;
    matrix logits;
    double loss = 0.0;
    /// The encoder case: key_lengths (B) and the final norm's output (B·T, C) with no causal mask.
    index_vector key_lengths;
    matrix hidden_padded;
    /// The tensor named `name`, flattened (invalid_argument when there is none).
    const vector& tensor(const std::string& name) const;
    /// The rank-2 tensor named `name` as a (rows, cols) matrix.
    matrix table(const std::string& name, std::size_t rows, std::size_t cols) const;
};

/// The golden file, loaded once.
const gpt_golden& load_gpt_golden();

/// Rows r0 … r1 − 1 of m.
matrix rows_of(const matrix& m, std::size_t r0, std::size_t r1);
/// Row b of ids as a (1, T) id matrix; the first n columns of ids.
id_matrix row_ids(const id_matrix& ids, std::size_t b);
id_matrix prefix_ids(const id_matrix& ids, std::size_t n);

/// Central differences of the mean cross-entropy of the rows of z against the targets (computed
/// here, by the log-sum-exp of each row), compared with `analytic` (the same shape as z).
llmlings::testing::gradient_report cross_entropy_gradient_check(const matrix& z,
                                                                const std::vector<std::size_t>& targets,
                                                                const matrix& analytic);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_TRANSFORMER_ORACLES_05_GPT_FORWARD_HPP
