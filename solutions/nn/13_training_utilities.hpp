// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nn/13 — training utilities: mini-batches with seeded shuffling, gradient clipping (by
 * global L2 norm and by value), and a learning-curve recorder written to CSV and drawn as a PNG.
 *
 * Shapes: N = examples, D = features, B = batch size.
 *   X (N,D) of any element type   y (N)   one batch: indices (≤ B), rows (≤ B, D) of the model's T
 *
 * The loop these pieces serve, as in every PyTorch script:
 * @code
 * batch_loader loader = make_batch_loader(N, 32, true, seed);   // shuffle each epoch
 * for (epoch = 1 .. E):
 *     for (const index_vector& idx : next_epoch(loader)):
 *         gather_rows(X, idx, 1.0 / 255, as_rows(xb));  index_vector yb = gather(y, idx);
 *         forward, loss, params.zero_grad(), backward
 *         clip_grad_norm(params, 1.0);     // torch.nn.utils.clip_grad_norm_ over the store
 *         optimizer step
 *     record_epoch(curve, {epoch, train_loss, train_acc, valid_loss, valid_acc, seconds});
 *     std::cout << format_progress(curve.epochs.back(), E) << '\n';   // core/progress.hpp
 * write_csv(curve, "runs/curve.csv");  plot_learning_curve(curve, "runs/loss.png");
 * @endcode
 *
 * What it deliberately is not: a data-loader framework with workers, samplers and collate
 * functions. A batch is a list of row indices; gathering the rows is one copy per batch, into a
 * buffer of the model's element type that is reused from batch to batch. The epoch_record and
 * the progress line live in include/llmlings/core/progress.hpp, shared by every training loop.
 *
 * References: PyTorch 1.13 torch.utils.data.DataLoader (shuffle, drop_last) and
 * torch.nn.utils.clip_grad_norm_ / clip_grad_value_; Pascanu, Mikolov, Bengio (2013), "On the
 * difficulty of training recurrent neural networks" (clipping by norm).
 *
 * Guide: @ref nn_13_training_utilities (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NN_13_TRAINING_UTILITIES_HPP
#define LLMLINGS_NN_13_TRAINING_UTILITIES_HPP

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/core/progress.hpp>
#include <llmlings/linalg/01_vectors.hpp>
#include <llmlings/plot.hpp>
#include <llmlings/stats/03_sampling.hpp>

namespace llmlings {
namespace nn {

/**
 * @ingroup nn
 * @brief What cuts the N examples into batches, epoch after epoch: sizes, shuffling and its
 * generator.
 *
 * Make it with make_batch_loader(); every call of next_epoch() gives one epoch's batches. The
 * generator lives inside, so the sequence of epochs is fixed by the seed: epoch k of two loaders
 * made with the same seed has the same order, and two epochs of one loader differ.
 */
struct batch_loader {
    std::size_t examples = 0;    ///< N, the number of rows to cut
    std::size_t batch_size = 1;  ///< B, the size of every full batch
    bool shuffle = true;         ///< true: a fresh random order every epoch; false: 0, 1, …, N−1
    bool drop_last = false;      ///< true: drop the last batch when it has fewer than B indices
    rng gen;                     ///< draws the orders (used only when shuffle is true)
};

/**
 * @ingroup nn
 * @brief A batch_loader over `examples` rows with batches of `batch_size`.
 *
 * @param examples N, ≥ 1
 * @param batch_size B, ≥ 1 (B > N gives one batch of N, or none with drop_last)
 * @param shuffle reorder the examples at the start of every epoch
 * @param seed seeds the loader's own llmlings::rng
 * @param drop_last drop a last partial batch (PyTorch's DataLoader(drop_last=True)), e.g. when
 *        batch norm needs at least 2 rows; the dropped examples differ from epoch to epoch when
 *        shuffling
 * @return the loader
 * @throws invalid_argument when examples or batch_size is 0
 *
 * Complexity: O(1). Example: `make_batch_loader(10, 4, false)` cuts {0…3}, {4…7}, {8,9}.
 */
inline batch_loader make_batch_loader(std::size_t examples, std::size_t batch_size, bool shuffle = true,
                                      std::uint64_t seed = 0, bool drop_last = false) {
    if (examples == 0 || batch_size == 0)
        throw invalid_argument(
            "make_batch_loader",
            ::llmlings::detail::concat("examples and batch_size must be >= 1, got ", examples, " and ", batch_size));
    batch_loader loader;
    loader.examples = examples;
    loader.batch_size = batch_size;
    loader.shuffle = shuffle;
    loader.drop_last = drop_last;
    loader.gen.seed(seed);
    return loader;
}

/**
 * @ingroup nn
 * @brief The number of batches in one epoch: ⌈N / B⌉, or ⌊N / B⌋ with drop_last.
 *
 * @param examples N
 * @param batch_size B, ≥ 1
 * @param drop_last whether a partial last batch is dropped
 * @return the number of batches
 * @throws invalid_argument when batch_size is 0
 *
 * Complexity: O(1). Example: `batch_count(10, 4, false)` → 3, `batch_count(10, 4, true)` → 2.
 */
inline std::size_t batch_count(std::size_t examples, std::size_t batch_size, bool drop_last) {
    if (batch_size == 0) throw invalid_argument("batch_count", "batch_size must be >= 1, got 0");
    return drop_last ? examples / batch_size : (examples + batch_size - 1) / batch_size;
}

/**
 * @ingroup nn
 * @brief One epoch of batches: the order (a fresh stats::random_permutation when shuffling, else
 * 0…N−1) cut into consecutive pieces of B indices.
 *
 * Every index appears exactly once in the epoch (except those of a dropped last batch). Each
 * call advances the loader's generator, so the next epoch has a different order.
 *
 * @param loader the loader; its generator advances (N − 1 draws per shuffled epoch)
 * @return batch_count(N, B, drop_last) index vectors, all of size B except perhaps the last
 *
 * Throws nothing. Complexity: O(N) time and memory. Example: N = 5, B = 2, no shuffle →
 * {0,1}, {2,3}, {4}; with drop_last → {0,1}, {2,3}.
 */
inline std::vector<index_vector> next_epoch(batch_loader& loader) {
    const std::size_t n = loader.examples, b = loader.batch_size;
    index_vector order;
    if (loader.shuffle) {
        order = stats::random_permutation(n, loader.gen);
    } else {
        order = xt::empty<std::size_t>({n});
        for (std::size_t i = 0; i < n; ++i) order(i) = i;
    }
    const std::size_t count = batch_count(n, b, loader.drop_last);
    std::vector<index_vector> batches(count);
    for (std::size_t k = 0; k < count; ++k) {
        const std::size_t begin = k * b, size = std::min(b, n - begin);
        batches[k] = xt::empty<std::size_t>({size});
        for (std::size_t i = 0; i < size; ++i) batches[k](i) = order(begin + i);
    }
    return batches;
}

/**
 * @ingroup nn
 * @brief Copies the rows of X named by `indices`, in that order and multiplied by `scale`, into a
 * preallocated batch of the model's element type: one mini-batch of inputs.
 *
 * @f[ \text{out}_{kj} = T\bigl(x_{\text{indices}_k,\,j} \cdot \text{scale}\bigr) @f]
 * The data set stays in its compact type and only one batch at a time is converted: Fashion-MNIST's
 * 60000 images of 784 pixels are 47 MB as bytes and 376 MB as doubles. Each product is computed in
 * double and rounded once to T, so a float batch holds the float nearest to x·scale.
 *
 * @tparam E the data's element type (std::uint8_t pixels, float, double, …)
 * @tparam T the batch's element type, float or double
 * @param x the data (N,D)
 * @param indices the batch (K), each < N
 * @param scale multiplies every element (1/255 turns bytes into [0, 1]), finite and > 0
 * @param out the batch (K,D), a view of a buffer reused from batch to batch; overwritten
 * @throws shape_error when out is not (K,D); the message names the function and the shapes:
 *         `gather_rows: out must be (2,2) for 2 indices into x (3,2), got (2,3)`
 * @throws invalid_argument when scale is not finite and > 0, or an index is ≥ N (before anything
 *         is written)
 *
 * Complexity: O(K·D), no allocation. Example: x = [[1,2],[3,4],[5,6]] (bytes), indices {2,0},
 * scale 0.5 → out = [[2.5,3],[0.5,1]].
 */
template <class E, class T>
void gather_rows(const xt::xtensor<E, 2>& x, const index_vector& indices, double scale, matrix_view<T> out) {
    const std::size_t n = x.shape()[0], d = x.shape()[1], k = indices.size();
    if (!(scale > 0.0) || !std::isfinite(scale))
        throw invalid_argument("gather_rows", ::llmlings::detail::concat("scale must be finite and > 0, got ", scale));
    if (out.shape()[0] != k || out.shape()[1] != d)
        throw shape_error("gather_rows",
                          ::llmlings::detail::concat("out must be (", k, ",", d, ") for ", k, " indices into x ",
                                                     shape_str(x.shape()), ", got ", shape_str(out.shape())));
    for (std::size_t r = 0; r < k; ++r)
        if (indices(r) >= n)
            throw invalid_argument("gather_rows", ::llmlings::detail::concat("index ", indices(r), " at position ", r,
                                                                             " is out of range for ", n, " rows"));
    const E* source = x.data();
    T* target = out.data();
    for (std::size_t r = 0; r < k; ++r) {
        const E* row = source + indices(r) * d;
        T* dest = target + r * d;
        for (std::size_t j = 0; j < d; ++j) dest[j] = static_cast<T>(static_cast<double>(row[j]) * scale);
    }
}

/**
 * @ingroup nn
 * @brief The rows of X named by `indices`, in that order, as a new matrix (the overload above
 * with scale 1, for small programs and tests).
 *
 * @param x the data (N,D)
 * @param indices the batch (K), each < N
 * @return (K,D) with row k = x(indices(k), :)
 * @throws invalid_argument when an index is ≥ N
 *
 * Complexity: O(K·D), one allocation. Example: x = [[1,2],[3,4],[5,6]], indices {2,0} →
 * [[5,6],[1,2]].
 */
inline matrix gather_rows(const matrix& x, const index_vector& indices) {
    matrix rows({indices.size(), x.shape()[1]});
    gather_rows(x, indices, 1.0, as_rows(rows));
    return rows;
}

/**
 * @ingroup nn
 * @brief The targets named by `indices`, in that order: one mini-batch of regression targets or
 * 0/1 labels.
 *
 * @param y the targets (N)
 * @param indices the batch (K), each < N
 * @return (K) with entry k = y(indices(k))
 * @throws invalid_argument when an index is ≥ N
 *
 * Complexity: O(K). Example: y = (10, 20, 30), indices {2,0} → (30, 10).
 */
inline vector gather(const vector& y, const index_vector& indices) {
    vector out = xt::empty<double>({indices.size()});
    for (std::size_t k = 0; k < indices.size(); ++k) {
        if (indices(k) >= y.size())
            throw invalid_argument("gather", ::llmlings::detail::concat("index ", indices(k), " at position ", k,
                                                                        " is out of range for ", y.size(), " targets"));
        out(k) = y(indices(k));
    }
    return out;
}

/**
 * @ingroup nn
 * @brief The class labels named by `indices`, in that order: one mini-batch of class indices
 * for cross-entropy.
 *
 * @param labels the labels (N)
 * @param indices the batch (K), each < N
 * @return (K) with entry k = labels(indices(k))
 * @throws invalid_argument when an index is ≥ N
 *
 * Complexity: O(K). Example: labels {0, 1, 2}, indices {1,1} → {1, 1}.
 */
inline index_vector gather(const index_vector& labels, const index_vector& indices) {
    index_vector out = xt::empty<std::size_t>({indices.size()});
    for (std::size_t k = 0; k < indices.size(); ++k) {
        if (indices(k) >= labels.size())
            throw invalid_argument(
                "gather", ::llmlings::detail::concat("index ", indices(k), " at position ", k, " is out of range for ",
                                                     labels.size(), " labels"));
        out(k) = labels(indices(k));
    }
    return out;
}

namespace detail {

/// The global norm of several gradients as scale·√sum (see grad_norm_parts()).
struct scaled_sum_of_squares {
    double scale = 0.0;  ///< the largest |element| (∞ when one is infinite); 1 on the fast path
    double sum = 1.0;    ///< Σ (element/scale)²; NaN when an element is NaN
};

/**
 * @brief The sum of squares of every trainable gradient element of the store, kept as
 * scale² · sum so that it cannot overflow or underflow.
 *
 * Fast path: one plain pass Σ gᵢ² in double, which is exact-range for float gradients (a float
 * squares to at most ~1e77) and for double gradients between ~1e-146 and ~1e154. Only when that
 * sum overflows or is tiny (double gradients of 1e300 or 1e-200), a second pass computes LAPACK's
 * (pre-3.10) dnrm2 over all the gradients as one vector: a running scale s = max|gᵢ| so far and
 * q = Σ (gᵢ/s)²; a larger element a rescales q to 1 + q(s/a)² and becomes the scale, so every
 * term is at most 1.
 *
 * @param store the model's parameters; only trainable tensors count
 */
template <class T>
scaled_sum_of_squares grad_norm_parts(const parameter_store<T>& store) {
    double plain = 0.0;
    for (std::size_t k = 0; k < store.count(); ++k) {
        const parameter_info& info = store.info(k);
        if (!info.trainable) continue;
        const T* g = store.grads() + info.offset;
        for (std::size_t i = 0; i < info.size; ++i) plain += static_cast<double>(g[i]) * static_cast<double>(g[i]);
    }
    // 1e-280: below it a sum of squares of doubles may have lost digits to underflow
    if (std::isnan(plain) || (std::isfinite(plain) && plain > 1e-280)) return {1.0, plain};
    scaled_sum_of_squares r;
    for (std::size_t k = 0; k < store.count(); ++k) {
        const parameter_info& info = store.info(k);
        if (!info.trainable) continue;
        const T* g = store.grads() + info.offset;
        for (std::size_t i = 0; i < info.size; ++i) {
            const double a = std::fabs(static_cast<double>(g[i]));
            if (a == 0.0) continue;
            if (a > r.scale) {
                const double ratio = r.scale / a;
                r.sum = 1.0 + r.sum * ratio * ratio;
                r.scale = a;
            } else {
                const double ratio = a / r.scale;  // NaN for a NaN element, which stays in the sum
                r.sum += ratio * ratio;
            }
        }
    }
    return r;
}

}  // namespace detail

/**
 * @ingroup nn
 * @brief The global L2 norm of the gradients of every trainable tensor of the store, as if they
 * were one long vector: √(Σₖ ‖gₖ‖²).
 *
 * The same number as PyTorch's norm of the per-tensor norms, up to rounding. It is accumulated in
 * double whatever T is, and without overflow (detail::grad_norm_parts()): gradients of 1e300
 * (whose squares overflow) or 1e-200 (whose squares underflow) still give their true norm.
 *
 * @param store the model's parameters (frozen tensors are left out, as PyTorch leaves out
 *        parameters without a gradient)
 * @return the total norm: 0 for no trainable tensor; NaN when a gradient holds NaN; +∞ when one
 *         holds ±∞, or when all are finite but the true norm exceeds the largest double (≈1.8e308)
 *
 * Throws nothing. Complexity: O(trainable elements), one pass (two for extreme doubles). Example:
 * gradients (3) and (4) → 5; (3e300) and (4e300) → 5e300.
 */
template <class T>
double global_grad_norm(const parameter_store<T>& store) {
    const detail::scaled_sum_of_squares r = detail::grad_norm_parts(store);
    return r.scale * std::sqrt(r.sum);
}

/**
 * @ingroup nn
 * @brief Clips the gradients of the store's trainable tensors by their global L2 norm, in place,
 * exactly as PyTorch's torch.nn.utils.clip_grad_norm_: all gradients are scaled by one factor, so
 * their direction is kept.
 *
 * @f[ n = \sqrt{\textstyle\sum_k \|g_k\|_2^2}, \qquad
 *     g_k \leftarrow g_k \cdot \frac{\text{max\_norm}}{n + 10^{-6}} \quad\text{when } n > \text{max\_norm} @f]
 * The 1e-6 keeps the division finite and makes the clipped norm slightly *below* max_norm
 * (max_norm·n/(n+1e-6)). Nothing changes when n ≤ max_norm. n is computed without overflow (see
 * global_grad_norm()): finite gradients of 1e300 are clipped, not reported as non-finite. When
 * their true norm exceeds the largest double, n is returned as +∞ and the gradients are still
 * scaled correctly, as (gᵢ/s)·(max_norm/√q) with n = s√q.
 *
 * @param store the model's parameters; the gradients of its trainable tensors are modified
 * @param max_norm the largest allowed total norm, > 0
 * @return n, the total norm *before* clipping (log it: spikes show instabilities); +∞ only when
 *         every element is finite but n exceeds ≈1.8e308
 * @throws invalid_argument when max_norm is not finite and > 0
 * @throws numerical_error when a gradient element is NaN or infinite (PyTorch's error_if_nonfinite)
 *
 * Complexity: O(trainable elements), two passes. Example: gradients (3, 4) and (0), max_norm 1 →
 * returns 5, the first becomes (0.6, 0.8)·5/(5 + 1e-6) ≈ (0.59999988, 0.79999984).
 */
template <class T>
double clip_grad_norm(parameter_store<T>& store, double max_norm) {
    if (!(max_norm > 0.0) || !std::isfinite(max_norm))
        throw invalid_argument("clip_grad_norm",
                               ::llmlings::detail::concat("max_norm must be finite and > 0, got ", max_norm));
    const detail::scaled_sum_of_squares parts = detail::grad_norm_parts(store);
    const double total = parts.scale * std::sqrt(parts.sum);
    if (std::isnan(total) || std::isinf(parts.scale))
        throw numerical_error("clip_grad_norm", ::llmlings::detail::concat("the total gradient norm is ", total,
                                                                           ": a gradient holds NaN or infinity"));
    if (!(total > max_norm)) return total;
    // finite n: one factor; n beyond the largest double: divide by s first, then scale
    const bool finite = std::isfinite(total);
    const double factor = finite ? max_norm / (total + 1e-6) : max_norm / std::sqrt(parts.sum);
    for (std::size_t k = 0; k < store.count(); ++k) {
        const parameter_info& info = store.info(k);
        if (!info.trainable) continue;
        T* g = store.grads() + info.offset;
        for (std::size_t i = 0; i < info.size; ++i) {
            const double scaled = finite ? g[i] * factor : g[i] / parts.scale * factor;
            g[i] = static_cast<T>(scaled);
        }
    }
    return total;
}

/**
 * @ingroup nn
 * @brief Clips every gradient element of the store's trainable tensors into
 * [−clip_value, clip_value], in place (torch.nn.utils.clip_grad_value_).
 *
 * Unlike clip_grad_norm() this changes the gradient's direction; it only bounds each entry.
 *
 * @param store the model's parameters; the gradients of its trainable tensors are modified
 * @param clip_value the bound, finite and > 0
 * @return how many elements were clipped
 * @throws invalid_argument when clip_value is not finite and > 0
 *
 * Complexity: O(trainable elements). Example: g = (−3, 0.5, 2), clip_value 1 → (−1, 0.5, 1),
 * returns 2.
 */
template <class T>
std::size_t clip_grad_value(parameter_store<T>& store, double clip_value) {
    if (!(clip_value > 0.0) || !std::isfinite(clip_value))
        throw invalid_argument("clip_grad_value",
                               ::llmlings::detail::concat("clip_value must be finite and > 0, got ", clip_value));
    const T bound = static_cast<T>(clip_value);
    std::size_t clipped = 0;
    for (std::size_t k = 0; k < store.count(); ++k) {
        const parameter_info& info = store.info(k);
        if (!info.trainable) continue;
        T* g = store.grads() + info.offset;
        for (std::size_t i = 0; i < info.size; ++i) {
            if (g[i] > bound) {
                g[i] = bound;
                ++clipped;
            } else if (g[i] < -bound) {
                g[i] = -bound;
                ++clipped;
            }
        }
    }
    return clipped;
}

/// @ingroup nn
/// @brief One epoch's scores: the record of include/llmlings/core/progress.hpp, used here unqualified.
using ::llmlings::epoch_record;
/// @ingroup nn
/// @brief The one progress line of every training loop (include/llmlings/core/progress.hpp).
using ::llmlings::format_progress;

/**
 * @ingroup nn
 * @brief The learning curves of a run: one epoch_record per epoch, in order (TensorBoard's
 * scalars, as a table).
 */
struct learning_curve {
    std::vector<epoch_record> epochs;  ///< appended by record_epoch()
};

/**
 * @ingroup nn
 * @brief Appends one epoch to the curve after checking it.
 *
 * @param curve the curve
 * @param record the epoch; its number must be larger than the last one recorded
 * @throws invalid_argument when the epoch number does not increase, the training loss is NaN,
 *         an accuracy lies outside [0, 1] (NaN allowed for validation) or seconds is negative
 *
 * Complexity: amortised O(1). Example: after recording epochs 1 and 2, `curve.epochs.size()` → 2.
 */
inline void record_epoch(learning_curve& curve, const epoch_record& record) {
    if (!curve.epochs.empty() && record.epoch <= curve.epochs.back().epoch)
        throw invalid_argument("record_epoch",
                               ::llmlings::detail::concat("epoch numbers must increase: got ", record.epoch, " after ",
                                                          curve.epochs.back().epoch));
    if (std::isnan(record.train_loss)) throw invalid_argument("record_epoch", "the training loss is NaN");
    const auto bad_fraction = [](double a) { return !std::isnan(a) && (a < 0.0 || a > 1.0); };
    if (std::isnan(record.train_accuracy) || bad_fraction(record.train_accuracy) || bad_fraction(record.valid_accuracy))
        throw invalid_argument("record_epoch",
                               ::llmlings::detail::concat("accuracies must be fractions in [0, 1], got ",
                                                          record.train_accuracy, " and ", record.valid_accuracy));
    if (!(record.seconds >= 0.0))
        throw invalid_argument("record_epoch",
                               ::llmlings::detail::concat("seconds must be >= 0, got ", record.seconds));
    curve.epochs.push_back(record);
}

namespace detail {

/// The shortest decimal text that reads back as x (std::to_chars), or "" for NaN.
inline std::string csv_number(double x) {
    if (std::isnan(x)) return "";
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
    return std::string(buffer, result.ptr);
}

}  // namespace detail

/**
 * @ingroup nn
 * @brief The curve as CSV text: a header line, then one line per epoch.
 *
 * Header: `epoch,train_loss,train_accuracy,valid_loss,valid_accuracy,seconds`. Numbers are the
 * shortest text that reads back to the same double (`0.1`, not `0.10000000000000001`); a NaN
 * (no validation set) is an empty field, which pandas and spreadsheets read as missing.
 *
 * @param curve the curve (may be empty: header only)
 * @return the text, every line ending in '\n'
 *
 * Throws nothing. Complexity: O(epochs). Example: one epoch {1, 0.5, 0.75, NaN, NaN, 2} →
 * `"epoch,train_loss,…,seconds\n1,0.5,0.75,,,2\n"`.
 */
inline std::string to_csv(const learning_curve& curve) {
    std::string text = "epoch,train_loss,train_accuracy,valid_loss,valid_accuracy,seconds\n";
    for (const epoch_record& r : curve.epochs)
        text +=
            ::llmlings::detail::concat(r.epoch, ",", detail::csv_number(r.train_loss), ",",
                                       detail::csv_number(r.train_accuracy), ",", detail::csv_number(r.valid_loss), ",",
                                       detail::csv_number(r.valid_accuracy), ",", detail::csv_number(r.seconds), "\n");
    return text;
}

/**
 * @ingroup nn
 * @brief Writes to_csv(curve) to a file, replacing it.
 *
 * @param curve the curve
 * @param path the file, e.g. `runs/curve.csv` (its directory must exist)
 * @throws io_error when the file cannot be written
 *
 * Complexity: O(epochs). Example: `write_csv(curve, "curve.csv")` then `head -1 curve.csv` →
 * `epoch,train_loss,train_accuracy,valid_loss,valid_accuracy,seconds`.
 */
inline void write_csv(const learning_curve& curve, const std::string& path) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw io_error("write_csv", "cannot open '" + path + "' for writing");
    out << to_csv(curve);
    if (!out) throw io_error("write_csv", "cannot write to '" + path + "'");
}

/**
 * @ingroup nn
 * @brief Draws the train and validation losses against the epoch with llmlings::plot::line_plot.
 *
 * Two series, "train loss" and "validation loss" (NaN values leave gaps); x is the epoch number.
 * With `opts.run_gnuplot = false` only the .dat and .gp files are written.
 *
 * @param curve the curve, at least one epoch
 * @param png_path where the picture goes (ends in .png)
 * @param opts the plot options; an empty title, xlabel or ylabel becomes "learning curves",
 *        "epoch" and "loss"
 * @return png_path
 * @throws invalid_argument when the curve is empty or the path does not end in .png
 * @throws io_error when a file cannot be written or gnuplot is missing or fails
 *
 * Complexity: O(epochs) plus one gnuplot run. Example:
 * `plot_learning_curve(curve, "runs/loss.png")` writes runs/loss.dat, runs/loss.gp, runs/loss.png.
 */
inline std::string plot_learning_curve(const learning_curve& curve, const std::string& png_path,
                                       plot::options opts = {}) {
    if (curve.epochs.empty()) throw invalid_argument("plot_learning_curve", "the curve has no epochs to draw");
    const std::size_t n = curve.epochs.size();
    vector x = xt::empty<double>({n}), train = xt::empty<double>({n}), valid = xt::empty<double>({n});
    for (std::size_t i = 0; i < n; ++i) {
        x(i) = static_cast<double>(curve.epochs[i].epoch);
        train(i) = curve.epochs[i].train_loss;
        valid(i) = curve.epochs[i].valid_loss;
    }
    if (opts.title.empty()) opts.title = "learning curves";
    if (opts.xlabel.empty()) opts.xlabel = "epoch";
    if (opts.ylabel.empty()) opts.ylabel = "loss";
    return plot::line_plot(png_path, x, {{"train loss", train}, {"validation loss", valid}}, opts);
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_13_TRAINING_UTILITIES_HPP
