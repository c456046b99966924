// SPDX-License-Identifier: MIT
// The prerequisites of the GPT's later topics (transformer/01–05, nn/05, nn/07, nn/13), instantiated
// for float and double once, in an oracles file (`template` definitions), and declared `extern`
// in the test files that use them, so that an edit of the topic under test recompiles only its
// own code and its tests: the whole GPT is otherwise instantiated again for both types at every
// edit (5.1 of transformer/06's CPU seconds per edit). Prerequisites are always the reference
// solutions on the exercise track (cmake/llmlings_topics.cmake), so one instance serves every
// program of a build. Only the topic's prerequisites are listed: never a function of the topic
// under test. Also the sizes of the golden files' tiny GPT.
#ifndef LLMLINGS_TESTS_TRANSFORMER_ORACLES_GPT_INSTANCES_HPP
#define LLMLINGS_TESTS_TRANSFORMER_ORACLES_GPT_INSTANCES_HPP

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <llmlings/testing.hpp>

#include <llmlings/core/random.hpp>
#include <llmlings/nn/07_optimizers.hpp>
#include <llmlings/nn/13_training_utilities.hpp>
#include <llmlings/transformer/05_gpt_forward.hpp>

#include "common/oracles.hpp"

// KIND is `template` (the definitions) or `extern template` (the declarations).
#define LLMLINGS_GPT_INSTANCES_OF(KIND, T)                                                                             \
    KIND const llmlings::matrix_of<T>& llmlings::transformer::gpt_forward<T>(                                          \
        const llmlings::transformer::gpt_model<T>&, const llmlings::transformer::token_ids&,                           \
        llmlings::transformer::gpt_workspace<T>&);                                                                     \
    KIND const llmlings::matrix_of<T>& llmlings::transformer::gpt_hidden<T>(                                           \
        const llmlings::transformer::gpt_model<T>&, const llmlings::transformer::token_ids&,                           \
        const llmlings::transformer::attention_mask&, llmlings::transformer::gpt_workspace<T>&);                       \
    KIND double llmlings::transformer::gpt_cross_entropy<T>(                                                           \
        const llmlings::const_matrix_view<T>&, const llmlings::transformer::token_ids&, llmlings::matrix_view<T>);     \
    KIND llmlings::transformer::gpt_model<T> llmlings::transformer::make_gpt<T>(                                       \
        llmlings::parameter_store<T>, const llmlings::transformer::gpt_config&);                                       \
    KIND void llmlings::transformer::init_gpt<T>(llmlings::transformer::gpt_model<T>&, llmlings::rng&);                \
    KIND void llmlings::transformer::mlp_backward<T>(                                                                  \
        const llmlings::transformer::mlp<T>&, llmlings::transformer::mlp_cache<T>&,                                    \
        const llmlings::const_matrix_view<T>&, const llmlings::const_matrix_view<T>&, llmlings::matrix_view<T>);       \
    KIND void llmlings::transformer::layer_norm_backward<T>(                                                           \
        const llmlings::transformer::layer_norm<T>&, const llmlings::transformer::layer_norm_cache<T>&,                \
        const llmlings::const_matrix_view<T>&, const llmlings::const_matrix_view<T>&, llmlings::matrix_view<T>);       \
    KIND void llmlings::transformer::multi_head_backward<T>(                                                           \
        const llmlings::transformer::multi_head_attention<T>&, llmlings::transformer::multi_head_cache<T>&,            \
        const llmlings::const_tensor_view<T, 3>&, const llmlings::const_tensor_view<T, 3>&,                            \
        llmlings::tensor_view<T, 3>);                                                                                  \
    KIND void llmlings::transformer::learned_positions_backward<T>(                                                    \
        const llmlings::transformer::learned_positions<T>&, const llmlings::const_tensor_view<T, 3>&, std::size_t);    \
    KIND void llmlings::transformer::add_into<T>(llmlings::matrix_view<T>, const llmlings::const_matrix_view<T>&);     \
    KIND void llmlings::transformer::masked_softmax_row<T>(T*, std::size_t, std::size_t);                              \
    KIND void llmlings::transformer::split_heads<T>(const llmlings::const_tensor_view<T, 3>&, std::size_t,             \
                                                    std::size_t, llmlings::tensor_view<T, 3>);                         \
    KIND void llmlings::transformer::merge_heads<T>(const llmlings::const_tensor_view<T, 3>&, std::size_t,             \
                                                    llmlings::tensor_view<T, 3>);                                      \
    KIND void llmlings::transformer::learned_positions_forward<T>(const llmlings::transformer::learned_positions<T>&,  \
                                                                  const llmlings::const_tensor_view<T, 3>&,            \
                                                                  llmlings::tensor_view<T, 3>, std::size_t);           \
    KIND void llmlings::transformer::layer_norm_forward<T>(                                                            \
        const llmlings::transformer::layer_norm<T>&, const llmlings::const_matrix_view<T>&, llmlings::matrix_view<T>,  \
        llmlings::transformer::layer_norm_cache<T>&);                                                                  \
    KIND void llmlings::transformer::mlp_forward<T>(const llmlings::transformer::mlp<T>&,                              \
                                                    const llmlings::const_matrix_view<T>&, llmlings::matrix_view<T>,   \
                                                    llmlings::transformer::mlp_cache<T>&);                             \
    KIND void llmlings::transformer::residual_add<T>(const llmlings::const_matrix_view<T>&,                            \
                                                     const llmlings::const_matrix_view<T>&, llmlings::matrix_view<T>); \
    KIND void llmlings::transformer::embed_tokens<T>(                                                                  \
        const llmlings::parameter<T>&, const llmlings::transformer::token_ids&, llmlings::tensor_view<T, 3>);          \
    KIND void llmlings::nn::dense_forward<T>(const llmlings::nn::dense_layer<T>&,                                      \
                                             const llmlings::const_matrix_view<T>&, llmlings::matrix_view<T>);         \
    KIND llmlings::nn::adam_optimizer<T> llmlings::nn::make_adamw<T>(llmlings::parameter_store<T>,                     \
                                                                     const llmlings::nn::adamw_options&);              \
    KIND void llmlings::nn::step<T>(llmlings::nn::adam_optimizer<T>&);                                                 \
    KIND double llmlings::nn::clip_grad_norm<T>(llmlings::parameter_store<T>&, double);                                \
    KIND double llmlings::nn::global_grad_norm<T>(const llmlings::parameter_store<T>&);

#define LLMLINGS_GPT_INSTANCES(KIND)       \
    LLMLINGS_GPT_INSTANCES_OF(KIND, float) \
    LLMLINGS_GPT_INSTANCES_OF(KIND, double)

LLMLINGS_GPT_INSTANCES(extern template)

namespace oracles {

/// The sizes of the tiny GPT of tools/golden/transformer_gpt.py, which the golden files of
/// transformer/05, 06 and 09 describe: V 13, P 8, L 2, H 2, C 8.
inline llmlings::transformer::gpt_config golden_gpt_config() {
    llmlings::transformer::gpt_config c;
    c.vocab_size = 13;
    c.block_size = 8;
    c.layers = 2;
    c.heads = 2;
    c.channels = 8;
    return c;
}

/// The keys' bias adds q·b_k to every score of a row, which the softmax ignores: its gradient is 0
/// up to rounding, where relative differences mean nothing (transformer/02). Checks that of the
/// tiny GPT's two blocks, then drops those tensors from central differences' reports over the
/// store (the GPT's tensors first, in registration order).
inline void check_and_drop_key_biases(std::vector<llmlings::testing::tensor_gradient_report>& reports,
                                      const llmlings::transformer::gpt_model<double>& model) {
    for (const std::size_t block : {1, 0}) {
        const std::size_t k = 2 + 12 * block + 3;
        CHECK(reports[k].name == "blocks." + std::to_string(block) + ".attn.qkv.bias");
        reports.erase(reports.begin() + static_cast<std::ptrdiff_t>(k));
        const llmlings::vector bias = grads_of(model.blocks[block].attn.qkv.bias);
        for (std::size_t i = 8; i < 16; ++i) CHECK(std::fabs(element(bias, i)) < 1e-12);
        CHECK(max_abs(bias) > 1e-4);  // the queries' and values' parts are not 0
    }
}

/// nanoGPT's AdamW, as tools/golden/transformer_training.py runs it: lr 1e-2, betas (0.9, 0.95),
/// ε 1e-8, weight decay 0.1 on the tensors of 2+ dimensions only (make_adamw's groups).
inline llmlings::nn::adamw_options nanogpt_adamw_options() {
    llmlings::nn::adamw_options o;
    o.lr = 1e-2;
    o.beta1 = 0.9;
    o.beta2 = 0.95;
    o.eps = 1e-8;
    o.weight_decay = 0.1;
    return o;
}

}  // namespace oracles

#endif  // LLMLINGS_TESTS_TRANSFORMER_ORACLES_GPT_INSTANCES_HPP
