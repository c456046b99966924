// SPDX-License-Identifier: MIT
// The oracles of tests/nn/07_optimizers.cpp, compiled once in oracles/07_optimizers.cpp (never
// with the learner's file): the golden values of torch.optim and its schedulers
// (tests/golden/nn/07_optimizers.txt) and the gradient of the golden quadratic.
#ifndef LLMLINGS_TESTS_NN_ORACLES_07_OPTIMIZERS_HPP
#define LLMLINGS_TESTS_NN_ORACLES_07_OPTIMIZERS_HPP

#include <cstddef>
#include <string>

#include <llmlings/core.hpp>

namespace oracles {

using llmlings::matrix;
using llmlings::vector;

/// The golden problem: parameters M (2,3) and v (3) on f = Σ ½·curv·p² + lin·p, whose gradient is
/// curv⊙p + lin, with the start values of tools/golden/nn_optimizers.py.
struct golden_quadratic {
    matrix start_M, curv_M, lin_M;
    vector start_v, curv_v, lin_v;
};
golden_quadratic load_golden_quadratic();

/// The golden M and v after k steps of the named optimizer ("sgd", "adam", ...: name_M_k, name_v_k).
matrix golden_M(const std::string& name, int k);
vector golden_v(const std::string& name, int k);
/// The golden learning rates of a torch scheduler at t = 0..19 ("lr_step", "lr_cosine", ...).
vector golden_rates(const std::string& name);

/// The gradient curv⊙p + lin of the quadratic at the values of M and v, written into gM and gv, in
/// T: computed in double from the T values, rounded once.
template <class T>
void quadratic_gradient(const golden_quadratic& q, const T* M, const T* v, T* gM, T* gv);

/// v times c element by element.
vector scaled(const vector& v, double c);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NN_ORACLES_07_OPTIMIZERS_HPP
