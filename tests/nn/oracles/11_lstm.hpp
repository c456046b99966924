// SPDX-License-Identifier: MIT
// The oracles of tests/nn/11_lstm.cpp, compiled once in oracles/11_lstm.cpp (never with the
// learner's file): seeded random data, the torch LSTMCell golden file, the test loss, the gradient
// checks (instantiated here once), slices of (B,T,F) tensors and element-wise helpers. Each returns
// plain containers, so the test file instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_NN_ORACLES_11_LSTM_HPP
#define LLMLINGS_TESTS_NN_ORACLES_11_LSTM_HPP

#include <cstddef>
#include <functional>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/testing/gradcheck.hpp>

namespace oracles {

using llmlings::matrix;
using llmlings::matrix_of;
using llmlings::tensor3;
using llmlings::tensor3_of;
using llmlings::vector;

/// xt::random::seed(seed).
void seed_random(unsigned seed);
/// sd·N(0, 1) numbers, the next ones of xt::random's stream, in row-major order.
matrix normal_matrix(std::size_t rows, std::size_t cols, double sd = 1.0);
vector normal_vector(std::size_t n, double sd = 1.0);
tensor3 normal_tensor3(std::size_t b, std::size_t t, std::size_t f, double sd = 1.0);

/// A double tensor rounded to T (float or double).
template <class T>
matrix_of<T> rounded(const matrix& m);
template <class T>
tensor3_of<T> rounded(const tensor3& t);
/// Tensors of copies of c.
template <class T>
matrix_of<T> filled(std::size_t rows, std::size_t cols, double c);
template <class T>
tensor3_of<T> filled(std::size_t b, std::size_t t, std::size_t f, double c);
/// max |xᵢ|.
template <class T>
double max_abs(const tensor3_of<T>& x);
double max_abs(const vector& v);
/// √(Σ mᵢ²).
double norm(const matrix& m);
/// a + b element by element.
tensor3 plus(const tensor3& a, const tensor3& b);
matrix plus(const matrix& a, const matrix& b);
/// c·v.
vector scaled(const vector& v, double c);
/// Step t of a (B,T,F) tensor: the (B,F) matrix x[:, t, :]; and the (F) row x[b, t, :].
matrix step_of(const tensor3& x, std::size_t t);
template <class T>
vector row_of(const tensor3_of<T>& x, std::size_t b, std::size_t t);

/// Writes m (or v), rounded to T, into a parameter's values; multiplies its values by c.
template <class T>
void set_values(const llmlings::parameter<T>& p, const matrix& m);
template <class T>
void set_values(const llmlings::parameter<T>& p, const vector& v);
template <class T>
void scale_values(const llmlings::parameter<T>& p, double c);
/// A parameter's values or gradients, widened to double, as a flat vector.
template <class T>
vector values_of(const llmlings::parameter<T>& p);
template <class T>
vector grads_of(const llmlings::parameter<T>& p);

/// The test loss L = Σ c⊙h + ½ Σ h² (dL/dh = c + h depends on the parameters).
template <class T>
double quadratic_loss(const tensor3_of<T>& h, const tensor3& c);

/// llmlings::testing::gradient_check of a loss of a tensor at x against `analytic`, and
/// check_store_gradients, instantiated here once (the test file passes its lambdas as
/// std::function).
llmlings::testing::gradient_report tensor3_gradient_check(const std::function<double(const tensor3&)>& loss,
                                                          const tensor3& x, const tensor3& analytic);
llmlings::testing::gradient_report matrix_gradient_check(const std::function<double(const matrix&)>& loss,
                                                         const matrix& x, const matrix& analytic);
std::vector<llmlings::testing::tensor_gradient_report> store_gradient_check(llmlings::parameter_store<double>& store,
                                                                            const std::function<double()>& loss);

/// The largest relative error of the vectorised sigmoid `f` against ml/03's sigmoid over z in
/// [−40, 40] by steps of 0.01, in units of epsilon of T (the float reference is ml/03's sigmoid at
/// the float argument, rounded to float).
double worst_sigmoid_error_float(const std::function<float(float)>& f);
double worst_sigmoid_error_double(const std::function<double(double)>& f);

/// tests/golden/nn/11_lstm.txt (tools/golden/nn_recurrent.py, torch.nn.LSTMCell in float64): the
/// cell's weights and biases, x (B,T,I), h0 and c0 (B,H), the states h and c (B,T,H), the upstream
/// gradient dy, and dx, dh0, dc0 and the parameter gradients (dW_ih and dW_hh flattened in
/// row-major order, as grads_of() gives them).
struct lstm_golden {
    matrix w_ih, w_hh;
    vector b_ih, b_hh;
    tensor3 x, h, c, dy, dx;
    matrix h0, c0, dh0, dc0;
    vector dw_ih, dw_hh, db_ih, db_hh;
};
lstm_golden load_lstm_golden();

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NN_ORACLES_11_LSTM_HPP
