// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nn/09 — 2-D convolution (direct and im2col + BLAS), its backward pass, max and average
 * pooling, and the flatten step that feeds a dense layer.
 *
 * Shapes (NCHW, PyTorch's layout): N images, C channels, H×W pixels.
 *   x, dx: (N,C_in,H,W)   y, dy: (N,C_out,OH,OW)   weight and its gradient: (C_out,C_in,kH,kW)
 *   bias and its gradient: (C_out)   columns: (K,P) = (C_in·kH·kW, OH·OW), one image unrolled
 *   OH = (H + 2·padding − kH) / stride + 1 (integer division), OW likewise.
 *
 * What it is: a convolution as PyTorch's torch.nn.functional.conv2d computes it — a
 * cross-correlation (the kernel is not flipped), zero padding, one stride for both axes, no
 * dilation, no groups. What it is not: fast in the way cuDNN or oneDNN is (no Winograd, no FFT, no
 * threads); it is the im2col + GEMM method that Caffe made standard, which trains a small CNN on
 * 60 000 28×28 images on one core in seconds per epoch.
 *
 * The conventions are nn/05's (docs/authoring.md, "Models"): make_conv2d() registers
 * "<name>.weight" and "<name>.bias" in a parameter_store and the layer holds views; one template
 * serves float (training) and double (gradient checks). The passes read views of their inputs
 * (const_tensor_view<T, 4>) and write into outputs the caller preallocated; backward passes ADD
 * to the store's gradients (`+=`). What they need besides their inputs lives in caches the caller
 * owns and reuses: conv2d_cache (the im2col buffer of one image, reused for every image of every
 * batch) and max_pool2d_cache (the argmax of each window). conv2d_forward_direct() is the
 * definition written as seven nested loops, kept beside the fast conv2d_forward() as the reference
 * it must agree with (to rounding). The overloads that take and return xt::xtensor are for tests
 * and small programs; they call the view versions.
 *
 * References: LeCun et al. (1998), "Gradient-based learning applied to document recognition";
 * Chellapilla, Puri, Simard (2006), "High performance convolutional neural networks for document
 * processing" (im2col); Dumoulin & Visin (2016), "A guide to convolution arithmetic for deep
 * learning" (output sizes, transposed convolution); CS231n's notes on convolutional networks.
 *
 * Guide: @ref nn_09_cnn (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NN_09_CNN_HPP
#define LLMLINGS_NN_09_CNN_HPP

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/nn/05_dense.hpp>

namespace llmlings {
namespace nn {

/**
 * @ingroup nn
 * @brief A 2-D convolution layer: views of its weight and bias in a parameter_store, and its
 * geometry (stride and zero padding, the same on both axes).
 *
 * Build it with make_conv2d(), initialise it with init_he_normal() or init_he_uniform(). Its
 * gradients live in the store: the store's zero_grad() clears them before each step.
 *
 * @tparam T the element type, float or double
 */
template <class T>
struct conv2d_layer {
    parameter<T> weight;           ///< W (C_out,C_in,kH,kW): W[o][c] is the kernel from input channel c to output o
    parameter<T> bias;             ///< b (C_out)
    std::size_t in_channels = 0;   ///< C_in
    std::size_t out_channels = 0;  ///< C_out, the number of kernels (feature maps)
    std::size_t kernel_h = 0;      ///< kH
    std::size_t kernel_w = 0;      ///< kW
    std::size_t stride = 1;        ///< step of the window in pixels, ≥ 1
    std::size_t padding = 0;       ///< zeros added on every side of the input
};

/**
 * @ingroup nn
 * @brief The workspace of conv2d_forward() and conv2d_backward(), owned by the caller and reused
 * for every image of every batch.
 *
 * `columns` holds one image unrolled by im2col(), (K,P) = (C_in·kH·kW, OH·OW); the backward
 * first unrolls the image again into it (for dW), then overwrites it with Wᵀ·dY (for dx). One
 * image at a time, not the whole batch: N times less memory, for one more im2col per image in
 * the backward. Sized by ensure_shape(): the first call allocates, later calls with the same
 * geometry reuse the memory.
 *
 * @tparam T the element type, float or double
 */
template <class T>
struct conv2d_cache {
    matrix_of<T> columns;  ///< (K,P): the receptive fields of one image, then their gradients
};

/// @ingroup nn
/// @brief A 4-D array of indices: the argmax of max pooling, one per output value (N,C,OH,OW).
using index_tensor4 = xt::xtensor<std::size_t, 4>;

/**
 * @ingroup nn
 * @brief What max_pool2d_forward() keeps for max_pool2d_backward(): where each maximum came from.
 *
 * No element type: the cache holds indices only, so one struct serves float and double.
 */
struct max_pool2d_cache {
    index_tensor4 argmax;                      ///< (N,C,OH,OW): flat index ih·W + iw of each maximum in its plane
    std::array<std::size_t, 4> input_shape{};  ///< (N,C,H,W) of the forward's input: dx's shape
};

namespace detail {

/// The sizes of one convolution, read from the layer and the input.
struct conv_dims {
    std::size_t batch, in_channels, height, width;  ///< x (N,C_in,H,W)
    std::size_t out_channels, kernel_h, kernel_w;   ///< weight (C_out,C_in,kH,kW)
    std::size_t out_h, out_w;                       ///< y (N,C_out,OH,OW)
};

/// (input + 2·padding − kernel) / stride + 1, or invalid_argument naming `function` when the
/// kernel or the stride is 0 or the padded input is smaller than the kernel.
inline std::size_t output_extent(const char* function, const char* axis, std::size_t input, std::size_t kernel,
                                 std::size_t stride, std::size_t padding) {
    todo("nn/09_cnn", "output_extent");
}

/// Throws invalid_argument unless the layer was made by make_conv2d().
template <class T>
void check_conv_built(const char* function, const conv2d_layer<T>& layer) {
    todo("nn/09_cnn", "check_conv_built");
}

/// Checks that the layer is built and x has its input channels and fits its kernel; returns
/// every size.
template <class T, class X>
conv_dims conv_dims_of(const char* function, const conv2d_layer<T>& layer, const X& x) {
    todo("nn/09_cnn", "conv_dims_of");
}

/// Throws shape_error unless the rank-4 tensor `t` has the shape `expected`.
template <class Tensor>
void check_shape4(const char* function, const char* name, const Tensor& t, const std::array<std::size_t, 4>& expected) {
    todo("nn/09_cnn", "check_shape4");
}

/// Throws invalid_argument when `n` is not an image of the batch x, naming `function`.
template <class Tensor>
void check_image_index(const char* function, const Tensor& x, std::size_t n) {
    todo("nn/09_cnn", "check_image_index");
}

/// The output columns ow whose input column ow·stride + j − padding lies inside [0, width), as
/// [first, last): left of it im2col reads padding, right of it too. Computed once per kernel
/// column j so that the inner loops need no bounds test.
inline std::pair<std::size_t, std::size_t> inside_columns(std::size_t out_w, std::size_t width, std::size_t j,
                                                          std::size_t stride, std::size_t padding) {
    todo("nn/09_cnn", "inside_columns");
}

/// `take ? a : b` (take is 0 or 1) computed with a mask instead of a branch. Which input of a
/// pooling window wins is a coin toss on real data, and a mispredicted branch (~15 cycles) costs
/// more than the comparison itself: with `if`, max pooling took a sixth of a CNN's training time.
inline std::size_t select_index(std::size_t take, std::size_t a, std::size_t b) {
    todo("nn/09_cnn", "select_index");
}

/// The output shape (N,C,OH,OW) of a pooling of `input` (no padding), checked for `function`.
inline std::array<std::size_t, 4> pooled_shape(const char* function, const std::array<std::size_t, 4>& input,
                                               std::size_t kernel, std::size_t stride) {
    todo("nn/09_cnn", "pooled_shape");
}

/// The shape of a rank-4 tensor as an array.
template <class Tensor>
std::array<std::size_t, 4> shape4(const Tensor& t) {
    todo("nn/09_cnn", "shape4");
}

}  // namespace detail

/**
 * @ingroup nn
 * @brief The output length of a convolution or pooling along one axis.
 *
 * @f[ \text{out} = \left\lfloor \frac{\text{in} + 2p - k}{s} \right\rfloor + 1 @f]
 * The window starts at −p and moves by s while it fits inside the padded input; the floor drops a
 * last window that would stick out (PyTorch's default, ceil_mode = False).
 *
 * @param input the input length (H or W)
 * @param kernel k, the window length, ≥ 1
 * @param stride s, ≥ 1
 * @param padding p, zeros on each side
 * @return the output length, ≥ 1
 * @throws invalid_argument when k or s is 0, or k > in + 2p
 *
 * Complexity: O(1). Example: `conv2d_output_size(28, 5, 1, 0)` → 24,
 * `conv2d_output_size(7, 2, 2, 1)` → 4.
 */
inline std::size_t conv2d_output_size(std::size_t input, std::size_t kernel, std::size_t stride, std::size_t padding) {
    todo("nn/09_cnn", "conv2d_output_size");
}

/**
 * @ingroup nn
 * @brief A rank-4 tensor — an xt::xtensor or a view — as a tensor_view of the same memory and
 * shape: how a buffer is handed to the passes. No copy.
 *
 * The element type follows the argument: a const tensor gives a read-only view; a writable view
 * passes as an input too (it converts to const_tensor_view).
 *
 * @param t a row-major, contiguous tensor of rank 4 (N,C,H,W)
 * @return the view (N,C,H,W)
 * @throws shape_error when t does not have rank 4
 *
 * Complexity: O(1). Example: for `tensor4_of<float> x({2, 1, 28, 28})`, `as_images(x)(1, 0, 3, 4)`
 * is `x(1, 0, 3, 4)`.
 */
template <class E>
auto as_images(E& t) -> tensor_view<std::remove_pointer_t<decltype(t.data())>, 4> {
    todo("nn/09_cnn", "as_images");
}

/**
 * @ingroup nn
 * @brief Each image (C,H,W) of a batch as one row, to feed a dense layer: a matrix view
 * (N, C·H·W) of the same memory. No copy.
 *
 * Row n is image n in NCHW order: entry (c·H + h)·W + w, as torch.flatten(x, 1). The memory of
 * an (N,C,H,W) tensor already is that matrix, so flattening is only a change of shape, and so is
 * its backward (unflatten_images()). The element type follows the argument.
 *
 * @param x (N,C,H,W), row-major and contiguous (an xt::xtensor or a tensor_view)
 * @return the view (N, C·H·W)
 * @throws shape_error when x does not have rank 4
 *
 * Complexity: O(1). Example: x of shape (2,8,4,4) → a (2,128) view; `flatten_images(x)(1, 17)` is
 * `x(1, 1, 0, 1)`.
 */
template <class E>
auto flatten_images(E& x) -> tensor_view<std::remove_pointer_t<decltype(x.data())>, 2> {
    todo("nn/09_cnn", "flatten_images");
}

/**
 * @ingroup nn
 * @brief Rows (N, C·H·W) seen as a batch of images (N,C,H,W): the inverse of flatten_images(),
 * used to pass a dense layer's dx back to the conv part of a network. No copy.
 *
 * @param rows (N, C·H·W), row-major and contiguous; the element type follows the argument
 * @param channels C
 * @param height H
 * @param width W
 * @return the view (N,C,H,W)
 * @throws shape_error when rows is not a matrix with C·H·W columns
 *
 * Complexity: O(1). Example: `unflatten_images(flatten_images(x), 8, 4, 4)` views x's memory with
 * x's shape.
 */
template <class E>
auto unflatten_images(E& rows, std::size_t channels, std::size_t height, std::size_t width)
    -> tensor_view<std::remove_pointer_t<decltype(rows.data())>, 4> {
    todo("nn/09_cnn", "unflatten_images");
}

/**
 * @ingroup nn
 * @brief A conv layer from `in_channels` to `out_channels` with a kernel_h×kernel_w kernel,
 * registered in `store` as "<name>.weight" (C_out,C_in,kH,kW) and "<name>.bias" (C_out), every
 * value zero.
 *
 * As with make_dense(), zero weights are a placeholder: call init_he_normal() or
 * init_he_uniform() next.
 *
 * @param store where the parameters live
 * @param name the layer's prefix in the store, e.g. "conv1"
 * @param in_channels C_in
 * @param out_channels C_out, the number of kernels (feature maps)
 * @param kernel_h kH
 * @param kernel_w kW
 * @param stride the step of the window (default 1)
 * @param padding zeros added on each side (default 0; kernel 3 with padding 1 keeps H×W)
 * @return the layer, holding views of its registered tensors
 * @throws invalid_argument when a size or the stride is 0, or the store refuses the names (taken,
 *         or frozen)
 *
 * Complexity: O(C_out·C_in·kH·kW) to allocate. Example:
 * `make_conv2d(store, "conv1", 1, 8, 3, 3, 1, 1).weight.shape()` → `(8,1,3,3)`.
 */
template <class T>
conv2d_layer<T> make_conv2d(parameter_store<T>& store, const std::string& name, std::size_t in_channels,
                            std::size_t out_channels, std::size_t kernel_h, std::size_t kernel_w,
                            std::size_t stride = 1, std::size_t padding = 0) {
    todo("nn/09_cnn", "make_conv2d");
}

/**
 * @ingroup nn
 * @brief He/Kaiming normal initialisation of a conv layer: W ~ N(0, 2/fan_in), fan_in = C_in·kH·kW;
 * b = 0.
 *
 * One output pixel is a dot product of the C_in·kH·kW inputs under the window with one kernel, so
 * a conv layer is a dense layer (C_out, C_in·kH·kW) applied at every position, and its fan-in is
 * C_in·kH·kW. The weights are drawn by nn/05's init_he_normal() on that dense layer (in a scratch
 * store) and copied in the same row-major order. Matches torch.nn.init.kaiming_normal_(w,
 * mode='fan_in', nonlinearity='relu').
 *
 * @param layer the layer; weight overwritten, bias set to 0
 * @param gen the generator
 * @throws invalid_argument when the layer is not built
 *
 * Complexity: O(C_out·C_in·kH·kW). Example: a (16,8,5,5) layer gets σ = √(2/200) = 0.1.
 */
template <class T>
void init_he_normal(conv2d_layer<T>& layer, rng& gen) {
    todo("nn/09_cnn", "init_he_normal");
}

/**
 * @ingroup nn
 * @brief He/Kaiming uniform initialisation of a conv layer: W ~ U(−a, a), a = √(6/fan_in),
 * fan_in = C_in·kH·kW; b = 0.
 *
 * Same variance 2/fan_in as init_he_normal(conv2d_layer<T>&, rng&), drawn by nn/05's
 * init_he_uniform() on the equivalent dense layer (C_out, C_in·kH·kW).
 *
 * @param layer the layer; weight overwritten, bias set to 0
 * @param gen the generator
 * @throws invalid_argument when the layer is not built
 *
 * Complexity: O(C_out·C_in·kH·kW). Example: a (8,1,3,3) layer has weights in [−√(6/9), √(6/9)].
 */
template <class T>
void init_he_uniform(conv2d_layer<T>& layer, rng& gen) {
    todo("nn/09_cnn", "init_he_uniform");
}

/**
 * @ingroup nn
 * @brief The convolution by its definition: seven nested loops (the reference, slow).
 *
 * With s the stride and p the padding, and x read as 0 outside the image:
 * @f[ y_{n,o,h,w} = b_o + \sum_{c=0}^{C_{in}-1} \sum_{i=0}^{k_H-1} \sum_{j=0}^{k_W-1}
 *     W_{o,c,i,j}\; x_{n,\,c,\; h s + i - p,\; w s + j - p} @f]
 * A sliding dot product: the kernel is laid on the input at each position and the overlapping
 * numbers are multiplied and summed. The kernel is not flipped (a cross-correlation, as every
 * deep-learning framework computes it).
 *
 * @param layer the layer (its weight, bias, stride and padding)
 * @param x input (N,C_in,H,W)
 * @param y output (N,C_out,OH,OW), preallocated; overwritten
 * @throws shape_error when x does not have C_in channels, is smaller than the kernel after
 *         padding, or y is not (N,C_out,OH,OW); the message names the function and the shapes:
 *         `conv2d_forward_direct: y must be (2,2,3,3), got (2,2,5,5)`
 * @throws invalid_argument when the layer is not built
 *
 * Complexity: 2·N·C_out·OH·OW·C_in·kH·kW flops, no allocation. Example: x = [[1,2,3],[4,5,6],
 * [7,8,9]] (one channel), W = [[1,0],[0,−1]], b = 0 → y = [[−4,−4],[−4,−4]].
 */
template <class T>
void conv2d_forward_direct(const conv2d_layer<T>& layer, const const_tensor_view<T, 4>& x, tensor_view<T, 4> y) {
    todo("nn/09_cnn", "conv2d_forward_direct");
}

/**
 * @ingroup nn
 * @brief The convolution by its definition, returning a new output (see the overload with an
 * output).
 *
 * @param layer the layer
 * @param x input (N,C_in,H,W)
 * @return y (N,C_out,OH,OW)
 * @throws shape_error when x does not have C_in channels or is smaller than the kernel after
 *         padding; the message names the function, both channel counts and the shapes:
 *         `conv2d_forward_direct: input has 2 channels, the layer expects 3 (x (1,2,5,5), weight
 *         (2,3,3,3))`
 * @throws invalid_argument when the layer is not built
 *
 * Complexity: as the other overload, plus one allocation. Example: as the other overload.
 */
template <class T>
tensor4_of<T> conv2d_forward_direct(const conv2d_layer<T>& layer, const tensor4_of<T>& x) {
    todo("nn/09_cnn", "conv2d_forward_direct");
}

/**
 * @ingroup nn
 * @brief Unrolls image n of x into a matrix whose columns are the receptive fields (im2col).
 *
 * Row r = (c·kH + i)·kW + j, column q = oh·OW + ow:
 * @f[ \text{columns}_{r,q} = x_{n,\,c,\; oh\,s + i - p,\; ow\,s + j - p} \quad (0 \text{ in the padding}) @f]
 * Column q holds the C·kH·kW numbers the kernel sees at output pixel q, in the order of a
 * weight row (C_in,kH,kW) flattened; so the weight viewed as a (C_out, C_in·kH·kW) matrix times
 * `columns` is the whole convolution of the image, one matrix product.
 *
 * @param x the batch (N,C,H,W)
 * @param n which image, < N
 * @param kernel_h kH
 * @param kernel_w kW
 * @param stride s ≥ 1
 * @param padding p
 * @param columns output (C·kH·kW, OH·OW), preallocated (a buffer reused for every image); every
 *        entry is written
 * @throws invalid_argument when n ≥ N, a kernel size or the stride is 0, or the padded image is
 *         smaller than the kernel; the message names the function and the reason: `im2col: image 2
 *         does not exist, the batch has 2 (x (2,1,3,3))`
 * @throws shape_error when columns is not (C·kH·kW, OH·OW)
 *
 * Complexity: O(C·kH·kW·OH·OW) copies (each pixel is copied about kH·kW/s² times: the memory
 * price of im2col), no allocation. Example: x = [[1,2,3],[4,5,6],[7,8,9]], 2×2 kernel, s = 1,
 * p = 0 → columns = [[1,2,4,5],[2,3,5,6],[4,5,7,8],[5,6,8,9]].
 */
template <class T>
void im2col(const const_tensor_view<T, 4>& x, std::size_t n, std::size_t kernel_h, std::size_t kernel_w,
            std::size_t stride, std::size_t padding, matrix_view<T> columns) {
    todo("nn/09_cnn", "im2col");
}

/**
 * @ingroup nn
 * @brief im2col() of image n, returning a new matrix (for tests and small programs).
 *
 * @param x the batch (N,C,H,W)
 * @param n which image, < N
 * @param kernel_h kH
 * @param kernel_w kW
 * @param stride s ≥ 1
 * @param padding p
 * @return columns (C·kH·kW, OH·OW)
 * @throws invalid_argument as the other overload
 *
 * Complexity: as the other overload, plus one allocation. Example: as the other overload.
 */
template <class T>
matrix_of<T> im2col(const tensor4_of<T>& x, std::size_t n, std::size_t kernel_h, std::size_t kernel_w,
                    std::size_t stride, std::size_t padding) {
    todo("nn/09_cnn", "im2col");
}

/**
 * @ingroup nn
 * @brief Folds a column matrix back onto image n of dx, adding where windows overlap (col2im).
 *
 * The adjoint of im2col(): every entry of `columns` is added to the pixel im2col() copied it from,
 * and entries that came from the padding are dropped.
 * @f[ dx_{n,c,h,w} \mathrel{+}= \sum_{(r,q)\,:\;\text{im2col read } (c,h,w) \text{ into } (r,q)} \text{columns}_{r,q} @f]
 * A pixel under several windows receives the sum of their entries, which is exactly what the
 * chain rule asks of a pixel used several times. So ⟨im2col(x), C⟩ = ⟨x, col2im(C)⟩ for all x, C.
 *
 * @param columns (C·kH·kW, OH·OW), e.g. Wᵀ·dY of one image
 * @param n which image of dx, < N
 * @param kernel_h kH
 * @param kernel_w kW
 * @param stride s ≥ 1
 * @param padding p
 * @param dx the batch (N,C,H,W) whose image n is added to (`+=`; zero it first for a plain fold)
 * @throws invalid_argument when n ≥ N or the geometry is invalid (as im2col())
 * @throws shape_error when columns is not (C·kH·kW, OH·OW)
 *
 * Complexity: O(C·kH·kW·OH·OW), no allocation. Example: col2im of a 4×4 matrix of ones for a 3×3
 * image and a 2×2 kernel adds [[1,2,1],[2,4,2],[1,2,1]] (how many windows cover each pixel).
 */
template <class T>
void col2im(const const_matrix_view<T>& columns, std::size_t n, std::size_t kernel_h, std::size_t kernel_w,
            std::size_t stride, std::size_t padding, tensor_view<T, 4> dx) {
    todo("nn/09_cnn", "col2im");
}

/**
 * @ingroup nn
 * @brief Forward pass: the convolution as im2col + one BLAS gemm per image, into a preallocated
 * output.
 *
 * For each image n, with W viewed as a (C_out, K) matrix, K = C_in·kH·kW, and P = OH·OW:
 * @f[ Y_n = W \cdot \operatorname{im2col}(x_n) + b\,\mathbf{1}^\top
 *     \qquad (C_{out}\times K)(K\times P) @f]
 * and Y_n (C_out, P) is, in memory, exactly image n of y (C_out,OH,OW) in NCHW, so the gemm
 * writes straight into y. The same sums as conv2d_forward_direct(), in another order: they agree
 * to rounding. The backward needs x: keep it.
 *
 * @param layer the layer
 * @param x input (N,C_in,H,W)
 * @param y output (N,C_out,OH,OW), preallocated; overwritten
 * @param cache the workspace; its columns buffer is sized (K,P) on first use and reused for every
 *        image
 * @throws shape_error when x does not have C_in channels or is smaller than the kernel after
 *         padding, or y is not (N,C_out,OH,OW); the message names the function and the shapes:
 *         `conv2d_forward: y must be (2,2,3,3), got (2,2,5,5)`
 * @throws invalid_argument when the layer is not built
 *
 * Complexity: 2·N·C_out·K·P flops in gemm, N·K·P copies in im2col; no allocation once the cache
 * has its shape. Example: as conv2d_forward_direct().
 */
template <class T>
void conv2d_forward(const conv2d_layer<T>& layer, const const_tensor_view<T, 4>& x, tensor_view<T, 4> y,
                    conv2d_cache<T>& cache) {
    todo("nn/09_cnn", "conv2d_forward");
}

/**
 * @ingroup nn
 * @brief Forward pass returning a new output (for tests and small programs; see the overload
 * with an output and a cache).
 *
 * @param layer the layer
 * @param x input (N,C_in,H,W)
 * @return y (N,C_out,OH,OW)
 * @throws shape_error when x does not have C_in channels or is smaller than the kernel after
 *         padding
 * @throws invalid_argument when the layer is not built
 *
 * Complexity: as the other overload, plus two allocations (y and a cache). Example: as
 * conv2d_forward_direct().
 */
template <class T>
tensor4_of<T> conv2d_forward(const conv2d_layer<T>& layer, const tensor4_of<T>& x) {
    todo("nn/09_cnn", "conv2d_forward");
}

/**
 * @ingroup nn
 * @brief Backward pass: accumulates dL/dW and dL/db into the store and writes dL/dx, via im2col,
 * two gemms and col2im per image.
 *
 * Per image, with X_n = im2col(x_n) (K,P), dY_n the upstream gradient of image n as (C_out,P) and
 * W as (C_out,K) — the forward was Y_n = W X_n + b, a dense layer applied to the P columns:
 * @f[ dW \mathrel{+}= dY_n X_n^\top, \qquad db_o \mathrel{+}= \sum_q (dY_n)_{o,q}, \qquad
 *     dx_n = \operatorname{col2im}(W^\top dY_n) @f]
 * col2im adds each column back onto the pixels its window covered, so a pixel under several
 * windows collects several contributions. Written out, dx is a "full" convolution of dy (dilated
 * by the stride) with the kernel flipped in both axes — the transposed convolution.
 *
 * @param layer the layer; the gradients of its weight and bias are added to (`+=`)
 * @param cache the workspace (as in conv2d_forward()); it holds X_n, then Wᵀ·dY_n, image by image
 * @param x the input the forward pass saw (N,C_in,H,W)
 * @param dy dL/dy (N,C_out,OH,OW)
 * @param dx output dL/dx (N,C_in,H,W), preallocated; overwritten. Or `empty_view<T, 4>()`: not
 *        made. The first convolution of a network sees the images themselves, which need no
 *        gradient (PyTorch skips it too); the second gemm and col2im, a third of the work, are saved
 * @throws shape_error when x does not fit the layer, dy is not (N,C_out,OH,OW) or dx (when not
 *         empty) is not x's shape; the message names the function and the shapes:
 *         `conv2d_backward: dy must be (2,2,3,3), got (2,2,5,5)`
 * @throws invalid_argument when the layer is not built
 *
 * Complexity: 4·N·C_out·K·P flops (two gemms per image; 2·N·C_out·K·P without dx) plus im2col
 * and col2im; no allocation once the cache has its shape. Example: a 1×1 kernel W = [[2]] on
 * x = [[1,2]] with dy = [[1,1]] → dx = [[2,2]], dW += 3, db += 2.
 */
template <class T>
void conv2d_backward(const conv2d_layer<T>& layer, conv2d_cache<T>& cache, const const_tensor_view<T, 4>& x,
                     const const_tensor_view<T, 4>& dy, tensor_view<T, 4> dx) {
    todo("nn/09_cnn", "conv2d_backward");
}

/**
 * @ingroup nn
 * @brief Backward pass returning dL/dx (for tests and small programs; see the overload with a
 * cache and an output for the math).
 *
 * @param layer the layer; its gradients are accumulated
 * @param x the input the forward pass saw (N,C_in,H,W)
 * @param dy dL/dy (N,C_out,OH,OW)
 * @return dx (N,C_in,H,W)
 * @throws shape_error when x does not fit the layer or dy is not (N,C_out,OH,OW); the message
 *         names the function and the shapes: `conv2d_backward: dy must be (2,2,3,3), got (2,2,5,5)`
 * @throws invalid_argument when the layer is not built
 *
 * Complexity: as the other overload, plus two allocations. Example: as the other overload.
 */
template <class T>
tensor4_of<T> conv2d_backward(const conv2d_layer<T>& layer, const tensor4_of<T>& x, const tensor4_of<T>& dy) {
    todo("nn/09_cnn", "conv2d_backward");
}

/**
 * @ingroup nn
 * @brief Max pooling over kernel×kernel windows moved by `stride`, into a preallocated output,
 * with the argmax of each window kept in the cache for the backward.
 *
 * @f[ y_{n,c,h,w} = \max_{0 \le i,j < k} x_{n,\,c,\; h s + i,\; w s + j} @f]
 * No padding; OH = ⌊(H − k)/s⌋ + 1. The argmax is stored as the flat index ih·W + iw into the
 * input plane, as torch.nn.functional.max_pool2d(..., return_indices=True) does; on a tie the
 * first maximum in row-major order wins. A NaN in a window is its maximum (it propagates).
 *
 * @param x input (N,C,H,W)
 * @param kernel k ≥ 1 (the window is k×k)
 * @param stride s ≥ 1 (s = k: windows that tile the image)
 * @param y output (N,C,OH,OW), preallocated; overwritten
 * @param cache receives the argmax (N,C,OH,OW), sized on first use and reused, and x's shape
 * @throws invalid_argument when k or s is 0 or k is larger than H or W
 * @throws shape_error when y is not (N,C,OH,OW)
 *
 * Complexity: O(N·C·OH·OW·k²), no allocation once the cache has its shape. Example:
 * x = [[1,2],[4,3]], k = s = 2 → y = [[4]], argmax = [[2]].
 */
template <class T>
void max_pool2d_forward(const const_tensor_view<T, 4>& x, std::size_t kernel, std::size_t stride, tensor_view<T, 4> y,
                        max_pool2d_cache& cache) {
    todo("nn/09_cnn", "max_pool2d_forward");
}

/**
 * @ingroup nn
 * @brief Max pooling returning a new output (for tests and small programs; see the overload with
 * an output).
 *
 * @param x input (N,C,H,W)
 * @param kernel k ≥ 1
 * @param stride s ≥ 1
 * @param cache receives the argmax and x's shape
 * @return y (N,C,OH,OW)
 * @throws invalid_argument when k or s is 0 or k is larger than H or W
 *
 * Complexity: as the other overload, plus one allocation. Example: as the other overload.
 */
template <class T>
tensor4_of<T> max_pool2d_forward(const tensor4_of<T>& x, std::size_t kernel, std::size_t stride,
                                 max_pool2d_cache& cache) {
    todo("nn/09_cnn", "max_pool2d_forward");
}

/**
 * @ingroup nn
 * @brief Backward of max pooling: each upstream gradient goes to the input that was the maximum.
 *
 * @f[ dx_{n,c,a} = \sum_{(h,w)\,:\;\text{argmax}_{n,c,h,w} = a} dy_{n,c,h,w} @f]
 * The max is locally the identity on its winner and constant in the others, so the winner gets
 * dy and the rest 0. With overlapping windows (s < k) one pixel can win several windows and
 * collects the sum.
 *
 * @param cache what max_pool2d_forward() kept: the argmax and the input's shape
 * @param dy dL/dy (N,C,OH,OW)
 * @param dx output dL/dx (N,C,H,W), the forward input's shape, preallocated; overwritten
 * @throws shape_error when dy is not the argmax's shape or dx not the forward input's shape
 * @throws invalid_argument when an argmax is not below H·W (a cache changed by hand)
 *
 * Complexity: O(N·C·(H·W + OH·OW)), no allocation. Example: dy = [[5]], argmax = [[2]],
 * H = W = 2 → dx = [[0,0],[5,0]].
 */
template <class T>
void max_pool2d_backward(const max_pool2d_cache& cache, const const_tensor_view<T, 4>& dy, tensor_view<T, 4> dx) {
    todo("nn/09_cnn", "max_pool2d_backward");
}

/**
 * @ingroup nn
 * @brief Backward of max pooling returning dL/dx (for tests and small programs).
 *
 * @param cache what max_pool2d_forward() kept
 * @param dy dL/dy (N,C,OH,OW)
 * @return dx (N,C,H,W)
 * @throws shape_error when dy is not the argmax's shape
 * @throws invalid_argument when an argmax is not below H·W
 *
 * Complexity: as the other overload, plus one allocation. Example: as the other overload.
 */
template <class T>
tensor4_of<T> max_pool2d_backward(const max_pool2d_cache& cache, const tensor4_of<T>& dy) {
    todo("nn/09_cnn", "max_pool2d_backward");
}

/**
 * @ingroup nn
 * @brief Average pooling over kernel×kernel windows moved by `stride`, into a preallocated output.
 *
 * @f[ y_{n,c,h,w} = \frac{1}{k^2} \sum_{0 \le i,j < k} x_{n,\,c,\; h s + i,\; w s + j} @f]
 * No padding; OH = ⌊(H − k)/s⌋ + 1, as torch.nn.functional.avg_pool2d with its defaults. The
 * backward needs only the geometry: no cache.
 *
 * @param x input (N,C,H,W)
 * @param kernel k ≥ 1
 * @param stride s ≥ 1
 * @param y output (N,C,OH,OW), preallocated; overwritten
 * @throws invalid_argument when k or s is 0 or k is larger than H or W
 * @throws shape_error when y is not (N,C,OH,OW)
 *
 * Complexity: O(N·C·OH·OW·k²), no allocation. Example: x = [[1,2],[4,3]], k = s = 2 → y = [[2.5]].
 */
template <class T>
void avg_pool2d_forward(const const_tensor_view<T, 4>& x, std::size_t kernel, std::size_t stride, tensor_view<T, 4> y) {
    todo("nn/09_cnn", "avg_pool2d_forward");
}

/**
 * @ingroup nn
 * @brief Average pooling returning a new output (for tests and small programs).
 *
 * @param x input (N,C,H,W)
 * @param kernel k ≥ 1
 * @param stride s ≥ 1
 * @return y (N,C,OH,OW)
 * @throws invalid_argument when k or s is 0 or k is larger than H or W
 *
 * Complexity: as the other overload, plus one allocation. Example: as the other overload.
 */
template <class T>
tensor4_of<T> avg_pool2d_forward(const tensor4_of<T>& x, std::size_t kernel, std::size_t stride) {
    todo("nn/09_cnn", "avg_pool2d_forward");
}

/**
 * @ingroup nn
 * @brief Backward of average pooling: each upstream gradient is shared equally by its window.
 *
 * @f[ dx_{n,c,a,b} = \frac{1}{k^2} \sum_{(h,w)\,:\;(a,b) \in \text{window}(h,w)} dy_{n,c,h,w} @f]
 *
 * @param dy dL/dy (N,C,OH,OW)
 * @param kernel k, as in the forward pass
 * @param stride s, as in the forward pass
 * @param dx output dL/dx (N,C,H,W), preallocated; overwritten
 * @throws invalid_argument when k or s is 0 or k is larger than H or W
 * @throws shape_error when dy is not (N,C,OH,OW) for dx's size, the kernel and the stride
 *
 * Complexity: O(N·C·(H·W + OH·OW·k²)), no allocation. Example: dy = [[4]], k = s = 2,
 * H = W = 2 → dx = [[1,1],[1,1]].
 */
template <class T>
void avg_pool2d_backward(const const_tensor_view<T, 4>& dy, std::size_t kernel, std::size_t stride,
                         tensor_view<T, 4> dx) {
    todo("nn/09_cnn", "avg_pool2d_backward");
}

/**
 * @ingroup nn
 * @brief Backward of average pooling returning dL/dx (for tests and small programs).
 *
 * @param dy dL/dy (N,C,OH,OW)
 * @param kernel k, as in the forward pass
 * @param stride s, as in the forward pass
 * @param in_h H of the input
 * @param in_w W of the input
 * @return dx (N,C,H,W)
 * @throws invalid_argument when k or s is 0 or k is larger than H or W
 * @throws shape_error when dy is not (N,C,OH,OW) for this input size, kernel and stride
 *
 * Complexity: as the other overload, plus one allocation. Example: as the other overload.
 */
template <class T>
tensor4_of<T> avg_pool2d_backward(const tensor4_of<T>& dy, std::size_t kernel, std::size_t stride, std::size_t in_h,
                                  std::size_t in_w) {
    todo("nn/09_cnn", "avg_pool2d_backward");
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_09_CNN_HPP
