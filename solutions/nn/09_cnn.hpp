// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nn/09 — 2-D convolution (direct and im2col + BLAS), its backward pass, max and average
 * pooling, and the flatten step that feeds a dense layer.
 *
 * Shapes (NCHW, PyTorch's layout): N images, C channels, H×W pixels.
 *   x, dx: (N,C_in,H,W)   y, dy: (N,C_out,OH,OW)   weight, weight_grad: (C_out,C_in,kH,kW)
 *   bias, bias_grad: (C_out)   columns: (C_in·kH·kW, OH·OW), one image unrolled by im2col
 *   OH = (H + 2·padding − kH) / stride + 1 (integer division), OW likewise.
 *
 * What it is: a convolution as PyTorch's torch.nn.functional.conv2d computes it — a
 * cross-correlation (the kernel is not flipped), zero padding, one stride for both axes, no
 * dilation, no groups. What it is not: fast in the way cuDNN is (no Winograd, no FFT, no
 * threads); it is the im2col + GEMM method that Caffe made standard, which is fast enough to train
 * a small CNN on 60 000 28×28 images on one core.
 *
 * The pattern is nn/05's: forward returns the output, the caller keeps the input; backward returns
 * dx and ACCUMULATES weight_grad and bias_grad (`+=`). conv2d_forward() is the definition written
 * as seven nested loops, kept beside the fast conv2d_forward_im2col() as the reference it must
 * agree with (to rounding). The fast paths write into caller-owned buffers, so a training loop
 * allocates once.
 *
 * References: LeCun et al. (1998), "Gradient-based learning applied to document recognition";
 * Chellapilla, Puri, Simard (2006), "High performance convolutional neural networks for document
 * processing" (im2col); Dumoulin & Visin (2016), "A guide to convolution arithmetic for deep
 * learning" (output sizes, transposed convolution); CS231n's notes on convolutional networks.
 */
#ifndef LLMLINGS_NN_09_CNN_HPP
#define LLMLINGS_NN_09_CNN_HPP

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <utility>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xadapt.hpp>
#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>
#include <llmlings/nn/05_dense.hpp>

namespace llmlings {
namespace nn {

/**
 * @ingroup nn
 * @brief A 2-D convolution layer with its parameters, their accumulated gradients and its
 * geometry (stride and zero padding, the same on both axes).
 *
 * Build it with make_conv2d(), initialise it with init_he_normal() or init_he_uniform(), clear the
 * gradients with zero_grad() before each backward pass that starts a new step.
 */
struct conv2d_layer {
    tensor4 weight;           ///< W (C_out,C_in,kH,kW): weight(o,c) is the kernel from input channel c to output o
    vector bias;              ///< b (C_out)
    tensor4 weight_grad;      ///< dL/dW (C_out,C_in,kH,kW), accumulated by conv2d_backward()
    vector bias_grad;         ///< dL/db (C_out), accumulated by conv2d_backward()
    std::size_t stride = 1;   ///< step of the window in pixels, ≥ 1
    std::size_t padding = 0;  ///< zeros added on every side of the input
};

/// @ingroup nn
/// @brief A 4-D array of indices; max_pool2d_forward() returns its argmax in one (N,C,OH,OW).
using index_tensor4 = xt::xtensor<std::size_t, 4>;

/// @ingroup nn
/// @brief The output of max_pool2d_forward(): the pooled values and where each came from.
struct max_pool2d_result {
    tensor4 y;             ///< the maxima (N,C,OH,OW)
    index_tensor4 argmax;  ///< (N,C,OH,OW): the flat index ih·W + iw of each maximum in its input plane
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

/// Checks that the layer is made and x has its input channels; returns every size.
inline conv_dims conv_dims_of(const char* function, const conv2d_layer& layer, const tensor4& x) {
    const auto& w = layer.weight.shape();
    if (layer.weight.size() == 0 || layer.bias.size() != w[0])
        throw invalid_argument(
            function, ::llmlings::detail::concat("the layer is not made (weight ", shape_str(w), ", bias ",
                                                 shape_str(layer.bias.shape()), "); build it with make_conv2d"));
    if (x.shape()[1] != w[1])
        throw shape_error(function,
                          ::llmlings::detail::concat("input has ", x.shape()[1], " channels, the layer expects ", w[1],
                                                     " (x ", shape_str(x.shape()), ", weight ", shape_str(w), ")"));
    if (x.shape()[2] + 2 * layer.padding < w[2] || x.shape()[3] + 2 * layer.padding < w[3])
        throw shape_error(
            function, ::llmlings::detail::concat("input ", x.shape()[2], "x", x.shape()[3], " with padding ",
                                                 layer.padding, " is smaller than the kernel ", w[2], "x", w[3], " (x ",
                                                 shape_str(x.shape()), ")"));
    conv_dims d{x.shape()[0], w[1], x.shape()[2], x.shape()[3], w[0], w[2], w[3], 0, 0};
    d.out_h = output_extent(function, "height", d.height, d.kernel_h, layer.stride, layer.padding);
    d.out_w = output_extent(function, "width", d.width, d.kernel_w, layer.stride, layer.padding);
    return d;
}

/// Throws invalid_argument when `n` is not an image of x, naming `function`.
inline void check_image_index(const char* function, const tensor4& x, std::size_t n) {
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

/// Resizes `t` to `shape` unless it has it already (a reused buffer keeps its memory).
template <class Tensor, class Shape>
void ensure_shape(Tensor& t, const Shape& shape) {
    if (!std::equal(shape.begin(), shape.end(), t.shape().begin(), t.shape().end())) t.resize(shape);
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
 * @brief A conv layer from `in_channels` to `out_channels` with a kernel_h×kernel_w kernel, every
 * parameter and gradient zero.
 *
 * As with make_dense(), zero weights are a placeholder: call init_he_normal() or
 * init_he_uniform() next.
 *
 * @param in_channels C_in
 * @param out_channels C_out, the number of kernels (feature maps)
 * @param kernel_h kH
 * @param kernel_w kW
 * @param stride the step of the window (default 1)
 * @param padding zeros added on each side (default 0; kernel 3 with padding 1 keeps H×W)
 * @return the layer, weight (C_out,C_in,kH,kW) and bias (C_out) zero
 * @throws invalid_argument when a size or the stride is 0
 *
 * Complexity: O(C_out·C_in·kH·kW). Example: `make_conv2d(1, 8, 3, 3, 1, 1).weight.shape()` →
 * `(8,1,3,3)`.
 */
inline conv2d_layer make_conv2d(std::size_t in_channels, std::size_t out_channels, std::size_t kernel_h,
                                std::size_t kernel_w, std::size_t stride = 1, std::size_t padding = 0) {
    if (in_channels == 0 || out_channels == 0 || kernel_h == 0 || kernel_w == 0 || stride == 0)
        throw invalid_argument("make_conv2d", ::llmlings::detail::concat(
                                                  "channels, kernel sizes and stride must be >= 1, got in_channels ",
                                                  in_channels, ", out_channels ", out_channels, ", kernel ", kernel_h,
                                                  "x", kernel_w, ", stride ", stride));
    conv2d_layer layer;
    layer.weight = xt::zeros<double>({out_channels, in_channels, kernel_h, kernel_w});
    layer.weight_grad = xt::zeros<double>({out_channels, in_channels, kernel_h, kernel_w});
    layer.bias = xt::zeros<double>({out_channels});
    layer.bias_grad = xt::zeros<double>({out_channels});
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
 * C_in·kH·kW. The weights are drawn by nn/05's init_he_normal() on that dense layer and copied in
 * the same row-major order. Matches torch.nn.init.kaiming_normal_(w, mode='fan_in',
 * nonlinearity='relu').
 *
 * @param layer the layer; weight overwritten, bias set to 0
 * @param gen the generator
 * @throws invalid_argument when the layer is empty (not made)
 *
 * Complexity: O(C_out·C_in·kH·kW). Example: a (16,8,5,5) layer gets σ = √(2/200) = 0.1.
 */
inline void init_he_normal(conv2d_layer& layer, rng& gen) {
    if (layer.weight.size() == 0)
        throw invalid_argument("init_he_normal",
                               ::llmlings::detail::concat("cannot initialise an empty conv layer, weight ",
                                                          shape_str(layer.weight.shape())));
    const auto& w = layer.weight.shape();
    dense_layer as_dense = make_dense(w[1] * w[2] * w[3], w[0]);
    init_he_normal(as_dense, gen);
    std::copy(as_dense.weight.begin(), as_dense.weight.end(), layer.weight.begin());
    layer.bias.fill(0.0);
}

/**
 * @ingroup nn
 * @brief He/Kaiming uniform initialisation of a conv layer: W ~ U(−a, a), a = √(6/fan_in),
 * fan_in = C_in·kH·kW; b = 0.
 *
 * Same variance 2/fan_in as init_he_normal(conv2d_layer&, rng&), drawn by nn/05's
 * init_he_uniform() on the equivalent dense layer (C_out, C_in·kH·kW).
 *
 * @param layer the layer; weight overwritten, bias set to 0
 * @param gen the generator
 * @throws invalid_argument when the layer is empty (not made)
 *
 * Complexity: O(C_out·C_in·kH·kW). Example: a (8,1,3,3) layer has weights in [−√(6/9), √(6/9)].
 */
inline void init_he_uniform(conv2d_layer& layer, rng& gen) {
    if (layer.weight.size() == 0)
        throw invalid_argument("init_he_uniform",
                               ::llmlings::detail::concat("cannot initialise an empty conv layer, weight ",
                                                          shape_str(layer.weight.shape())));
    const auto& w = layer.weight.shape();
    dense_layer as_dense = make_dense(w[1] * w[2] * w[3], w[0]);
    init_he_uniform(as_dense, gen);
    std::copy(as_dense.weight.begin(), as_dense.weight.end(), layer.weight.begin());
    layer.bias.fill(0.0);
}

/**
 * @ingroup nn
 * @brief Sets weight_grad and bias_grad of a conv layer to zero.
 *
 * conv2d_backward() accumulates, so call this before each new backward pass. Throws nothing.
 * Complexity: O(C_out·C_in·kH·kW). Example: after `zero_grad(conv)`, `conv.bias_grad` is all 0.
 */
inline void zero_grad(conv2d_layer& layer) {
    layer.weight_grad.fill(0.0);
    layer.bias_grad.fill(0.0);
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
 * @return y (N,C_out,OH,OW)
 * @throws shape_error when x does not have C_in channels or is smaller than the kernel after
 *         padding
 * @throws invalid_argument when the layer is not made
 *
 * Complexity: 2·N·C_out·OH·OW·C_in·kH·kW flops. Example: x = [[1,2,3],[4,5,6],[7,8,9]] (one
 * channel), W = [[1,0],[0,−1]], b = 0 → y = [[−4,−4],[−4,−4]].
 */
inline tensor4 conv2d_forward(const conv2d_layer& layer, const tensor4& x) {
    const detail::conv_dims d = detail::conv_dims_of("conv2d_forward", layer, x);
    const auto pad = static_cast<std::ptrdiff_t>(layer.padding);
    const auto height = static_cast<std::ptrdiff_t>(d.height), width = static_cast<std::ptrdiff_t>(d.width);
    tensor4 y({d.batch, d.out_channels, d.out_h, d.out_w});
    for (std::size_t n = 0; n < d.batch; ++n)
        for (std::size_t o = 0; o < d.out_channels; ++o)
            for (std::size_t oh = 0; oh < d.out_h; ++oh)
                for (std::size_t ow = 0; ow < d.out_w; ++ow) {
                    double sum = layer.bias(o);
                    for (std::size_t c = 0; c < d.in_channels; ++c)
                        for (std::size_t i = 0; i < d.kernel_h; ++i) {
                            const std::ptrdiff_t ih = static_cast<std::ptrdiff_t>(oh * layer.stride + i) - pad;
                            if (ih < 0 || ih >= height) continue;  // a padding row: x is 0 there
                            for (std::size_t j = 0; j < d.kernel_w; ++j) {
                                const std::ptrdiff_t iw = static_cast<std::ptrdiff_t>(ow * layer.stride + j) - pad;
                                if (iw < 0 || iw >= width) continue;
                                sum += layer.weight(o, c, i, j) *
                                       x(n, c, static_cast<std::size_t>(ih), static_cast<std::size_t>(iw));
                            }
                        }
                    y(n, o, oh, ow) = sum;
                }
    return y;
}

/**
 * @ingroup nn
 * @brief Unrolls image n of x into a matrix whose columns are the receptive fields (im2col).
 *
 * Row r = (c·kH + i)·kW + j, column q = oh·OW + ow:
 * @f[ \text{columns}_{r,q} = x_{n,\,c,\; oh\,s + i - p,\; ow\,s + j - p} \quad (0 \text{ in the padding}) @f]
 * Column q holds the C_in·kH·kW numbers the kernel sees at output pixel q, in the order of a
 * weight row (C_in,kH,kW) flattened; so the weight viewed as a (C_out, C_in·kH·kW) matrix times
 * `columns` is the whole convolution of the image, one matrix product.
 *
 * @param x the batch (N,C,H,W)
 * @param n which image, < N
 * @param kernel_h kH
 * @param kernel_w kW
 * @param stride s ≥ 1
 * @param padding p
 * @param columns output (C·kH·kW, OH·OW); resized if its shape differs, so a reused buffer is not
 *        reallocated
 * @throws invalid_argument when n ≥ N, a kernel size or the stride is 0, or the padded image is
 *         smaller than the kernel
 *
 * Complexity: O(C·kH·kW·OH·OW) copies (each pixel is copied about kH·kW/s² times: the memory
 * price of im2col). Example: x = [[1,2,3],[4,5,6],[7,8,9]], 2×2 kernel, s = 1, p = 0 →
 * columns = [[1,2,4,5],[2,3,5,6],[4,5,7,8],[5,6,8,9]].
 */
inline void im2col(const tensor4& x, std::size_t n, std::size_t kernel_h, std::size_t kernel_w, std::size_t stride,
                   std::size_t padding, matrix& columns) {
    detail::check_image_index("im2col", x, n);
    const std::size_t channels = x.shape()[1], height = x.shape()[2], width = x.shape()[3];
    const std::size_t out_h = detail::output_extent("im2col", "height", height, kernel_h, stride, padding);
    const std::size_t out_w = detail::output_extent("im2col", "width", width, kernel_w, stride, padding);
    detail::ensure_shape(columns, std::array<std::size_t, 2>{channels * kernel_h * kernel_w, out_h * out_w});
    double* out = columns.data();  // written row after row, contiguously
    for (std::size_t c = 0; c < channels; ++c) {
        const double* plane = x.data() + ((n * channels + c) * height) * width;
        for (std::size_t i = 0; i < kernel_h; ++i)
            for (std::size_t j = 0; j < kernel_w; ++j) {  // one row of columns: (c, i, j) at every output pixel
                const auto [first, last] = detail::inside_columns(out_w, width, j, stride, padding);
                for (std::size_t oh = 0; oh < out_h; ++oh, out += out_w) {
                    const std::size_t ih = oh * stride + i;        // + padding, to stay unsigned
                    if (ih < padding || ih >= height + padding) {  // a padding row
                        std::fill(out, out + out_w, 0.0);
                        continue;
                    }
                    const double* row = plane + (ih - padding) * width;
                    std::fill(out, out + first, 0.0);
                    for (std::size_t ow = first; ow < last; ++ow) out[ow] = row[ow * stride + j - padding];
                    std::fill(out + last, out + out_w, 0.0);
                }
            }
    }
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
 * @param columns (C·kH·kW, OH·OW), e.g. Wᵀ·dy of one image
 * @param n which image of dx, < N
 * @param kernel_h kH
 * @param kernel_w kW
 * @param stride s ≥ 1
 * @param padding p
 * @param dx the batch (N,C,H,W) whose image n is added to (`+=`; zero it first for a plain fold)
 * @throws invalid_argument when n ≥ N or the geometry is invalid (as im2col())
 * @throws shape_error when columns is not (C·kH·kW, OH·OW)
 *
 * Complexity: O(C·kH·kW·OH·OW). Example: col2im of a 4×4 matrix of ones for a 3×3 image and a
 * 2×2 kernel adds [[1,2,1],[2,4,2],[1,2,1]] (how many windows cover each pixel).
 */
inline void col2im(const matrix& columns, std::size_t n, std::size_t kernel_h, std::size_t kernel_w, std::size_t stride,
                   std::size_t padding, tensor4& dx) {
    detail::check_image_index("col2im", dx, n);
    const std::size_t channels = dx.shape()[1], height = dx.shape()[2], width = dx.shape()[3];
    const std::size_t out_h = detail::output_extent("col2im", "height", height, kernel_h, stride, padding);
    const std::size_t out_w = detail::output_extent("col2im", "width", width, kernel_w, stride, padding);
    if (columns.shape()[0] != channels * kernel_h * kernel_w || columns.shape()[1] != out_h * out_w)
        throw shape_error(
            "col2im", ::llmlings::detail::concat("columns must be (", channels * kernel_h * kernel_w, ",",
                                                 out_h * out_w, ") for dx ", shape_str(dx.shape()), " and a ", kernel_h,
                                                 "x", kernel_w, " kernel, got ", shape_str(columns.shape())));
    const double* in = columns.data();  // read in im2col's order
    for (std::size_t c = 0; c < channels; ++c) {
        double* plane = dx.data() + ((n * channels + c) * height) * width;
        for (std::size_t i = 0; i < kernel_h; ++i)
            for (std::size_t j = 0; j < kernel_w; ++j) {
                const auto [first, last] = detail::inside_columns(out_w, width, j, stride, padding);
                for (std::size_t oh = 0; oh < out_h; ++oh, in += out_w) {
                    const std::size_t ih = oh * stride + i;                // + padding
                    if (ih < padding || ih >= height + padding) continue;  // entries from the padding are dropped
                    double* row = plane + (ih - padding) * width;
                    for (std::size_t ow = first; ow < last; ++ow) row[ow * stride + j - padding] += in[ow];
                }
            }
    }
}

/**
 * @ingroup nn
 * @brief The convolution as im2col + one BLAS gemm per image, into preallocated buffers.
 *
 * For each image n, with W viewed as a (C_out, K) matrix, K = C_in·kH·kW, and P = OH·OW:
 * @f[ Y_n = W \cdot \operatorname{im2col}(x_n) + b\,\mathbf{1}^\top
 *     \qquad (C_{out}\times K)(K\times P) @f]
 * and Y_n (C_out, P) is, in memory, exactly image n of y (C_out,OH,OW) in NCHW, so the gemm
 * writes straight into y. The same sums as conv2d_forward(), in another order: they agree to
 * rounding.
 *
 * @param layer the layer
 * @param x input (N,C_in,H,W)
 * @param columns workspace (K, P); resized if its shape differs, reused across calls
 * @param y output (N,C_out,OH,OW); resized if its shape differs
 * @throws shape_error when x does not have C_in channels or is smaller than the kernel after
 *         padding
 * @throws invalid_argument when the layer is not made
 *
 * Complexity: 2·N·C_out·K·P flops in gemm, N·K·P copies in im2col; no allocation once the buffers
 * have their shapes. Example: as conv2d_forward().
 */
inline void conv2d_forward_im2col(const conv2d_layer& layer, const tensor4& x, matrix& columns, tensor4& y) {
    const detail::conv_dims d = detail::conv_dims_of("conv2d_forward_im2col", layer, x);
    const std::size_t k = d.in_channels * d.kernel_h * d.kernel_w, p = d.out_h * d.out_w;
    detail::ensure_shape(y, std::array<std::size_t, 4>{d.batch, d.out_channels, d.out_h, d.out_w});
    const std::array<std::size_t, 2> weight_shape{d.out_channels, k}, image_shape{d.out_channels, p};
    const auto w = xt::adapt(layer.weight.data(), d.out_channels * k, xt::no_ownership(), weight_shape);
    for (std::size_t n = 0; n < d.batch; ++n) {
        // 1. Unroll the receptive fields of image n: columns (K, P).
        im2col(x, n, d.kernel_h, d.kernel_w, layer.stride, layer.padding, columns);
        // 2. Start image n of y at the bias, then add W · columns (beta = 1) in place.
        double* out = y.data() + n * d.out_channels * p;
        for (std::size_t o = 0; o < d.out_channels; ++o) std::fill(out + o * p, out + (o + 1) * p, layer.bias(o));
        auto y_n = xt::adapt(out, d.out_channels * p, xt::no_ownership(), image_shape);
        xt::blas::gemm(w, columns, y_n, false, false, 1.0, 1.0);
    }
}

/**
 * @ingroup nn
 * @brief The convolution as im2col + gemm, returning a new output (see the overload with buffers).
 *
 * @param layer the layer
 * @param x input (N,C_in,H,W)
 * @return y (N,C_out,OH,OW)
 * @throws shape_error when x does not have C_in channels or is smaller than the kernel after
 *         padding
 * @throws invalid_argument when the layer is not made
 *
 * Complexity: as the other overload, plus two allocations. Example: as conv2d_forward().
 */
inline tensor4 conv2d_forward_im2col(const conv2d_layer& layer, const tensor4& x) {
    matrix columns;
    tensor4 y;
    conv2d_forward_im2col(layer, x, columns, y);
    return y;
}

/**
 * @ingroup nn
 * @brief Backward pass: accumulates dL/dW and dL/db into the layer and writes dL/dx, via im2col,
 * two gemms and col2im per image, into preallocated buffers.
 *
 * Per image, with X_n = im2col(x_n) (K,P), dY_n the upstream gradient of image n as (C_out,P) and
 * W as (C_out,K) — the forward was Y_n = W X_n + b, a dense layer applied to the P columns:
 * @f[ dW \mathrel{+}= dY_n X_n^\top, \qquad db_o \mathrel{+}= \sum_q (dY_n)_{o,q}, \qquad
 *     dx_n = \operatorname{col2im}(W^\top dY_n) @f]
 * col2im adds each column back onto the pixels its window covered, so a pixel under several
 * windows collects several contributions. Written out, dx is a "full" convolution of dy (dilated
 * by the stride) with the kernel flipped in both axes — the transposed convolution.
 *
 * @param layer the layer; weight_grad and bias_grad are added to (`+=`), never overwritten
 * @param x the input the forward pass saw (N,C_in,H,W)
 * @param dy dL/dy (N,C_out,OH,OW)
 * @param columns workspace (K, P), reused: it holds X_n, then W^T dY_n
 * @param dx output dL/dx (N,C_in,H,W); resized if its shape differs, overwritten
 * @throws shape_error when x does not fit the layer or dy is not (N,C_out,OH,OW)
 * @throws invalid_argument when the layer is not made
 *
 * Complexity: 4·N·C_out·K·P flops (two gemms per image) plus im2col and col2im. Example: a 1×1
 * kernel W = [[2]] on x = [[1,2]] with dy = [[1,1]] → dx = [[2,2]], weight_grad += 3,
 * bias_grad += 2.
 */
inline void conv2d_backward(conv2d_layer& layer, const tensor4& x, const tensor4& dy, matrix& columns, tensor4& dx) {
    const detail::conv_dims d = detail::conv_dims_of("conv2d_backward", layer, x);
    const std::array<std::size_t, 4> y_shape{d.batch, d.out_channels, d.out_h, d.out_w};
    if (!std::equal(y_shape.begin(), y_shape.end(), dy.shape().begin(), dy.shape().end()))
        throw shape_error("conv2d_backward",
                          ::llmlings::detail::concat("dy must be ", shape_str(y_shape), " like the output, got ",
                                                     shape_str(dy.shape())));
    const std::size_t k = d.in_channels * d.kernel_h * d.kernel_w, p = d.out_h * d.out_w;
    detail::ensure_shape(dx, x.shape());
    dx.fill(0.0);  // col2im adds into it
    const std::array<std::size_t, 2> weight_shape{d.out_channels, k}, image_shape{d.out_channels, p};
    const auto w = xt::adapt(layer.weight.data(), d.out_channels * k, xt::no_ownership(), weight_shape);
    auto dw = xt::adapt(layer.weight_grad.data(), d.out_channels * k, xt::no_ownership(), weight_shape);
    for (std::size_t n = 0; n < d.batch; ++n) {
        const double* dy_data = dy.data() + n * d.out_channels * p;
        const auto dy_n = xt::adapt(dy_data, d.out_channels * p, xt::no_ownership(), image_shape);
        // 1. X_n = im2col(x_n) (K,P), as in the forward pass.
        im2col(x, n, d.kernel_h, d.kernel_w, layer.stride, layer.padding, columns);
        // 2. dW += dY_n · X_nᵀ   (C_out,P)·(P,K); beta = 1 accumulates.
        xt::blas::gemm(dy_n, columns, dw, false, true, 1.0, 1.0);
        // 3. db += the sum of dY_n over its P positions.
        for (std::size_t o = 0; o < d.out_channels; ++o)
            for (std::size_t q = 0; q < p; ++q) layer.bias_grad(o) += dy_data[o * p + q];
        // 4. columns = Wᵀ · dY_n   (K,C_out)·(C_out,P): the gradient of every unrolled entry.
        xt::blas::gemm(w, dy_n, columns, true, false);
        // 5. Fold it back onto the pixels: dx_n += col2im(columns).
        col2im(columns, n, d.kernel_h, d.kernel_w, layer.stride, layer.padding, dx);
    }
}

/**
 * @ingroup nn
 * @brief Backward pass returning dL/dx (see the overload with buffers for the math).
 *
 * @param layer the layer; its gradients are accumulated
 * @param x the input the forward pass saw (N,C_in,H,W)
 * @param dy dL/dy (N,C_out,OH,OW)
 * @return dx (N,C_in,H,W)
 * @throws shape_error when x does not fit the layer or dy is not (N,C_out,OH,OW)
 * @throws invalid_argument when the layer is not made
 *
 * Complexity: as the other overload, plus two allocations. Example: as the other overload.
 */
inline tensor4 conv2d_backward(conv2d_layer& layer, const tensor4& x, const tensor4& dy) {
    matrix columns;
    tensor4 dx;
    conv2d_backward(layer, x, dy, columns, dx);
    return dx;
}

/**
 * @ingroup nn
 * @brief Max pooling over kernel×kernel windows moved by `stride`, with the argmax of each window.
 *
 * @f[ y_{n,c,h,w} = \max_{0 \le i,j < k} x_{n,\,c,\; h s + i,\; w s + j} @f]
 * No padding; OH = ⌊(H − k)/s⌋ + 1. The argmax is stored as the flat index ih·W + iw into the
 * input plane, as torch.nn.functional.max_pool2d(..., return_indices=True) does; on a tie the
 * first maximum in row-major order wins. A NaN in a window is its maximum (it propagates).
 *
 * @param x input (N,C,H,W)
 * @param kernel k ≥ 1 (the window is k×k)
 * @param stride s ≥ 1 (s = k: windows that tile the image)
 * @return y (N,C,OH,OW) and argmax (N,C,OH,OW)
 * @throws invalid_argument when k or s is 0 or k is larger than H or W
 *
 * Complexity: O(N·C·OH·OW·k²). Example: x = [[1,2],[4,3]], k = s = 2 → y = [[4]], argmax = [[2]].
 */
inline max_pool2d_result max_pool2d_forward(const tensor4& x, std::size_t kernel, std::size_t stride) {
    const std::size_t batch = x.shape()[0], channels = x.shape()[1], height = x.shape()[2], width = x.shape()[3];
    const std::size_t out_h = detail::output_extent("max_pool2d_forward", "height", height, kernel, stride, 0);
    const std::size_t out_w = detail::output_extent("max_pool2d_forward", "width", width, kernel, stride, 0);
    max_pool2d_result r;
    r.y = tensor4({batch, channels, out_h, out_w});
    r.argmax = index_tensor4({batch, channels, out_h, out_w});
    for (std::size_t n = 0; n < batch; ++n)
        for (std::size_t c = 0; c < channels; ++c) {
            const double* plane = x.data() + ((n * channels + c) * height) * width;
            for (std::size_t oh = 0; oh < out_h; ++oh)
                for (std::size_t ow = 0; ow < out_w; ++ow) {
                    std::size_t best = (oh * stride) * width + ow * stride;
                    for (std::size_t i = 0; i < kernel; ++i)
                        for (std::size_t j = 0; j < kernel; ++j) {
                            const std::size_t at = (oh * stride + i) * width + ow * stride + j;
                            if (plane[at] > plane[best] || std::isnan(plane[at])) best = at;  // PyTorch's rule
                        }
                    r.y(n, c, oh, ow) = plane[best];
                    r.argmax(n, c, oh, ow) = best;
                }
        }
    return r;
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
 * @param dy dL/dy (N,C,OH,OW)
 * @param argmax the argmax that max_pool2d_forward() returned (N,C,OH,OW)
 * @param in_h H of the input
 * @param in_w W of the input
 * @return dx (N,C,H,W)
 * @throws shape_error when argmax and dy differ in shape
 * @throws invalid_argument when an argmax is not below H·W
 *
 * Complexity: O(N·C·(H·W + OH·OW)). Example: dy = [[5]], argmax = [[2]], H = W = 2 →
 * dx = [[0,0],[5,0]].
 */
inline tensor4 max_pool2d_backward(const tensor4& dy, const index_tensor4& argmax, std::size_t in_h, std::size_t in_w) {
    check::same_shape("max_pool2d_backward", dy, argmax);
    const std::size_t batch = dy.shape()[0], channels = dy.shape()[1], per_plane = dy.shape()[2] * dy.shape()[3];
    tensor4 dx = xt::zeros<double>({batch, channels, in_h, in_w});
    for (std::size_t plane = 0; plane < batch * channels; ++plane)
        for (std::size_t q = 0; q < per_plane; ++q) {
            const std::size_t at = argmax.data()[plane * per_plane + q];
            if (at >= in_h * in_w)
                throw invalid_argument(
                    "max_pool2d_backward",
                    ::llmlings::detail::concat("argmax ", at, " is outside the ", in_h, "x", in_w, " input plane"));
            dx.data()[plane * in_h * in_w + at] += dy.data()[plane * per_plane + q];
        }
    return dx;
}

/**
 * @ingroup nn
 * @brief Average pooling over kernel×kernel windows moved by `stride`.
 *
 * @f[ y_{n,c,h,w} = \frac{1}{k^2} \sum_{0 \le i,j < k} x_{n,\,c,\; h s + i,\; w s + j} @f]
 * No padding; OH = ⌊(H − k)/s⌋ + 1, as torch.nn.functional.avg_pool2d with its defaults.
 *
 * @param x input (N,C,H,W)
 * @param kernel k ≥ 1
 * @param stride s ≥ 1
 * @return y (N,C,OH,OW)
 * @throws invalid_argument when k or s is 0 or k is larger than H or W
 *
 * Complexity: O(N·C·OH·OW·k²). Example: x = [[1,2],[4,3]], k = s = 2 → y = [[2.5]].
 */
inline tensor4 avg_pool2d_forward(const tensor4& x, std::size_t kernel, std::size_t stride) {
    const std::size_t batch = x.shape()[0], channels = x.shape()[1], height = x.shape()[2], width = x.shape()[3];
    const std::size_t out_h = detail::output_extent("avg_pool2d_forward", "height", height, kernel, stride, 0);
    const std::size_t out_w = detail::output_extent("avg_pool2d_forward", "width", width, kernel, stride, 0);
    const double scale = 1.0 / static_cast<double>(kernel * kernel);
    tensor4 y({batch, channels, out_h, out_w});
    for (std::size_t n = 0; n < batch; ++n)
        for (std::size_t c = 0; c < channels; ++c) {
            const double* plane = x.data() + ((n * channels + c) * height) * width;
            for (std::size_t oh = 0; oh < out_h; ++oh)
                for (std::size_t ow = 0; ow < out_w; ++ow) {
                    double sum = 0.0;
                    for (std::size_t i = 0; i < kernel; ++i)
                        for (std::size_t j = 0; j < kernel; ++j)
                            sum += plane[(oh * stride + i) * width + ow * stride + j];
                    y(n, c, oh, ow) = sum * scale;
                }
        }
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
 * @param in_h H of the input
 * @param in_w W of the input
 * @return dx (N,C,H,W)
 * @throws invalid_argument when k or s is 0 or k is larger than H or W
 * @throws shape_error when dy is not (N,C,OH,OW) for this input size, kernel and stride
 *
 * Complexity: O(N·C·(H·W + OH·OW·k²)). Example: dy = [[4]], k = s = 2, H = W = 2 →
 * dx = [[1,1],[1,1]].
 */
inline tensor4 avg_pool2d_backward(const tensor4& dy, std::size_t kernel, std::size_t stride, std::size_t in_h,
                                   std::size_t in_w) {
    const std::size_t out_h = detail::output_extent("avg_pool2d_backward", "height", in_h, kernel, stride, 0);
    const std::size_t out_w = detail::output_extent("avg_pool2d_backward", "width", in_w, kernel, stride, 0);
    if (dy.shape()[2] != out_h || dy.shape()[3] != out_w)
        throw shape_error(
            "avg_pool2d_backward",
            ::llmlings::detail::concat("dy must be ", out_h, "x", out_w, " for a ", in_h, "x", in_w, " input, kernel ",
                                       kernel, " and stride ", stride, ", got ", shape_str(dy.shape())));
    const std::size_t batch = dy.shape()[0], channels = dy.shape()[1];
    const double scale = 1.0 / static_cast<double>(kernel * kernel);
    tensor4 dx = xt::zeros<double>({batch, channels, in_h, in_w});
    for (std::size_t n = 0; n < batch; ++n)
        for (std::size_t c = 0; c < channels; ++c) {
            double* plane = dx.data() + ((n * channels + c) * in_h) * in_w;
            for (std::size_t oh = 0; oh < out_h; ++oh)
                for (std::size_t ow = 0; ow < out_w; ++ow) {
                    const double share = dy(n, c, oh, ow) * scale;
                    for (std::size_t i = 0; i < kernel; ++i)
                        for (std::size_t j = 0; j < kernel; ++j)
                            plane[(oh * stride + i) * in_w + ow * stride + j] += share;
                }
        }
    return dx;
}

/**
 * @ingroup nn
 * @brief Flattens each image (C,H,W) of a batch into one row, to feed a dense layer.
 *
 * Row n is image n in NCHW order: entry (c·H + h)·W + w, as torch.flatten(x, 1). No arithmetic:
 * its backward is unflatten_images().
 *
 * @param x (N,C,H,W)
 * @return (N, C·H·W)
 *
 * Throws nothing. Complexity: O(N·C·H·W) copies. Example: x of shape (2,8,4,4) → (2,128).
 */
inline matrix flatten_images(const tensor4& x) {
    matrix rows({x.shape()[0], x.shape()[1] * x.shape()[2] * x.shape()[3]});
    std::copy(x.begin(), x.end(), rows.begin());
    return rows;
}

/**
 * @ingroup nn
 * @brief Reshapes rows (N, C·H·W) back into a batch of images (N,C,H,W): the inverse of flatten_images(),
 * used to pass a dense layer's dx back to the conv part of a network.
 *
 * @param rows (N, C·H·W)
 * @param channels C
 * @param height H
 * @param width W
 * @return (N,C,H,W)
 * @throws shape_error when rows does not have C·H·W columns
 *
 * Complexity: O(N·C·H·W) copies. Example: `unflatten_images(flatten_images(x), 8, 4, 4)` equals x.
 */
inline tensor4 unflatten_images(const matrix& rows, std::size_t channels, std::size_t height, std::size_t width) {
    if (rows.shape()[1] != channels * height * width)
        throw shape_error("unflatten_images",
                          ::llmlings::detail::concat("rows must have C*H*W = ", channels * height * width,
                                                     " columns, got ", shape_str(rows.shape())));
    tensor4 images({rows.shape()[0], channels, height, width});
    std::copy(rows.begin(), rows.end(), images.begin());
    return images;
}

}  // namespace nn
}  // namespace llmlings

#endif  // LLMLINGS_NN_09_CNN_HPP
