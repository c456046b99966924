// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nlp/05 — GloVe word vectors: a vocabulary, sparse co-occurrence counts in a symmetric
 * window weighted by 1/distance, the weighted least-squares loss with its gradients, AdaGrad
 * training over shuffled triples, the final vectors W + W̃ and nearest neighbours by cosine.
 *
 * Shapes: V = vocabulary size, D = vector dimension, B = number of triples in a batch.
 *   word vectors W, context vectors W̃: (V,D)   biases b, b̃: (V)   a batch: B triples (i, j, X_ij)
 *
 * GloVe ("Global Vectors") fits the logarithm of how often word j appears near word i with a dot
 * product: w_i · w̃_j + b_i + b̃_j ≈ log X_ij, over the pairs with X_ij > 0, each squared error
 * weighted by f(X_ij) so that rare pairs (noisy) and very frequent ones (the, of, …) do not
 * dominate. Words that occur in the same company get the same rows of log X, so similar vectors.
 *
 * Conventions, those of the reference C implementation (stanfordnlp/GloVe: vocab_count.c,
 * cooccur.c, glove.c) unless said otherwise:
 * - **Vocabulary.** Word ids by count, most frequent first; ties in std::string order (strcmp);
 *   words seen fewer than min_count times are dropped (vocab_count.c).
 * - **Counts.** Each document is read with its out-of-vocabulary tokens *removed* (cooccur.c skips
 *   them, so the words around one become neighbours); windows never cross documents (cooccur.c
 *   resets at each line). Every pair of in-vocabulary tokens d ≤ window positions apart adds 1/d
 *   to X_ij and to X_ji (the paper's decreasing weighting, and its symmetric window). A word
 *   repeated within the window adds 2/d to its diagonal entry X_ii, as cooccur.c does.
 * - **Loss.** J = ½ Σ f(X_ij)(w_i·w̃_j + b_i + b̃_j − log X_ij)², the C code's cost: half the paper's
 *   J (its equation 8), so each gradient is f·(residual)·(the other vector), without a factor 2.
 * - **Optimiser.** AdaGrad (Duchi, Hazan, Singer 2011) as the paper trains, in PyTorch's form
 *   (torch.optim.Adagrad: G starts at 0, θ ← θ − η g/(√G + ε)), lr 0.05 as the paper. The C code
 *   differs in two details (it starts G at 1 and accumulates (η g)²) and clips each gradient to
 *   ±100; none of that is here. Updates are sparse: a step touches only the rows of its batch
 *   (PyTorch's sparse embeddings do the same; a dense step would cost O(V·D) per batch).
 * - **Final vectors.** W + W̃ (the paper's choice, §4.2; glove.c's `-model 2`), biases dropped.
 *
 * What this file deliberately is not: the C tools' external sort of co-occurrences that do not
 * fit in memory, their multithreaded ("Hogwild") training, or a word-analogy evaluation.
 *
 * References: J. Pennington, R. Socher, C. D. Manning (2014), "GloVe: Global Vectors for Word
 * Representation", EMNLP (eq. 8 and 9, §3.1, §4.2); the C implementation, github.com/stanfordnlp/GloVe;
 * J. Duchi, E. Hazan, Y. Singer (2011), "Adaptive subgradient methods", JMLR 12.
 *
 * Guide: @ref nlp_05_glove (the ideas) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NLP_05_GLOVE_HPP
#define LLMLINGS_NLP_05_GLOVE_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/nlp/04_word2vec.hpp>
#include <llmlings/stats/03_sampling.hpp>

namespace llmlings {
namespace nlp {

/// @ingroup nlp
/// @brief The words GloVe gives vectors to, as build_glove_vocabulary() makes them: word2vec's
/// vocabulary (nlp/04), id → word and count, most frequent first, and word → id.
using glove_vocabulary = word2vec_vocabulary;

/**
 * @ingroup nlp
 * @brief One nonzero entry of the co-occurrence matrix: X_ij = x > 0 for word i and context word j.
 */
struct cooccurrence {
    std::size_t i = 0;  ///< the word's id (row)
    std::size_t j = 0;  ///< the context word's id (column)
    double x = 0.0;     ///< X_ij: Σ 1/d over the co-occurrences at distance d
};

/// @ingroup nlp
/// @brief The weighting function's parameters (the paper's values, which the C tools use too).
struct glove_options {
    double x_max = 100.0;  ///< f(x) = 1 from x_max on, > 0
    double alpha = 0.75;   ///< the exponent α > 0 of (x/x_max)^α below x_max
};

/**
 * @ingroup nlp
 * @brief A GloVe model: views of its four tensors in a parameter_store, made by make_glove().
 * @tparam T float (training) or double (gradient checks)
 */
template <class T>
struct glove_model {
    parameter<T> word;           ///< W (V,D): row i is the vector of word i as the centre word
    parameter<T> context;        ///< W̃ (V,D): row j is the vector of word j as a context word
    parameter<T> word_bias;      ///< b (V)
    parameter<T> context_bias;   ///< b̃ (V)
    std::size_t vocab_size = 0;  ///< V
    std::size_t dim = 0;         ///< D
};

/**
 * @ingroup nlp
 * @brief What glove_forward() keeps for glove_backward(): the weighted residual of every triple.
 * @tparam T the model's element type
 */
template <class T>
struct glove_cache {
    /// f(X_ij)·(w_i·w̃_j + b_i + b̃_j − log X_ij) for each triple of the batch: dJ/d(prediction)
    std::vector<T> weighted_residual;
};

/// @ingroup nlp
/// @brief Hyper-parameters of GloVe training (glove_train_epoch()).
struct glove_train_options {
    double lr = 0.05;            ///< AdaGrad's η, finite and ≥ 0 (the paper's 0.05)
    double eps = 1e-10;          ///< AdaGrad's ε > 0, added to √G (PyTorch's default)
    std::size_t batch_size = 1;  ///< triples per step, ≥ 1 (1: the C code's one update per triple)
    glove_options weighting;     ///< x_max and α of f
};

/**
 * @ingroup nlp
 * @brief The state of GloVe training: the model, AdaGrad's sums of squared gradients and the
 * buffers an epoch reuses. Build it with make_glove_trainer(), run glove_train_epoch().
 * @tparam T the model's element type
 */
template <class T>
struct glove_trainer {
    glove_model<T> model;                       ///< the model it updates (views: shares the store's tensors)
    glove_train_options options;                ///< may be changed between epochs
    std::vector<T> word_sq;                     ///< G of W (V·D), Σ g² over the steps so far
    std::vector<T> context_sq;                  ///< G of W̃ (V·D)
    std::vector<T> word_bias_sq;                ///< G of b (V)
    std::vector<T> context_bias_sq;             ///< G of b̃ (V)
    std::vector<cooccurrence> shuffled;         ///< the triples of the current epoch, in their drawn order
    std::vector<cooccurrence> batch;            ///< the triples of the current step
    glove_cache<T> cache;                       ///< glove_forward()'s output for the current step
    std::vector<std::size_t> touched_words;     ///< word rows the current step updates
    std::vector<std::size_t> touched_contexts;  ///< context rows the current step updates
    std::vector<unsigned char> word_mark;       ///< 1 for a word row already in touched_words
    std::vector<unsigned char> context_mark;    ///< 1 for a context row already in touched_contexts
    std::size_t steps = 0;                      ///< steps taken so far
    std::size_t epochs = 0;                     ///< epochs run so far
};

/**
 * @ingroup nlp
 * @brief One neighbour found by glove_nearest(): a word id and its cosine with the query.
 */
struct glove_neighbor {
    std::size_t id = 0;   ///< the word's id (row of the vectors)
    double cosine = 0.0;  ///< cos(query, this word), in [−1, 1]
};

namespace detail {

// Given: the checks every function makes (you call them; they are not the exercise).
/**
 * @brief Throws unless x_max and α are finite and > 0.
 *
 * @param function the public function, for the message
 * @param o the weighting parameters
 * @throws invalid_argument naming the parameter, e.g. `glove_weight: x_max must be finite and > 0, got 0`
 */
inline void check_glove_options(const char* function, const glove_options& o) {
    if (!(o.x_max > 0.0) || !std::isfinite(o.x_max))
        throw invalid_argument(function, ::llmlings::detail::concat("x_max must be finite and > 0, got ", o.x_max));
    if (!(o.alpha > 0.0) || !std::isfinite(o.alpha))
        throw invalid_argument(function, ::llmlings::detail::concat("alpha must be finite and > 0, got ", o.alpha));
}

/**
 * @brief Throws unless the model was made by make_glove(): V, D ≥ 1 and four registered tensors.
 *
 * @param function the public function, for the message
 * @param model the model
 * @throws invalid_argument otherwise
 */
template <class T>
void check_glove_model(const char* function, const glove_model<T>& model) {
    if (model.vocab_size == 0 || model.dim == 0 || !model.word.registered() || !model.context.registered() ||
        !model.word_bias.registered() || !model.context_bias.registered())
        throw invalid_argument(function, "the model is not built (make it with make_glove)");
}

/**
 * @brief Throws unless every triple has i, j < V and a finite X_ij > 0.
 *
 * @param function the public function, for the message
 * @param triples the co-occurrences
 * @param vocab_size V
 * @throws invalid_argument naming the index of the first bad triple
 */
inline void check_triples(const char* function, const std::vector<cooccurrence>& triples, std::size_t vocab_size) {
    for (std::size_t k = 0; k < triples.size(); ++k) {
        const cooccurrence& t = triples[k];
        if (t.i >= vocab_size || t.j >= vocab_size)
            throw invalid_argument(function,
                                   ::llmlings::detail::concat("triple ", k, " has ids (", t.i, ", ", t.j,
                                                              "), the vocabulary has ", vocab_size, " words"));
        if (!(t.x > 0.0) || !std::isfinite(t.x))
            throw invalid_argument(function,
                                   ::llmlings::detail::concat("triple ", k, " has X = ", t.x,
                                                              ": a co-occurrence count must be finite and > 0"));
    }
}

/**
 * @brief Throws unless the training options are valid: lr finite and ≥ 0, eps finite and > 0,
 * batch_size ≥ 1, and the weighting as check_glove_options().
 *
 * @param function the public function, for the message
 * @param o the options
 * @throws invalid_argument naming the parameter
 */
inline void check_train_options(const char* function, const glove_train_options& o) {
    if (!(o.lr >= 0.0) || !std::isfinite(o.lr))
        throw invalid_argument(function, ::llmlings::detail::concat("lr must be finite and >= 0, got ", o.lr));
    if (!(o.eps > 0.0) || !std::isfinite(o.eps))
        throw invalid_argument(function, ::llmlings::detail::concat("eps must be finite and > 0, got ", o.eps));
    if (o.batch_size == 0) throw invalid_argument(function, "batch_size must be >= 1, got 0");
    check_glove_options(function, o.weighting);
}
// End of the given code.

/**
 * @brief The AdaGrad update of one row of `size` elements, and its gradient cleared:
 * G += g², θ −= η g/(√G + ε), g = 0 (the next step starts from zero, as after zero_grad()).
 *
 * @param value the row's values
 * @param grad the row's gradients (set to 0)
 * @param sum_sq the row's G
 * @param size the row's length (D for a vector, 1 for a bias)
 * @param lr η
 * @param eps ε
 * @param update false for a frozen tensor: only the gradient is cleared
 */
template <class T>
void adagrad_row(T* value, T* grad, T* sum_sq, std::size_t size, T lr, T eps, bool update) {
    todo("nlp/05_glove", "adagrad_row");
}

}  // namespace detail

/**
 * @ingroup nlp
 * @brief The vocabulary of a tokenised corpus: every word seen at least min_count times, most
 * frequent first (vocab_count.c's order).
 *
 * Ids go by count, descending; words with the same count are in std::string order (byte order,
 * as C's strcmp), so the ids do not depend on the order of a hash map. It is word2vec's vocabulary:
 * nlp/04's counting (detail::build_word_vocabulary, named build_glove_vocabulary in its errors),
 * with every word kept by default.
 *
 * @param documents the corpus, one vector of tokens per document (sentence, line, article); an
 *        empty document is allowed
 * @param min_count the least number of occurrences that keeps a word, ≥ 1 (default 1: every word)
 * @return the vocabulary
 * @throws invalid_argument naming build_glove_vocabulary when there are no documents, min_count is
 *         0, a token is empty (with its document and position), or no word occurs min_count times
 *
 * Complexity: O(T) expected for T tokens, plus O(V log V) to sort.
 * Example: `build_glove_vocabulary({{"b", "a", "b", "c"}})` → words {"b", "a", "c"}, counts
 * {2, 1, 1}, ids {b: 0, a: 1, c: 2}.
 */
inline glove_vocabulary build_glove_vocabulary(const std::vector<std::vector<std::string>>& documents,
                                               std::size_t min_count = 1) {
    todo("nlp/05_glove", "build_glove_vocabulary");
}

/**
 * @ingroup nlp
 * @brief The nonzero entries of the co-occurrence matrix X, as (i, j, X_ij) triples sorted by
 * i, then j.
 *
 * Each document is first reduced to the ids of its in-vocabulary tokens (the others are removed,
 * as cooccur.c does). Then every pair of positions p > q with d = p − q ≤ window adds
 * @f[ X_{ij} \mathrel{+}= \frac{1}{d}, \qquad X_{ji} \mathrel{+}= \frac{1}{d}
 *     \qquad (i = \text{id}_p,\; j = \text{id}_q) @f]
 * a symmetric window in which a neighbour d words away counts 1/d (the paper's weighting: near
 * words say more about a word's meaning than far ones). A word repeated within the window adds
 * 2/d to X_ii. X is symmetric. Windows stop at the end of a document.
 *
 * Stored sparse: a hash map from (i, j) to the sum while counting, then one sorted vector. The
 * dense V×V matrix would need 800 MB of doubles for V = 10,000, while a corpus fills a tiny part.
 *
 * @param vocab the vocabulary (build_glove_vocabulary())
 * @param documents the corpus, one vector of tokens per document
 * @param window the largest distance counted, ≥ 1 (default 10, the paper's; cooccur.c's is 15)
 * @return the triples, every x > 0, sorted by (i, j); empty when no two in-vocabulary tokens share
 *         a document
 * @throws invalid_argument naming count_cooccurrences when the vocabulary is empty or
 *         inconsistent, there are no documents, or the window is 0
 *
 * Complexity: O(T·window) expected hash-map updates for T tokens, O(n log n) to sort the n
 * nonzero entries; memory O(n). Example (window 2): {"a", "b", "c", "a"} with ids a = 0, b = 1,
 * c = 2 gives X_ab = 1 + 1/2 (positions 0–1 and 1–3), X_ac = 1/2 + 1, X_bc = 1, each twice.
 */
inline std::vector<cooccurrence> count_cooccurrences(const glove_vocabulary& vocab,
                                                     const std::vector<std::vector<std::string>>& documents,
                                                     std::size_t window = 10) {
    todo("nlp/05_glove", "count_cooccurrences");
}

/**
 * @ingroup nlp
 * @brief GloVe's weighting function f (the paper's eq. 9).
 *
 * @f[ f(x) = \begin{cases} (x / x_{\max})^{\alpha} & x < x_{\max} \\ 1 & x \ge x_{\max} \end{cases} @f]
 * f(0) = 0, so a pair never seen adds nothing; f grows with x, so rare (noisy) pairs weigh
 * little; and it stops at 1, so the most frequent pairs ("of the") do not drown the rest. The
 * paper found α = 3/4 better than α = 1 (the same 3/4 as word2vec's unigram power).
 *
 * @param x a co-occurrence value X_ij ≥ 0 (+∞ gives 1; NaN gives NaN)
 * @param x_max the cut-off, finite and > 0 (default 100)
 * @param alpha the exponent, finite and > 0 (default 0.75)
 * @return f(x), in [0, 1]
 * @throws invalid_argument naming glove_weight for x < 0 (a count is never negative), or x_max or
 *         alpha not finite and > 0
 *
 * Complexity: O(1). Example: `glove_weight(25.0)` = (1/4)^(3/4) = 0.35355…, `glove_weight(100.0)`
 * = `glove_weight(500.0)` = 1.
 */
inline double glove_weight(double x, double x_max = 100.0, double alpha = 0.75) {
    todo("nlp/05_glove", "glove_weight");
}

/**
 * @ingroup nlp
 * @brief A GloVe model for `vocab_size` words in `dim` dimensions, registered in `store` as
 * "<name>.word" (V,D), "<name>.context" (V,D), "<name>.word_bias" (V) and
 * "<name>.context_bias" (V), every value zero.
 *
 * Two sets of vectors: W for a word at the centre of a window, W̃ for it as a context word. X is
 * symmetric, so the two sets play the same role and differ only by their random start; adding
 * them at the end (glove_vectors()) averages out some of that noise. Zero values are a
 * placeholder: with W = W̃ = 0 every vector gradient is 0 and only the biases would learn. Call
 * init_glove() next.
 *
 * @param store where the parameters live
 * @param name the model's prefix in the store, e.g. "glove"
 * @param vocab_size V ≥ 1
 * @param dim D ≥ 1
 * @return the model, holding views of its tensors
 * @throws invalid_argument when V or D is 0, or the store refuses the names (taken, or frozen)
 *
 * Complexity: O(V·D) to allocate. Example: `make_glove(store, "glove", 5, 3)` registers 2·15 + 2·5
 * = 40 values.
 */
template <class T>
glove_model<T> make_glove(parameter_store<T>& store, const std::string& name, std::size_t vocab_size, std::size_t dim) {
    todo("nlp/05_glove", "make_glove");
}

/**
 * @ingroup nlp
 * @brief glove.c's initialisation: every value of W, W̃, b and b̃ uniform in [−0.5/D, 0.5/D).
 *
 * Small, so that the first predictions w_i·w̃_j are near 0, and random, so that the vectors
 * differ (the symmetry problem of nn/05). Draws V·D uniforms for W, then W̃, then b, then b̃
 * (llmlings::uniform01, so a seed fixes them on every platform).
 *
 * @param model the model; every value is overwritten
 * @param gen the generator (2·V·D + 2·V uniforms)
 * @throws invalid_argument naming init_glove when the model is not built
 *
 * Complexity: O(V·D). Example: with D = 50 every value lies in [−0.01, 0.01).
 */
template <class T>
void init_glove(glove_model<T>& model, rng& gen) {
    todo("nlp/05_glove", "init_glove");
}

/**
 * @ingroup nlp
 * @brief The loss of a batch of triples, and what its backward pass needs.
 *
 * @f[ J = \frac{1}{2} \sum_{(i,j,X_{ij}) \in \text{batch}} f(X_{ij})\,
 *     \big(w_i \cdot \tilde w_j + b_i + \tilde b_j - \log X_{ij}\big)^2 @f]
 * This is the C code's cost, half the paper's J: the ½ cancels the 2 of the derivative. The sum
 * runs over the nonzero entries only (log 0 is −∞, and f(0) = 0 would drop them anyway), which is
 * why GloVe trains in time proportional to the nonzeros, not to V².
 *
 * @param model the model
 * @param batch triples (i, j, X_ij) with i, j < V and X_ij finite and > 0 (may be empty: J = 0)
 * @param cache receives f(X_ij)·(w_i·w̃_j + b_i + b̃_j − log X_ij) for each triple, resized to
 *        the batch (no allocation when its size is unchanged)
 * @param options x_max and α of f
 * @return J, accumulated in double; NaN when a parameter is NaN
 * @throws invalid_argument naming glove_forward for a model not built, a triple with an id ≥ V
 *         or an X not finite and > 0 (with its index), or x_max or α not finite and > 0
 *
 * Complexity: O(B·D), no allocation once the cache has its size. Example: D = 1, w = (1),
 * w̃ = (2), b = 0.5, b̃ = −0.5, one triple X = 1 with x_max = 1: residual 2 − log 1 = 2,
 * f = 1, J = ½·4 = 2.
 */
template <class T>
double glove_forward(const glove_model<T>& model, const std::vector<cooccurrence>& batch, glove_cache<T>& cache,
                     const glove_options& options = {}) {
    todo("nlp/05_glove", "glove_forward");
}

/**
 * @ingroup nlp
 * @brief The loss J of a set of triples (glove_forward() with a cache of its own): for
 * evaluation, and for the loss of a gradient check.
 *
 * @param model the model
 * @param triples the co-occurrences
 * @param options x_max and α of f
 * @return J = ½ Σ f(X_ij)(w_i·w̃_j + b_i + b̃_j − log X_ij)²
 * @throws invalid_argument naming glove_forward, as glove_forward() does
 *
 * Complexity: O(n·D) and one allocation of n values. Example: as glove_forward().
 */
template <class T>
double glove_loss(const glove_model<T>& model, const std::vector<cooccurrence>& triples,
                  const glove_options& options = {}) {
    todo("nlp/05_glove", "glove_loss");
}

/**
 * @ingroup nlp
 * @brief The backward pass of glove_forward(): adds dJ/dθ of the batch to the store's gradients.
 *
 * With g = f(X_ij)·(w_i·w̃_j + b_i + b̃_j − log X_ij), the cached weighted residual of a triple,
 * @f[ \frac{\partial J}{\partial w_i} \mathrel{+}= g\,\tilde w_j, \qquad
 *     \frac{\partial J}{\partial \tilde w_j} \mathrel{+}= g\, w_i, \qquad
 *     \frac{\partial J}{\partial b_i} \mathrel{+}= g, \qquad
 *     \frac{\partial J}{\partial \tilde b_j} \mathrel{+}= g @f]
 * Each word's vector gets the other side's vector scaled by how wrong, and how much weighed, the
 * prediction was. A word in several triples of the batch collects a term from each: `+=`, never
 * `=`. The gradients are those of the C code's ½J (the paper's J would double them).
 *
 * @param model the model; the gradients of its four tensors are added to
 * @param batch the triples glove_forward() saw
 * @param cache what glove_forward() wrote for that batch
 * @throws invalid_argument naming glove_backward for a model not built or a bad triple
 * @throws shape_error when the cache does not hold one value per triple (the forward saw another
 *         batch)
 *
 * Complexity: O(B·D), no allocation. Example: the forward's example gives g = 2, so
 * dJ/dw = 2·2 = 4, dJ/dw̃ = 2·1 = 2, dJ/db = dJ/db̃ = 2.
 */
template <class T>
void glove_backward(const glove_model<T>& model, const std::vector<cooccurrence>& batch, const glove_cache<T>& cache) {
    todo("nlp/05_glove", "glove_backward");
}

/**
 * @ingroup nlp
 * @brief Builds the training state of a model: AdaGrad's sums G, all zero, and empty buffers.
 *
 * @param model the model (initialised with init_glove())
 * @param options the hyper-parameters (lr 0.05, ε 1e-10, one triple per step, x_max 100, α 3/4)
 * @return the trainer
 * @throws invalid_argument naming make_glove_trainer for a model not built, lr negative or not
 *         finite, ε not finite and > 0, batch_size 0, or x_max or α not finite and > 0
 *
 * Complexity: O(V·D) to allocate. Example: `auto trainer = make_glove_trainer(model);` then
 * `glove_train_epoch(trainer, triples, gen)` once per epoch.
 */
template <class T>
glove_trainer<T> make_glove_trainer(const glove_model<T>& model, const glove_train_options& options = {}) {
    todo("nlp/05_glove", "make_glove_trainer");
}

/**
 * @ingroup nlp
 * @brief One epoch of GloVe training: every triple once, in a freshly shuffled order, in steps of
 * batch_size triples, each followed by a sparse AdaGrad update.
 *
 * 1. Copy the triples and shuffle them (stats::shuffle, Fisher–Yates with `gen`): the paper
 *    samples the nonzero entries at random; in their sorted order, all of one word's pairs would
 *    pull its vector one after the other.
 * 2. Per step: glove_forward() on the next batch_size triples, glove_backward() into the store's
 *    gradients, then for every row the batch touched (w_i and b_i of each i, w̃_j and b̃_j of each
 *    j, each row once) and every element θ of it, with g its gradient:
 * @f[ G \leftarrow G + g^2, \qquad \theta \leftarrow \theta - \frac{\eta\, g}{\sqrt{G} + \epsilon} @f]
 *    and its gradient back to 0. Each coordinate gets its own step size, which shrinks as its
 *    gradients add up: frequent words, seen in many steps, take small steps; rare ones large.
 *    The first step of a coordinate is η·g/|g| = ±η, whatever the size of g.
 *
 * The gradients of the model's four tensors are zeroed when the epoch starts and left at zero.
 * A tensor marked not trainable in the store (set_trainable) is not updated.
 *
 * @param trainer the state (make_glove_trainer()); the model's values and G are updated
 * @param triples the co-occurrences (count_cooccurrences()), ids < V and X finite and > 0
 * @param gen the generator (the shuffle draws n − 1 indices)
 * @return the mean over the triples of ½ f(X_ij)(residual)², each computed just before its own
 *         step's update (what glove.c prints as the cost of an iteration)
 * @throws invalid_argument naming glove_train_epoch for no triples, a bad triple (checked before
 *         any update), or bad options
 * @throws numerical_error when a step's loss is not finite (diverged, or NaN in the parameters),
 *         naming the epoch and the step
 *
 * Complexity: O(n·D) for n triples; no allocation after the first epoch of a given n.
 * Example: one triple, one epoch from G = 0: every parameter whose gradient is not 0 moves by
 * exactly η (±0.05) against its gradient's sign.
 */
template <class T>
double glove_train_epoch(glove_trainer<T>& trainer, const std::vector<cooccurrence>& triples, rng& gen) {
    todo("nlp/05_glove", "glove_train_epoch");
}

/**
 * @ingroup nlp
 * @brief The word vectors GloVe publishes: W + W̃, one row per word (the paper's §4.2).
 *
 * W and W̃ are equivalent solutions that differ by their random start; their sum is a little
 * better on the paper's benchmarks than either, and costs nothing. The biases are dropped.
 *
 * @param model the model
 * @return (V,D), row i = w_i + w̃_i
 * @throws invalid_argument naming glove_vectors when the model is not built
 *
 * Complexity: O(V·D). Example: w_0 = (1, 2), w̃_0 = (0.5, −2) → row 0 = (1.5, 0).
 */
template <class T>
matrix_of<T> glove_vectors(const glove_model<T>& model) {
    todo("nlp/05_glove", "glove_vectors");
}

/**
 * @ingroup nlp
 * @brief The k words whose vectors have the largest cosine with word `query`'s, the query
 * excluded: most similar first, ties by the smaller id.
 *
 * @f[ \cos(u, v) = \frac{u \cdot v}{\|u\|_2\, \|v\|_2} @f]
 * Cosine, not Euclidean distance: a frequent word's vector tends to be longer, and the length says
 * more about frequency than about meaning. Each row is divided by its largest |element| before
 * the sums (the cosine does not change), so no square overflows. A row of zeros has no direction:
 * it is nobody's neighbour.
 *
 * @param vectors (V,D), e.g. glove_vectors(model)
 * @param query the id of the word whose neighbours are wanted, < V
 * @param k how many neighbours (fewer when fewer other rows are nonzero; 0 gives none)
 * @return up to k neighbours, cosine descending, ties by id ascending
 * @throws invalid_argument naming glove_nearest for an empty matrix, query ≥ V, a query row of
 *         zeros, or a NaN or infinite element anywhere (with its row and column): an order needs
 *         numbers
 *
 * Complexity: O(V·D + V log k). Example: rows (1, 0), (0.6, 0.8), (−1, 0), (2, 0) with query 0
 * and k = 2 → {(3, 1.0), (1, 0.6)}.
 */
template <class T>
std::vector<glove_neighbor> glove_nearest(const matrix_of<T>& vectors, std::size_t query, std::size_t k) {
    todo("nlp/05_glove", "glove_nearest");
}

}  // namespace nlp
}  // namespace llmlings

#endif  // LLMLINGS_NLP_05_GLOVE_HPP
