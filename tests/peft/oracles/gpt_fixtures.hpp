// SPDX-License-Identifier: MIT
// What the GPT topics of the peft module (02, 03, 06) test on: a small seeded GPT, token ids
// that cover the vocabulary, and the bytes of a store's frozen tensors (to check that training
// leaves them alone). Header-only, test-side; no code of a topic under test.
#ifndef LLMLINGS_TESTS_PEFT_ORACLES_GPT_FIXTURES_HPP
#define LLMLINGS_TESTS_PEFT_ORACLES_GPT_FIXTURES_HPP

#include <cstddef>
#include <string>
#include <vector>

#include <llmlings/core/parameters.hpp>
#include <llmlings/core/random.hpp>
#include <llmlings/transformer/05_gpt_forward.hpp>

namespace oracles {

/// A small GPT: V 16, P 8, H 2, `layers` blocks of `channels` channels; init_gpt's weights from
/// rng(seed), then the norms' gains and biases (and with `biases`, the linear layers' biases too)
/// moved by U(−0.15, 0.15), so that a mistake in their place shows.
template <class T>
llmlings::transformer::gpt_model<T> small_gpt(unsigned seed, std::size_t layers = 2, std::size_t channels = 8,
                                              bool biases = false) {
    llmlings::transformer::gpt_config c;
    c.vocab_size = 16;
    c.block_size = 8;
    c.layers = layers;
    c.heads = 2;
    c.channels = channels;
    llmlings::transformer::gpt_model<T> m = llmlings::transformer::make_gpt(llmlings::parameter_store<T>(), c);
    llmlings::rng gen(seed);
    llmlings::transformer::init_gpt(m, gen);
    for (llmlings::transformer::gpt_block<T>& b : m.blocks) {
        std::vector<const llmlings::parameter<T>*> moved = {&b.ln1.weight, &b.ln1.bias, &b.ln2.weight, &b.ln2.bias};
        if (biases) moved.insert(moved.end(), {&b.attn.qkv.bias, &b.attn.proj.bias, &b.mlp.fc.bias, &b.mlp.proj.bias});
        for (const llmlings::parameter<T>* p : moved)
            for (std::size_t i = 0; i < p->size(); ++i)
                p->data()[i] += static_cast<T>(0.3 * (llmlings::uniform01(gen) - 0.5));
    }
    return m;
}

/// (batch, steps) token ids below `vocab`, a fixed pattern shifted by `seed`.
inline llmlings::transformer::token_ids ids_of(std::size_t batch, std::size_t steps, std::size_t vocab,
                                               std::size_t seed) {
    llmlings::transformer::token_ids ids({batch, steps});
    for (std::size_t i = 0; i < ids.size(); ++i) ids.data()[i] = (i * 7 + seed * 3 + i * i) % vocab;
    return ids;
}

/// Every value of the store's frozen tensors, as bytes, in registration order.
template <class T>
std::vector<unsigned char> frozen_bytes(const llmlings::parameter_store<T>& store) {
    std::vector<unsigned char> out;
    for (const llmlings::parameter<T>& p : store) {
        if (p.trainable()) continue;
        const auto* bytes = reinterpret_cast<const unsigned char*>(p.data());
        out.insert(out.end(), bytes, bytes + p.size() * sizeof(T));
    }
    return out;
}

}  // namespace oracles

#endif  // LLMLINGS_TESTS_PEFT_ORACLES_GPT_FIXTURES_HPP
