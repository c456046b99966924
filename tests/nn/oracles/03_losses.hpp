// SPDX-License-Identifier: MIT
// The oracles of tests/nn/03_losses.cpp, compiled once in oracles/03_losses.cpp (never with the
// learner's file): seeded random inputs and the naive loss formulas written out element by
// element; the conversions and the central-difference gradient check are those of
// common/oracles.hpp.
#ifndef LLMLINGS_TESTS_NN_ORACLES_03_LOSSES_HPP
#define LLMLINGS_TESTS_NN_ORACLES_03_LOSSES_HPP

#include <cstddef>

#include "common/oracles.hpp"

namespace oracles {

/// xt::random::seed(seed).
void seed(unsigned seed);
/// The next rows × cols standard normal numbers of xt::random's stream, times `scale`.
matrix next_normal(std::size_t rows, std::size_t cols, double scale = 1.0);
/// The next rows × cols uniform numbers in [0, 1) of xt::random's stream.
matrix next_uniform(std::size_t rows, std::size_t cols);
/// The next b × t × c standard normal numbers times `scale`, rounded to T.
template <class T>
tensor3_of<T> next_normal3(std::size_t b, std::size_t t, std::size_t c, double scale);
/// A (B,T,C) tensor as its (B·T, C) rows in double.
template <class T>
matrix rows_to_double(const tensor3_of<T>& x);
/// The (B,T,C) tensor as its (B·T, C) rows, in T.
template <class T>
matrix_of<T> rows_of(const tensor3_of<T>& x);
/// Whether every element of x equals c.
bool all_equal(const matrix& x, double c);

/// The naive binary cross-entropy mean −(y log σ(z) + (1 − y) log(1 − σ(z))), representable for |z| ≲ 10.
double naive_bce(const matrix& z, const matrix& y);
/// The naive cross-entropy mean −log(e^(x_t) / Σ e^x) and its gradient (softmax − onehot) / B,
/// representable for |x| ≲ 10.
double naive_cross_entropy(const matrix& x, const index_vector& targets);
matrix naive_cross_entropy_gradient(const matrix& x, const index_vector& targets);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NN_ORACLES_03_LOSSES_HPP
