// SPDX-License-Identifier: MIT
// The oracles of tests/transformer/08_bert.cpp, compiled once in oracles/08_bert.cpp (never with
// the learner's file): PyTorch's logits, losses and gradients of a tiny BERT-style encoder and its
// losses over ten AdamW classification steps, from tests/golden/transformer/08_bert.txt
// (tools/golden/transformer_bert.py); seeded corpora for the masking statistics and the learning
// tests; the masking's draws replayed from a copy of the generator; the counts of a masked batch;
// binomial bounds. The seeded random data and tensor helpers are those of common/oracles.hpp.
#ifndef LLMLINGS_TESTS_TRANSFORMER_ORACLES_08_BERT_HPP
#define LLMLINGS_TESTS_TRANSFORMER_ORACLES_08_BERT_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <llmlings/core/random.hpp>
#include <llmlings/transformer/06_gpt_training.hpp>

#include "05_gpt_forward.hpp"
#include "gpt_training_instances.hpp"

// nn/05's dense layer, a prerequisite of this topic's classifier: one instance for float and double
// in the oracles file, declared here (transformer/06's backward: gpt_training_instances.hpp), so that
// a build of the complete topic does not compile it again at every edit.
#define LLMLINGS_BERT_PREREQUISITES_OF(KIND, T)                                                                      \
    KIND void llmlings::nn::dense_backward<T>(const llmlings::nn::dense_layer<T>&,                                   \
                                              const llmlings::const_matrix_view<T>&,                                 \
                                              const llmlings::const_matrix_view<T>&, llmlings::matrix_view<T>);      \
    KIND llmlings::nn::dense_layer<T> llmlings::nn::make_dense<T>(llmlings::parameter_store<T>&, const std::string&, \
                                                                  std::size_t, std::size_t, bool);

#define LLMLINGS_BERT_PREREQUISITES(KIND)       \
    LLMLINGS_BERT_PREREQUISITES_OF(KIND, float) \
    LLMLINGS_BERT_PREREQUISITES_OF(KIND, double)

LLMLINGS_BERT_PREREQUISITES(extern template)

namespace oracles {

/// The golden file's token conventions (V = 13): ids 0…8 are ordinary, then [PAD], [CLS], [SEP],
/// [MASK]; K = 3 classes.
constexpr std::size_t golden_normal_tokens = 9, golden_pad = 9, golden_cls = 10, golden_sep = 11, golden_mask = 12,
                      golden_classes = 3;

/// One tensor of the golden file: its name, starting values, and PyTorch's gradients after one
/// backward of the masked-LM loss and of the classification loss (float64; the classifier's
/// masked-LM gradient is 0).
struct bert_tensor {
    std::string name;
    vector start, mlm_grad, class_grad;
};

/// The golden file (tools/golden/transformer_bert.py): tensors in registration order (the GPT's,
/// then classifier.weight and classifier.bias); a batch (B 2, T 6) of ids, its corrupted version,
/// lengths (6, 4) and masked-LM targets (ignore_index where PyTorch has −100); the MLM logits
/// (B·T, V) and loss; labels, the class logits (B, K) and loss; the ten classification steps'
/// batches, lengths and labels, their losses in float64 and float32 and the float64 gradient norms.
struct bert_golden {
    std::vector<bert_tensor> tensors;
    id_matrix ids, corrupted, targets;
    id_matrix label_targets;  ///< the labels as (B, 1) targets, as gpt_cross_entropy takes them
    index_vector lengths, labels;
    matrix mlm_logits, class_logits;
    double mlm_loss = 0.0, class_loss = 0.0;
    std::vector<id_matrix> step_ids;
    std::vector<index_vector> step_lengths, step_labels;
    vector loss64, loss32, norm64;
};

/// The golden file, loaded once.
const bert_golden& load_bert_golden();

/// A batch of sequences for mask_tokens: ids (B, T), lengths (B) and the number of eligible
/// positions (real and ordinary).
struct token_batch {
    id_matrix ids;
    index_vector lengths;
    std::size_t eligible = 0;
};

/// B sequences of T positions, lengths uniform in [2, T]: [CLS] (normal + 1), ordinary tokens
/// uniform in [0, normal), [SEP] (normal + 2) at the last real position; the padding holds
/// ordinary tokens too (uniform in [0, normal)), so that only the lengths can keep it out. From
/// xt::random seeded with `seed`.
token_batch special_token_batch(std::size_t batch, std::size_t steps, std::size_t normal, unsigned seed);

/// What mask_tokens did to a batch, counted here: the chosen positions (target ≠ ignore_index),
/// how many of them became mask_id, another ordinary token or stayed the same, how often each
/// ordinary token replaced another one, and the violations: a chosen position that is padding or
/// special, a target that is not the original, an unchosen position whose input changed, a
/// replacement that is neither mask_id nor ordinary.
struct masking_counts {
    std::size_t chosen = 0, masked = 0, replaced = 0, kept = 0;
    std::vector<std::size_t> replacement_counts;  ///< per ordinary token
    std::size_t chosen_ineligible = 0, wrong_targets = 0, changed_unchosen = 0, bad_replacements = 0;
};
masking_counts count_masking(const token_batch& in, const id_matrix& corrupted, const id_matrix& targets,
                             std::size_t normal, std::size_t mask_id);

/// Whether `count` successes of n trials lie within `sigmas` standard deviations of n·p (a
/// binomial(n, p) count).
bool within_binomial(std::size_t count, std::size_t n, double p, double sigmas);

/// mask_tokens' documented draws replayed from `gen` (a copy of the generator the function was
/// given): the expected corrupted batch and targets, and how many chosen positions took each
/// branch (mask, random, kept).
struct masking_replay {
    id_matrix corrupted, targets;
    std::size_t masked = 0, randomised = 0, kept = 0;
    std::uint64_t next = 0;  ///< the generator's next output after the replay's draws
};
masking_replay replay_masking(const token_batch& in, std::size_t normal, std::size_t mask_id, double select,
                              double mask, double random, llmlings::rng gen);

/// The classification task only a bidirectional [CLS] can solve: n sequences of T = 8 positions
/// ([CLS], ordinary tokens 1…5, [SEP], padding [PAD]), lengths in [5, 8]; label 1 when token 0
/// ("the needle") occurs at a position ≥ 4, else 0 (half of each, the needle placed at a position
/// < 4 in half of the negatives). Token ids: 0…5 ordinary, 6 [PAD], 7 [CLS], 8 [SEP]. Seeded.
struct classification_task {
    id_matrix ids;
    index_vector lengths, labels;
};
classification_task needle_task(std::size_t n, unsigned seed);

/// A repetitive corpus for masked-LM training: n sequences of T positions, [CLS] then the cycle
/// 0, 1, …, period − 1 from a random phase, then [SEP]; ordinary tokens 0…normal − 1 (period ≤
/// normal), [PAD] = normal, [CLS] = normal + 1, [SEP] = normal + 2. Every length is T. Seeded.
token_batch cyclic_corpus(std::size_t n, std::size_t steps, std::size_t normal, std::size_t period, unsigned seed);

/// The first n rows of m (shape_error when it has fewer).
matrix first_rows(const matrix& m, std::size_t n);

/// The number of entries in which two id matrices differ (every entry when their shapes do).
std::size_t id_differences(const id_matrix& a, const id_matrix& b);

/// The fraction of equal entries of two label vectors of the same size.
double agreement(const index_vector& a, const index_vector& b);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_TRANSFORMER_ORACLES_08_BERT_HPP
