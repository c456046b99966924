// SPDX-License-Identifier: MIT
// Oracles of tests/nn/08_regularization.cpp: xtensor and the golden file, no code of the topic.
#include "08_regularization.hpp"

#include <algorithm>
#include <cmath>

#include <xtensor/xrandom.hpp>

#include <llmlings/testing.hpp>

namespace oracles {

void seed_random(unsigned seed) {
    xt::random::seed(seed);
}

matrix normal_matrix(std::size_t rows, std::size_t cols, double mean, double sd) {
    if (mean == 0.0 && sd == 1.0) return xt::random::randn<double>({rows, cols});
    return mean + sd * xt::random::randn<double>({rows, cols});
}

vector normal_vector(std::size_t n, double mean, double sd) {
    if (mean == 0.0 && sd == 1.0) return xt::random::randn<double>({n});
    return mean + sd * xt::random::randn<double>({n});
}

template <class T>
matrix_of<T> rounded(const matrix& m) {
    return xt::cast<T>(m);
}

template <class T>
matrix widened(const matrix_of<T>& m) {
    return xt::cast<double>(m);
}

template <class T>
matrix round_trip(const matrix& m) {
    return xt::cast<double>(xt::cast<T>(m));
}

template <class T>
vector round_trip(const vector& v) {
    return xt::cast<double>(xt::cast<T>(v));
}

template <class T>
vector values_of(const llmlings::parameter<T>& p) {
    vector out = xt::zeros<double>({p.size()});
    for (std::size_t k = 0; k < p.size(); ++k) out(k) = static_cast<double>(p.data()[k]);
    return out;
}

template <class T>
vector grads_of(const llmlings::parameter<T>& p) {
    vector out = xt::zeros<double>({p.size()});
    for (std::size_t k = 0; k < p.size(); ++k) out(k) = static_cast<double>(p.grad_data()[k]);
    return out;
}

vector scaled(const vector& v, double c) {
    return c * v;
}

template <class T>
matrix_of<T> filled(std::size_t rows, std::size_t cols, double c) {
    matrix_of<T> out({rows, cols});
    std::fill(out.begin(), out.end(), static_cast<T>(c));
    return out;
}

template <class T>
matrix_of<T> times(const matrix_of<T>& x, const matrix_of<T>& m) {
    return x * m;
}

template <class T>
matrix zero_pattern(const matrix_of<T>& m) {
    matrix out(m.shape());
    for (std::size_t k = 0; k < m.size(); ++k) out.data()[k] = m.data()[k] == T(0) ? 1.0 : 0.0;
    return out;
}

template <class T>
std::size_t count_other_than(const matrix_of<T>& m, double a, double b) {
    std::size_t n = 0;
    for (std::size_t k = 0; k < m.size(); ++k)
        if (m.data()[k] != static_cast<T>(a) && m.data()[k] != static_cast<T>(b)) ++n;
    return n;
}

template <class T>
double max_abs(const matrix_of<T>& m) {
    double out = 0.0;
    for (std::size_t k = 0; k < m.size(); ++k) out = std::max(out, std::fabs(static_cast<double>(m.data()[k])));
    return out;
}

namespace {

template <class T, class E>
void copy_into(T* out, std::size_t size, const E& e) {
    if (e.size() != size) throw llmlings::shape_error("oracles::set_values", "size differs from the parameter's");
    for (std::size_t k = 0; k < size; ++k) out[k] = static_cast<T>(e.data()[k]);
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
void set_grads(const llmlings::parameter<T>& p, const matrix& m) {
    copy_into(p.grad_data(), p.size(), m);
}
template <class T>
void set_grads(const llmlings::parameter<T>& p, const vector& v) {
    copy_into(p.grad_data(), p.size(), v);
}

#define ORACLES_08_INSTANTIATE(T)                                                  \
    template matrix_of<T> rounded<T>(const matrix&);                               \
    template matrix widened<T>(const matrix_of<T>&);                               \
    template matrix round_trip<T>(const matrix&);                                  \
    template vector round_trip<T>(const vector&);                                  \
    template vector values_of<T>(const llmlings::parameter<T>&);                   \
    template vector grads_of<T>(const llmlings::parameter<T>&);                    \
    template matrix_of<T> filled<T>(std::size_t, std::size_t, double);             \
    template matrix_of<T> times<T>(const matrix_of<T>&, const matrix_of<T>&);      \
    template matrix zero_pattern<T>(const matrix_of<T>&);                          \
    template std::size_t count_other_than<T>(const matrix_of<T>&, double, double); \
    template double max_abs<T>(const matrix_of<T>&);                               \
    template void set_values<T>(const llmlings::parameter<T>&, const matrix&);     \
    template void set_values<T>(const llmlings::parameter<T>&, const vector&);     \
    template void set_grads<T>(const llmlings::parameter<T>&, const matrix&);      \
    template void set_grads<T>(const llmlings::parameter<T>&, const vector&);
ORACLES_08_INSTANTIATE(float)
ORACLES_08_INSTANTIATE(double)
#undef ORACLES_08_INSTANTIATE

double quadratic_loss(const matrix& y, const matrix& c) {
    double sum = 0.0;
    for (std::size_t k = 0; k < y.size(); ++k) sum += c.data()[k] * y.data()[k] + 0.5 * y.data()[k] * y.data()[k];
    return sum;
}

matrix quadratic_loss_grad(const matrix& y, const matrix& c) {
    return c + y;
}

double linear_loss(const matrix& y, const matrix& dy) {
    double sum = 0.0;
    for (std::size_t k = 0; k < y.size(); ++k) sum += y.data()[k] * dy.data()[k];
    return sum;
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

dropout_summary summarize_dropout(const matrix& x, const matrix& y, const matrix& mask, double p) {
    dropout_summary s;
    for (std::size_t k = 0; k < mask.size(); ++k) {
        const double m = mask.data()[k];
        if (!(m == 0.0 || m == 1.0 / (1.0 - p)) || y.data()[k] != x.data()[k] * m) ++s.bad;
        if (m != 0.0) s.kept += 1.0;
        s.mean += y.data()[k];
    }
    s.mean /= static_cast<double>(mask.size());
    return s;
}

batch_norm_golden load_batch_norm_golden() {
    using llmlings::testing::golden_file;
    const golden_file g = golden_file::load(llmlings::testing::golden_path("nn/08_regularization.txt"));
    batch_norm_golden out;
    out.gamma = g.array("gamma");
    out.beta = g.array("beta");
    out.x = g.array("x");
    out.y = g.array("y");
    out.dy = g.array("dy");
    out.dx = g.array("dx");
    out.dgamma = g.array("dgamma");
    out.dbeta = g.array("dbeta");
    out.rmean1 = g.array("rmean1");
    out.rvar1 = g.array("rvar1");
    out.x2 = g.array("x2");
    out.rmean2 = g.array("rmean2");
    out.rvar2 = g.array("rvar2");
    out.xe = g.array("xe");
    out.ye = g.array("ye");
    return out;
}

}  // namespace oracles
