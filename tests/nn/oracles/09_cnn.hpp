// SPDX-License-Identifier: MIT
// The oracles of tests/nn/09_cnn.cpp, compiled once in oracles/09_cnn.cpp (never with the learner's
// file): seeded random images and layers, the torch golden file, the sklearn digits and the helpers
// of this topic; the seeded random data, the test loss, the gradient checks and the parameter
// helpers are those of common/oracles.hpp. Each returns plain containers, so the test file
// instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_NN_ORACLES_09_CNN_HPP
#define LLMLINGS_TESTS_NN_ORACLES_09_CNN_HPP

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include <llmlings/nn/05_dense.hpp>

#include "common/oracles.hpp"

namespace oracles {

/// N(0, 1) numbers, the next ones of xt::random's stream, in row-major order.
tensor4 normal_tensor4(std::size_t n, std::size_t c, std::size_t h, std::size_t w);
/// seed_random(seed), then normal_tensor4(n, c, h, w).
tensor4 random_images(std::size_t n, std::size_t c, std::size_t h, std::size_t w, unsigned seed);

/// One image (1,1,H,W) of element type T from nested rows.
template <class T = double>
tensor4_of<T> image(const matrix& rows);
/// A double tensor rounded to T.
template <class T>
tensor4_of<T> rounded(const tensor4& t);
/// A tensor of copies of c.
template <class T>
tensor4_of<T> filled(std::size_t n, std::size_t c, std::size_t h, std::size_t w, double value);
/// Indices widened to double.
tensor4 widened(const xt::xtensor<std::size_t, 4>& indices);

/// Seeded N(0,1) weights (out,in,kh,kw) then biases (out), drawn in double and rounded to T, written
/// into the parameters (xtensor's generator, independent of the code under test).
template <class T>
void set_random_conv(const llmlings::parameter<T>& weight, const llmlings::parameter<T>& bias, std::size_t in,
                     std::size_t out, std::size_t kh, std::size_t kw, unsigned seed);
/// Sets every value of a parameter to c.
template <class T>
void fill_values(const llmlings::parameter<T>& p, double c);

/// a + b element by element.
tensor4 plus(const tensor4& a, const tensor4& b);
/// Whether a and b hold the same numbers bit for bit (same shape).
bool identical(const vector& a, const vector& b);
/// Whether every entry of image n of the batch is 0.
bool image_is_zero(const tensor4& x, std::size_t n);
/// Whether every entry of v equals c.
bool all_equal(const vector& v, double c);
/// Σ aᵢ bᵢ over the entries in memory order.
double inner(const matrix& a, const matrix& b);
double inner(const tensor4& a, const tensor4& b);
/// Sample mean and (n−1) variance of all entries.
void moments(const vector& w, double& mean, double& variance);

/// Single entries read (or written) with xtensor's operator(), bounds-checked in the tests' builds,
/// instantiated here once: an index of a max-pooling cache's argmax (N,C,OH,OW), an entry of a
/// float tensor, of a float view and of a read-only float view (N,C,H,W), and of a float matrix view.
std::size_t& element(xt::xtensor<std::size_t, 4>& t, std::size_t n, std::size_t c, std::size_t h, std::size_t w);
float element(const tensor4_of<float>& t, std::size_t n, std::size_t c, std::size_t h, std::size_t w);
float element(const llmlings::tensor_view<float, 4>& t, std::size_t n, std::size_t c, std::size_t h, std::size_t w);
float element(const llmlings::tensor_view<const float, 4>& t, std::size_t n, std::size_t c, std::size_t h,
              std::size_t w);
float& element(llmlings::tensor_view<float, 2>& m, std::size_t i, std::size_t j);

/// One convolution of the golden file (tools/golden/nn_cnn.py, torch in float64): its weight,
/// bias, input, output, upstream gradient and the gradients (dW flattened in row-major order, as
/// grads_of() gives it).
struct conv_golden {
    tensor4 w, x, y, dy, dx;
    vector b, dw, db;
};
/// One pooling of the golden file on the shared input p_x: output, upstream gradient, dx and (max
/// pooling) the argmax indices as doubles.
struct pool_golden {
    tensor4 y, dy, dx, idx;
};
/// The golden file nn/09_cnn.txt: conv "c1_" (stride 1, padding 0) and "c2_" (stride 2, padding 1);
/// max and average pooling with kernels 2 and 3, stride 2, on p_x.
struct cnn_golden {
    conv_golden conv[2];
    tensor4 pool_x;
    pool_golden max_pool[2], avg_pool[2];  // kernels 2 and 3
};
cnn_golden load_cnn_golden();

/// The 8x8 digits of sklearn (if present): pixels scaled from 0..16 to [0, 1], row-major (n, 64),
/// and the labels.
struct digits_data {
    std::size_t n = 0;
    std::vector<float> pixels;
    index_vector labels;
};
digits_data load_digits_scaled();
/// stats/03's random_permutation(n, gen).
index_vector permutation(std::size_t n, llmlings::rng& gen);
/// nn/05's make_dense(store, name, in, out) and init_xavier_uniform(layer, gen) of a float layer,
/// instantiated here once.
llmlings::nn::dense_layer<float> make_dense_float(llmlings::parameter_store<float>& store, const std::string& name,
                                                  std::size_t in, std::size_t out);
void init_xavier_uniform_float(llmlings::nn::dense_layer<float>& layer, llmlings::rng& gen);
/// The weights nn/05's init_he_normal draws from gen for a double dense layer in → out (made by
/// make_dense in a store of its own), in row-major order.
vector dense_he_normal_weights(std::size_t in, std::size_t out, llmlings::rng& gen);
/// llmlings::ensure_shape(buffer, shape) for the buffers of the digits network, instantiated here once.
void ensure_buffer(tensor4_of<float>& buffer, std::initializer_list<std::size_t> shape);
void ensure_buffer(matrix_of<float>& buffer, std::initializer_list<std::size_t> shape);
void ensure_buffer(index_vector& buffer, std::initializer_list<std::size_t> shape);
/// nn/05's dense_forward(layer, x, y) and dense_backward(layer, x, dy, dx) in float, instantiated
/// here once.
void dense_forward_float(const llmlings::nn::dense_layer<float>& layer, const llmlings::const_matrix_view<float>& x,
                         llmlings::matrix_view<float> y);
void dense_backward_float(const llmlings::nn::dense_layer<float>& layer, const llmlings::const_matrix_view<float>& x,
                          const llmlings::const_matrix_view<float>& dy, llmlings::matrix_view<float> dx);
/// nn/03's cross_entropy_with_logits(as_rows(logits), targets, as_rows(grad)) in float: the mean
/// loss, and its gradient written into grad (already of the logits' shape).
double cross_entropy_into(const matrix_of<float>& logits, const index_vector& targets, matrix_of<float>& grad);
/// nn/07's Adam over a float store, make_adam(store, adam_options{learning_rate, beta1, beta2,
/// epsilon, weight_decay}); step() is nn/07's step(). The optimizer lives in oracles/09_cnn.cpp.
class float_adam {
public:
    float_adam(llmlings::parameter_store<float>& store, double learning_rate, double beta1, double beta2,
               double epsilon, double weight_decay);
    ~float_adam();
    float_adam(const float_adam&) = delete;
    float_adam& operator=(const float_adam&) = delete;
    void step();

private:
    struct state;
    std::unique_ptr<state> state_;
};
/// The index of the largest entry of row r (the first one on ties).
std::size_t row_argmax(const matrix_of<float>& m, std::size_t r);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NN_ORACLES_09_CNN_HPP
