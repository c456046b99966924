// SPDX-License-Identifier: MIT
// Oracles of tests/nn/02_activations.cpp: xtensor, ml/03's softmax (an earlier topic) and the
// testing helpers, no code of nn/02.
#include "02_activations.hpp"

#include <llmlings/ml/03_logistic_regression.hpp>

namespace oracles {

template <class T>
matrix_of<T> softmax_rows(const matrix_of<T>& x) {
    matrix_of<T> y(x.shape());
    llmlings::ml::softmax(llmlings::as_rows(x), llmlings::as_rows(y));
    return y;
}

template <class T>
matrix_of<T> log_softmax_rows(const matrix_of<T>& x) {
    matrix_of<T> z(x.shape());
    llmlings::ml::log_softmax(llmlings::as_rows(x), llmlings::as_rows(z));
    return z;
}

template matrix_of<float> softmax_rows<float>(const matrix_of<float>&);
template matrix_of<double> softmax_rows<double>(const matrix_of<double>&);
template matrix_of<float> log_softmax_rows<float>(const matrix_of<float>&);
template matrix_of<double> log_softmax_rows<double>(const matrix_of<double>&);

gradient_report check_scalar_derivative(const std::function<double(double)>& f, double x0, double analytic) {
    const llmlings::vector x{x0};
    const llmlings::vector a{analytic};
    const auto at = [&](const xt::xarray<double>& v) { return f(v(0)); };
    return llmlings::testing::gradient_check(at, x, a);
}

gradient_report check_softmax_loss_gradient(const matrix& x, const matrix& w, const matrix& analytic) {
    const auto loss = [&](const xt::xarray<double>& v) {
        return static_cast<double>(xt::sum(w * llmlings::ml::softmax(matrix(v)))());
    };
    return llmlings::testing::gradient_check(loss, x, analytic);
}

gradient_report check_log_softmax_loss_gradient(const matrix& x, const matrix& w, const matrix& analytic) {
    const auto loss = [&](const xt::xarray<double>& v) {
        return static_cast<double>(xt::sum(w * llmlings::ml::log_softmax(matrix(v)))());
    };
    return llmlings::testing::gradient_check(loss, x, analytic);
}

}  // namespace oracles
