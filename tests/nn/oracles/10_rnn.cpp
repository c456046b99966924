// SPDX-License-Identifier: MIT
// Oracles of tests/nn/10_rnn.cpp: xtensor, the golden file and the gradient checks, no code of
// the topic.
#include "10_rnn.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <xtensor/xrandom.hpp>
#include <xtensor/xview.hpp>

#include <llmlings/testing.hpp>

namespace oracles {

void seed_random(unsigned seed) {
    xt::random::seed(seed);
}

matrix normal_matrix(std::size_t rows, std::size_t cols, double sd) {
    if (sd == 1.0) return xt::random::randn<double>({rows, cols});
    return sd * xt::random::randn<double>({rows, cols});
}

vector normal_vector(std::size_t n, double sd) {
    if (sd == 1.0) return xt::random::randn<double>({n});
    return sd * xt::random::randn<double>({n});
}

tensor3 normal_tensor3(std::size_t b, std::size_t t, std::size_t f, double sd) {
    if (sd == 1.0) return xt::random::randn<double>({b, t, f});
    return sd * xt::random::randn<double>({b, t, f});
}

template <class T>
matrix_of<T> rounded(const matrix& m) {
    return xt::cast<T>(m);
}

template <class T>
tensor3_of<T> rounded(const tensor3& t) {
    return xt::cast<T>(t);
}

template <class T>
matrix_of<T> filled(std::size_t rows, std::size_t cols, double c) {
    matrix_of<T> out({rows, cols});
    std::fill(out.begin(), out.end(), static_cast<T>(c));
    return out;
}

template <class T>
tensor3_of<T> filled(std::size_t b, std::size_t t, std::size_t f, double c) {
    tensor3_of<T> out({b, t, f});
    std::fill(out.begin(), out.end(), static_cast<T>(c));
    return out;
}

template <class T>
double max_abs(const tensor3_of<T>& x) {
    double out = 0.0;
    for (std::size_t k = 0; k < x.size(); ++k) out = std::max(out, std::fabs(static_cast<double>(x.data()[k])));
    return out;
}

double max_abs(const vector& v) {
    return xt::amax(xt::abs(v))();
}

double norm(const matrix& m) {
    return std::sqrt(xt::sum(m * m)());
}

tensor3 plus(const tensor3& a, const tensor3& b) {
    return a + b;
}

matrix plus(const matrix& a, const matrix& b) {
    return a + b;
}

vector scaled(const vector& v, double c) {
    return c * v;
}

matrix step_of(const tensor3& x, std::size_t t) {
    return xt::view(x, xt::all(), t, xt::all());
}

namespace {

template <class T, class E>
void copy_into(T* out, std::size_t size, const E& e) {
    if (e.size() != size) throw llmlings::shape_error("oracles::set_values", "size differs from the parameter's");
    for (std::size_t k = 0; k < size; ++k) out[k] = static_cast<T>(e.data()[k]);
}

template <class T>
vector widened(const T* data, std::size_t size) {
    vector out = xt::zeros<double>({size});
    for (std::size_t k = 0; k < size; ++k) out(k) = static_cast<double>(data[k]);
    return out;
}

}  // namespace

template <class T>
void set_values(const llmlings::parameter<T>& p, const matrix& m) {
    copy_into(p.data(), p.size(), m);
}

template <class T>
void set_values(const llmlings::parameter<T>& p, const vector& v) {
    copy_into(p.data(), p.size(), v);
}

template <class T>
void scale_values(const llmlings::parameter<T>& p, double c) {
    for (std::size_t k = 0; k < p.size(); ++k) p.data()[k] *= static_cast<T>(c);
}

template <class T>
vector values_of(const llmlings::parameter<T>& p) {
    return widened(p.data(), p.size());
}

template <class T>
vector grads_of(const llmlings::parameter<T>& p) {
    return widened(p.grad_data(), p.size());
}

template <class T>
double quadratic_loss(const tensor3_of<T>& h, const tensor3& c) {
    double sum = 0.0;
    for (std::size_t k = 0; k < h.size(); ++k) {
        const double v = static_cast<double>(h.data()[k]);
        sum += c.data()[k] * v + 0.5 * v * v;
    }
    return sum;
}

#define ORACLES_10_INSTANTIATE(T)                                                    \
    template matrix_of<T> rounded<T>(const matrix&);                                 \
    template tensor3_of<T> rounded<T>(const tensor3&);                               \
    template matrix_of<T> filled<T>(std::size_t, std::size_t, double);               \
    template tensor3_of<T> filled<T>(std::size_t, std::size_t, std::size_t, double); \
    template double max_abs<T>(const tensor3_of<T>&);                                \
    template void set_values<T>(const llmlings::parameter<T>&, const matrix&);       \
    template void set_values<T>(const llmlings::parameter<T>&, const vector&);       \
    template void scale_values<T>(const llmlings::parameter<T>&, double);            \
    template vector values_of<T>(const llmlings::parameter<T>&);                     \
    template vector grads_of<T>(const llmlings::parameter<T>&);                      \
    template double quadratic_loss<T>(const tensor3_of<T>&, const tensor3&);
ORACLES_10_INSTANTIATE(float)
ORACLES_10_INSTANTIATE(double)
#undef ORACLES_10_INSTANTIATE

llmlings::testing::gradient_report tensor3_gradient_check(const std::function<double(const tensor3&)>& loss,
                                                          const tensor3& x, const tensor3& analytic) {
    const auto f = [&](const xt::xarray<double>& point) { return loss(tensor3(point)); };
    return llmlings::testing::gradient_check(f, x, analytic);
}

llmlings::testing::gradient_report matrix_gradient_check(const std::function<double(const matrix&)>& loss,
                                                         const matrix& x, const matrix& analytic) {
    const auto f = [&](const xt::xarray<double>& point) { return loss(matrix(point)); };
    return llmlings::testing::gradient_check(f, x, analytic);
}

std::vector<llmlings::testing::tensor_gradient_report> store_gradient_check(llmlings::parameter_store<double>& store,
                                                                            const std::function<double()>& loss) {
    return llmlings::testing::check_store_gradients(store, loss);
}

double worst_tanh_error_float(const std::function<float(float)>& f) {
    double worst = 0.0;
    for (double v = -20.0; v <= 20.0; v += 0.01)
        for (double x0 : {v, v * 1e-3, v * 1e-9}) {
            if (x0 == 0.0) continue;
            const float xf = static_cast<float>(x0);
            const double tf = std::tanh(static_cast<double>(xf));  // the exact value at the float argument
            worst = std::max(worst, std::fabs(static_cast<double>(f(xf)) - tf) / std::fabs(tf) /
                                        std::numeric_limits<float>::epsilon());
        }
    return worst;
}

double worst_tanh_error_double(const std::function<double(double)>& f) {
    double worst = 0.0;
    for (double v = -20.0; v <= 20.0; v += 0.01)
        for (double x0 : {v, v * 1e-3, v * 1e-9}) {
            if (x0 == 0.0) continue;
            worst = std::max(worst, std::fabs(f(x0) - std::tanh(x0)) / std::fabs(std::tanh(x0)) /
                                        std::numeric_limits<double>::epsilon());
        }
    return worst;
}

recurrent_golden load_recurrent_golden(const char* relative_path) {
    using llmlings::testing::golden_file;
    const golden_file g = golden_file::load(llmlings::testing::golden_path(relative_path));
    recurrent_golden out;
    out.w_ih = g.array("W_ih");
    out.w_hh = g.array("W_hh");
    out.b_ih = g.array("b_ih");
    out.b_hh = g.array("b_hh");
    out.x = g.array("x");
    out.h0 = g.array("h0");
    out.h = g.array("h");
    out.dy = g.array("dy");
    out.dx = g.array("dx");
    out.dh0 = g.array("dh0");
    out.dw_ih = xt::flatten(g.array("dW_ih"));
    out.dw_hh = xt::flatten(g.array("dW_hh"));
    out.db_ih = g.array("db_ih");
    out.db_hh = g.array("db_hh");
    return out;
}

}  // namespace oracles
