// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The character-level LSTM language model of projects/char_lstm: vocabulary, model, one
 * step of truncated backpropagation through time, evaluation and sampling. One copy, included by
 * the project (projects/char_lstm/main.cpp) and by its integration test
 * (tests/integration/char_lstm.cpp).
 *
 * Shapes: B = sequences per batch, T = characters per sequence, V = vocabulary size,
 * H = hidden units.
 *   ids (N) the corpus as character indices   x (B,T,V) one-hot inputs   targets (B·T)
 *   h, dh (B,T,H) the LSTM's outputs, seen as (B·T,H) rows   logits, dlogits (B·T,V)
 *
 * The model reads one character and predicts the next:
 *   one-hot(c_t) → nn/11 LSTM (h_t, c_t carried along the sequence) → nn/05 dense (H → V) →
 *   logits → nn/03 cross_entropy_with_logits against c_{t+1}
 * and is trained in float32, as PyTorch trains, with nn/07's Adam, nn/13's clip_grad_norm and
 * nn/07's cosine_lr. Every tensor lives in one parameter_store (model.params: lstm.ih.weight,
 * lstm.ih.bias, lstm.hh.weight, lstm.hh.bias, head.weight, head.bias); the optimizer, zero_grad,
 * clipping and the parameter count walk it, and nothing lists a tensor by hand. The activations
 * of a training step live in one workspace (model.ws, llm.c's ActivationTensors), sized on the
 * first step of a batch shape: a step allocates nothing after the first.
 *
 * Why one-hot and no embedding layer: multiplying a one-hot row by W_ihᵀ picks one column of
 * W_ih, so the LSTM's input map already *is* an embedding table (4H numbers per character). An
 * extra dense embedding E (V → D) in front would only factor that table as W_ih·E, a linear
 * product with no new expressive power for a 60-odd character vocabulary. With V ≈ 60 and
 * H = 128 the one-hot product costs V/(V+H) ≈ 1/3 of the LSTM's forward products; a gather would
 * save them, but nn/11 takes dense inputs (B,T,I). The input gradient dL/dx is not needed (x is
 * data), so the backward skips it (llmlings::empty_view).
 *
 * What this file is not: an algorithm. The LSTM, the dense layer, softmax cross-entropy, Adam,
 * clipping, the learning-rate schedule, the softmax, categorical sampling and the entropy all
 * come from the topics; this file only cuts the corpus into windows, one-hot encodes them, moves
 * tensors between the topics' shapes and draws characters.
 *
 * Truncated BPTT here: every training window of T characters starts from a zero state (B random
 * offsets per step), so gradients flow back at most T characters. evaluate() instead reads long
 * contiguous streams and carries (h, c) from one window to the next, which gives the model the
 * context it would have when reading the text, as sample() does.
 */
#ifndef LLMLINGS_PROJECTS_CHAR_LSTM_CHAR_MODEL_HPP
#define LLMLINGS_PROJECTS_CHAR_LSTM_CHAR_MODEL_HPP

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/ml/03_logistic_regression.hpp>
#include <llmlings/ml/07_trees.hpp>
#include <llmlings/nn/03_losses.hpp>
#include <llmlings/nn/05_dense.hpp>
#include <llmlings/nn/07_optimizers.hpp>
#include <llmlings/nn/11_lstm.hpp>
#include <llmlings/nn/13_training_utilities.hpp>
#include <llmlings/stats/03_sampling.hpp>

namespace char_lstm {

using llmlings::index_vector;
using llmlings::matrix;
using llmlings::rng;
using llmlings::tensor3;
using llmlings::vector;
namespace nn = llmlings::nn;

/// The corpus as character indices (V ≤ 256, so one byte each).
using id_sequence = std::vector<std::uint8_t>;

/// The characters of a corpus, sorted by byte value, and the map back from a byte to its index.
struct vocabulary {
    std::string chars;             ///< the distinct characters, sorted: chars[i] is character i
    std::array<int, 256> index{};  ///< index[(unsigned char)c]: c's position in chars, −1 if absent

    /// V, the number of distinct characters.
    std::size_t size() const { return chars.size(); }
};

/**
 * @brief The vocabulary of a text: its distinct bytes, sorted.
 *
 * Example: `make_vocabulary("abca").chars` → `"abc"`, `.index['c']` → 2.
 * @throws llmlings::invalid_argument when the text is empty
 */
inline vocabulary make_vocabulary(const std::string& text) {
    if (text.empty()) throw llmlings::invalid_argument("make_vocabulary", "the text is empty");
    std::array<bool, 256> seen{};
    for (char c : text) seen[static_cast<unsigned char>(c)] = true;
    vocabulary v;
    v.index.fill(-1);
    for (int c = 0; c < 256; ++c)
        if (seen[static_cast<std::size_t>(c)]) {
            v.index[static_cast<std::size_t>(c)] = static_cast<int>(v.chars.size());
            v.chars += static_cast<char>(c);
        }
    return v;
}

/**
 * @brief The text as character indices.
 * @throws llmlings::invalid_argument when a character is not in the vocabulary (the message names
 *         it and its position)
 */
inline id_sequence encode(const vocabulary& vocab, const std::string& text) {
    id_sequence ids(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const int k = vocab.index[static_cast<unsigned char>(text[i])];
        if (k < 0)
            throw llmlings::invalid_argument(
                "encode", llmlings::detail::concat("character ", static_cast<int>(static_cast<unsigned char>(text[i])),
                                                   " at position ", i, " is not in the vocabulary"));
        ids[i] = static_cast<std::uint8_t>(k);
    }
    return ids;
}

/**
 * @brief The unigram entropy of ids[begin, end) in nats per character: the loss of the best model
 * that knows only how often each character occurs (ml/07's entropy, which is in bits, times ln 2).
 */
inline double unigram_entropy(const id_sequence& ids, std::size_t begin, std::size_t end, std::size_t vocab_size) {
    vector counts = xt::zeros<double>({vocab_size});
    for (std::size_t i = begin; i < end; ++i) counts(ids[i]) += 1.0;
    return llmlings::ml::entropy(counts) * std::log(2.0);
}

namespace detail {

/// A read-only (B,T,F) view of an owning tensor.
inline llmlings::tensor_view<const float, 3> view3(const llmlings::tensor3_of<float>& t) {
    return llmlings::view_of<3>(t.data(), t.size(), {t.shape()[0], t.shape()[1], t.shape()[2]});
}

/// A writable (B,T,F) view of an owning tensor.
inline llmlings::tensor_view<float, 3> view3(llmlings::tensor3_of<float>& t) {
    return llmlings::view_of<3>(t.data(), t.size(), {t.shape()[0], t.shape()[1], t.shape()[2]});
}

/// The number of rows of `logits` (n,V) whose largest entry is at `targets(i)`.
inline std::size_t count_correct(const llmlings::matrix_of<float>& logits, const index_vector& targets) {
    const std::size_t rows = logits.shape()[0], cols = logits.shape()[1];
    std::size_t correct = 0;
    for (std::size_t i = 0; i < rows; ++i) {
        const float* row = logits.data() + i * cols;
        if (static_cast<std::size_t>(std::max_element(row, row + cols) - row) == targets(i)) ++correct;
    }
    return correct;
}

}  // namespace detail

/**
 * @brief Every activation a training step (or an evaluation window) needs, allocated once per
 * batch shape by size(): the one-hot inputs, the LSTM's outputs and cache, the logits and the
 * gradients flowing back.
 */
struct workspace {
    llmlings::tensor3_of<float> x;        ///< one-hot inputs (B,T,V)
    std::vector<std::uint8_t> hot;        ///< the character set to 1 at each (b,t), to clear it next step
    index_vector targets;                 ///< the next characters (B·T)
    llmlings::matrix_of<float> h0, c0;    ///< the initial state (B,H)
    llmlings::tensor3_of<float> h;        ///< the LSTM's outputs (B,T,H)
    nn::lstm_cache<float> cache;          ///< what the LSTM's backward needs
    llmlings::matrix_of<float> logits;    ///< (B·T,V)
    llmlings::matrix_of<float> dlogits;   ///< dL/dlogits (B·T,V)
    llmlings::tensor3_of<float> dh;       ///< dL/dh (B,T,H)
    llmlings::matrix_of<float> dh0, dc0;  ///< dL/dh0, dL/dc0 (B,H) (not used further)

    /// Gives every buffer the shapes of B sequences of T characters (allocating only when they
    /// change); a new shape clears x, h0 and c0.
    void size(std::size_t batch, std::size_t seq_len, std::size_t vocab, std::size_t hidden) {
        const std::size_t rows = batch * seq_len;
        if (llmlings::ensure_shape(x, {batch, seq_len, vocab})) {
            x.fill(0.0f);
            hot.assign(rows, 0);
        }
        llmlings::ensure_shape(targets, {rows});
        if (llmlings::ensure_shape(h0, {batch, hidden})) h0.fill(0.0f);
        if (llmlings::ensure_shape(c0, {batch, hidden})) c0.fill(0.0f);
        llmlings::ensure_shape(h, {batch, seq_len, hidden});
        llmlings::ensure_shape(logits, {rows, vocab});
        llmlings::ensure_shape(dlogits, {rows, vocab});
        llmlings::ensure_shape(dh, {batch, seq_len, hidden});
        llmlings::ensure_shape(dh0, {batch, hidden});
        llmlings::ensure_shape(dc0, {batch, hidden});
    }
};

/// The model: its parameters in one store, the LSTM cell and the output layer viewing them, and
/// the workspace of its training steps.
struct char_model {
    vocabulary vocab;                         ///< V characters
    std::size_t hidden = 0;                   ///< H
    llmlings::parameter_store<float> params;  ///< every tensor of the model, float32
    nn::lstm_cell<float> lstm;                ///< "lstm.ih" (4H,V), "lstm.hh" (4H,H): PyTorch's LSTMCell
    nn::dense_layer<float> head;              ///< "head" (V,H): h_t ↦ logits of the next character
    workspace ws;                             ///< the activations of a training step
};

/**
 * @brief A model for the vocabulary with H hidden units: the LSTM initialised as PyTorch does
 * (U(−1/√H, 1/√H)), the output layer with Xavier's uniform initialisation; `gen` draws both (in
 * double, rounded to float).
 */
inline char_model make_char_model(const vocabulary& vocab, std::size_t hidden, rng& gen) {
    char_model m;
    m.vocab = vocab;
    m.hidden = hidden;
    m.lstm = nn::make_lstm_cell(m.params, "lstm", vocab.size(), hidden);
    nn::init_lstm_uniform(m.lstm, gen);
    m.head = nn::make_dense(m.params, "head", hidden, vocab.size());
    nn::init_xavier_uniform(m.head, gen);
    return m;
}

/// The number of trainable parameters: 4H(V+H) + 8H for the LSTM, V(H+1) for the output layer.
inline std::size_t parameter_count(const char_model& m) {
    return m.params.trainable_numel();
}

/// What one training step measured on its batch.
struct step_stats {
    double loss = 0.0;       ///< mean cross-entropy, nats per character
    double accuracy = 0.0;   ///< fraction of next characters predicted right (argmax)
    double grad_norm = 0.0;  ///< global gradient norm before clipping
};

/**
 * @brief Trains a char_model: Adam over the model's store and the batch shape. It keeps the model
 * by reference (the model must outlive it); the buffers are the model's workspace.
 */
class trainer {
public:
    /**
     * @param model the model to train (kept by reference); making the optimizer freezes its store
     * @param batch B, sequences per step
     * @param seq_len T, characters per sequence
     * @param adam Adam's hyper-parameters (its lr is set by every step())
     * @throws llmlings::invalid_argument when B or T is 0
     */
    trainer(char_model& model, std::size_t batch, std::size_t seq_len, const nn::adam_options& adam)
        : m_(model), batch_(batch), seq_len_(seq_len), opt_(nn::make_adam(model.params, adam)) {
        if (batch == 0 || seq_len == 0)
            throw llmlings::invalid_argument(
                "trainer", llmlings::detail::concat("batch and seq_len must be > 0, got ", batch, " and ", seq_len));
    }
    trainer(const trainer&) = delete;
    trainer& operator=(const trainer&) = delete;

    /**
     * @brief One step: B windows at random offsets of ids[begin, end), forward, loss, backward
     * through time, gradient clipping, one Adam step at learning rate `lr`. After the first step
     * of a batch shape it allocates nothing.
     *
     * @param ids the corpus
     * @param begin, end the training range; it must hold more than T characters
     * @param gen draws the B offsets (B draws of uniform_index)
     * @param lr the learning rate of this step (e.g. from nn::cosine_lr)
     * @param max_norm the gradient-norm clip (nn::clip_grad_norm)
     * @return the batch's loss and accuracy and the gradient norm before clipping
     */
    step_stats step(const id_sequence& ids, std::size_t begin, std::size_t end, rng& gen, double lr, double max_norm) {
        const std::size_t T = seq_len_;
        if (end > ids.size() || end <= begin || end - begin <= T)
            throw llmlings::invalid_argument(
                "trainer::step", llmlings::detail::concat("the range [", begin, ", ", end, ") must hold more than T = ",
                                                          T, " characters of the ", ids.size(), " in the corpus"));
        workspace& ws = m_.ws;
        ws.size(batch_, T, m_.vocab.size(), m_.hidden);
        // 1. The batch: window b reads ids[o, o+T) and predicts ids[o+1, o+T]; the one-hot
        //    entries of the previous batch are cleared, not the whole tensor.
        for (std::size_t b = 0; b < batch_; ++b) {
            const std::size_t o = begin + llmlings::uniform_index(end - begin - T, gen);
            for (std::size_t t = 0; t < T; ++t) {
                const std::size_t r = b * T + t;
                ws.x(b, t, ws.hot[r]) = 0.0f;
                ws.hot[r] = ids[o + t];
                ws.x(b, t, ws.hot[r]) = 1.0f;
                ws.targets(r) = ids[o + t + 1];
            }
        }
        // 2. Forward: the LSTM over the T steps from a zero state, the output layer on all B·T
        //    rows, the loss and its gradient.
        nn::lstm_forward(m_.lstm, detail::view3(std::as_const(ws.x)), llmlings::as_rows(std::as_const(ws.h0)),
                         llmlings::as_rows(std::as_const(ws.c0)), detail::view3(ws.h), ws.cache);
        nn::dense_forward(m_.head, llmlings::as_rows(std::as_const(ws.h)), llmlings::as_rows(ws.logits));
        step_stats stats;
        stats.loss = nn::cross_entropy_with_logits(llmlings::as_rows(std::as_const(ws.logits)), ws.targets,
                                                   llmlings::as_rows(ws.dlogits));
        stats.accuracy =
            static_cast<double>(detail::count_correct(ws.logits, ws.targets)) / static_cast<double>(batch_ * T);
        // 3. Backward: the output layer, then back through time (dL/dx is not needed: x is data).
        m_.params.zero_grad();
        nn::dense_backward(m_.head, llmlings::as_rows(std::as_const(ws.h)),
                           llmlings::as_rows(std::as_const(ws.dlogits)), llmlings::as_rows(ws.dh));
        nn::lstm_backward(m_.lstm, ws.cache, detail::view3(std::as_const(ws.x)), detail::view3(std::as_const(ws.dh)),
                          llmlings::empty_view<float, 3>(), llmlings::as_rows(ws.dh0), llmlings::as_rows(ws.dc0));
        // 4. Clip the global gradient norm, then one Adam step.
        stats.grad_norm = nn::clip_grad_norm(m_.params, max_norm);
        opt_.options.lr = lr;
        nn::step(opt_);
        return stats;
    }

private:
    char_model& m_;
    std::size_t batch_, seq_len_;
    nn::adam_optimizer<float> opt_;
};

/// What evaluate() measured.
struct eval_result {
    double loss = 0.0;      ///< mean cross-entropy, nats per character
    double accuracy = 0.0;  ///< fraction of next characters predicted right (argmax)
    std::size_t chars = 0;  ///< how many characters were predicted
};

/**
 * @brief The model's loss and accuracy on ids[begin, end), read as S contiguous streams side by
 * side (one batch row each) in windows of T characters, carrying (h, c) from window to window.
 *
 * Stream s starts at begin + s·⌊(end−begin−1)/S⌋ and predicts `chars_per_stream` characters (0:
 * all of its share), so a small budget still samples the whole range evenly. Only the first
 * character of each stream is predicted without context. The buffers are its own (the training
 * workspace keeps its shapes).
 *
 * @throws llmlings::invalid_argument when the range is too short for S streams
 */
inline eval_result evaluate(const char_model& m, const id_sequence& ids, std::size_t begin, std::size_t end,
                            std::size_t streams, std::size_t seq_len, std::size_t chars_per_stream = 0) {
    if (streams == 0 || seq_len == 0 || end > ids.size() || end <= begin || (end - begin - 1) / streams == 0)
        throw llmlings::invalid_argument(
            "evaluate",
            llmlings::detail::concat("cannot read ", streams, " streams from the range [", begin, ", ", end, ")"));
    const std::size_t stride = (end - begin - 1) / streams;
    const std::size_t length = chars_per_stream == 0 ? stride : std::min(chars_per_stream, stride);
    const std::size_t V = m.vocab.size(), H = m.hidden;
    workspace ws;
    double loss_sum = 0.0;
    std::size_t correct = 0;
    for (std::size_t pos = 0; pos < length; pos += seq_len) {
        const std::size_t T = std::min(seq_len, length - pos);
        ws.size(streams, T, V, H);  // the last window may be shorter
        for (std::size_t s = 0; s < streams; ++s)
            for (std::size_t t = 0; t < T; ++t) {
                const std::size_t i = begin + s * stride + pos + t, r = s * T + t;
                ws.x(s, t, ws.hot[r]) = 0.0f;
                ws.hot[r] = ids[i];
                ws.x(s, t, ws.hot[r]) = 1.0f;
                ws.targets(r) = ids[i + 1];
            }
        nn::lstm_forward(m.lstm, detail::view3(std::as_const(ws.x)), llmlings::as_rows(std::as_const(ws.h0)),
                         llmlings::as_rows(std::as_const(ws.c0)), detail::view3(ws.h), ws.cache);
        // the state at the end of this window starts the next one
        for (std::size_t s = 0; s < streams; ++s)
            for (std::size_t k = 0; k < H; ++k) {
                ws.h0(s, k) = ws.h(s, T - 1, k);
                ws.c0(s, k) = ws.cache.c(s, T - 1, k);
            }
        nn::dense_forward(m.head, llmlings::as_rows(std::as_const(ws.h)), llmlings::as_rows(ws.logits));
        loss_sum += nn::cross_entropy_with_logits(llmlings::as_rows(std::as_const(ws.logits)), ws.targets,
                                                  llmlings::as_rows(ws.dlogits)) *
                    static_cast<double>(streams * T);
        correct += detail::count_correct(ws.logits, ws.targets);
    }
    eval_result r;
    r.chars = streams * length;
    r.loss = loss_sum / static_cast<double>(r.chars);
    r.accuracy = static_cast<double>(correct) / static_cast<double>(r.chars);
    return r;
}

/**
 * @brief Reads `prompt`, then writes `n` characters, each drawn from softmax(logits / τ) with
 * stats/03's sample_categorical (one uniform of `gen` per character).
 *
 * τ = 1 samples the model's own distribution; τ < 1 sharpens it towards the likeliest characters
 * (τ → 0 is greedy decoding), τ > 1 flattens it. The softmax is ml/03's, in double.
 *
 * @return the n generated characters (without the prompt)
 * @throws llmlings::invalid_argument when the prompt is empty or has a character outside the
 *         vocabulary, or τ is not > 0
 */
inline std::string sample(const char_model& m, const std::string& prompt, std::size_t n, double temperature, rng& gen) {
    if (prompt.empty()) throw llmlings::invalid_argument("sample", "the prompt is empty");
    if (!(temperature > 0.0) || !std::isfinite(temperature))
        throw llmlings::invalid_argument(
            "sample", llmlings::detail::concat("the temperature must be finite and > 0, got ", temperature));
    const id_sequence context = encode(m.vocab, prompt);
    const std::size_t V = m.vocab.size(), H = m.hidden;
    using fmatrix = llmlings::matrix_of<float>;
    fmatrix x = xt::zeros<float>({std::size_t{1}, V}), logits({1, V});
    fmatrix h = xt::zeros<float>({std::size_t{1}, H}), c = xt::zeros<float>({std::size_t{1}, H});
    fmatrix h_next({1, H}), c_next({1, H});
    nn::lstm_cache<float> cache;
    matrix scaled({1, V}), probs({1, V});
    vector p = xt::empty<double>({V});
    std::string out;
    std::size_t next = context[0];
    for (std::size_t i = 0; i + 1 < context.size() + n; ++i) {
        // 1. Feed the current character (the prompt's, then the last one drawn).
        x.fill(0.0f);
        x(0, next) = 1.0f;
        nn::lstm_cell_forward(m.lstm, llmlings::as_rows(std::as_const(x)), llmlings::as_rows(std::as_const(h)),
                              llmlings::as_rows(std::as_const(c)), llmlings::as_rows(h_next), llmlings::as_rows(c_next),
                              cache);
        std::swap(h, h_next);
        std::swap(c, c_next);
        if (i + 1 < context.size()) {
            next = context[i + 1];
            continue;
        }
        // 2. Draw the next one from the tempered softmax.
        nn::dense_forward(m.head, llmlings::as_rows(std::as_const(h)), llmlings::as_rows(logits));
        for (std::size_t k = 0; k < V; ++k) scaled(0, k) = static_cast<double>(logits(0, k)) / temperature;
        llmlings::ml::softmax(llmlings::as_rows(std::as_const(scaled)), llmlings::as_rows(probs));
        for (std::size_t k = 0; k < V; ++k) p(k) = probs(0, k);
        next = llmlings::stats::sample_categorical(p, gen);
        out += m.vocab.chars[next];
    }
    return out;
}

}  // namespace char_lstm

#endif  // LLMLINGS_PROJECTS_CHAR_LSTM_CHAR_MODEL_HPP
