// SPDX-License-Identifier: MIT
// Oracles of tests/nn/13_training_utilities.cpp: the golden file, stores and plain copies, no code
// of nn/13.
#include "13_training_utilities.hpp"

#include <llmlings/testing.hpp>
#include <llmlings/testing/golden.hpp>

#include <xtensor/xmanipulation.hpp>

#include <utility>

namespace oracles {

tensor_values::tensor_values(const matrix& m) : shape{m.shape(0), m.shape(1)}, values(m.begin(), m.end()) {}

tensor_values::tensor_values(const vector& v) : shape{v.size()}, values(v.begin(), v.end()) {}

tensor_values::tensor_values(std::vector<std::size_t> s, std::vector<double> v)
    : shape(std::move(s)), values(std::move(v)) {}

template <class T>
gradients<T>::gradients(const std::vector<tensor_values>& grads) {
    for (const tensor_values& g : grads) {
        tensors.push_back(store.add("g" + std::to_string(tensors.size()), g.shape));
        T* out = tensors.back().grad_data();
        for (std::size_t i = 0; i < g.values.size(); ++i) out[i] = static_cast<T>(g.values[i]);
    }
}

template <class T>
vector gradients<T>::grad(std::size_t k) const {
    return grads_of(tensors.at(k));
}

template struct gradients<float>;
template struct gradients<double>;

namespace {

tensor_values from_golden(const xt::xarray<double>& a) {
    return tensor_values(std::vector<std::size_t>(a.shape().begin(), a.shape().end()),
                         std::vector<double>(a.begin(), a.end()));
}

}  // namespace

const torch_clipping& torch_clip_golden() {
    static const torch_clipping golden = [] {
        const auto g =
            llmlings::testing::golden_file::load(llmlings::testing::golden_path("nn/13_training_utilities.txt"));
        torch_clipping t;
        for (int k = 0; k < 3; ++k) {
            const std::string i = std::to_string(k);
            t.before.push_back(from_golden(g.array("g" + i)));
            t.by_norm.push_back(xt::flatten(g.array("c" + i)));
            t.by_value.push_back(xt::flatten(g.array("v" + i)));
        }
        t.norm = g.array("norm")(0);
        return t;
    }();
    return golden;
}

template <class T>
vector rounded_values(const vector& values) {
    vector out = values;
    for (double& x : out) x = static_cast<double>(static_cast<T>(x));
    return out;
}
template vector rounded_values<float>(const vector&);
template vector rounded_values<double>(const vector&);

}  // namespace oracles
