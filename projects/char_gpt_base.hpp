// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief What the projects built on the KJV char-GPT share (finetune_report, quantized_gpt): a
 * byte corpus with its held-out end, the held-out loss of any model's logits, the base's sizes
 * from a checkpoint, and the base trained with projects/char_gpt's recipe when there is none.
 */
#ifndef LLMLINGS_PROJECTS_CHAR_GPT_BASE_HPP
#define LLMLINGS_PROJECTS_CHAR_GPT_BASE_HPP

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/nn/07_optimizers.hpp>
#include <llmlings/nn/13_training_utilities.hpp>
#include <llmlings/transformer/06_gpt_training.hpp>
#include <llmlings/transformer/10_safetensors.hpp>

#include "project.hpp"

namespace llmlings {
namespace projects {

/// A corpus as bytes, and where its held-out end begins.
struct corpus {
    std::string name;
    std::vector<std::size_t> tokens;  ///< every byte, as a token id
    std::vector<std::size_t> train;   ///< the first 95 %
    std::size_t valid_from = 0;       ///< the last 5 % starts here
};

/// The bytes of `text` as a corpus; its last 5 % held out (projects/char_gpt's split).
inline corpus make_corpus(const std::string& name, const std::string& text) {
    corpus c;
    c.name = name;
    c.tokens.assign(text.size(), 0);
    for (std::size_t i = 0; i < text.size(); ++i) c.tokens[i] = static_cast<unsigned char>(text[i]);
    c.valid_from = c.tokens.size() - c.tokens.size() / 20;
    c.train.assign(c.tokens.begin(), c.tokens.begin() + static_cast<std::ptrdiff_t>(c.valid_from));
    return c;
}

/// The logits (B·T, V) of a model for a batch of ids.
using logits_function = std::function<const matrix_of<float>&(const transformer::token_ids&)>;

/// The mean next-byte loss over `windows` windows of T + 1 bytes of the corpus's held-out end,
/// their starts spread evenly: the same windows at every call.
inline double held_out_loss(const logits_function& logits, const corpus& c, std::size_t T, std::size_t windows,
                            std::size_t batch) {
    const std::size_t span = c.tokens.size() - c.valid_from - (T + 1);
    double total = 0.0;
    for (std::size_t done = 0; done < windows;) {
        const std::size_t rows = std::min(batch, windows - done);
        transformer::token_ids ids = transformer::token_ids::from_shape({rows, T}), targets = ids;
        for (std::size_t b = 0; b < rows; ++b) {
            const std::size_t start = c.valid_from + (done + b) * span / windows;
            for (std::size_t t = 0; t < T; ++t) {
                ids(b, t) = c.tokens[start + t];
                targets(b, t) = c.tokens[start + t + 1];
            }
        }
        total += transformer::gpt_cross_entropy<float>(as_rows(logits(ids)), targets, empty_view<float>()) *
                 static_cast<double>(rows);
        done += rows;
    }
    return total / static_cast<double>(windows);
}

/// The base's sizes from a checkpoint's metadata (projects/char_gpt writes them).
inline llmlings::transformer::gpt_config config_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const llmlings::transformer::safetensors_header header = llmlings::transformer::parse_safetensors_header(bytes);
    const auto number = [&](const char* key) -> std::size_t {
        const auto it = header.metadata.find(key);
        if (it == header.metadata.end())
            throw llmlings::invalid_argument(
                "config_of", path + " has no '" + key + "' in its metadata: not a projects/char_gpt checkpoint");
        return std::stoull(it->second);
    };
    llmlings::transformer::gpt_config c;
    c.vocab_size = number("vocab_size");
    c.block_size = number("block_size");
    c.layers = number("layers");
    c.heads = number("heads");
    c.channels = number("channels");
    return c;
}

/// Trains a base on the KJV with projects/char_gpt's recipe (AdamW 3e-3 → 3e-4, warm-up, cosine,
/// weight decay 0.1, B = 16) and saves it to `path`.
inline llmlings::transformer::gpt_model<float> train_base(const corpus& kjv,
                                                          const llmlings::transformer::gpt_config& config,
                                                          std::size_t steps, const std::string& path) {
    llmlings::rng gen(2024);
    llmlings::transformer::gpt_model<float> model =
        llmlings::transformer::make_gpt(llmlings::parameter_store<float>(), config);
    llmlings::transformer::init_gpt(model, gen);
    llmlings::nn::adamw_options o;
    o.lr = 3e-3;
    o.beta1 = 0.9;
    o.beta2 = 0.95;
    o.weight_decay = 0.1;
    llmlings::nn::adam_optimizer<float> opt = llmlings::nn::make_adamw(model.params, o);
    llmlings::transformer::gpt_workspace<float> ws;
    llmlings::transformer::gpt_gradients<float> g;
    llmlings::transformer::token_ids ids, targets;
    const std::size_t warmup = std::max<std::size_t>(1, std::min<std::size_t>(100, steps / 10));
    const auto t0 = std::chrono::steady_clock::now();
    for (std::size_t s = 1; s <= steps; ++s) {
        opt.options.lr = llmlings::nn::warmup_cosine_lr(3e-3, s - 1, warmup, steps, 3e-4, 0.1);
        llmlings::transformer::get_batch(kjv.train, 16, config.block_size, gen, ids, targets);
        const llmlings::transformer::train_step_result r =
            llmlings::transformer::gpt_train_step(model, ids, targets, ws, g, opt);
        if (s % std::max<std::size_t>(1, steps / 10) == 0 || s == steps)
            std::cout << format("  base step %5zu/%zu  loss %.4f  %6.1fs\n", s, steps, r.loss, seconds_since(t0))
                      << std::flush;
    }
    std::map<std::string, std::string> meta = {{"format", "llmlings char_gpt"},
                                               {"vocab_size", std::to_string(config.vocab_size)},
                                               {"block_size", std::to_string(config.block_size)},
                                               {"layers", std::to_string(config.layers)},
                                               {"heads", std::to_string(config.heads)},
                                               {"channels", std::to_string(config.channels)},
                                               {"steps", std::to_string(steps)},
                                               {"step", std::to_string(steps)}};
    llmlings::transformer::save_safetensors(path, model.params, meta);
    return model;
}

}  // namespace projects
}  // namespace llmlings

#endif  // LLMLINGS_PROJECTS_CHAR_GPT_BASE_HPP
