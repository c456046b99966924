// SPDX-License-Identifier: MIT
// Oracles of tests/nn/08_regularization.cpp: xtensor, the golden file and nn/07's SGD (an earlier
// topic), no code of the topic; the shared helpers are common/oracles.cpp's.
#include "08_regularization.hpp"

#include <xtensor/xrandom.hpp>

#include <llmlings/nn/07_optimizers.hpp>  // an earlier topic: its reference SGD
#include <llmlings/testing.hpp>

namespace oracles {

matrix normal_matrix(std::size_t rows, std::size_t cols, double mean, double sd) {
    if (mean == 0.0 && sd == 1.0) return xt::random::randn<double>({rows, cols});
    return mean + sd * xt::random::randn<double>({rows, cols});
}

vector normal_vector(std::size_t n, double mean, double sd) {
    if (mean == 0.0 && sd == 1.0) return xt::random::randn<double>({n});
    return mean + sd * xt::random::randn<double>({n});
}

template <class T>
matrix widened(const matrix_of<T>& m) {
    return xt::cast<double>(m);
}

template <class T>
void sgd_steps(const llmlings::parameter_store<T>& store, double lr, double weight_decay, int steps,
               const std::function<void()>& before_step) {
    llmlings::nn::sgd_options options;
    options.lr = lr;
    options.weight_decay = weight_decay;
    llmlings::nn::sgd_optimizer<T> sgd = llmlings::nn::make_sgd(store, options);
    for (int k = 0; k < steps; ++k) {
        before_step();
        llmlings::nn::step(sgd);
    }
}

template <class T>
vector widened(const llmlings::vector_of<T>& v) {
    return xt::cast<double>(v);
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

#define ORACLES_08_INSTANTIATE(T)                                                        \
    template matrix widened<T>(const matrix_of<T>&);                                     \
    template vector widened<T>(const llmlings::vector_of<T>&);                           \
    template void sgd_steps<T>(const llmlings::parameter_store<T>&, double, double, int, \
                               const std::function<void()>&);                            \
    template matrix round_trip<T>(const matrix&);                                        \
    template vector round_trip<T>(const vector&);                                        \
    template matrix_of<T> times<T>(const matrix_of<T>&, const matrix_of<T>&);            \
    template matrix zero_pattern<T>(const matrix_of<T>&);                                \
    template std::size_t count_other_than<T>(const matrix_of<T>&, double, double);
ORACLES_08_INSTANTIATE(float)
ORACLES_08_INSTANTIATE(double)
#undef ORACLES_08_INSTANTIATE

double linear_loss(const matrix& y, const matrix& dy) {
    double sum = 0.0;
    for (std::size_t k = 0; k < y.size(); ++k) sum += y.data()[k] * dy.data()[k];
    return sum;
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
