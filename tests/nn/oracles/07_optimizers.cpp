// SPDX-License-Identifier: MIT
// Oracles of tests/nn/07_optimizers.cpp: the golden file and plain arithmetic, no code of nn/07.
#include "07_optimizers.hpp"

#include <llmlings/testing.hpp>
#include <llmlings/testing/golden.hpp>

namespace oracles {

namespace {

const llmlings::testing::golden_file& golden() {
    static const llmlings::testing::golden_file g =
        llmlings::testing::golden_file::load(llmlings::testing::golden_path("nn/07_optimizers.txt"));
    return g;
}

}  // namespace

golden_quadratic load_golden_quadratic() {
    const auto& g = golden();
    golden_quadratic q;
    q.start_M = g.array("start_M");
    q.curv_M = g.array("curv_M");
    q.lin_M = g.array("lin_M");
    q.start_v = g.array("start_v");
    q.curv_v = g.array("curv_v");
    q.lin_v = g.array("lin_v");
    return q;
}

matrix golden_M(const std::string& name, int k) {
    return golden().array(name + "_M_" + std::to_string(k));
}

vector golden_v(const std::string& name, int k) {
    return golden().array(name + "_v_" + std::to_string(k));
}

vector golden_rates(const std::string& name) {
    return golden().array(name);
}

template <class T>
void quadratic_gradient(const golden_quadratic& q, const T* M, const T* v, T* gM, T* gv) {
    for (std::size_t i = 0; i < q.curv_M.size(); ++i)
        gM[i] = static_cast<T>(q.curv_M.data()[i] * M[i] + q.lin_M.data()[i]);
    for (std::size_t i = 0; i < q.curv_v.size(); ++i) gv[i] = static_cast<T>(q.curv_v(i) * v[i] + q.lin_v(i));
}

template void quadratic_gradient<float>(const golden_quadratic&, const float*, const float*, float*, float*);
template void quadratic_gradient<double>(const golden_quadratic&, const double*, const double*, double*, double*);

vector scaled(const vector& v, double c) {
    return v * c;
}

}  // namespace oracles
