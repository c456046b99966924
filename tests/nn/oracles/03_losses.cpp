// SPDX-License-Identifier: MIT
// Oracles of tests/nn/03_losses.cpp: xtensor, <cmath> and the testing helpers, no code of nn/03.
#include "03_losses.hpp"

#include <cmath>

#include <xtensor/xrandom.hpp>

namespace oracles {

void seed(unsigned s) {
    xt::random::seed(s);
}

matrix next_normal(std::size_t rows, std::size_t cols, double scale) {
    if (scale == 1.0) return xt::random::randn<double>({rows, cols});
    return scale * xt::random::randn<double>({rows, cols});
}

matrix next_uniform(std::size_t rows, std::size_t cols) {
    return xt::random::rand<double>({rows, cols});
}

template <class T>
tensor3_of<T> next_normal3(std::size_t b, std::size_t t, std::size_t c, double scale) {
    return xt::cast<T>(scale * xt::random::randn<double>({b, t, c}));
}

template <class T>
matrix_of<T> rows_of(const tensor3_of<T>& x) {
    return xt::reshape_view(x, {x.shape()[0] * x.shape()[1], x.shape()[2]});
}

template <class T>
matrix rows_to_double(const tensor3_of<T>& x) {
    return xt::cast<double>(rows_of(x));
}

template tensor3_of<float> next_normal3<float>(std::size_t, std::size_t, std::size_t, double);
template tensor3_of<double> next_normal3<double>(std::size_t, std::size_t, std::size_t, double);
template matrix_of<float> rows_of<float>(const tensor3_of<float>&);
template matrix_of<double> rows_of<double>(const tensor3_of<double>&);
template matrix rows_to_double<float>(const tensor3_of<float>&);
template matrix rows_to_double<double>(const tensor3_of<double>&);

bool all_equal(const matrix& x, double c) {
    for (double v : x)
        if (v != c) return false;
    return true;
}

double naive_bce(const matrix& z, const matrix& y) {
    double naive = 0.0;
    for (std::size_t i = 0; i < z.size(); ++i) {
        const double p = 1.0 / (1.0 + std::exp(-z.data()[i]));
        naive -= y.data()[i] * std::log(p) + (1.0 - y.data()[i]) * std::log(1.0 - p);
    }
    return naive / static_cast<double>(z.size());
}

double naive_cross_entropy(const matrix& x, const index_vector& t) {
    const std::size_t rows = x.shape()[0], classes = x.shape()[1];
    double loss = 0.0;
    for (std::size_t b = 0; b < rows; ++b) {
        double sum = 0.0;
        for (std::size_t c = 0; c < classes; ++c) sum += std::exp(x(b, c));  // naive: fine at |x| ~ 2
        loss -= std::log(std::exp(x(b, t(b))) / sum);
    }
    return loss / static_cast<double>(rows);
}

matrix naive_cross_entropy_gradient(const matrix& x, const index_vector& t) {
    const std::size_t rows = x.shape()[0], classes = x.shape()[1];
    matrix expected({rows, classes});
    for (std::size_t b = 0; b < rows; ++b) {
        double sum = 0.0;
        for (std::size_t c = 0; c < classes; ++c) sum += std::exp(x(b, c));
        for (std::size_t c = 0; c < classes; ++c)
            expected(b, c) = (std::exp(x(b, c)) / sum - (c == t(b))) / static_cast<double>(rows);
    }
    return expected;
}

}  // namespace oracles
