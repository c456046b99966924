// SPDX-License-Identifier: MIT
// The oracles of tests/cuda/05_layernorm.cpp, compiled once in oracles/05_layernorm.cpp (by the
// host compiler, also when the test itself is compiled by nvcc): the CPU reference —
// transformer/04's layer_norm_forward and layer_norm_backward in double on the same float inputs;
// seeded inputs from common/float_data.hpp.
#ifndef LLMLINGS_TESTS_CUDA_ORACLES_05_LAYERNORM_HPP
#define LLMLINGS_TESTS_CUDA_ORACLES_05_LAYERNORM_HPP

#include <cstddef>
#include <vector>

#include "common/float_data.hpp"

namespace oracles {

/// What transformer/04 gives for one forward and backward pass, in double.
struct layernorm_reference {
    std::vector<double> y, mean, rstd;      ///< the forward: y (R·C), the cache's μ and r (R)
    std::vector<double> dx, dgamma, dbeta;  ///< the backward from zeroed gradients
};

/// transformer::layer_norm_forward, then layer_norm_backward with dy, on a layer of cols channels
/// with weight gamma and bias beta, for the rows × cols input x.
layernorm_reference layernorm_of(int rows, int cols, double eps, const std::vector<float>& x,
                                 const std::vector<float>& gamma, const std::vector<float>& beta,
                                 const std::vector<float>& dy);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_CUDA_ORACLES_05_LAYERNORM_HPP
