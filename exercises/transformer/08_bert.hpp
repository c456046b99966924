// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief transformer/08 — a BERT-style encoder: transformer/05's trunk without the causal mask,
 * masked-language-model masking (BERT's 80/10/10), the tied MLM head and a classifier that reads
 * the [CLS] position.
 *
 * An encoder is a GPT one mask apart: every token sees every real token of its sequence, before
 * and after it, and no padding (transformer/01's attention_mask: causal off, key_lengths = each
 * sequence's length). That is all that changes: the trunk is gpt_hidden(), its backward
 * gpt_hidden_backward(), the MLM head the GPT's tied head and its backward gpt_backward(), the
 * losses gpt_cross_entropy().
 *
 * Sizes: B sequences of T ≤ P positions, the first lengths(b) of sequence b real and the rest
 * padding; V tokens, of which the first N (normal_tokens) are ordinary and the others special
 * ([PAD], [CLS], [SEP], [MASK], …); C channels; K classes.
 *   ids, corrupted, targets: (B, T)      lengths, labels: (B)
 *   MLM logits: (B·T, V) (ws.trunk.logits)     class logits: (B, K) (ws.class_logits)
 *   classifier.weight (K, C), classifier.bias (K): PyTorch's layout
 *
 * Masked-language-model pre-training (Devlin et al. 2019, §3.1 and appendix A.1): choose 15 % of
 * the ordinary tokens; replace 80 % of the chosen by [MASK], 10 % by a random ordinary token and
 * keep 10 %; predict the original token at the chosen positions only:
 * @f[ L_{\text{MLM}} = -\frac{1}{|M|} \sum_{(b,t) \in M} \log \operatorname{softmax}
 *     \big(\operatorname{LN}_f(x_L)_{bt}\, W_{te}^\top\big)_{\text{ids}_{bt}} @f]
 * Fine-tuning for classification: the hidden state of position 0 ([CLS]) through one dense layer,
 * @f[ z_b = W_c\, h_{b,0} + b_c, \qquad L = \frac{1}{B} \sum_b \big(\log \textstyle\sum_k e^{z_{bk}}
 *     - z_{b,y_b}\big) @f]
 *
 * Where this differs from BERT, and why: pre-LN blocks (transformer/05's, which train without
 * BERT's learning-rate warm-up) instead of post-LN; the MLM decoder is the tied embedding alone,
 * without BERT's extra dense + GELU + LayerNorm transform and output bias (one gemm, the GPT's);
 * no segment embeddings and no next-sentence prediction (RoBERTa, Liu et al. 2019, found NSP
 * unhelpful); no pooler (BERT's tanh dense layer on [CLS]): the classifier reads the [CLS] hidden
 * state directly.
 *
 * Given in the exercise (plumbing, not the topic): the checks in `detail`.
 *
 * References: Devlin et al. (2019), "BERT: pre-training of deep bidirectional transformers for
 * language understanding"; Liu et al. (2019), "RoBERTa: a robustly optimized BERT pretraining
 * approach" (dynamic masking, no NSP); Hugging Face transformers' DataCollatorForLanguageModeling
 * (torch_mask_tokens).
 *
 * Guide: @ref transformer_08_bert (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_TRANSFORMER_08_BERT_HPP
#define LLMLINGS_TRANSFORMER_08_BERT_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>

#include <llmlings/core.hpp>
#include <llmlings/core/blas.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/nn/05_dense.hpp>
#include <llmlings/nn/07_optimizers.hpp>
#include <llmlings/nn/13_training_utilities.hpp>
#include <llmlings/stats/03_sampling.hpp>
#include <llmlings/transformer/06_gpt_training.hpp>

namespace llmlings {
namespace transformer {

/**
 * @ingroup transformer
 * @brief How mask_tokens() corrupts a batch. The defaults are BERT's: choose 15 %; of those,
 * 80 % [MASK], 10 % a random ordinary token, 10 % kept (1 − mask − random).
 */
struct mlm_options {
    double select = 0.15;  ///< the probability that an eligible position is chosen, in [0, 1]
    double mask = 0.8;     ///< the probability that a chosen position becomes [MASK], in [0, 1]
    double random = 0.1;   ///< the probability that it becomes a random ordinary token; mask + random ≤ 1
};

/**
 * @ingroup transformer
 * @brief A BERT-style model: transformer/05's GPT used as an encoder (its trunk and tied head) and
 * a classifier on the [CLS] position, in one store.
 * @tparam T float or double
 */
template <class T>
struct bert_model {
    parameter_store<T> params;      ///< every tensor: the encoder's (GPT-2's order), then the classifier's
    gpt_model<T> encoder;           ///< the trunk (no causal mask) and the tied MLM head
    nn::dense_layer<T> classifier;  ///< "classifier": weight (K, C), bias (K)
};

/**
 * @ingroup transformer
 * @brief Every activation of a BERT forward pass, and the classifier's gradients, sized on first
 * use (a later call of the same batch shape allocates nothing).
 * @tparam T float or double
 */
template <class T>
struct bert_workspace {
    gpt_workspace<T> trunk;       ///< the encoder's activations; trunk.logits: the MLM logits (B·T, V)
    attention_mask mask;          ///< the encoder's mask: not causal, key_lengths = the lengths (B)
    matrix_of<T> cls;             ///< the hidden state at position 0 ([CLS]) of each sequence (B, C)
    matrix_of<T> class_logits;    ///< (B, K)
    matrix_of<T> d_class_logits;  ///< ∂L/∂class_logits (B, K): bert_classify_backward()'s input
    matrix_of<T> d_cls;           ///< ∂L/∂cls (B, C)
    token_ids class_targets;      ///< the labels as a (B, 1) target matrix for gpt_cross_entropy()
};

namespace detail {

// Given: the checks (plumbing, not the topic).
/// Throws shape_error unless there is one length per sequence (B), invalid_argument unless each is
/// in [1, T].
inline void check_lengths(const char* function, const index_vector& lengths, std::size_t batch, std::size_t steps) {
    if (lengths.size() != batch)
        throw shape_error(function, ::llmlings::detail::concat("expected one length per sequence (", batch, "), got ",
                                                               lengths.size()));
    for (std::size_t b = 0; b < batch; ++b)
        if (lengths.data()[b] == 0 || lengths.data()[b] > steps)
            throw invalid_argument(function, ::llmlings::detail::concat("lengths(", b, ") = ", lengths.data()[b],
                                                                        " is not in [1, ", steps, "]"));
}

/// Throws invalid_argument unless normal_tokens ≥ 1, mask_id ≥ normal_tokens (a special token),
/// every probability is in [0, 1] (NaN fails) and mask + random ≤ 1.
inline void check_mlm_request(std::size_t normal_tokens, std::size_t mask_id, const mlm_options& o) {
    if (normal_tokens == 0 || mask_id < normal_tokens)
        throw invalid_argument("mask_tokens", ::llmlings::detail::concat(
                                                  "expected normal_tokens >= 1 and mask_id >= normal_tokens (a special "
                                                  "token), got normal_tokens ",
                                                  normal_tokens, " and mask_id ", mask_id));
    for (const double p : {o.select, o.mask, o.random})
        if (!(p >= 0.0 && p <= 1.0))
            throw invalid_argument("mask_tokens", ::llmlings::detail::concat(
                                                      "mlm_options: select, mask and random must be in [0, 1], got ",
                                                      o.select, ", ", o.mask, " and ", o.random));
    if (o.mask + o.random > 1.0)
        throw invalid_argument(
            "mask_tokens",
            ::llmlings::detail::concat("mlm_options: mask + random must be <= 1, got ", o.mask, " + ", o.random));
}

/// Throws invalid_argument unless the model was made with make_bert().
template <class T>
void check_bert_built(const char* function, const bert_model<T>& model) {
    if (model.encoder.blocks.size() != model.encoder.config.layers || !model.encoder.wte.registered() ||
        !model.classifier.weight.registered() || model.classifier.in_features != model.encoder.config.channels)
        throw invalid_argument(function, "the model is not built (make it with make_bert)");
}

/// Throws unless the model is built, ids are valid for it (transformer/05's check_ids) and lengths
/// hold one length in [1, T] per sequence.
template <class T>
void check_encoder_input(const char* function, const bert_model<T>& model, const token_ids& ids,
                         const index_vector& lengths) {
    check_bert_built(function, model);
    check_ids(function, model.encoder, ids);
    check_lengths(function, lengths, ids.shape()[0], ids.shape()[1]);
}

/// Throws shape_error unless there is one label per sequence, invalid_argument unless each is < K.
inline void check_labels(const char* function, const index_vector& labels, std::size_t batch, std::size_t classes) {
    if (labels.size() != batch)
        throw shape_error(
            function, ::llmlings::detail::concat("expected one label per sequence (", batch, "), got ", labels.size()));
    for (std::size_t b = 0; b < batch; ++b)
        if (labels.data()[b] >= classes)
            throw invalid_argument(function, ::llmlings::detail::concat("label ", labels.data()[b], " of sequence ", b,
                                                                        " is not below the ", classes, " classes"));
}

/// Throws shape_error unless the workspace holds a classification forward of ids and
/// d_class_logits its gradient.
template <class T>
void check_classify_backward_inputs(const bert_model<T>& model, const token_ids& ids, const bert_workspace<T>& ws) {
    check_bert_built("bert_classify_backward", model);
    check_ids("bert_classify_backward", model.encoder, ids);
    const std::size_t B = ids.shape()[0], K = model.classifier.out_features;
    if (ws.cls.shape()[0] != B || ws.cls.shape()[1] != model.encoder.config.channels ||
        ws.trunk.ln_f_out.shape()[0] != ids.size())
        throw shape_error("bert_classify_backward",
                          ::llmlings::detail::concat("the workspace holds [CLS] states ", shape_str(ws.cls.shape()),
                                                     ", not those of ids ", shape_str(ids.shape()),
                                                     ": run bert_classify_forward on the same ids first"));
    if (ws.d_class_logits.shape()[0] != B || ws.d_class_logits.shape()[1] != K)
        throw shape_error("bert_classify_backward",
                          ::llmlings::detail::concat("d_class_logits is ", shape_str(ws.d_class_logits.shape()),
                                                     ", expected (", B, ", ", K, ")"));
}

/// Throws invalid_argument unless max_grad_norm is finite and ≥ 0.
inline void check_clip_norm(const char* function, double max_grad_norm) {
    if (!(max_grad_norm >= 0.0) || !std::isfinite(max_grad_norm))
        throw invalid_argument(
            function, ::llmlings::detail::concat("max_grad_norm must be finite and >= 0, got ", max_grad_norm));
}

/// Throws invalid_argument when a logit is NaN (order needs numbers).
template <class T>
void check_no_nan(const char* function, const matrix_of<T>& logits) {
    const std::size_t K = logits.shape()[1];
    for (std::size_t i = 0; i < logits.size(); ++i)
        if (std::isnan(logits.data()[i]))
            throw invalid_argument(function,
                                   ::llmlings::detail::concat("logit ", i % K, " of sequence ", i / K, " is NaN"));
}
// End of the given code.

}  // namespace detail

/**
 * @ingroup transformer
 * @brief Chooses the positions a masked language model predicts and corrupts the input: BERT's
 * recipe (Devlin et al. 2019, appendix A.1), as Hugging Face's DataCollatorForLanguageModeling
 * applies it.
 *
 * A position (b, t) is eligible when it is real (t < lengths(b)) and its token is ordinary
 * (ids(b, t) < normal_tokens): [PAD], [CLS], [SEP], [MASK] and any other id ≥ normal_tokens are
 * never chosen. The draws, in this order, for reproducibility: for each position in row-major
 * order, if it is eligible, one uniform01(gen) < o.select chooses it; if chosen, one
 * uniform01(gen) = u decides
 * @f[ \text{corrupted}_{bt} = \begin{cases} \text{mask\_id} & u < \text{mask} \\
 *     \text{uniform\_index}(N, \text{gen}) & \text{mask} \le u < \text{mask} + \text{random} \\
 *     \text{ids}_{bt} & \text{otherwise (kept)} \end{cases} @f]
 * The random token may equal the original, as in BERT; it is always ordinary (BERT's and Hugging
 * Face's code draw it from the whole vocabulary). targets(b, t) = ids(b, t) at the chosen
 * positions and ignore_index elsewhere, so gpt_cross_entropy() averages over the chosen only.
 * Every other position of corrupted is ids(b, t).
 *
 * Called once per batch (RoBERTa's dynamic masking), a sequence seen twice is masked differently.
 *
 * @param ids (B, T) token ids
 * @param lengths (B): sequence b's real tokens are 0 … lengths(b) − 1, each length in [1, T]
 * @param normal_tokens N: ids < N are ordinary tokens, the others special
 * @param mask_id the [MASK] token, ≥ N
 * @param o the probabilities (BERT's 0.15, 0.8, 0.1 by default)
 * @param gen the random generator
 * @param corrupted (B, T), resized when its shape differs; overwritten with the model's input
 * @param targets (B, T), resized when its shape differs; overwritten with the originals at the
 *        chosen positions and ignore_index elsewhere
 * @return the number of chosen positions
 * @throws shape_error when lengths does not have B entries (`mask_tokens: expected one length per
 *         sequence (2), got 3`)
 * @throws invalid_argument for a length 0 or > T (`lengths(1) = 7 is not in [1, 6]`), normal_tokens
 *         0 or mask_id < normal_tokens (`mask_id >= normal_tokens`), a probability outside [0, 1]
 *         or NaN, or mask + random > 1 (`mlm_options`)
 *
 * Complexity: O(B·T), one or two uniforms per eligible position (three for a random token).
 * Example: ids {{10, 3, 7, 11}} ([CLS] 3 7 [SEP], N = 9, mask_id 12), lengths {4}, select 1,
 * mask 1: corrupted {{10, 12, 12, 11}}, targets {{ignore, 3, 7, ignore}}, returns 2.
 */
inline std::size_t mask_tokens(const token_ids& ids, const index_vector& lengths, std::size_t normal_tokens,
                               std::size_t mask_id, const mlm_options& o, rng& gen, token_ids& corrupted,
                               token_ids& targets) {
    todo("transformer/08_bert", "mask_tokens");
}

/**
 * @ingroup transformer
 * @brief Registers a BERT-style model's tensors in `store`: make_gpt()'s (the encoder and its tied
 * MLM head), then the classifier, "classifier.weight" (K, C) and "classifier.bias" (K).
 *
 * The values are the store's zeros and the norms' ones: initialise with init_bert().
 *
 * @tparam T float or double
 * @param store the store to register in (the model keeps a handle)
 * @param config the encoder's sizes (transformer/05)
 * @param classes K ≥ 1, the classifier's outputs
 * @return the model
 * @throws invalid_argument for classes 0 (`make_bert: classes must be >= 1`) or a bad
 *         configuration (see make_gpt())
 *
 * Complexity: O(number of parameters), the GPT's plus K·(C + 1). Example: the golden file's model
 * (V 13, P 8, L 2, H 2, C 8) with K = 3 has 30 tensors and 1,928 + 27 = 1,955 numbers.
 */
template <class T>
bert_model<T> make_bert(parameter_store<T> store, const gpt_config& config, std::size_t classes) {
    todo("transformer/08_bert", "make_bert");
}

/**
 * @ingroup transformer
 * @brief init_gpt() for the encoder, then the classifier: weight N(0, 0.02²) (BERT's
 * initializer_range), bias 0.
 *
 * @tparam T float or double
 * @param model the model
 * @param gen the random generator (the encoder's draws, then the classifier's K·C)
 * @throws invalid_argument when the model is not built (`init_bert: the model is not built`)
 *
 * Complexity: O(number of parameters). Example: after init_bert, the classifier's sample
 * deviation is about 0.02 and its bias 0.
 */
template <class T>
void init_bert(bert_model<T>& model, rng& gen) {
    todo("transformer/08_bert", "init_bert");
}

/**
 * @ingroup transformer
 * @brief The encoder's hidden states: gpt_hidden() with no causal mask and key_lengths = lengths,
 * so that every position sees every real token of its sequence and no padding.
 *
 * Sets ws.mask (causal off; key_lengths a copy of lengths, in place), then runs transformer/05's
 * trunk into ws.trunk. A real position's row depends only on the real tokens of its sequence;
 * padded positions get rows too (they attend to the real tokens), which nothing should read.
 *
 * @tparam T float or double
 * @param model the model
 * @param ids (B, T) token ids, 1 ≤ T ≤ block_size, each < vocab_size
 * @param lengths (B), each in [1, T]
 * @param ws the workspace; sized on first use
 * @return ws.trunk.ln_f_out, (B·T, C): row b·T + t is position t of sequence b
 * @throws invalid_argument when the model is not built, an id is not below V or a length is 0 or
 *         > T; shape_error when T is 0 or exceeds the block size or lengths is not B long
 *
 * Complexity: as gpt_hidden(), about 2·B·T·(12·L·C² + 2·L·T·C) flops; no allocation after the
 * first call of a batch shape. Example: changing a padded token changes no real position's row.
 */
template <class T>
LLMLINGS_RETURNS_INTO_WORKSPACE const matrix_of<T>& bert_hidden(const bert_model<T>& model, const token_ids& ids,
                                                                const index_vector& lengths, bert_workspace<T>& ws) {
    todo("transformer/08_bert", "bert_hidden");
}

/**
 * @ingroup transformer
 * @brief The masked-LM logits: bert_hidden(), then the tied head, logits = hidden · W_teᵀ (one
 * gemm, gpt_forward()'s head).
 *
 * Because the head is the GPT's, the MLM backward is gpt_backward(model.encoder, ids, ws.trunk, g)
 * with ∂L/∂logits in g.d_logits.
 *
 * @tparam T float or double
 * @param model the model
 * @param ids (B, T) token ids (mask_tokens()'s corrupted batch)
 * @param lengths (B), each in [1, T]
 * @param ws the workspace; sized on first use
 * @return ws.trunk.logits, (B·T, V): row b·T + t scores the original token at (b, t)
 * @throws as bert_hidden(), naming bert_mlm_forward
 *
 * Complexity: about 2·B·T·(12·L·C² + 2·L·T·C + V·C) flops; no allocation after the first call of
 * a batch shape. Example: a model of zeros (gains 1) gives logits 0, a loss of ln V.
 */
template <class T>
LLMLINGS_RETURNS_INTO_WORKSPACE const matrix_of<T>& bert_mlm_forward(const bert_model<T>& model, const token_ids& ids,
                                                                     const index_vector& lengths,
                                                                     bert_workspace<T>& ws) {
    todo("transformer/08_bert", "bert_mlm_forward");
}

/**
 * @ingroup transformer
 * @brief The class logits: bert_hidden(), then the classifier on each sequence's position 0
 * ([CLS]), z_b = W_c h_{b,0} + b_c.
 *
 * Copies row b·T of the hidden states into ws.cls row b, then nn::dense_forward(). With the
 * causal mask position 0 would see only itself; here it sees the whole sequence, which is why
 * [CLS] can stand for it.
 *
 * @tparam T float or double
 * @param model the model
 * @param ids (B, T) token ids, [CLS] first
 * @param lengths (B), each in [1, T]
 * @param ws the workspace; sized on first use
 * @return ws.class_logits, (B, K)
 * @throws as bert_hidden(), naming bert_classify_forward
 *
 * Complexity: the trunk's flops and 2·B·C·K; no allocation after the first call of a batch
 * shape. Example: a classifier of weight 0 returns its bias in every row.
 */
template <class T>
LLMLINGS_RETURNS_INTO_WORKSPACE const matrix_of<T>& bert_classify_forward(const bert_model<T>& model,
                                                                          const token_ids& ids,
                                                                          const index_vector& lengths,
                                                                          bert_workspace<T>& ws) {
    todo("transformer/08_bert", "bert_classify_forward");
}

/**
 * @ingroup transformer
 * @brief The classification backward: given ∂L/∂class_logits in ws.d_class_logits, adds ∂L/∂θ to
 * the classifier's and the encoder's gradients.
 *
 * 1. nn::dense_backward(): the classifier's gradients, and ws.d_cls = ∂L/∂cls;
 * 2. g.d_norm = ∂L/∂hidden: zero except row b·T, which is d_cls row b (only position 0 was read);
 * 3. gpt_hidden_backward() takes it through the trunk. The attention caches remember the encoder's
 *    mask, so the gradient reaches every real token, and no padding.
 *
 * @tparam T float or double
 * @param model the model; its tensors' gradients are accumulated into
 * @param ids the (B, T) ids of the forward pass
 * @param ws the workspace of bert_classify_forward(model, ids, lengths, ws), with d_class_logits
 *        (B, K) filled (by gpt_cross_entropy())
 * @param g the backward's buffers (transformer/06): d_norm, d_stream and d_branch are scratch
 * @throws invalid_argument, shape_error as gpt_hidden() for the ids; shape_error when the workspace
 *         does not hold a classification forward of ids (`run bert_classify_forward on the same ids
 *         first`) or d_class_logits is not (B, K)
 *
 * Complexity: about twice the forward's flops; no allocation after the first call of a batch
 * shape. Example: d_class_logits all 0 leaves every gradient unchanged.
 */
template <class T>
void bert_classify_backward(const bert_model<T>& model, const token_ids& ids, bert_workspace<T>& ws,
                            gpt_gradients<T>& g) {
    todo("transformer/08_bert", "bert_classify_backward");
}

/**
 * @ingroup transformer
 * @brief One masked-LM training step: zero the gradients, bert_mlm_forward(), gpt_cross_entropy()
 * over the chosen positions (targets ignore_index elsewhere), gpt_backward() (the head is the
 * GPT's), clip the global gradient norm, one optimizer step.
 *
 * @tparam T float or double
 * @tparam Optimizer an optimizer over model.params (nn::make_adamw(model.params, …))
 * @param model the model, updated in place
 * @param corrupted the (B, T) input, from mask_tokens()
 * @param lengths (B), each in [1, T]
 * @param targets the (B, T) originals at the chosen positions, ignore_index elsewhere (mask_tokens())
 * @param ws the forward's workspace
 * @param g the backward's buffers
 * @param opt the optimizer
 * @param max_grad_norm clip the global gradient norm to this; 0 turns clipping off
 * @return the loss before the update (0 when no position is chosen) and the gradient norm before
 *         clipping
 * @throws as bert_mlm_forward() and gpt_cross_entropy(); invalid_argument for a negative or
 *         non-finite max_grad_norm (`bert_mlm_step: max_grad_norm must be finite and >= 0`);
 *         numerical_error (from clip_grad_norm) when a gradient is NaN or infinite
 *
 * Complexity: one forward and one backward, about 6·B·T·(12·L·C² + 2·L·T·C + V·C) flops; no
 * allocation after the first step of a batch shape. Example: on a repetitive corpus the loss falls
 * from ln V far below it within a hundred steps.
 */
template <class T, class Optimizer>
train_step_result bert_mlm_step(bert_model<T>& model, const token_ids& corrupted, const index_vector& lengths,
                                const token_ids& targets, bert_workspace<T>& ws, gpt_gradients<T>& g, Optimizer& opt,
                                double max_grad_norm = 1.0) {
    todo("transformer/08_bert", "bert_mlm_step");
}

/**
 * @ingroup transformer
 * @brief One classification (fine-tuning) step: zero the gradients, bert_classify_forward(), the
 * cross-entropy of the labels over the K logits (gpt_cross_entropy() with (B, 1) targets),
 * bert_classify_backward(), clip, one optimizer step.
 *
 * @tparam T float or double
 * @tparam Optimizer an optimizer over model.params
 * @param model the model, updated in place
 * @param ids the (B, T) input, [CLS] first
 * @param lengths (B), each in [1, T]
 * @param labels (B), each < K
 * @param ws the forward's workspace
 * @param g the backward's buffers
 * @param opt the optimizer
 * @param max_grad_norm clip the global gradient norm to this; 0 turns clipping off
 * @return the loss before the update and the gradient norm before clipping
 * @throws as bert_classify_forward(); shape_error when labels is not B long; invalid_argument for
 *         a label ≥ K (`bert_classify_step: label 3 of sequence 0 is not below the 3 classes`) or a
 *         negative or non-finite max_grad_norm; numerical_error (from clip_grad_norm)
 *
 * Complexity: one forward and one backward; no allocation after the first step of a batch shape.
 * Example: K = 3 and a fresh model give a loss near ln 3 ≈ 1.1.
 */
template <class T, class Optimizer>
train_step_result bert_classify_step(bert_model<T>& model, const token_ids& ids, const index_vector& lengths,
                                     const index_vector& labels, bert_workspace<T>& ws, gpt_gradients<T>& g,
                                     Optimizer& opt, double max_grad_norm = 1.0) {
    todo("transformer/08_bert", "bert_classify_step");
}

/**
 * @ingroup transformer
 * @brief The predicted class of each sequence: the argmax of its class logits (the first on ties).
 *
 * @tparam T float or double
 * @param model the model
 * @param ids (B, T) token ids
 * @param lengths (B), each in [1, T]
 * @param ws the workspace (bert_classify_forward() runs in it)
 * @return (B) classes in [0, K)
 * @throws as bert_classify_forward(); invalid_argument when a logit is NaN (`bert_predict: logit 1
 *         of sequence 0 is NaN`)
 *
 * Complexity: one classification forward and B·K comparisons; allocates the result. Example:
 * logits {{0.5, 0.5, 0.1}} give {0}.
 */
template <class T>
index_vector bert_predict(const bert_model<T>& model, const token_ids& ids, const index_vector& lengths,
                          bert_workspace<T>& ws) {
    todo("transformer/08_bert", "bert_predict");
}

}  // namespace transformer
}  // namespace llmlings

#endif  // LLMLINGS_TRANSFORMER_08_BERT_HPP
