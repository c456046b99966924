// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nn/05 — the dense (fully connected) layer: forward, backward, and Xavier/He initialisation.
 *
 * Shapes: B = batch size (or the B·T rows of a (B,T,I) tensor, seen through as_rows()),
 * I = in_features, O = out_features.
 *   x, dx: (B,I)   y, dy: (B,O)   weight and its gradient: (O,I)   bias and its gradient: (O)
 *
 * Convention: as PyTorch's torch.nn.Linear, the weight is stored (out, in) and the layer computes
 * y = x Wᵀ + b, so a row of W is the weight vector of one output neuron and a weight copied from a
 * PyTorch checkpoint needs no transpose. The pattern is llm.c's and CS231n's: forward returns the
 * output, and what the backward needs is the input x (the caller keeps it); backward writes dx
 * and ACCUMULATES into the weight's and the bias's gradients (`+=`), so that a parameter used
 * twice, or gradients summed over micro-batches, come out right. The store's zero_grad() clears
 * them before each step.
 *
 * The parameters live in a parameter_store (include/llmlings/core/parameters.hpp): make_dense()
 * registers "<name>.weight" and "<name>.bias", and the layer holds views of them. One
 * implementation serves float (training) and double (gradient checks): every function is a
 * template over the element type T. The passes read and write views, so a dense layer applies to
 * the (B·T, C) rows of a (B,T,C) tensor without a copy (as_rows()); the overloads that take and
 * return xt::xtensor are for tests and small programs.
 *
 * The products go through BLAS (xt::blas::gemm, linalg/02 taught the loops): the topic is the
 * layer, not the product. Initialisers draw from llmlings::rng through stats/03's samplers, so a
 * seed fixes the weights on every platform.
 *
 * References: Glorot & Bengio (2010), "Understanding the difficulty of training deep feedforward
 * neural networks"; He et al. (2015), "Delving deep into rectifiers" (Kaiming initialisation).
 *
 * Guide: @ref nn_05_dense (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NN_05_DENSE_HPP
#define LLMLINGS_NN_05_DENSE_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/stats/03_sampling.hpp>

namespace llmlings {
namespace nn {

/**
 * @ingroup nn
 * @brief A dense layer y = x Wᵀ + b: views of its parameters in a parameter_store.
 *
 * Build it with make_dense(), which registers the tensors, and initialise it with one of the
 * init_* functions. The gradients live in the store too: the store's zero_grad() clears them.
 *
 * @tparam T the element type, float or double
 */
template <class T>
struct dense_layer {
    parameter<T> weight;           ///< W (O,I): row o holds the weights of output o (PyTorch's layout)
    parameter<T> bias;             ///< b (O); not registered when the layer was made without a bias
    std::size_t in_features = 0;   ///< I
    std::size_t out_features = 0;  ///< O
};

namespace detail {

/// Throws shape_error unless x is (B, I) for the layer's I.
template <class T, class X>
void check_input(const char* function, const dense_layer<T>& layer, const X& x) {
    todo("nn/05_dense", "check_input");
}

/// Throws shape_error unless `m` is (rows, cols).
template <class M>
void check_matrix(const char* function, const char* name, const M& m, std::size_t rows, std::size_t cols) {
    todo("nn/05_dense", "check_matrix");
}

/// Throws invalid_argument unless the layer has been built.
template <class T>
void check_built(const char* function, const dense_layer<T>& layer) {
    todo("nn/05_dense", "check_built");
}

}  // namespace detail

/**
 * @ingroup nn
 * @brief A dense layer with `in_features` inputs and `out_features` outputs, registered in `store`
 * as "<name>.weight" (O,I) and "<name>.bias" (O), every value zero.
 *
 * Zero weights are a placeholder, not a starting point: every output neuron would compute the
 * same thing and receive the same gradient forever (the symmetry problem). Call an init_*
 * function next.
 *
 * @param store where the parameters live
 * @param name the layer's prefix in the store, e.g. "fc1" or "blocks.0.mlp.fc"
 * @param in_features I, the length of one input row
 * @param out_features O, the length of one output row
 * @param with_bias false for a layer without b (GPT-2's output head, LoRA's A and B)
 * @return the layer, holding views of its registered tensors
 * @throws invalid_argument when I or O is 0, or the store refuses the names (taken, or frozen)
 *
 * Complexity: O(I·O) to allocate. Example: `make_dense(store, "fc", 4, 3).weight.shape()` →
 * `(3,4)`.
 */
template <class T>
dense_layer<T> make_dense(parameter_store<T>& store, const std::string& name, std::size_t in_features,
                          std::size_t out_features, bool with_bias = true) {
    todo("nn/05_dense", "make_dense");
}

/**
 * @ingroup nn
 * @brief Forward pass into a preallocated output: y = x Wᵀ + b.
 *
 * @f[ y_{bo} = \sum_{i} x_{bi} W_{oi} + b_o @f]
 * One BLAS gemm (y = x·Wᵀ) and a broadcast of b over the rows. The backward needs x: keep it.
 *
 * @param layer the layer
 * @param x input (B,I), e.g. `as_rows(batch)` for a (B,T,I) batch
 * @param y output (B,O), preallocated (a view of a buffer reused across steps)
 * @throws shape_error when x does not have I columns or y is not (B,O); the message names the
 *         function and both sizes: `dense_forward: input has 2 features, the layer expects 3 (x
 *         (4,2), weight (2,3))`, `dense_forward: y must be (4,2), got (4,3)`
 *
 * Complexity: 2·B·I·O flops, no allocation. Example: W = [[1,2],[3,4],[5,6]], b = (0.5,0,-1),
 * x = [[1,1]] → y = [[3.5, 7, 10]].
 */
template <class T>
void dense_forward(const dense_layer<T>& layer, const const_matrix_view<T>& x, matrix_view<T> y) {
    todo("nn/05_dense", "dense_forward");
}

/**
 * @ingroup nn
 * @brief Forward pass returning a new output: y = x Wᵀ + b (see the overload with an output).
 *
 * @param layer the layer
 * @param x input (B,I)
 * @return y (B,O)
 * @throws shape_error when x does not have I columns; the message names the function and both
 *         sizes: `dense_forward: input has 2 features, the layer expects 3 (x (4,2), weight (2,3))`
 *
 * Complexity: 2·B·I·O flops plus one allocation. Example: as the other overload.
 */
template <class T>
matrix_of<T> dense_forward(const dense_layer<T>& layer, const matrix_of<T>& x) {
    todo("nn/05_dense", "dense_forward");
}

/**
 * @ingroup nn
 * @brief Backward pass: accumulates dL/dW and dL/db into the store and writes dL/dx.
 *
 * With y = x Wᵀ + b and the upstream gradient dy = dL/dy, the chain rule gives
 * @f[ \frac{\partial L}{\partial W_{oi}} = \sum_b dy_{bo}\, x_{bi}
 *     \;\Rightarrow\; dW \mathrel{+}= dy^\top x, \qquad
 *     db \mathrel{+}= \sum_b dy_{b\cdot}, \qquad dx = dy\, W @f]
 * Every entry W_oi touches every example of the batch, so its gradient sums over the batch:
 * that sum is the matrix product dyᵀ x (O,B)·(B,I). Each shape is forced: dW must be (O,I), and
 * the only product of dy (B,O) and x (B,I) with that shape is dyᵀx.
 *
 * @param layer the layer; the gradients of its weight and bias are added to (`+=`), never
 *        overwritten
 * @param x the input the forward pass saw (B,I)
 * @param dy dL/dy (B,O)
 * @param dx output dL/dx (B,I), preallocated; overwritten. An empty view (`empty_view<T>()`)
 *        skips it: the first layer of a network needs no gradient for its input, and computing
 *        it would cost a third of the backward pass
 * @throws shape_error when x does not have I columns, dy is not (B,O) or dx is not (B,I)
 *
 * Complexity: 4·B·I·O flops (two gemms), no allocation. Example: W = [[1,2]], x = [[3,4]],
 * dy = [[1]] → dx = [[1,2]], dW += [[3,4]], db += [1].
 */
template <class T>
void dense_backward(const dense_layer<T>& layer, const const_matrix_view<T>& x, const const_matrix_view<T>& dy,
                    matrix_view<T> dx) {
    todo("nn/05_dense", "dense_backward");
}

/**
 * @ingroup nn
 * @brief Backward pass returning dL/dx (see the overload with an output for the math).
 *
 * @param layer the layer; its gradients are accumulated
 * @param x the input the forward pass saw (B,I)
 * @param dy dL/dy (B,O)
 * @return dx (B,I)
 * @throws shape_error when x does not have I columns or dy is not (B,O)
 *
 * Complexity: 4·B·I·O flops plus one allocation. Example: as the other overload.
 */
template <class T>
matrix_of<T> dense_backward(const dense_layer<T>& layer, const matrix_of<T>& x, const matrix_of<T>& dy) {
    todo("nn/05_dense", "dense_backward");
}

/**
 * @ingroup nn
 * @brief Xavier/Glorot uniform initialisation: W ~ U(−a, a), a = gain·√(6 / (I + O)); b = 0.
 *
 * @f[ \operatorname{Var}(W_{oi}) = \frac{a^2}{3} = \text{gain}^2\,\frac{2}{I + O} @f]
 * Glorot and Bengio ask for Var = 1/I (activations keep their scale going forward) and
 * Var = 1/O (gradients keep theirs going backward); 2/(I+O) is the compromise. Suited to tanh
 * and sigmoid (gain 1, or 5/3 for tanh as PyTorch suggests). Matches torch.nn.init.xavier_uniform_.
 *
 * @param layer the layer; weight is overwritten row by row, bias set to 0
 * @param gen the generator (I·O uniforms are drawn, in double, then rounded to T)
 * @param gain the scale factor (default 1)
 * @throws invalid_argument when gain is not finite and > 0 or the layer is not built
 *
 * Complexity: O(I·O). Example: a (256,256) layer has weights in [−0.108, 0.108] with variance
 * ≈ 1/256.
 */
template <class T>
void init_xavier_uniform(dense_layer<T>& layer, rng& gen, double gain = 1.0) {
    todo("nn/05_dense", "init_xavier_uniform");
}

/**
 * @ingroup nn
 * @brief Xavier/Glorot normal initialisation: W ~ N(0, σ²), σ = gain·√(2 / (I + O)); b = 0.
 *
 * Same variance as init_xavier_uniform(), drawn from a normal (stats::sample_normal, Box–Muller).
 * Matches torch.nn.init.xavier_normal_.
 *
 * @param layer the layer; weight overwritten, bias set to 0
 * @param gen the generator
 * @param gain the scale factor (default 1)
 * @throws invalid_argument when gain is not finite and > 0 or the layer is not built
 *
 * Complexity: O(I·O). Example: a (100,300) layer (I = 300, O = 100) gets σ = √(2/400) ≈ 0.0707.
 */
template <class T>
void init_xavier_normal(dense_layer<T>& layer, rng& gen, double gain = 1.0) {
    todo("nn/05_dense", "init_xavier_normal");
}

/**
 * @ingroup nn
 * @brief He/Kaiming normal initialisation for ReLU layers: W ~ N(0, 2/I); b = 0.
 *
 * @f[ \operatorname{Var}(W_{oi}) = \frac{2}{I} @f]
 * A ReLU zeroes half of its inputs, halving the second moment each layer; the factor 2 undoes
 * that, so activations neither vanish nor explode through a deep ReLU stack. Matches
 * torch.nn.init.kaiming_normal_(w, mode='fan_in', nonlinearity='relu').
 *
 * @param layer the layer; weight overwritten, bias set to 0
 * @param gen the generator
 * @throws invalid_argument when the layer is not built
 *
 * Complexity: O(I·O). Example: a layer with I = 512 gets σ = √(2/512) = 0.0625.
 */
template <class T>
void init_he_normal(dense_layer<T>& layer, rng& gen) {
    todo("nn/05_dense", "init_he_normal");
}

/**
 * @ingroup nn
 * @brief He/Kaiming uniform initialisation for ReLU layers: W ~ U(−a, a), a = √(6/I); b = 0.
 *
 * Same variance 2/I as init_he_normal() (a²/3 = 2/I). Matches
 * torch.nn.init.kaiming_uniform_(w, mode='fan_in', nonlinearity='relu').
 *
 * @param layer the layer; weight overwritten, bias set to 0
 * @param gen the generator (I·O uniforms are drawn)
 * @throws invalid_argument when the layer is not built
 *
 * Complexity: O(I·O). Example: a layer with I = 6 has weights in [−1, 1].
 */
template <class T>
void init_he_uniform(dense_layer<T>& layer, rng& gen) {
    todo("nn/05_dense", "init_he_uniform");
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_05_DENSE_HPP
