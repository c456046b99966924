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
    if (kernel == 0 || stride == 0)
        throw invalid_argument(function, ::llmlings::detail::concat("kernel and stride must be >= 1, got kernel ",
                                                                    kernel, " and stride ", stride, " (", axis, ")"));
    if (kernel > input + 2 * padding)
        throw invalid_argument(
            function, ::llmlings::detail::concat("the ", axis, " kernel ", kernel, " is larger than the padded input ",
                                                 input, " + 2*", padding));
    return (input + 2 * padding - kernel) / stride + 1;
}

/// Throws invalid_argument unless the layer was made by make_conv2d().
template <class T>
void check_conv_built(const char* function, const conv2d_layer<T>& layer) {
    if (layer.in_channels == 0 || !layer.weight.registered() || !layer.bias.registered())
        throw invalid_argument(function, "the conv layer is not built (make it with make_conv2d)");
}

/// Checks that the layer is built and x has its input channels and fits its kernel; returns
/// every size.
template <class T, class X>
conv_dims conv_dims_of(const char* function, const conv2d_layer<T>& layer, const X& x) {
    check_conv_built(function, layer);
    if (x.shape()[1] != layer.in_channels)
        throw shape_error(function,
                          ::llmlings::detail::concat("input has ", x.shape()[1], " channels, the layer expects ",
                                                     layer.in_channels, " (x ", shape_str(x.shape()), ", weight ",
                                                     shape_str(layer.weight.shape()), ")"));
    if (x.shape()[2] + 2 * layer.padding < layer.kernel_h || x.shape()[3] + 2 * layer.padding < layer.kernel_w)
        throw shape_error(function,
                          ::llmlings::detail::concat("input ", x.shape()[2], "x", x.shape()[3], " with padding ",
                                                     layer.padding, " is smaller than the kernel ", layer.kernel_h, "x",
                                                     layer.kernel_w, " (x ", shape_str(x.shape()), ")"));
    conv_dims d{x.shape()[0],
                x.shape()[1],
                x.shape()[2],
                x.shape()[3],
                layer.out_channels,
                layer.kernel_h,
                layer.kernel_w,
                0,
                0};
    d.out_h = output_extent(function, "height", d.height, d.kernel_h, layer.stride, layer.padding);
    d.out_w = output_extent(function, "width", d.width, d.kernel_w, layer.stride, layer.padding);
    return d;
}

/// Throws shape_error unless the rank-4 tensor `t` has the shape `expected`.
template <class Tensor>
void check_shape4(const char* function, const char* name, const Tensor& t, const std::array<std::size_t, 4>& expected) {
    if (!std::equal(expected.begin(), expected.end(), t.shape().begin(), t.shape().end()))
        throw shape_error(function, ::llmlings::detail::concat(name, " must be ", shape_str(expected), ", got ",
                                                               shape_str(t.shape())));
}

/// Throws invalid_argument when `n` is not an image of the batch x, naming `function`.
template <class Tensor>
void check_image_index(const char* function, const Tensor& x, std::size_t n) {
    if (n >= x.shape()[0])
        throw invalid_argument(function, ::llmlings::detail::concat("image ", n, " does not exist, the batch has ",
                                                                    x.shape()[0], " (x ", shape_str(x.shape()), ")"));
}

/// The output columns ow whose input column ow·stride + j − padding lies inside [0, width), as
/// [first, last): left of it im2col reads padding, right of it too. Computed once per kernel
/// column j so that the inner loops need no bounds test.
inline std::pair<std::size_t, std::size_t> inside_columns(std::size_t out_w, std::size_t width, std::size_t j,
                                                          std::size_t stride, std::size_t padding) {
    // ow·s + j − p ≥ 0  ⇔  ow ≥ ⌈(p − j)/s⌉;   ow·s + j − p < width  ⇔  ow < ⌈(width + p − j)/s⌉.
    const std::size_t first = padding > j ? (padding - j + stride - 1) / stride : 0;
    const std::size_t last = width + padding > j ? (width + padding - j + stride - 1) / stride : 0;
    return {std::min(first, out_w), std::min(std::max(first, last), out_w)};
}

/// `take ? a : b` (take is 0 or 1) computed with a mask instead of a branch. Which input of a
/// pooling window wins is a coin toss on real data, and a mispredicted branch (~15 cycles) costs
/// more than the comparison itself: with `if`, max pooling took a sixth of a CNN's training time.
inline std::size_t select_index(std::size_t take, std::size_t a, std::size_t b) {
    const std::size_t mask = std::size_t(0) - take;  // all ones when take is 1, zero when it is 0
    return (a & mask) | (b & ~mask);
}

/// The output shape (N,C,OH,OW) of a pooling of `input` (no padding), checked for `function`.
inline std::array<std::size_t, 4> pooled_shape(const char* function, const std::array<std::size_t, 4>& input,
                                               std::size_t kernel, std::size_t stride) {
    return {input[0], input[1], output_extent(function, "height", input[2], kernel, stride, 0),
            output_extent(function, "width", input[3], kernel, stride, 0)};
}

/// The shape of a rank-4 tensor as an array.
template <class Tensor>
std::array<std::size_t, 4> shape4(const Tensor& t) {
    return {t.shape()[0], t.shape()[1], t.shape()[2], t.shape()[3]};
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
    return detail::output_extent("conv2d_output_size", "one", input, kernel, stride, padding);
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
    if (t.dimension() != 4)
        throw shape_error("as_images", ::llmlings::detail::concat("expected a batch of images (N,C,H,W), got ",
                                                                  shape_str(t.shape())));
    return view_of<4>(t.data(), t.size(), detail::shape4(t));
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
    if (x.dimension() != 4)
        throw shape_error("flatten_images", ::llmlings::detail::concat("expected a batch of images (N,C,H,W), got ",
                                                                       shape_str(x.shape())));
    const std::size_t n = x.shape()[0];
    return view_of<2>(x.data(), x.size(), std::array<std::size_t, 2>{n, x.shape()[1] * x.shape()[2] * x.shape()[3]});
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
    if (rows.dimension() != 2 || rows.shape()[1] != channels * height * width)
        throw shape_error("unflatten_images",
                          ::llmlings::detail::concat("rows must be a matrix with C*H*W = ", channels * height * width,
                                                     " columns, got ", shape_str(rows.shape())));
    return view_of<4>(rows.data(), rows.size(), std::array<std::size_t, 4>{rows.shape()[0], channels, height, width});
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
    if (in_channels == 0 || out_channels == 0 || kernel_h == 0 || kernel_w == 0 || stride == 0)
        throw invalid_argument("make_conv2d", ::llmlings::detail::concat(
                                                  "channels, kernel sizes and stride must be >= 1, got in_channels ",
                                                  in_channels, ", out_channels ", out_channels, ", kernel ", kernel_h,
                                                  "x", kernel_w, ", stride ", stride));
    conv2d_layer<T> layer;
    layer.weight = store.add(name + ".weight", {out_channels, in_channels, kernel_h, kernel_w});
    layer.bias = store.add(name + ".bias", {out_channels});
    layer.in_channels = in_channels;
    layer.out_channels = out_channels;
    layer.kernel_h = kernel_h;
    layer.kernel_w = kernel_w;
    layer.stride = stride;
    layer.padding = padding;
    return layer;
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
    detail::check_conv_built("init_he_normal", layer);
    parameter_store<T> scratch;
    dense_layer<T> as_dense =
        make_dense(scratch, "as_dense", layer.in_channels * layer.kernel_h * layer.kernel_w, layer.out_channels, false);
    init_he_normal(as_dense, gen);
    std::copy(as_dense.weight.data(), as_dense.weight.data() + as_dense.weight.size(), layer.weight.data());
    std::fill(layer.bias.data(), layer.bias.data() + layer.out_channels, T(0));
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
    detail::check_conv_built("init_he_uniform", layer);
    parameter_store<T> scratch;
    dense_layer<T> as_dense =
        make_dense(scratch, "as_dense", layer.in_channels * layer.kernel_h * layer.kernel_w, layer.out_channels, false);
    init_he_uniform(as_dense, gen);
    std::copy(as_dense.weight.data(), as_dense.weight.data() + as_dense.weight.size(), layer.weight.data());
    std::fill(layer.bias.data(), layer.bias.data() + layer.out_channels, T(0));
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
    const detail::conv_dims d = detail::conv_dims_of("conv2d_forward_direct", layer, x);
    detail::check_shape4("conv2d_forward_direct", "y", y, {d.batch, d.out_channels, d.out_h, d.out_w});
    const auto pad = static_cast<std::ptrdiff_t>(layer.padding);
    const auto height = static_cast<std::ptrdiff_t>(d.height), width = static_cast<std::ptrdiff_t>(d.width);
    const auto w = layer.weight.template value<4>();
    const T* b = layer.bias.data();
    for (std::size_t n = 0; n < d.batch; ++n)
        for (std::size_t o = 0; o < d.out_channels; ++o)
            for (std::size_t oh = 0; oh < d.out_h; ++oh)
                for (std::size_t ow = 0; ow < d.out_w; ++ow) {
                    T sum = b[o];
                    for (std::size_t c = 0; c < d.in_channels; ++c)
                        for (std::size_t i = 0; i < d.kernel_h; ++i) {
                            const std::ptrdiff_t ih = static_cast<std::ptrdiff_t>(oh * layer.stride + i) - pad;
                            if (ih < 0 || ih >= height) continue;  // a padding row: x is 0 there
                            for (std::size_t j = 0; j < d.kernel_w; ++j) {
                                const std::ptrdiff_t iw = static_cast<std::ptrdiff_t>(ow * layer.stride + j) - pad;
                                if (iw < 0 || iw >= width) continue;
                                sum +=
                                    w(o, c, i, j) * x(n, c, static_cast<std::size_t>(ih), static_cast<std::size_t>(iw));
                            }
                        }
                    y(n, o, oh, ow) = sum;
                }
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
    const detail::conv_dims d = detail::conv_dims_of("conv2d_forward_direct", layer, x);
    tensor4_of<T> y({d.batch, d.out_channels, d.out_h, d.out_w});
    conv2d_forward_direct(layer, as_images(x), as_images(y));
    return y;
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
    detail::check_image_index("im2col", x, n);
    const std::size_t channels = x.shape()[1], height = x.shape()[2], width = x.shape()[3];
    const std::size_t out_h = detail::output_extent("im2col", "height", height, kernel_h, stride, padding);
    const std::size_t out_w = detail::output_extent("im2col", "width", width, kernel_w, stride, padding);
    detail::check_matrix("im2col", "columns", columns, channels * kernel_h * kernel_w, out_h * out_w);
    T* out = columns.data();  // written row after row, contiguously
    for (std::size_t c = 0; c < channels; ++c) {
        const T* plane = x.data() + ((n * channels + c) * height) * width;
        for (std::size_t i = 0; i < kernel_h; ++i)
            for (std::size_t j = 0; j < kernel_w; ++j) {  // one row of columns: (c, i, j) at every output pixel
                const auto [first, last] = detail::inside_columns(out_w, width, j, stride, padding);
                for (std::size_t oh = 0; oh < out_h; ++oh, out += out_w) {
                    const std::size_t ih = oh * stride + i;        // + padding, to stay unsigned
                    if (ih < padding || ih >= height + padding) {  // a padding row
                        std::fill(out, out + out_w, T(0));
                        continue;
                    }
                    // row[ow·s + j − p] is pixel (ih, ow·s + j − p); inside_columns keeps that index
                    // in [0, width), so it is computed first, in size_t, and never wraps.
                    const T* row = plane + (ih - padding) * width;
                    // The zeros left and right of the image are 0 to ⌈p/s⌉ entries: test before
                    // calling std::fill, whose call costs more than the few stores.
                    if (first > 0) std::fill(out, out + first, T(0));
                    if (stride == 1)  // the common case: a contiguous run of the input row
                        std::copy(row + (first + j - padding), row + (last + j - padding), out + first);
                    else
                        for (std::size_t ow = first; ow < last; ++ow) out[ow] = row[ow * stride + j - padding];
                    if (last < out_w) std::fill(out + last, out + out_w, T(0));
                }
            }
    }
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
    const std::size_t out_h = detail::output_extent("im2col", "height", x.shape()[2], kernel_h, stride, padding);
    const std::size_t out_w = detail::output_extent("im2col", "width", x.shape()[3], kernel_w, stride, padding);
    matrix_of<T> columns({x.shape()[1] * kernel_h * kernel_w, out_h * out_w});
    im2col(as_images(x), n, kernel_h, kernel_w, stride, padding, as_rows(columns));
    return columns;
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
    detail::check_image_index("col2im", dx, n);
    const std::size_t channels = dx.shape()[1], height = dx.shape()[2], width = dx.shape()[3];
    const std::size_t out_h = detail::output_extent("col2im", "height", height, kernel_h, stride, padding);
    const std::size_t out_w = detail::output_extent("col2im", "width", width, kernel_w, stride, padding);
    detail::check_matrix("col2im", "columns", columns, channels * kernel_h * kernel_w, out_h * out_w);
    const T* in = columns.data();  // read in im2col's order
    for (std::size_t c = 0; c < channels; ++c) {
        T* plane = dx.data() + ((n * channels + c) * height) * width;
        for (std::size_t i = 0; i < kernel_h; ++i)
            for (std::size_t j = 0; j < kernel_w; ++j) {
                const auto [first, last] = detail::inside_columns(out_w, width, j, stride, padding);
                for (std::size_t oh = 0; oh < out_h; ++oh, in += out_w) {
                    const std::size_t ih = oh * stride + i;                // + padding
                    if (ih < padding || ih >= height + padding) continue;  // entries from the padding are dropped
                    T* row = plane + (ih - padding) * width;               // as in im2col: the index never wraps
                    for (std::size_t ow = first; ow < last; ++ow) row[ow * stride + j - padding] += in[ow];
                }
            }
    }
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
    const detail::conv_dims d = detail::conv_dims_of("conv2d_forward", layer, x);
    detail::check_shape4("conv2d_forward", "y", y, {d.batch, d.out_channels, d.out_h, d.out_w});
    const std::size_t k = d.in_channels * d.kernel_h * d.kernel_w, p = d.out_h * d.out_w;
    ensure_shape(cache.columns, {k, p});
    auto columns = as_rows(cache.columns);
    const T* weight = layer.weight.data();
    const auto w = view_of<2>(weight, d.out_channels * k, {d.out_channels, k});  // (C_out,C_in,kH,kW) is (C_out,K)
    const T* b = layer.bias.data();
    for (std::size_t n = 0; n < d.batch; ++n) {
        // 1. Unroll the receptive fields of image n: columns (K, P).
        im2col(x, n, d.kernel_h, d.kernel_w, layer.stride, layer.padding, columns);
        // 2. Start image n of y at the bias, then add W · columns (beta = 1) in place.
        T* out = y.data() + n * d.out_channels * p;
        for (std::size_t o = 0; o < d.out_channels; ++o) std::fill(out + o * p, out + (o + 1) * p, b[o]);
        auto y_n = view_of<2>(out, d.out_channels * p, {d.out_channels, p});
        xt::blas::gemm(w, columns, y_n, false, false, T(1), T(1));
    }
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
    const detail::conv_dims d = detail::conv_dims_of("conv2d_forward", layer, x);
    tensor4_of<T> y({d.batch, d.out_channels, d.out_h, d.out_w});
    conv2d_cache<T> cache;
    conv2d_forward(layer, as_images(x), as_images(y), cache);
    return y;
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
    const detail::conv_dims d = detail::conv_dims_of("conv2d_backward", layer, x);
    detail::check_shape4("conv2d_backward", "dy", dy, {d.batch, d.out_channels, d.out_h, d.out_w});
    const bool want_dx = dx.size() != 0;  // an empty view: dL/dx is not needed
    if (want_dx) detail::check_shape4("conv2d_backward", "dx", dx, detail::shape4(x));
    const std::size_t k = d.in_channels * d.kernel_h * d.kernel_w, p = d.out_h * d.out_w;
    ensure_shape(cache.columns, {k, p});
    auto columns = as_rows(cache.columns);
    const T* weight = layer.weight.data();
    const auto w = view_of<2>(weight, d.out_channels * k, {d.out_channels, k});
    auto dw = view_of<2>(layer.weight.grad_data(), d.out_channels * k, {d.out_channels, k});
    T* db = layer.bias.grad_data();
    const std::size_t image = d.in_channels * d.height * d.width;
    for (std::size_t n = 0; n < d.batch; ++n) {
        const T* dy_data = dy.data() + n * d.out_channels * p;
        const auto dy_n = view_of<2>(dy_data, d.out_channels * p, {d.out_channels, p});
        // 1. X_n = im2col(x_n) (K,P), as in the forward pass.
        im2col(x, n, d.kernel_h, d.kernel_w, layer.stride, layer.padding, columns);
        // 2. dW += dY_n · X_nᵀ   (C_out,P)·(P,K); beta = 1 accumulates.
        xt::blas::gemm(dy_n, columns, dw, false, true, T(1), T(1));
        // 3. db += the sum of dY_n over its P positions, in four running sums: one sum would be a
        //    chain of dependent additions, four let the processor overlap them.
        for (std::size_t o = 0; o < d.out_channels; ++o) {
            const T* row = dy_data + o * p;
            T sums[4] = {0, 0, 0, 0};
            std::size_t q = 0;
            for (; q + 4 <= p; q += 4)
                for (std::size_t r = 0; r < 4; ++r) sums[r] += row[q + r];
            for (; q < p; ++q) sums[0] += row[q];
            db[o] += (sums[0] + sums[1]) + (sums[2] + sums[3]);
        }
        if (!want_dx) continue;
        // 4. columns = Wᵀ · dY_n   (K,C_out)·(C_out,P): the gradient of every unrolled entry.
        xt::blas::gemm(w, dy_n, columns, true, false);
        // 5. Fold it back onto the pixels of image n, zeroed first: dx_n = col2im(columns).
        std::fill(dx.data() + n * image, dx.data() + (n + 1) * image, T(0));
        col2im(columns, n, d.kernel_h, d.kernel_w, layer.stride, layer.padding, dx);
    }
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
    detail::conv_dims_of("conv2d_backward", layer, x);
    tensor4_of<T> dx(x.shape());
    conv2d_cache<T> cache;
    conv2d_backward(layer, cache, as_images(x), as_images(dy), as_images(dx));
    return dx;
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
    const std::array<std::size_t, 4> in = detail::shape4(x);
    const std::array<std::size_t, 4> out = detail::pooled_shape("max_pool2d_forward", in, kernel, stride);
    detail::check_shape4("max_pool2d_forward", "y", y, out);
    ensure_shape(cache.argmax, out);
    cache.input_shape = in;
    const std::size_t height = in[2], width = in[3], out_h = out[2], out_w = out[3];
    // The windows of one output row are visited side by side, (i, j) outer and ow inner, so that
    // consecutive iterations are independent windows the processor overlaps, instead of one
    // window's chain of dependent comparisons after another.
    for (std::size_t plane_index = 0; plane_index < in[0] * in[1]; ++plane_index) {
        const T* plane = x.data() + plane_index * height * width;
        for (std::size_t oh = 0; oh < out_h; ++oh) {
            std::size_t* best = cache.argmax.data() + (plane_index * out_h + oh) * out_w;
            for (std::size_t ow = 0; ow < out_w; ++ow) best[ow] = (oh * stride) * width + ow * stride;
            for (std::size_t i = 0; i < kernel; ++i)
                for (std::size_t j = 0; j < kernel; ++j) {
                    const std::size_t first = (oh * stride + i) * width + j;
                    for (std::size_t ow = 0; ow < out_w; ++ow) {
                        // PyTorch's rule: a strictly larger value, or a NaN, takes over.
                        const std::size_t at = first + ow * stride;
                        const T v = plane[at];
                        const std::size_t take =
                            static_cast<std::size_t>(v > plane[best[ow]]) | static_cast<std::size_t>(std::isnan(v));
                        best[ow] = detail::select_index(take, at, best[ow]);
                    }
                }
            T* y_row = y.data() + (plane_index * out_h + oh) * out_w;
            for (std::size_t ow = 0; ow < out_w; ++ow) y_row[ow] = plane[best[ow]];
        }
    }
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
    const auto out = detail::pooled_shape("max_pool2d_forward", detail::shape4(x), kernel, stride);
    tensor4_of<T> y(out);
    max_pool2d_forward(as_images(x), kernel, stride, as_images(y), cache);
    return y;
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
    detail::check_shape4("max_pool2d_backward", "dy", dy, detail::shape4(cache.argmax));
    detail::check_shape4("max_pool2d_backward", "dx", dx, cache.input_shape);
    const std::size_t planes = dy.shape()[0] * dy.shape()[1], per_plane = dy.shape()[2] * dy.shape()[3];
    const std::size_t in_plane = dx.shape()[2] * dx.shape()[3];
    std::fill(dx.data(), dx.data() + dx.size(), T(0));
    const std::size_t* arg = cache.argmax.data();
    const T* grad = dy.data();
    for (std::size_t plane = 0; plane < planes; ++plane) {
        T* out = dx.data() + plane * in_plane;
        for (std::size_t q = 0; q < per_plane; ++q, ++arg, ++grad) {
            if (*arg >= in_plane)
                throw invalid_argument("max_pool2d_backward",
                                       ::llmlings::detail::concat("argmax ", *arg, " is outside the ", dx.shape()[2],
                                                                  "x", dx.shape()[3], " input plane"));
            out[*arg] += *grad;
        }
    }
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
    tensor4_of<T> dx(cache.input_shape);
    max_pool2d_backward(cache, as_images(dy), as_images(dx));
    return dx;
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
    const std::array<std::size_t, 4> in = detail::shape4(x);
    const std::array<std::size_t, 4> out = detail::pooled_shape("avg_pool2d_forward", in, kernel, stride);
    detail::check_shape4("avg_pool2d_forward", "y", y, out);
    const std::size_t width = in[3];
    const T scale = T(1) / static_cast<T>(kernel * kernel);
    T* y_data = y.data();
    for (std::size_t plane_index = 0; plane_index < in[0] * in[1]; ++plane_index) {
        const T* plane = x.data() + plane_index * in[2] * width;
        for (std::size_t oh = 0; oh < out[2]; ++oh)
            for (std::size_t ow = 0; ow < out[3]; ++ow, ++y_data) {
                T sum = 0;
                for (std::size_t i = 0; i < kernel; ++i)
                    for (std::size_t j = 0; j < kernel; ++j) sum += plane[(oh * stride + i) * width + ow * stride + j];
                *y_data = sum * scale;
            }
    }
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
    tensor4_of<T> y(detail::pooled_shape("avg_pool2d_forward", detail::shape4(x), kernel, stride));
    avg_pool2d_forward(as_images(x), kernel, stride, as_images(y));
    return y;
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
    const std::array<std::size_t, 4> in = detail::shape4(dx);
    const std::array<std::size_t, 4> out = detail::pooled_shape("avg_pool2d_backward", in, kernel, stride);
    detail::check_shape4("avg_pool2d_backward", "dy", dy, out);
    const std::size_t width = in[3];
    const T scale = T(1) / static_cast<T>(kernel * kernel);
    std::fill(dx.data(), dx.data() + dx.size(), T(0));
    const T* grad = dy.data();
    for (std::size_t plane_index = 0; plane_index < in[0] * in[1]; ++plane_index) {
        T* plane = dx.data() + plane_index * in[2] * width;
        for (std::size_t oh = 0; oh < out[2]; ++oh)
            for (std::size_t ow = 0; ow < out[3]; ++ow, ++grad) {
                const T share = *grad * scale;
                for (std::size_t i = 0; i < kernel; ++i)
                    for (std::size_t j = 0; j < kernel; ++j)
                        plane[(oh * stride + i) * width + ow * stride + j] += share;
            }
    }
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
    tensor4_of<T> dx({dy.shape()[0], dy.shape()[1], in_h, in_w});
    avg_pool2d_backward(as_images(dy), kernel, stride, as_images(dx));
    return dx;
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_09_CNN_HPP
