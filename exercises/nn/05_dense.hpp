// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nn/05 — the dense (fully connected) layer: forward, backward, and Xavier/He initialisation.
 *
 * Shapes: B = batch size, I = in_features, O = out_features.
 *   x, dx: (B,I)   y, dy: (B,O)   weight, weight_grad: (O,I)   bias, bias_grad: (O)
 *
 * Convention: as PyTorch's torch.nn.Linear, the weight is stored (out, in) and the layer computes
 * y = x Wᵀ + b, so a row of W is the weight vector of one output neuron and a weight copied from a
 * PyTorch checkpoint needs no transpose. The pattern is llm.c's and CS231n's: forward returns the
 * output, and what the backward needs is the input x (the caller keeps it); backward returns dx
 * and ACCUMULATES into weight_grad and bias_grad (`+=`), so that a parameter used twice, or
 * gradients summed over micro-batches, come out right. zero_grad clears them before each step.
 *
 * The products go through BLAS (xt::blas::gemm, linalg/02 taught the loops): the topic is the
 * layer, not the product. Initialisers draw from llmlings::rng through stats/03's samplers, so a
 * seed fixes the weights on every platform.
 *
 * References: Glorot & Bengio (2010), "Understanding the difficulty of training deep feedforward
 * neural networks"; He et al. (2015), "Delving deep into rectifiers" (Kaiming initialisation).
 */
#ifndef LLMLINGS_NN_05_DENSE_HPP
#define LLMLINGS_NN_05_DENSE_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>
#include <llmlings/stats/03_sampling.hpp>

namespace llmlings {
namespace nn {

/**
 * @ingroup nn
 * @brief A dense layer y = x Wᵀ + b with its parameters and their accumulated gradients.
 *
 * Build it with make_dense(), initialise it with one of the init_* functions, and clear the
 * gradients with zero_grad() before every backward pass that starts a new step.
 */
struct dense_layer {
    matrix weight;       ///< W (O,I): row o holds the weights of output o (PyTorch's layout)
    vector bias;         ///< b (O)
    matrix weight_grad;  ///< dL/dW (O,I), accumulated by dense_backward()
    vector bias_grad;    ///< dL/db (O), accumulated by dense_backward()
};

namespace detail {

/// Throws shape_error unless x is (B, I) for the layer's I.
inline void check_input(const char* function, const dense_layer& layer, const matrix& x) {
    todo("nn/05_dense", "check_input");
}

/// Throws invalid_argument unless the layer has at least one input and one output.
inline void check_fans(const char* function, const dense_layer& layer) {
    todo("nn/05_dense", "check_fans");
}

}  // namespace detail

/**
 * @ingroup nn
 * @brief A dense layer with `in_features` inputs and `out_features` outputs, every parameter and
 * gradient zero.
 *
 * Zero weights are a placeholder, not a starting point: every output neuron would compute the
 * same thing and receive the same gradient forever (the symmetry problem). Call an init_*
 * function next.
 *
 * @param in_features I, the length of one input row
 * @param out_features O, the length of one output row
 * @return a layer with weight (O,I), bias (O) and gradients of the same shapes, all zero
 * @throws invalid_argument when I or O is 0
 *
 * Complexity: O(I·O) to allocate. Example: `make_dense(4, 3).weight.shape()` → `(3,4)`.
 */
inline dense_layer make_dense(std::size_t in_features, std::size_t out_features) {
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
 * @param x input (B,I)
 * @param y output (B,O); resized if its shape is not (B,O), so a buffer reused across steps of
 *          the same batch size is never reallocated
 * @throws shape_error when x does not have I columns
 *
 * Complexity: 2·B·I·O flops. Example: W = [[1,2],[3,4],[5,6]], b = (0.5,0,-1), x = [[1,1]]
 * → y = [[3.5, 7, 10]].
 */
inline void dense_forward(const dense_layer& layer, const matrix& x, matrix& y) {
    todo("nn/05_dense", "dense_forward");
}

/**
 * @ingroup nn
 * @brief Forward pass returning a new output: y = x Wᵀ + b (see the overload with an output).
 *
 * @param layer the layer
 * @param x input (B,I)
 * @return y (B,O)
 * @throws shape_error when x does not have I columns
 *
 * Complexity: 2·B·I·O flops plus one allocation. Example: as the other overload.
 */
inline matrix dense_forward(const dense_layer& layer, const matrix& x) {
    todo("nn/05_dense", "dense_forward");
}

/**
 * @ingroup nn
 * @brief Backward pass: accumulates dL/dW and dL/db into the layer and writes dL/dx.
 *
 * With y = x Wᵀ + b and the upstream gradient dy = dL/dy, the chain rule gives
 * @f[ \frac{\partial L}{\partial W_{oi}} = \sum_b dy_{bo}\, x_{bi}
 *     \;\Rightarrow\; dW \mathrel{+}= dy^\top x, \qquad
 *     db \mathrel{+}= \sum_b dy_{b\cdot}, \qquad dx = dy\, W @f]
 * Every entry W_oi touches every example of the batch, so its gradient sums over the batch:
 * that sum is the matrix product dyᵀ x (O,B)·(B,I). Each shape is forced: dW must be (O,I), and
 * the only product of dy (B,O) and x (B,I) with that shape is dyᵀx.
 *
 * @param layer the layer; weight_grad and bias_grad are added to (`+=`), never overwritten
 * @param x the input the forward pass saw (B,I)
 * @param dy dL/dy (B,O)
 * @param dx output dL/dx (B,I); resized if its shape differs
 * @throws shape_error when x does not have I columns or dy is not (B,O)
 *
 * Complexity: 4·B·I·O flops (two gemms). Example: W = [[1,2]], x = [[3,4]], dy = [[1]] →
 * dx = [[1,2]], weight_grad += [[3,4]], bias_grad += [1].
 */
inline void dense_backward(dense_layer& layer, const matrix& x, const matrix& dy, matrix& dx) {
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
inline matrix dense_backward(dense_layer& layer, const matrix& x, const matrix& dy) {
    todo("nn/05_dense", "dense_backward");
}

/**
 * @ingroup nn
 * @brief Sets weight_grad and bias_grad to zero (call it before each new backward pass).
 *
 * Because dense_backward accumulates, forgetting this adds the previous step's gradient to the
 * new one. Throws nothing. Complexity: O(I·O). Example: after `zero_grad(layer)`,
 * `layer.bias_grad` → `(0,0,0)`.
 */
inline void zero_grad(dense_layer& layer) {
    todo("nn/05_dense", "zero_grad");
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
 * @param gen the generator (I·O uniforms are drawn)
 * @param gain the scale factor (default 1)
 * @throws invalid_argument when gain is not finite and > 0 or the layer is empty
 *
 * Complexity: O(I·O). Example: a (256,256) layer has weights in [−0.108, 0.108] with variance
 * ≈ 1/256.
 */
inline void init_xavier_uniform(dense_layer& layer, rng& gen, double gain = 1.0) {
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
 * @throws invalid_argument when gain is not finite and > 0 or the layer is empty
 *
 * Complexity: O(I·O). Example: a (100,300) layer (I = 300, O = 100) gets σ = √(2/400) ≈ 0.0707.
 */
inline void init_xavier_normal(dense_layer& layer, rng& gen, double gain = 1.0) {
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
 * @throws invalid_argument when the layer is empty
 *
 * Complexity: O(I·O). Example: a layer with I = 512 gets σ = √(2/512) = 0.0625.
 */
inline void init_he_normal(dense_layer& layer, rng& gen) {
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
 * @throws invalid_argument when the layer is empty
 *
 * Complexity: O(I·O). Example: a layer with I = 6 has weights in [−1, 1].
 */
inline void init_he_uniform(dense_layer& layer, rng& gen) {
    todo("nn/05_dense", "init_he_uniform");
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_05_DENSE_HPP
