// SPDX-License-Identifier: MIT
#include "07_dequant_matmul.hpp"

#include <cmath>

#include <llmlings/peft/04_quantization.hpp>
#include <llmlings/peft/05_nf4.hpp>

namespace oracles {

namespace {
llmlings::matrix_of<float> to_matrix(int rows, int cols, const std::vector<float>& v) {
    llmlings::matrix_of<float> m =
        llmlings::matrix_of<float>::from_shape({static_cast<std::size_t>(rows), static_cast<std::size_t>(cols)});
    for (std::size_t i = 0; i < v.size(); ++i) m.data()[i] = v[i];
    return m;
}
}  // namespace

int8_weights int8_of(int out, int in, const std::vector<float>& w, int block) {
    namespace peft = llmlings::peft;
    peft::quant_layout layout;
    layout.granularity = block == 0 ? peft::quant_granularity::per_channel : peft::quant_granularity::per_block;
    if (block > 0) layout.block = static_cast<std::size_t>(block);
    const llmlings::matrix_of<float> m = to_matrix(out, in, w);
    const peft::int8_absmax<float> q = peft::quantize_absmax(m, layout);
    llmlings::matrix_of<float> back = llmlings::matrix_of<float>::from_shape(m.shape());
    peft::dequantize(q, llmlings::as_rows(back));
    int8_weights r;
    r.codes = q.q;
    r.scales = q.scales;
    r.group = block == 0 ? in : block;
    r.dequantized.assign(back.data(), back.data() + back.size());
    return r;
}

nf4_weights nf4_of(int out, int in, const std::vector<float>& w, int block) {
    namespace peft = llmlings::peft;
    const llmlings::matrix_of<float> m = to_matrix(out, in, w);
    const peft::nf4_tensor<float> q = peft::quantize_nf4(m, static_cast<std::size_t>(block), true);
    llmlings::matrix_of<float> back = llmlings::matrix_of<float>::from_shape(m.shape());
    peft::dequantize(q, llmlings::as_rows(back));
    nf4_weights r;
    r.packed = q.packed;
    for (std::size_t b = 0; b < w.size() / static_cast<std::size_t>(block); ++b)
        r.scales.push_back(peft::nf4_block_scale(q, b));
    for (double level : peft::nf4_levels()) r.levels.push_back(static_cast<float>(level));
    r.block = block;
    r.dequantized.assign(back.data(), back.data() + back.size());
    return r;
}

std::vector<double> linear_reference(int batch, int in, int out, const std::vector<float>& x,
                                     const std::vector<float>& w) {
    std::vector<double> y(static_cast<std::size_t>(batch) * static_cast<std::size_t>(out));
    for (int b = 0; b < batch; ++b)
        for (int o = 0; o < out; ++o) {
            double acc = 0.0;
            for (int i = 0; i < in; ++i)
                acc += static_cast<double>(x[static_cast<std::size_t>(b * in + i)]) *
                       w[static_cast<std::size_t>(o * in + i)];
            y[static_cast<std::size_t>(b * out + o)] = acc;
        }
    return y;
}

std::vector<double> linear_bound(int batch, int in, int out, const std::vector<float>& x, const std::vector<float>& w) {
    std::vector<float> ax(x.size()), aw(w.size());
    for (std::size_t i = 0; i < x.size(); ++i) ax[i] = std::fabs(x[i]);
    for (std::size_t i = 0; i < w.size(); ++i) aw[i] = std::fabs(w[i]);
    std::vector<double> bound = linear_reference(batch, in, out, ax, aw);
    for (double& v : bound) v *= (in + 2) * std::ldexp(1.0, -24);
    return bound;
}

std::size_t first_outside(const std::vector<float>& got, const std::vector<double>& want,
                          const std::vector<double>& bound) {
    if (got.size() != want.size()) return 0;
    for (std::size_t i = 0; i < got.size(); ++i)
        if (!(std::fabs(got[i] - want[i]) <= bound[i])) return i;
    return got.size();
}

}  // namespace oracles
