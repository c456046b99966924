// SPDX-License-Identifier: MIT
// The oracles of tests/nn/13_training_utilities.cpp, compiled once in
// oracles/13_training_utilities.cpp (never with the learner's file): stores of hand-made
// gradients, the golden values of torch.nn.utils.clip_grad_norm_ and clip_grad_value_
// (tests/golden/nn/13_training_utilities.txt, from tools/golden/nn_clip.py); reading a file and a
// parameter's gradients come from common/oracles.hpp.
#ifndef LLMLINGS_TESTS_NN_ORACLES_13_TRAINING_UTILITIES_HPP
#define LLMLINGS_TESTS_NN_ORACLES_13_TRAINING_UTILITIES_HPP

#include <cstddef>
#include <string>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>

#include "common/oracles.hpp"

namespace oracles {

using llmlings::matrix;
using llmlings::vector;

/// The shape and the row-major values of one gradient: made from a matrix or a vector.
struct tensor_values {
    std::vector<std::size_t> shape;
    std::vector<double> values;
    tensor_values(const matrix& m);  // NOLINT(google-explicit-constructor): a list of matrices reads best
    tensor_values(const vector& v);  // NOLINT(google-explicit-constructor)
    tensor_values(std::vector<std::size_t> shape, std::vector<double> values);
};

/// A store whose tensors "g0", "g1", … hold the given values, rounded to T, as their gradients
/// (their values are zero).
template <class T>
struct gradients {
    llmlings::parameter_store<T> store;
    std::vector<llmlings::parameter<T>> tensors;
    explicit gradients(const std::vector<tensor_values>& grads);
    /// The gradient of tensor k, row-major, as doubles.
    vector grad(std::size_t k) const;
};
extern template struct gradients<float>;
extern template struct gradients<double>;

/// The golden file: the three gradients before clipping, the total norm clip_grad_norm_ returned
/// with max_norm 1.5, the gradients after it, and after clip_grad_value_ with clip value 2.
struct torch_clipping {
    std::vector<tensor_values> before;
    double norm;
    std::vector<vector> by_norm, by_value;
};
const torch_clipping& torch_clip_golden();

/// Each value rounded to T and back to double.
template <class T>
vector rounded_values(const vector& values);

}  // namespace oracles

#endif
