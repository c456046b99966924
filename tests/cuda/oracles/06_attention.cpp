// SPDX-License-Identifier: MIT
#include "06_attention.hpp"

#include <cmath>

#include <llmlings/transformer/01_attention.hpp>

namespace oracles {

namespace {
llmlings::tensor3 to_tensor(int a, int b, int c, const std::vector<float>& v) {
    llmlings::tensor3 t = llmlings::tensor3::from_shape(
        {static_cast<std::size_t>(a), static_cast<std::size_t>(b), static_cast<std::size_t>(c)});
    for (std::size_t i = 0; i < v.size(); ++i) t.data()[i] = v[i];
    return t;
}
}  // namespace

std::vector<double> attention_reference(int N, int Tq, int Tk, int d, bool causal, const std::vector<float>& q,
                                        const std::vector<float>& k, const std::vector<float>& v) {
    namespace tr = llmlings::transformer;
    tr::attention_cache<double> cache;
    tr::attention_mask mask;
    mask.causal = causal;
    const llmlings::tensor3 out = tr::attention_forward<double>(to_tensor(N, Tq, d, q), to_tensor(N, Tk, d, k),
                                                                to_tensor(N, Tk, d, v), cache, mask);
    return std::vector<double>(out.data(), out.data() + out.size());
}

}  // namespace oracles
