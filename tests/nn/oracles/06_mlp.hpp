// SPDX-License-Identifier: MIT
// The oracles of tests/nn/06_mlp.cpp, compiled once in oracles/06_mlp.cpp (never with the
// learner's file): the cross-entropy and its gradient written out, seeded blobs and random
// batches, the central-difference gradient checks with a step, the scikit-learn digits split, the
// progress lines parsed back with a regular expression, and the element-wise comparisons of the
// tests, nn/05's initialisers drawn alone; the seeded random inputs, the conversions and the
// parameter helpers are those of common/oracles.hpp.
#ifndef LLMLINGS_TESTS_NN_ORACLES_06_MLP_HPP
#define LLMLINGS_TESTS_NN_ORACLES_06_MLP_HPP

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <llmlings/core/progress.hpp>

#include "common/oracles.hpp"

namespace oracles {

using llmlings::parameter;
using llmlings::parameter_store;
using llmlings::testing::gradient_report;
using llmlings::testing::tensor_gradient_report;
using byte_matrix = xt::xtensor<std::uint8_t, 2>;

/// The mean over rows of log Σ exp(z) − z_label (log-sum-exp with the row maximum taken out), in
/// double, and its gradient with respect to the logits, (softmax(z) − onehot(label)) / B.
double mean_cross_entropy(const matrix& logits, const index_vector& labels);
matrix cross_entropy_gradient(const matrix& logits, const index_vector& labels);

/// Three Gaussian blobs in 2-D around (0,3), (3,0), (-3,-3), 40 points each, seeded with
/// xtensor's generator (independent of the code under test). Labels cycle 0,1,2.
void blobs(matrix& x, index_vector& y);
/// The blobs as bytes round(32 x + 128) clipped to [0, 255], and those bytes divided by 32.
byte_matrix blob_bytes(const matrix& x);
matrix bytes_over_32(const byte_matrix& bytes);

/// Small integers as bytes (a hand-worked byte input).
byte_matrix as_bytes(const matrix& x);

/// The weights nn/05 draws for a dense layer in → out of element type T from gen (make_dense then
/// init_he_normal or init_xavier_uniform), widened to double: what make_mlp must draw, layer by
/// layer, from a generator of the same seed.
template <class T>
vector he_normal_weights(std::size_t in, std::size_t out, llmlings::rng& gen);
template <class T>
vector xavier_uniform_weights(std::size_t in, std::size_t out, llmlings::rng& gen);

/// common/oracles.hpp's random_labels(n, classes) (the next labels of xt::random's stream, as after
/// seeded_normal) and zero_matrix(rows, cols), under this topic's names.
index_vector next_labels(std::size_t n, std::size_t classes);
matrix zeros(std::size_t rows, std::size_t cols);

/// Central differences with step h of the scalar loss at x against `analytic`, and of every tensor
/// of a store (llmlings::testing::check_store_gradients).
gradient_report check_gradient(const std::function<double(const matrix&)>& loss, const matrix& x,
                               const matrix& analytic, double h);
std::vector<tensor_gradient_report> check_store(parameter_store<double>& store, const std::function<double()>& loss,
                                                double h);

/// min |x| over the elements; the index of the largest entry of each row (the first of ties).
double min_abs(const matrix& x);
index_vector argmax_rows(const matrix& x);
/// How many entries of a and b agree; whether they agree everywhere (same length).
std::size_t count_equal(const index_vector& a, const index_vector& b);
bool same(const index_vector& a, const index_vector& b);
/// Whether two stores hold bit-identical values (common/oracles.hpp compares two parameters).
template <class T>
bool same_values(const parameter_store<T>& a, const parameter_store<T>& b);
/// n gradients of a store from `offset` on, as a vector in double.
template <class T>
vector grads_at(const parameter_store<T>& store, std::size_t offset, std::size_t n);

/// The scikit-learn digits split 80/20 by ml::stratified_split(labels, 0.2, gen).
struct digits_split {
    matrix x_train, x_test;
    index_vector y_train, y_test;
};
/// llmlings::testing::have_real_data({"digits.csv"}), called here once: it skips or fails the
/// running test case as it would from the test file, whose every save then compiles none of its
/// std::filesystem code.
bool have_digits();
digits_split load_digits_split(llmlings::rng& gen);
/// The digits case's message: the split's row counts, the test accuracy and loss, and the last
/// epoch's llmlings::format_progress line, written here once (format_progress is inline: a test
/// file that calls it compiles it on every save).
std::string digits_summary(const digits_split& split, double test_accuracy, double test_loss,
                           const llmlings::epoch_record& last, std::size_t epochs);

/// One line of llmlings::format_progress parsed back with its documented format, or matched = false.
struct progress_line {
    bool matched = false;
    unsigned long epoch = 0;
    double loss = 0.0, accuracy_percent = 0.0, val_loss = 0.0, val_accuracy_percent = 0.0, seconds = 0.0;
};
std::vector<progress_line> parse_progress(const std::string& text, std::size_t epochs);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NN_ORACLES_06_MLP_HPP
