// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nlp/08 — sequence to sequence: a GRU encoder-decoder over token ids, trained with
 * teacher forcing on padded batches (masked cross-entropy, backpropagation through the decoder and
 * the encoder, clipping, an optimizer step), and evaluated with teacher forcing or free-running.
 *
 * Shapes: B = batch, S = source steps, T = target steps, E = embedding size, H = hidden units,
 * V_src, V = the source and target vocabularies.
 *   src (B,S), tgt (B,T): token ids, right-padded with pad_id       lengths (B)
 *   encoder: embedding (V_src,E), gru E → H                          states (B,S,H), final (B,H)
 *   decoder: embedding (V,E), gru E → H, out H → V                    inputs (B,T), logits (B,T,V)
 *   one decoder step: previous ids (B), h, h_next (B,H), logits (B,V)
 *
 * The model (Cho et al. 2014; Sutskever et al. 2014, with a GRU): the encoder reads the source
 * embeddings with nn/12's GRU from h = 0; its state after the last real token summarises the
 * source and becomes the decoder's first state. The decoder is a conditional language model: at
 * step t it reads the embedding of the previous token (bos at t = 0), updates its GRU state and
 * projects it with a dense layer (nn/05) to V logits, the scores of the next token.
 *
 * Conventions (PyTorch's, so its modules check ours, tools/golden/nlp_seq2seq.py):
 * - **Special ids.** pad, bos, eos are ids of the vocabularies (0, 1, 2 by default). A target
 *   sequence is the tokens to predict followed by eos; bos is never a target. Both vocabularies
 *   hold pad; bos and eos are the target vocabulary's.
 * - **Padding.** Batches are padded on the right: a row is its tokens, then only pads. A source
 *   row's length is its number of tokens (0 is allowed: the final state is then h = 0). The
 *   encoder's states at pad positions are 0 and its final state is the one after the last token,
 *   as `pack_padded_sequence` gives; the pads of a source change nothing.
 * - **Teacher forcing.** The decoder's inputs are the targets shifted right behind bos:
 *   tgt = (c b a eos pad) → inputs (bos c b a eos). Every position whose *target* is pad is
 *   ignored by the loss, as CrossEntropyLoss(ignore_index = pad): the loss is the mean over the
 *   target tokens that are not pad, and those positions receive no gradient.
 * - **Embeddings** are rows of a (V,E) parameter, like nn.Embedding(V, E, padding_idx = pad): N(0,1)
 *   initially, the pad row 0, and the pad row receives no gradient.
 *
 * What this file deliberately is not: attention (nlp/09 adds it to this decoder), decoding that
 * stops at eos with greedy or beam search (nlp/10, over seq2seq_decoder_step()), scheduled
 * sampling, bidirectional or stacked encoders, or packed sequences (the GRU runs over the pads of
 * a batch, whose results are discarded: wasted work, never wrong numbers).
 *
 * References: K. Cho et al. (2014), "Learning phrase representations using RNN encoder-decoder for
 * statistical machine translation"; I. Sutskever, O. Vinyals, Q. V. Le (2014), "Sequence to
 * sequence learning with neural networks"; R. J. Williams, D. Zipser (1989), teacher forcing;
 * S. Bengio et al. (2015), "Scheduled sampling for sequence prediction with recurrent neural
 * networks" (exposure bias); PyTorch's "NLP from scratch: translation with a sequence to sequence
 * network" tutorial.
 *
 * Guide: @ref nlp_08_seq2seq (the ideas) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NLP_08_SEQ2SEQ_HPP
#define LLMLINGS_NLP_08_SEQ2SEQ_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <utility>

#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/nn/05_dense.hpp>
#include <llmlings/nn/12_gru.hpp>
#include <llmlings/nn/13_training_utilities.hpp>
#include <llmlings/stats/03_sampling.hpp>

namespace llmlings {
namespace nlp {

/// @ingroup nlp
/// @brief A batch of token ids (B,T), one sequence per row, right-padded with the pad id.
using seq2seq_ids = xt::xtensor<std::size_t, 2>;

/**
 * @ingroup nlp
 * @brief The sizes and special ids of a seq2seq_model; make_seq2seq() builds the model from it.
 */
struct seq2seq_config {
    std::size_t source_vocab = 0;     ///< V_src ≥ 1, including pad
    std::size_t target_vocab = 0;     ///< V ≥ 3, including pad, bos and eos
    std::size_t embedding_size = 32;  ///< E ≥ 1
    std::size_t hidden_size = 64;     ///< H ≥ 1, shared by encoder and decoder
    std::size_t pad_id = 0;           ///< the padding id of both vocabularies
    std::size_t bos_id = 1;           ///< the decoder's first input ("begin of sequence")
    std::size_t eos_id = 2;           ///< the last token of every target ("end of sequence")
};

/**
 * @ingroup nlp
 * @brief The encoder: an embedding table and a GRU, registered as "<name>.embedding.weight"
 * (V_src,E) and "<name>.gru.*" (nn/12).
 * @tparam T float (training) or double (gradient checks)
 */
template <class T>
struct seq2seq_encoder {
    parameter<T> embedding;      ///< (V_src,E): row k is the vector of source token k
    nn::gru_cell<T> gru;         ///< E → H
    std::size_t vocab_size = 0;  ///< V_src
    std::size_t pad_id = 0;      ///< the source's padding id
};

/**
 * @ingroup nlp
 * @brief The decoder: an embedding table, a GRU and the output projection to vocabulary logits,
 * registered as "<name>.embedding.weight" (V,E), "<name>.gru.*" and "<name>.out.weight" (V,H),
 * "<name>.out.bias" (V).
 * @tparam T float or double
 */
template <class T>
struct seq2seq_decoder {
    parameter<T> embedding;      ///< (V,E): row k is the vector of target token k
    nn::gru_cell<T> gru;         ///< E → H
    nn::dense_layer<T> out;      ///< H → V: the logits of the next token
    std::size_t vocab_size = 0;  ///< V
    std::size_t pad_id = 0;      ///< ignored as a target
    std::size_t bos_id = 1;      ///< the first input
    std::size_t eos_id = 2;      ///< ends a target
};

/**
 * @ingroup nlp
 * @brief An encoder-decoder with its store handle; build it with make_seq2seq().
 * @tparam T float or double
 */
template <class T>
struct seq2seq_model {
    parameter_store<T> params;   ///< the model's store (a handle: shares the tensors)
    seq2seq_encoder<T> encoder;  ///< "encoder.*"
    seq2seq_decoder<T> decoder;  ///< "decoder.*"
};

/**
 * @ingroup nlp
 * @brief What seq2seq_encode() keeps for seq2seq_encode_backward(), and the backward's buffers.
 * @tparam T float or double
 */
template <class T>
struct seq2seq_encoder_cache {
    index_vector lengths;      ///< (B) forward: the tokens of each source row
    tensor3_of<T> embedded;    ///< (B,S,E) forward: the GRU's input
    matrix_of<T> h0;           ///< (B,H) forward: the initial state, 0
    nn::gru_cache<T> gru;      ///< nn/12's cache
    tensor3_of<T> d_states;    ///< (B,S,H) backward: dL/d(every GRU state), pads 0
    tensor3_of<T> d_embedded;  ///< (B,S,E) backward: dL/d(embedded)
    matrix_of<T> d_h0;         ///< (B,H) backward: dL/dh0, unused (h0 is a constant)
};

/**
 * @ingroup nlp
 * @brief What seq2seq_decode() keeps for seq2seq_decode_backward(), and the backward's buffers.
 * @tparam T float or double
 */
template <class T>
struct seq2seq_decoder_cache {
    tensor3_of<T> embedded;    ///< (B,T,E) forward: the embedded inputs
    tensor3_of<T> states;      ///< (B,T,H) forward: the decoder's states, the projection's input
    nn::gru_cache<T> gru;      ///< nn/12's cache
    tensor3_of<T> d_states;    ///< (B,T,H) backward: dL/d(states)
    tensor3_of<T> d_embedded;  ///< (B,T,E) backward: dL/d(embedded)
};

/**
 * @ingroup nlp
 * @brief The buffers of one decoder step (seq2seq_decoder_step(); forward only: decoding needs no
 * gradient).
 * @tparam T float or double
 */
template <class T>
struct seq2seq_step_cache {
    matrix_of<T> embedded;  ///< (B,E) the embedded previous tokens
    nn::gru_cache<T> gru;   ///< nn/12's cache of one step
};

/**
 * @ingroup nlp
 * @brief Every activation of a training step and of an evaluation: the model's
 * ActivationTensors. Make it empty; the passes size the buffers for the batch they see, so a
 * second step of the same shapes allocates nothing.
 * @tparam T float or double
 */
template <class T>
struct seq2seq_workspace {
    seq2seq_encoder_cache<T> encoder;  ///< the encoder's cache
    seq2seq_decoder_cache<T> decoder;  ///< the decoder's cache
    tensor3_of<T> encoder_states;      ///< (B,S,H)
    matrix_of<T> encoder_final;        ///< (B,H): the decoder's first state
    seq2seq_ids decoder_inputs;        ///< (B,T): bos and the shifted targets
    tensor3_of<T> logits;              ///< (B,T,V)
    tensor3_of<T> d_logits;            ///< (B,T,V): written by the loss in seq2seq_forward()
    matrix_of<T> d_encoder_final;      ///< (B,H): the decoder's dL/dh0, the encoder's dL/dfinal
    seq2seq_step_cache<T> step;        ///< free-running evaluation: one step
    index_vector previous;             ///< (B) free-running: the tokens fed back
    matrix_of<T> h;                    ///< (B,H) free-running: the state
    matrix_of<T> h_next;               ///< (B,H) free-running: the next state
    matrix_of<T> step_logits;          ///< (B,V) free-running: one step's logits
};

/// @ingroup nlp
/// @brief What the decoder reads at each step in seq2seq_evaluate().
enum class seq2seq_feeding {
    teacher_forcing,  ///< the true previous token, as in training
    free_running      ///< the model's own previous prediction (its argmax), as at test time
};

/// @ingroup nlp
/// @brief The loss and token accuracy over the target tokens that are not pad.
struct seq2seq_scores {
    double loss = std::numeric_limits<double>::quiet_NaN();      ///< mean cross-entropy per token
    double accuracy = std::numeric_limits<double>::quiet_NaN();  ///< fraction of tokens whose argmax is right
    std::size_t tokens = 0;                                      ///< how many target tokens were scored
};

/// @ingroup nlp
/// @brief What seq2seq_train_step() returns.
struct seq2seq_step_result {
    double loss = 0.0;       ///< the batch's mean cross-entropy before the step
    double grad_norm = 0.0;  ///< the global gradient norm before clipping
};

namespace detail {

// Given: the checks every function makes and the views of owning tensors (you call them; they are
// not the exercise).

/// A (B,T,F) view of an owning tensor, writable or read-only.
template <class T>
tensor_view<T, 3> seq_view(tensor3_of<T>& t) {
    return view_of<3>(t.data(), t.size(), {t.shape()[0], t.shape()[1], t.shape()[2]});
}
template <class T>
tensor_view<const T, 3> seq_view(const tensor3_of<T>& t) {
    return view_of<3>(t.data(), t.size(), {t.shape()[0], t.shape()[1], t.shape()[2]});
}

/// Throws invalid_argument unless some id of `ids` (n of them) is ≥ vocab; `what` names them.
inline void check_ids(const char* function, const char* what, const std::size_t* ids, std::size_t n,
                      std::size_t vocab) {
    for (std::size_t i = 0; i < n; ++i)
        if (ids[i] >= vocab)
            throw invalid_argument(function, ::llmlings::detail::concat(what, " hold id ", ids[i], " at position ", i,
                                                                        ", but the vocabulary has ", vocab, " ids"));
}

/// Throws invalid_argument unless the encoder was built by make_seq2seq_encoder.
template <class T>
void check_encoder(const char* function, const seq2seq_encoder<T>& enc) {
    if (enc.vocab_size == 0 || !enc.embedding.registered())
        throw invalid_argument(function,
                               "the encoder is not built (make it with make_seq2seq_encoder or make_seq2seq)");
}

/// Throws invalid_argument unless the decoder was built by make_seq2seq_decoder.
template <class T>
void check_decoder(const char* function, const seq2seq_decoder<T>& dec) {
    if (dec.vocab_size == 0 || !dec.embedding.registered())
        throw invalid_argument(function,
                               "the decoder is not built (make it with make_seq2seq_decoder or make_seq2seq)");
}

/// Throws shape_error unless src and tgt hold the same number of rows.
inline void check_batches(const char* function, const seq2seq_ids& src, const seq2seq_ids& tgt) {
    if (src.shape()[0] != tgt.shape()[0])
        throw shape_error(function,
                          ::llmlings::detail::concat("src and tgt must have the same batch size, got ",
                                                     shape_str(src.shape()), " and ", shape_str(tgt.shape())));
}

/// Throws invalid_argument unless every size is ≥ 1 and the special ids are distinct and in range.
inline void check_config(const char* function, const seq2seq_config& c) {
    if (c.source_vocab == 0 || c.target_vocab == 0 || c.embedding_size == 0 || c.hidden_size == 0)
        throw invalid_argument(function,
                               ::llmlings::detail::concat("every size must be >= 1, got source_vocab ", c.source_vocab,
                                                          ", target_vocab ", c.target_vocab, ", embedding_size ",
                                                          c.embedding_size, ", hidden_size ", c.hidden_size));
    if (c.pad_id == c.bos_id || c.pad_id == c.eos_id || c.bos_id == c.eos_id)
        throw invalid_argument(function, ::llmlings::detail::concat("pad, bos and eos must be distinct, got ", c.pad_id,
                                                                    ", ", c.bos_id, ", ", c.eos_id));
    if (c.pad_id >= c.source_vocab || std::max({c.pad_id, c.bos_id, c.eos_id}) >= c.target_vocab)
        throw invalid_argument(
            function, ::llmlings::detail::concat("pad must be a source id and pad, bos, eos target ids, got pad ",
                                                 c.pad_id, ", bos ", c.bos_id, ", eos ", c.eos_id,
                                                 " with vocabularies of ", c.source_vocab, " and ", c.target_vocab));
}

// End of the given code.

/**
 * @brief The embedding lookup: row i of `out` (n rows of E) becomes row ids[i] of the table.
 *
 * @param table the (V,E) embedding parameter
 * @param ids n token ids, each < V (checked by the caller)
 * @param n how many
 * @param out (n,E), overwritten
 */
template <class T>
void embed_rows(const parameter<T>& table, const std::size_t* ids, std::size_t n, T* out) {
    todo("nlp/08_seq2seq", "embed_rows");
}

/**
 * @brief The embedding's backward: adds row i of `d` to the gradient row ids[i] of the table
 * (a token seen twice collects both), except for the pad id, whose row gets no gradient.
 *
 * @param table the (V,E) embedding parameter; its gradient is added to
 * @param ids n token ids
 * @param n how many
 * @param d dL/d(out) (n,E)
 * @param pad_id the id that receives nothing
 */
template <class T>
void embed_rows_backward(const parameter<T>& table, const std::size_t* ids, std::size_t n, const T* d,
                         std::size_t pad_id) {
    todo("nlp/08_seq2seq", "embed_rows_backward");
}

/**
 * @brief −log softmax(x)_t of one row of V logits, computed with the log-sum-exp trick (as
 * nn/03's cross_entropy_with_logits); when `g` is not null it also writes
 * (softmax(x) − onehot(t))·scale into g.
 *
 * @return the row's loss, in double
 */
template <class T>
double row_cross_entropy(const T* x, std::size_t vocab, std::size_t target, T* g, T scale) {
    todo("nlp/08_seq2seq", "row_cross_entropy");
}

/// The index of the largest of the V logits at x, the first one on ties.
template <class T>
std::size_t argmax_logit(const T* x, std::size_t vocab) {
    todo("nlp/08_seq2seq", "argmax_logit");
}

}  // namespace detail

/**
 * @ingroup nlp
 * @brief An encoder in `store`: "<name>.embedding.weight" (V_src,E) and the GRU "<name>.gru.*"
 * (nn/12's make_gru_cell), every value 0 (init_seq2seq() initialises a whole model).
 *
 * @param store where the parameters live
 * @param name the prefix, e.g. "encoder"
 * @param vocab_size V_src ≥ 1
 * @param embedding_size E ≥ 1
 * @param hidden_size H ≥ 1
 * @param pad_id the padding id, < V_src
 * @return the encoder, holding views of its tensors
 * @throws invalid_argument when a size is 0, pad_id ≥ V_src, or the store refuses the names
 *
 * Complexity: O(V_src·E + H·(E+H)). Example: `make_seq2seq_encoder(store, "encoder", 10, 4, 8,
 * 0).embedding.shape()` → `(10,4)`.
 */
template <class T>
seq2seq_encoder<T> make_seq2seq_encoder(parameter_store<T>& store, const std::string& name, std::size_t vocab_size,
                                        std::size_t embedding_size, std::size_t hidden_size, std::size_t pad_id) {
    todo("nlp/08_seq2seq", "make_seq2seq_encoder");
}

/**
 * @ingroup nlp
 * @brief A decoder in `store`: "<name>.embedding.weight" (V,E), the GRU "<name>.gru.*" and the
 * projection "<name>.out.weight" (V,H), "<name>.out.bias" (V), every value 0.
 *
 * @param store where the parameters live
 * @param name the prefix, e.g. "decoder"
 * @param vocab_size V ≥ 3
 * @param embedding_size E ≥ 1
 * @param hidden_size H ≥ 1
 * @param pad_id, bos_id, eos_id the special ids: distinct, each < V
 * @return the decoder, holding views of its tensors
 * @throws invalid_argument when a size is 0, the special ids are not distinct ids of V, or the
 *         store refuses the names
 *
 * Complexity: O(V·(E+H) + H·(E+H)). Example: `make_seq2seq_decoder(store, "decoder", 12, 4, 8,
 * 0, 1, 2).out.weight.shape()` → `(12,8)`.
 */
template <class T>
seq2seq_decoder<T> make_seq2seq_decoder(parameter_store<T>& store, const std::string& name, std::size_t vocab_size,
                                        std::size_t embedding_size, std::size_t hidden_size, std::size_t pad_id,
                                        std::size_t bos_id, std::size_t eos_id) {
    todo("nlp/08_seq2seq", "make_seq2seq_decoder");
}

/**
 * @ingroup nlp
 * @brief The model of `config` in `store`: make_seq2seq_encoder(store, "encoder", …) and
 * make_seq2seq_decoder(store, "decoder", …), and a copy of the store handle. Every value is 0:
 * call init_seq2seq() next.
 *
 * @param store where the parameters live
 * @param config sizes and special ids
 * @return the model
 * @throws invalid_argument when the config is invalid (a size 0, special ids equal or out of
 *         range) or the names are taken
 *
 * Complexity: O(parameters). Example: V_src = 6, V = 7, E = 3, H = 4 registers 12 tensors,
 * 18 + 108 + 21 + 108 + 28 + 7 = 290 numbers (each GRU: 36 + 48 weights and 12 + 12 biases).
 */
template <class T>
seq2seq_model<T> make_seq2seq(parameter_store<T>& store, const seq2seq_config& config) {
    todo("nlp/08_seq2seq", "make_seq2seq");
}

/**
 * @ingroup nlp
 * @brief PyTorch's default initialisation: embeddings N(0, 1) with the pad rows 0
 * (nn.Embedding(padding_idx = pad)), both GRUs U(−1/√H, 1/√H) (nn/12's init_gru_uniform), and
 * the projection's weight and bias U(−1/√H, 1/√H) (nn.Linear's default for H inputs).
 *
 * @param model a model made by make_seq2seq()
 * @param gen the generator; draws, in order: encoder embedding, encoder GRU, decoder embedding,
 *        decoder GRU, projection
 * @throws invalid_argument when the model is not built
 *
 * Complexity: O(parameters). Example: with H = 16 every GRU and projection value lies in
 * [−0.25, 0.25]; row pad of both embeddings is 0.
 */
template <class T>
void init_seq2seq(seq2seq_model<T>& model, rng& gen) {
    todo("nlp/08_seq2seq", "init_seq2seq");
}

/**
 * @ingroup nlp
 * @brief The length of every row of a right-padded batch: its number of ids before the first pad.
 *
 * @param ids (B,S) token ids
 * @param pad_id the padding id
 * @param lengths output (B), resized with ensure_shape
 * @throws invalid_argument when a row holds an id that is not pad after a pad (the batch is not
 *         right-padded): the message names the row and the column
 *
 * Complexity: O(B·S), no allocation once `lengths` has B entries. Example: pad 0, ids
 * {{5, 3, 0}, {4, 0, 0}, {0, 0, 0}} → {2, 1, 0}.
 */
inline void seq2seq_lengths(const seq2seq_ids& ids, std::size_t pad_id, index_vector& lengths) {
    todo("nlp/08_seq2seq", "seq2seq_lengths");
}

/**
 * @ingroup nlp
 * @brief The padding mask of a batch: 1 where a row holds a token, 0 where it holds pad — what a
 * loss multiplies by and what attention (nlp/09) uses to ignore the pads.
 *
 * @param ids (B,S) token ids, right-padded
 * @param pad_id the padding id
 * @return (B,S) of 1 and 0
 * @throws invalid_argument when the batch is not right-padded (as seq2seq_lengths())
 *
 * Complexity: O(B·S). Example: pad 0, {{5, 3, 0}, {0, 0, 0}} → {{1, 1, 0}, {0, 0, 0}}.
 */
inline matrix seq2seq_padding_mask(const seq2seq_ids& ids, std::size_t pad_id) {
    todo("nlp/08_seq2seq", "seq2seq_padding_mask");
}

/**
 * @ingroup nlp
 * @brief The decoder's inputs under teacher forcing: the targets shifted one step right, bos in
 * front, the last target dropped (nothing is predicted after it).
 *
 * @f[ \text{inputs}_{b,0} = \text{bos}, \qquad \text{inputs}_{b,t} = \text{tgt}_{b,t-1} \quad (t \ge 1) @f]
 *
 * @param tgt (B,T) target ids
 * @param bos_id the begin-of-sequence id
 * @param inputs output (B,T), resized with ensure_shape
 *
 * Complexity: O(B·T), throws nothing. Example: bos 1, tgt {{7, 5, 2, 0}} → {{1, 7, 5, 2}}.
 */
inline void seq2seq_teacher_inputs(const seq2seq_ids& tgt, std::size_t bos_id, seq2seq_ids& inputs) {
    todo("nlp/08_seq2seq", "seq2seq_teacher_inputs");
}

/**
 * @ingroup nlp
 * @brief The encoder's forward: embeds the source and runs the GRU from h = 0, writing every state
 * and the final state of each row, the one after its last token.
 *
 * @f[ x_{b,t} = E_{\text{src}}[\text{src}_{b,t}], \qquad h_{b,t} = \text{GRU}(x_{b,t}, h_{b,t-1}),
 *     \quad h_{b,-1} = 0, \qquad \text{final}_b = h_{b,\ell_b - 1} \ (0 \text{ when } \ell_b = 0) @f]
 * with ℓ_b the row's length (seq2seq_lengths()). The GRU (nn/12's gru_forward) runs over the pads
 * too; being causal, its states before ℓ_b do not depend on them, and the states from ℓ_b on are
 * overwritten with 0 (PyTorch's pad_packed_sequence), so nothing downstream can read them.
 *
 * @param enc the encoder
 * @param src (B,S) source ids, right-padded with the encoder's pad id; S = 0 is allowed
 * @param states output (B,S,H), preallocated; overwritten
 * @param final_state output (B,H), preallocated; overwritten
 * @param cache filled here; read by seq2seq_encode_backward()
 * @throws invalid_argument when the encoder is not built, an id is ≥ V_src, or src is not
 *         right-padded
 * @throws shape_error when states is not (B,S,H) or final_state not (B,H)
 *
 * Complexity: 6·B·S·H·(E+H) flops; allocates only when the cache's shapes change. Example: a
 * source row {pad, pad} has length 0 and final state 0.
 */
template <class T>
void seq2seq_encode(const seq2seq_encoder<T>& enc, const seq2seq_ids& src, tensor_view<T, 3> states,
                    matrix_view<T> final_state, seq2seq_encoder_cache<T>& cache) {
    todo("nlp/08_seq2seq", "seq2seq_encode");
}

/**
 * @ingroup nlp
 * @brief The encoder's backward: backpropagation through time from dL/d(states) and
 * dL/d(final_state) into the GRU's and the embedding's gradients (accumulated, `+=`).
 *
 * The GRU's upstream gradient is d_states at the token positions (the pads' states were set to
 * 0, so their gradient is ignored) plus d_final at position ℓ_b − 1; nn/12's gru_backward carries
 * it back, and the embedding's backward adds row t of dL/dx to the gradient row src_{b,t} (none
 * for pad).
 *
 * @param enc the encoder; its gradients are added to
 * @param cache what seq2seq_encode() kept; its backward buffers are (re)written
 * @param src the source the forward saw (B,S)
 * @param d_states dL/d(states) (B,S,H), or empty_view<T, 3>() when only the final state was used
 * @param d_final dL/d(final_state) (B,H)
 * @throws invalid_argument when the encoder is not built
 * @throws shape_error when a shape does not fit, or the cache holds a forward of another shape
 *
 * Complexity: 6·B·S·H·(E+H) flops; allocates only when the cache's shapes change. Example: with a
 * row of length 0, nothing reaches the parameters from that row.
 */
template <class T>
void seq2seq_encode_backward(const seq2seq_encoder<T>& enc, seq2seq_encoder_cache<T>& cache, const seq2seq_ids& src,
                             const const_tensor_view<T, 3>& d_states, const const_matrix_view<T>& d_final) {
    todo("nlp/08_seq2seq", "seq2seq_encode_backward");
}

/**
 * @ingroup nlp
 * @brief One decoder step: embeds the previous tokens, advances the GRU and projects the new state
 * to logits — what greedy and beam search (nlp/10) call once per generated token.
 *
 * @f[ h' = \text{GRU}(E[\text{prev}], h), \qquad \text{logits} = h' W_{out}^\top + b_{out} @f]
 *
 * @param dec the decoder
 * @param previous (B) the previous token of each row (bos at the first step)
 * @param h (B,H) the state (the encoder's final state at the first step)
 * @param h_next output (B,H); must not be h
 * @param logits output (B,V)
 * @param cache the step's buffers
 * @throws invalid_argument when the decoder is not built or a previous id is ≥ V
 * @throws shape_error when h, h_next or logits do not have B rows of H, H and V columns
 *
 * Complexity: 6·B·H·(E+H) + 2·B·H·V flops; allocates only when B changes. Example: T calls fed
 * the inputs of seq2seq_teacher_inputs() give the T steps of seq2seq_decode().
 */
template <class T>
void seq2seq_decoder_step(const seq2seq_decoder<T>& dec, const index_vector& previous, const const_matrix_view<T>& h,
                          matrix_view<T> h_next, matrix_view<T> logits, seq2seq_step_cache<T>& cache) {
    todo("nlp/08_seq2seq", "seq2seq_decoder_step");
}

/**
 * @ingroup nlp
 * @brief The decoder over whole input sequences (teacher forcing: the inputs are known in
 * advance): the T steps of seq2seq_decoder_step() with one GRU pass and one projection gemm.
 *
 * @param dec the decoder
 * @param inputs (B,T) the input ids, seq2seq_teacher_inputs() of the targets
 * @param h0 (B,H) the first state, the encoder's final state
 * @param logits output (B,T,V), preallocated; overwritten
 * @param cache filled here (cache.states holds the decoder's states); read by
 *        seq2seq_decode_backward()
 * @throws invalid_argument when the decoder is not built or an input id is ≥ V
 * @throws shape_error when h0 is not (B,H) or logits not (B,T,V)
 *
 * Complexity: 6·B·T·H·(E+H) + 2·B·T·H·V flops; allocates only when the cache's shapes change.
 * Example: with T = 1 and inputs {{bos}} it is seq2seq_decoder_step() with previous = {bos}.
 */
template <class T>
void seq2seq_decode(const seq2seq_decoder<T>& dec, const seq2seq_ids& inputs, const const_matrix_view<T>& h0,
                    tensor_view<T, 3> logits, seq2seq_decoder_cache<T>& cache) {
    todo("nlp/08_seq2seq", "seq2seq_decode");
}

/**
 * @ingroup nlp
 * @brief The decoder's backward: from dL/d(logits) through the projection, the GRU (BPTT) and the
 * embedding, accumulating every decoder gradient, and writing dL/dh0 for the encoder.
 *
 * @param dec the decoder; its gradients are added to
 * @param cache what seq2seq_decode() kept
 * @param inputs the inputs the forward saw (B,T)
 * @param d_logits dL/d(logits) (B,T,V)
 * @param d_h0 output dL/dh0 (B,H); overwritten
 * @throws invalid_argument when the decoder is not built
 * @throws shape_error when a shape does not fit, or the cache holds a forward of another shape
 *
 * Complexity: twice the forward's flops; allocates only when the cache's shapes change. Example:
 * d_logits = 0 leaves every gradient as it was and writes d_h0 = 0.
 */
template <class T>
void seq2seq_decode_backward(const seq2seq_decoder<T>& dec, seq2seq_decoder_cache<T>& cache, const seq2seq_ids& inputs,
                             const const_tensor_view<T, 3>& d_logits, matrix_view<T> d_h0) {
    todo("nlp/08_seq2seq", "seq2seq_decode_backward");
}

/**
 * @ingroup nlp
 * @brief Sequence cross-entropy with a padding mask: the mean of −log softmax(logits)_target over
 * the positions whose target is not pad, and its gradient (0 at the pad positions).
 *
 * With N the number of targets that are not pad and M_{b,t} = [tgt_{b,t} ≠ pad]:
 * @f[ L = \frac{1}{N} \sum_{b,t} M_{b,t}\,\bigl(-\log \mathrm{softmax}(x_{b,t})_{\text{tgt}_{b,t}}\bigr),
 *     \qquad \frac{\partial L}{\partial x_{b,t,c}} = \frac{M_{b,t}}{N}\bigl(\mathrm{softmax}(x_{b,t})_c
 *     - [c = \text{tgt}_{b,t}]\bigr) @f]
 * PyTorch's CrossEntropyLoss(ignore_index = pad) on the (B·T, V) rows. Each row uses the
 * log-sum-exp trick (as nn/03); a NaN logit makes the loss NaN.
 *
 * @param logits (B,T,V)
 * @param tgt (B,T) target ids; a pad is ignored, every other id must be < V
 * @param pad_id the ignored id
 * @param grad output dL/d(logits) (B,T,V), preallocated; overwritten
 * @return the mean loss per target token, accumulated in double
 * @throws shape_error when the shapes do not fit
 * @throws invalid_argument when no target is a token (every one is pad, or T = 0), or a target is
 *         an id ≥ V
 *
 * Complexity: O(B·T·V), B·T·V exp, no allocation. Example: V = 2, logits 0 at both positions,
 * tgt {{1, pad}} → log 2, grad row 0 (½, −½), row 1 (0, 0).
 */
template <class T>
double seq2seq_cross_entropy(const const_tensor_view<T, 3>& logits, const seq2seq_ids& tgt, std::size_t pad_id,
                             tensor_view<T, 3> grad) {
    todo("nlp/08_seq2seq", "seq2seq_cross_entropy");
}

/**
 * @ingroup nlp
 * @brief The teacher-forced forward of a training step: encode, decode the shifted targets from
 * the encoder's final state, and the masked loss, whose gradient lands in ws.d_logits.
 *
 * @param model the model
 * @param src (B,S) source ids, right-padded
 * @param tgt (B,T) target ids (ending with eos), padded with pad
 * @param ws the workspace; holds everything seq2seq_backward() needs
 * @return the mean cross-entropy per target token
 * @throws shape_error when src and tgt have different numbers of rows
 * @throws invalid_argument when an id is out of its vocabulary, src is not right-padded, or tgt
 *         holds no token
 *
 * Complexity: 6·B·(S+T)·H·(E+H) + 4·B·T·H·V flops; no allocation once ws fits these shapes.
 * Example: a model whose parameters are all 0 gives uniform logits and the loss ln V.
 */
template <class T>
double seq2seq_forward(const seq2seq_model<T>& model, const seq2seq_ids& src, const seq2seq_ids& tgt,
                       seq2seq_workspace<T>& ws) {
    todo("nlp/08_seq2seq", "seq2seq_forward");
}

/**
 * @ingroup nlp
 * @brief The backward of seq2seq_forward(): from ws.d_logits back through the decoder, into the
 * encoder through its final state, accumulating every gradient of the store.
 *
 * @param model the model; its gradients are added to (`+=`)
 * @param src the source seq2seq_forward() saw
 * @param ws the workspace seq2seq_forward() filled
 * @throws shape_error when ws does not hold a forward of this src
 *
 * Complexity: about twice the forward's flops; no allocation once ws fits these shapes.
 * Example: called twice after one forward, every gradient is doubled.
 */
template <class T>
void seq2seq_backward(const seq2seq_model<T>& model, const seq2seq_ids& src, seq2seq_workspace<T>& ws) {
    todo("nlp/08_seq2seq", "seq2seq_backward");
}

/**
 * @ingroup nlp
 * @brief One training step with teacher forcing: zero the gradients, forward and loss, backward,
 * clip the global gradient norm (nn/13's clip_grad_norm), and one optimizer step.
 *
 * @param model the model, updated in place
 * @param src (B,S) source ids
 * @param tgt (B,T) target ids
 * @param opt an optimizer made over model.params (nn/07's make_adam(model.params, …), …); its
 *        step() is found by argument-dependent lookup
 * @param max_norm the clipping threshold, finite and > 0 (recurrent networks need it: a gradient
 *        that explodes through time would otherwise throw the weights far away)
 * @param ws the workspace, reused from step to step
 * @return the loss before the step and the gradient norm before clipping
 * @throws invalid_argument when max_norm is not finite and > 0, or as seq2seq_forward()
 * @throws shape_error as seq2seq_forward()
 * @throws numerical_error when a gradient is NaN or infinite (clip_grad_norm)
 *
 * Complexity: one forward and one backward, plus O(parameters); no allocation after the first
 * step of these shapes. Example: with Adam at lr 0.01 a copy task of 3 digits is learnt in a few
 * hundred steps.
 */
template <class T, class Optimizer>
seq2seq_step_result seq2seq_train_step(seq2seq_model<T>& model, const seq2seq_ids& src, const seq2seq_ids& tgt,
                                       Optimizer& opt, double max_norm, seq2seq_workspace<T>& ws) {
    todo("nlp/08_seq2seq", "seq2seq_train_step");
}

/**
 * @ingroup nlp
 * @brief The loss and token accuracy of the model on a batch, with teacher forcing or
 * free-running; the difference between the two is the exposure bias.
 *
 * Teacher forcing feeds the true previous token at every step, as in training. Free-running feeds
 * the model's own prediction (the argmax of the previous step's logits, the first on ties), as at
 * test time, when no target is known: one early mistake changes every later input, a situation
 * training never showed. Both score the T target positions that are not pad (free-running runs
 * T steps and does not stop at eos), with the loss of seq2seq_cross_entropy() and the fraction of
 * positions whose argmax is the target. No gradient is touched.
 *
 * @param model the model
 * @param src (B,S) source ids
 * @param tgt (B,T) target ids
 * @param feeding teacher_forcing or free_running
 * @param ws the workspace (its forward buffers are overwritten)
 * @return the mean loss, the accuracy and the number of tokens scored
 * @throws as seq2seq_forward()
 *
 * Complexity: one forward; no allocation once ws fits these shapes. Example: a decoder that always
 * predicts "previous token + 1" scores tgt (3, 4, 6, eos) with teacher forcing at the positions
 * whose previous true token was one less.
 */
template <class T>
seq2seq_scores seq2seq_evaluate(const seq2seq_model<T>& model, const seq2seq_ids& src, const seq2seq_ids& tgt,
                                seq2seq_feeding feeding, seq2seq_workspace<T>& ws) {
    todo("nlp/08_seq2seq", "seq2seq_evaluate");
}

}  // namespace nlp
}  // namespace llmlings

#endif  // LLMLINGS_NLP_08_SEQ2SEQ_HPP
