// SPDX-License-Identifier: MIT
// Tests for nn/09_cnn. Oracles: hand-worked convolutions, im2col columns and poolings; golden values
// from torch.nn.functional.conv2d / max_pool2d / avg_pool2d and autograd in float64
// (tools/golden/nn_cnn.py); central-difference gradient checks of every backward
// (llmlings::testing::gradient_check); identities (the direct loops equal im2col + gemm, col2im is
// the adjoint of im2col, two backward calls give twice the gradient); the He variance 2/fan_in within
// CLT bounds; and a small CNN that must learn sklearn's 8x8 digits.
#include <llmlings/testing.hpp>

#include <llmlings/data/sklearn.hpp>
#include <llmlings/nn/03_losses.hpp>
#include <llmlings/nn/07_optimizers.hpp>
#include <llmlings/nn/09_cnn.hpp>
#include <llmlings/stats/03_sampling.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include <xtensor/xrandom.hpp>

using llmlings::index_vector;
using llmlings::matrix;
using llmlings::tensor4;
using llmlings::vector;
using llmlings::testing::golden_file;
using llmlings::testing::golden_path;
using llmlings::testing::gradient_check;
using llmlings::testing::tolerance;
using namespace llmlings::nn;
using llmlings::testing::contains;

namespace {

// A few double operations on small integers: exact; 1e-14 leaves room for BLAS's summation order.
const tolerance exact{1e-14, 1e-14};

// Against PyTorch in float64 and between the loops and im2col + gemm: sums of at most 50 products
// of O(1) numbers in another order differ by a few ulps of the largest term, far below 1e-12.
const tolerance rounding{1e-12, 1e-12};

// One image (1,1,H,W) from nested rows.
tensor4 image(const matrix& rows) {
    tensor4 x({1, 1, rows.shape()[0], rows.shape()[1]});
    std::copy(rows.begin(), rows.end(), x.begin());
    return x;
}

// A conv layer with seeded N(0,1) weights and biases (xtensor's generator, independent of the code
// under test).
conv2d_layer random_conv(std::size_t in, std::size_t out, std::size_t kh, std::size_t kw, std::size_t stride,
                         std::size_t padding, unsigned seed) {
    conv2d_layer layer = make_conv2d(in, out, kh, kw, stride, padding);
    xt::random::seed(seed);
    layer.weight = xt::random::randn<double>({out, in, kh, kw});
    layer.bias = xt::random::randn<double>({out});
    return layer;
}

tensor4 random_images(std::size_t n, std::size_t c, std::size_t h, std::size_t w, unsigned seed) {
    xt::random::seed(seed);
    return xt::random::randn<double>({n, c, h, w});
}

// The scalar loss of the gradient checks: L = Σ c⊙y + ½ Σ y², so dL/dy = c + y depends on the
// parameters (a linear loss would make a wrong dx harder to tell from a right one).
template <class Y, class C>
double loss_of(const Y& y, const C& c) {
    double sum = 0.0;
    for (std::size_t k = 0; k < y.size(); ++k) sum += c.data()[k] * y.data()[k] + 0.5 * y.data()[k] * y.data()[k];
    return sum;
}

double inner(const xt::xarray<double>& a, const xt::xarray<double>& b) {
    double sum = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k) sum += a.data()[k] * b.data()[k];
    return sum;
}

// Sample mean and (n−1) variance of all entries.
void moments(const tensor4& w, double& mean, double& variance) {
    const double n = static_cast<double>(w.size());
    mean = 0.0;
    for (double v : w) mean += v;
    mean /= n;
    variance = 0.0;
    for (double v : w) variance += (v - mean) * (v - mean);
    variance /= n - 1.0;
}

}  // namespace

TEST_CASE("a 2x2 kernel on a 3x3 image gives the hand-worked sliding dot products", "[nn][09_cnn]") {
    conv2d_layer layer = make_conv2d(1, 1, 2, 2);
    layer.weight = image(matrix{{1, 2}, {0, -1}});
    layer.bias = vector{0.5};
    const tensor4 x = image(matrix{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
    // y(h,w) = x(h,w) + 2 x(h,w+1) − x(h+1,w+1) + 0.5: 1+4−5, 2+6−6, 4+10−8, 5+12−9, each + 0.5.
    // A flipped kernel (true convolution) or a transposed one would give other numbers.
    const tensor4 expected = image(matrix{{0.5, 2.5}, {6.5, 8.5}});
    LLMLINGS_CHECK_CLOSE(conv2d_forward(layer, x), expected, exact);
    LLMLINGS_CHECK_CLOSE(conv2d_forward_im2col(layer, x), expected, exact);
}

TEST_CASE("padding 1 and stride 2 read zeros outside the image and skip every other window", "[nn][09_cnn]") {
    conv2d_layer layer = make_conv2d(1, 1, 2, 2, 2, 1);
    layer.weight = image(matrix{{1, 2}, {0, -1}});
    const tensor4 x = image(matrix{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
    // OH = OW = (3 + 2 − 2) / 2 + 1 = 2; windows start at rows and columns −1 and 1.
    // (0,0): only W(1,1)·x(0,0) = −1; (0,1): 0·x(0,1) − x(0,2) = −3; (1,0): 2·x(1,0) − x(2,0) = 1;
    // (1,1): x(1,1) + 2·x(1,2) − x(2,2) = 8.
    const tensor4 expected = image(matrix{{-1, -3}, {1, 8}});
    LLMLINGS_CHECK_CLOSE(conv2d_forward(layer, x), expected, exact);
    LLMLINGS_CHECK_CLOSE(conv2d_forward_im2col(layer, x), expected, exact);
}

TEST_CASE("the output size is floor of in plus 2p minus k over s plus 1", "[nn][09_cnn]") {
    CHECK(conv2d_output_size(28, 5, 1, 0) == 24);
    CHECK(conv2d_output_size(8, 3, 1, 1) == 8);  // "same" padding for a 3x3 kernel
    CHECK(conv2d_output_size(7, 2, 2, 1) == 4);  // (7 + 2 − 2) / 2 + 1
    CHECK(conv2d_output_size(6, 3, 2, 0) == 2);  // floor: the last column is never read
    CHECK(conv2d_output_size(1, 3, 1, 1) == 1);
    CHECK(conv2d_output_size(5, 5, 3, 0) == 1);
}

TEST_CASE("im2col puts each receptive field in a column and col2im counts the windows", "[nn][09_cnn]") {
    const tensor4 x = image(matrix{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
    matrix columns;
    im2col(x, 0, 2, 2, 1, 0, columns);
    // Column q = oh·2 + ow is the window at (oh, ow) read row by row; row r = i·2 + j.
    LLMLINGS_CHECK_CLOSE(columns, (matrix{{1, 2, 4, 5}, {2, 3, 5, 6}, {4, 5, 7, 8}, {5, 6, 8, 9}}), exact);
    // Folding a matrix of ones back adds 1 per window covering the pixel.
    tensor4 folded = xt::zeros<double>({1, 1, 3, 3});
    col2im(xt::ones<double>({4, 4}), 0, 2, 2, 1, 0, folded);
    LLMLINGS_CHECK_CLOSE(folded, image(matrix{{1, 2, 1}, {2, 4, 2}, {1, 2, 1}}), exact);
    col2im(xt::ones<double>({4, 4}), 0, 2, 2, 1, 0, folded);  // it adds, it does not overwrite
    LLMLINGS_CHECK_CLOSE(folded, image(matrix{{2, 4, 2}, {4, 8, 4}, {2, 4, 2}}), exact);
    // With padding 1 the border entries of the columns are zeros.
    im2col(x, 0, 2, 2, 2, 1, columns);
    LLMLINGS_CHECK_CLOSE(columns, (matrix{{0, 0, 0, 5}, {0, 0, 4, 6}, {0, 2, 0, 8}, {1, 3, 7, 9}}), exact);
}

TEST_CASE("col2im is the adjoint of im2col on random images", "[nn][09_cnn]") {
    // <im2col(x), C> = <x, col2im(C)> for every x and C: the identity that makes col2im the
    // backward of im2col. Both sides sum ~500 products of N(0,1) numbers: 1e-12 relative.
    const tensor4 x = random_images(3, 2, 5, 6, 31);
    for (std::size_t n = 0; n < 3; ++n) {
        matrix columns;
        im2col(x, n, 3, 2, 2, 1, columns);
        REQUIRE(columns.shape()[0] == 2 * 3 * 2);
        REQUIRE(columns.shape()[1] == 3 * 4);  // OH = (5+2−3)/2+1 = 3, OW = (6+2−2)/2+1 = 4
        xt::random::seed(32 + static_cast<unsigned>(n));
        const matrix c = xt::random::randn<double>({12, 12});
        tensor4 folded = xt::zeros<double>(x.shape());
        col2im(c, n, 3, 2, 2, 1, folded);
        const double lhs = inner(columns, c);
        double rhs = 0.0;
        for (std::size_t k = 0; k < x.size(); ++k) rhs += x.data()[k] * folded.data()[k];
        LLMLINGS_CHECK_CLOSE(lhs, rhs, (tolerance{1e-12, 1e-12}));
        // Only image n of the batch is touched.
        for (std::size_t other = 0; other < 3; ++other)
            if (other != n) CHECK(xt::all(xt::equal(xt::view(folded, other), 0.0)));
    }
}

TEST_CASE("conv2d forward matches torch conv2d on the golden file", "[nn][09_cnn]") {
    const golden_file g = golden_file::load(golden_path("nn/09_cnn.txt"));
    struct geometry {
        const char* prefix;
        std::size_t stride, padding;
    };
    for (const geometry& c : {geometry{"c1_", 1, 0}, geometry{"c2_", 2, 1}}) {
        INFO("case " << c.prefix);
        const std::string p = c.prefix;
        const tensor4 weight = g.array(p + "W");
        conv2d_layer layer = make_conv2d(weight.shape()[1], weight.shape()[0], weight.shape()[2], weight.shape()[3],
                                         c.stride, c.padding);
        layer.weight = weight;
        layer.bias = g.array(p + "b");
        const tensor4 x = g.array(p + "x");
        LLMLINGS_CHECK_CLOSE(conv2d_forward(layer, x), g.array(p + "y"), rounding);
        LLMLINGS_CHECK_CLOSE(conv2d_forward_im2col(layer, x), g.array(p + "y"), rounding);
    }
}

TEST_CASE("conv2d backward matches torch autograd on the golden file", "[nn][09_cnn]") {
    const golden_file g = golden_file::load(golden_path("nn/09_cnn.txt"));
    struct geometry {
        const char* prefix;
        std::size_t stride, padding;
    };
    for (const geometry& c : {geometry{"c1_", 1, 0}, geometry{"c2_", 2, 1}}) {
        INFO("case " << c.prefix);
        const std::string p = c.prefix;
        const tensor4 weight = g.array(p + "W");
        conv2d_layer layer = make_conv2d(weight.shape()[1], weight.shape()[0], weight.shape()[2], weight.shape()[3],
                                         c.stride, c.padding);
        layer.weight = weight;
        layer.bias = g.array(p + "b");
        const tensor4 dx = conv2d_backward(layer, g.array(p + "x"), g.array(p + "dy"));
        LLMLINGS_CHECK_CLOSE(dx, g.array(p + "dx"), rounding);
        LLMLINGS_CHECK_CLOSE(layer.weight_grad, g.array(p + "dW"), rounding);
        LLMLINGS_CHECK_CLOSE(layer.bias_grad, g.array(p + "db"), rounding);
    }
}

TEST_CASE("the direct loops and im2col with gemm agree on random layers", "[nn][09_cnn]") {
    struct geometry {
        std::size_t in, out, kh, kw, stride, padding, h, w;
    };
    const geometry cases[] = {
        {2, 5, 3, 3, 1, 1, 9, 7},  // "same" padding
        {3, 4, 5, 5, 2, 2, 11, 10},
        {4, 3, 1, 1, 1, 0, 4, 5},   // 1x1: a per-pixel dense layer
        {1, 2, 4, 2, 3, 0, 10, 9},  // a non-square kernel and a stride that leaves pixels unread
    };
    unsigned seed = 40;
    for (const geometry& c : cases) {
        INFO("kernel " << c.kh << "x" << c.kw << " stride " << c.stride << " padding " << c.padding);
        const conv2d_layer layer = random_conv(c.in, c.out, c.kh, c.kw, c.stride, c.padding, seed++);
        const tensor4 x = random_images(3, c.in, c.h, c.w, seed++);
        const tensor4 direct = conv2d_forward(layer, x);
        CHECK(direct.shape()[2] == (c.h + 2 * c.padding - c.kh) / c.stride + 1);
        CHECK(direct.shape()[3] == (c.w + 2 * c.padding - c.kw) / c.stride + 1);
        LLMLINGS_CHECK_CLOSE(conv2d_forward_im2col(layer, x), direct, rounding);
    }
}

TEST_CASE("conv2d dx dW and db agree with central differences", "[nn][09_cnn]") {
    const conv2d_layer layer = random_conv(2, 3, 3, 2, 2, 1, 51);
    const tensor4 x = random_images(2, 2, 5, 6, 52);
    xt::random::seed(53);
    const tensor4 c = xt::random::randn<double>({2, 3, 3, 4});
    conv2d_layer analytic = layer;
    const tensor4 y = conv2d_forward(analytic, x);
    REQUIRE(y.shape() == c.shape());
    const tensor4 dy = c + y;  // dL/dy of L = Σ c⊙y + ½Σy²
    const tensor4 dx = conv2d_backward(analytic, x, dy);
    // The loss goes through the direct loops: the backward is checked against the definition.
    auto loss_x = [&](const xt::xarray<double>& point) { return loss_of(conv2d_forward(layer, tensor4(point)), c); };
    auto loss_w = [&](const xt::xarray<double>& point) {
        conv2d_layer probe = layer;
        probe.weight = point;
        return loss_of(conv2d_forward(probe, x), c);
    };
    auto loss_b = [&](const xt::xarray<double>& point) {
        conv2d_layer probe = layer;
        probe.bias = point;
        return loss_of(conv2d_forward(probe, x), c);
    };
    // A smooth loss in double: a correct gradient gives relative errors near 1e-9 (CS231n: ≤ 1e-7).
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_x, x, dx), 1e-7);
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_w, layer.weight, analytic.weight_grad), 1e-7);
    LLMLINGS_CHECK_GRADIENT(gradient_check(loss_b, layer.bias, analytic.bias_grad), 1e-7);
}

TEST_CASE("hand-worked backward passes give dx as a full convolution with the flipped kernel", "[nn][09_cnn]") {
    conv2d_layer layer = make_conv2d(1, 1, 1, 1);
    layer.weight = image(matrix{{2}});
    const tensor4 x = image(matrix{{1, 2}});
    const tensor4 dx = conv2d_backward(layer, x, image(matrix{{1, 1}}));
    LLMLINGS_CHECK_CLOSE(dx, image(matrix{{2, 2}}), exact);              // dx = W·dy at each pixel
    LLMLINGS_CHECK_CLOSE(layer.weight_grad, image(matrix{{3}}), exact);  // Σ dy·x = 1 + 2
    LLMLINGS_CHECK_CLOSE(layer.bias_grad, (vector{2}), exact);           // Σ dy
    // The 2x2 kernel of the forward example with dy all ones: dx(h,w) sums W(h−oh, w−ow) over the
    // windows covering (h,w); dW(i,j) sums the 2x2 block of x at (i,j), e.g. 1+2+4+5 = 12.
    conv2d_layer two = make_conv2d(1, 1, 2, 2);
    two.weight = image(matrix{{1, 2}, {0, -1}});
    const tensor4 dx2 =
        conv2d_backward(two, image(matrix{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}), image(matrix{{1, 1}, {1, 1}}));
    LLMLINGS_CHECK_CLOSE(dx2, image(matrix{{1, 3, 2}, {1, 2, 1}, {0, -1, -1}}), exact);
    LLMLINGS_CHECK_CLOSE(two.weight_grad, image(matrix{{12, 16}, {24, 28}}), exact);
    LLMLINGS_CHECK_CLOSE(two.bias_grad, (vector{4}), exact);
}

TEST_CASE("conv2d backward accumulates and the buffers are reused", "[nn][09_cnn]") {
    conv2d_layer layer = random_conv(3, 4, 3, 3, 1, 1, 61);
    const tensor4 x = random_images(2, 3, 6, 6, 62);
    const tensor4 dy = random_images(2, 4, 6, 6, 63);
    matrix columns;
    tensor4 y, dx;
    conv2d_forward_im2col(layer, x, columns, y);
    const double* y_buffer = y.data();
    const double* columns_buffer = columns.data();
    conv2d_backward(layer, x, dy, columns, dx);
    const tensor4 dw1 = layer.weight_grad, dx1 = dx;
    const vector db1 = layer.bias_grad;
    const double* dx_buffer = dx.data();
    conv2d_forward_im2col(layer, x, columns, y);
    conv2d_backward(layer, x, dy, columns, dx);
    // Same shapes: written in place, never reallocated.
    CHECK(y.data() == y_buffer);
    CHECK(columns.data() == columns_buffer);
    CHECK(dx.data() == dx_buffer);
    // Parameter gradients add up (×2 is exact in binary); dx is overwritten.
    LLMLINGS_CHECK_CLOSE(layer.weight_grad, 2.0 * dw1, exact);
    LLMLINGS_CHECK_CLOSE(layer.bias_grad, 2.0 * db1, exact);
    LLMLINGS_CHECK_CLOSE(dx, dx1, exact);
    zero_grad(layer);
    CHECK(xt::all(xt::equal(layer.weight_grad, 0.0)));
    CHECK(xt::all(xt::equal(layer.bias_grad, 0.0)));
}

TEST_CASE("max and average pooling of a hand-worked 4x4 image", "[nn][09_cnn]") {
    const tensor4 x = image(matrix{{1, 2, 5, 0}, {4, 3, 1, 2}, {0, 0, 7, 8}, {1, -1, 6, 9}});
    const max_pool2d_result pooled = max_pool2d_forward(x, 2, 2);
    LLMLINGS_CHECK_CLOSE(pooled.y, image(matrix{{4, 5}, {1, 9}}), exact);
    // Flat indices h·4 + w of the maxima: (1,0), (0,2), (3,0), (3,3).
    CHECK(pooled.argmax(0, 0, 0, 0) == 4);
    CHECK(pooled.argmax(0, 0, 0, 1) == 2);
    CHECK(pooled.argmax(0, 0, 1, 0) == 12);
    CHECK(pooled.argmax(0, 0, 1, 1) == 15);
    // Each gradient goes to its window's winner; the other 12 pixels get 0.
    LLMLINGS_CHECK_CLOSE(max_pool2d_backward(image(matrix{{1, 2}, {3, 4}}), pooled.argmax, 4, 4),
                         image(matrix{{0, 0, 2, 0}, {1, 0, 0, 0}, {0, 0, 0, 0}, {3, 0, 0, 4}}), exact);
    // Averages (1+2+4+3)/4, (5+0+1+2)/4, (0+0+1−1)/4, (7+8+6+9)/4; the backward shares dy/4.
    LLMLINGS_CHECK_CLOSE(avg_pool2d_forward(x, 2, 2), image(matrix{{2.5, 2}, {0, 7.5}}), exact);
    LLMLINGS_CHECK_CLOSE(avg_pool2d_backward(image(matrix{{4, 8}, {-4, 0}}), 2, 2, 4, 4),
                         image(matrix{{1, 1, 2, 2}, {1, 1, 2, 2}, {-1, -1, 0, 0}, {-1, -1, 0, 0}}), exact);
}

TEST_CASE("max pooling matches torch max_pool2d on the golden file", "[nn][09_cnn]") {
    const golden_file g = golden_file::load(golden_path("nn/09_cnn.txt"));
    const tensor4 x = g.array("p_x");
    for (std::size_t kernel : {2, 3}) {
        INFO("kernel " << kernel << " stride 2");
        const std::string p = "max" + std::to_string(kernel) + "_";
        const max_pool2d_result pooled = max_pool2d_forward(x, kernel, 2);
        LLMLINGS_CHECK_CLOSE(pooled.y, g.array(p + "y"), exact);  // a max copies a value: exact
        LLMLINGS_CHECK_CLOSE(xt::cast<double>(pooled.argmax), g.array(p + "idx"), exact);
        // Overlapping 3x3 windows can route two gradients to one pixel: sums of two, exact to 1e-14.
        LLMLINGS_CHECK_CLOSE(max_pool2d_backward(g.array(p + "dy"), pooled.argmax, 6, 7), g.array(p + "dx"), exact);
    }
}

TEST_CASE("average pooling matches torch avg_pool2d on the golden file", "[nn][09_cnn]") {
    const golden_file g = golden_file::load(golden_path("nn/09_cnn.txt"));
    const tensor4 x = g.array("p_x");
    for (std::size_t kernel : {2, 3}) {
        INFO("kernel " << kernel << " stride 2");
        const std::string p = "avg" + std::to_string(kernel) + "_";
        // Means of 4 or 9 values and sums of at most 4 shares: a few ulps.
        LLMLINGS_CHECK_CLOSE(avg_pool2d_forward(x, kernel, 2), g.array(p + "y"), rounding);
        LLMLINGS_CHECK_CLOSE(avg_pool2d_backward(g.array(p + "dy"), kernel, 2, 6, 7), g.array(p + "dx"), rounding);
    }
}

TEST_CASE("pooling gradients agree with central differences", "[nn][09_cnn]") {
    const tensor4 x = random_images(2, 2, 7, 6, 71);
    for (std::size_t kernel : {2, 3}) {
        INFO("kernel " << kernel << " stride 2");
        const max_pool2d_result pooled = max_pool2d_forward(x, kernel, 2);
        xt::random::seed(72);
        const tensor4 c = xt::random::randn<double>(pooled.y.shape());
        // Max pooling is linear between kinks, which sit where two inputs of a window tie; seeded
        // normals are far (≫ h = 1e-6) from ties, so a correct gradient is accurate to ~1e-9.
        const tensor4 dx_max = max_pool2d_backward(c + pooled.y, pooled.argmax, 7, 6);
        auto loss_max = [&](const xt::xarray<double>& point) {
            return loss_of(max_pool2d_forward(tensor4(point), kernel, 2).y, c);
        };
        LLMLINGS_CHECK_GRADIENT(gradient_check(loss_max, x, dx_max), 1e-7);
        const tensor4 y_avg = avg_pool2d_forward(x, kernel, 2);
        const tensor4 dx_avg = avg_pool2d_backward(c + y_avg, kernel, 2, 7, 6);
        auto loss_avg = [&](const xt::xarray<double>& point) {
            return loss_of(avg_pool2d_forward(tensor4(point), kernel, 2), c);
        };
        LLMLINGS_CHECK_GRADIENT(gradient_check(loss_avg, x, dx_avg), 1e-7);
    }
}

TEST_CASE("flatten lays each image out in NCHW order and unflatten undoes it", "[nn][09_cnn]") {
    tensor4 x({2, 3, 2, 2});
    for (std::size_t k = 0; k < x.size(); ++k) x.data()[k] = static_cast<double>(k);
    const matrix rows = flatten_images(x);
    REQUIRE(rows.shape()[0] == 2);
    REQUIRE(rows.shape()[1] == 12);
    CHECK(rows(1, (2 * 2 + 1) * 2 + 0) == x(1, 2, 1, 0));  // entry (c·H + h)·W + w
    CHECK(rows(0, 11) == 11.0);
    CHECK(rows(1, 0) == 12.0);
    const tensor4 back = unflatten_images(rows, 3, 2, 2);
    CHECK(back.shape() == x.shape());
    CHECK(bool(back == x));
}

TEST_CASE("He initialisation of a conv layer has variance 2 over C_in times kH times kW", "[nn][09_cnn]") {
    // 64·32·5·5 = 51200 draws, fan_in 800. The sample variance has standard error σ²·√(2/n)
    // ≈ 0.6 % (normal) and σ²·√(0.8/n) ≈ 0.4 % (uniform); 3 % is five standard errors.
    const double target = 2.0 / 800.0, n = 51200.0;
    llmlings::rng gen(8);
    conv2d_layer normal = make_conv2d(32, 64, 5, 5);
    normal.bias.fill(1.0);
    init_he_normal(normal, gen);
    double mean = 0.0, variance = 0.0;
    moments(normal.weight, mean, variance);
    CHECK(std::fabs(mean) < 5.0 * std::sqrt(target / n));
    CHECK(std::fabs(variance / target - 1.0) < 0.03);
    CHECK(xt::all(xt::equal(normal.bias, 0.0)));

    conv2d_layer uniform = make_conv2d(32, 64, 5, 5);
    init_he_uniform(uniform, gen);
    moments(uniform.weight, mean, variance);
    CHECK(std::fabs(variance / target - 1.0) < 0.03);
    CHECK(xt::amax(xt::abs(uniform.weight))() <= std::sqrt(3.0 * target));
    // The draws are nn/05's for the equivalent dense layer (C_out, C_in·kH·kW), in the same order.
    llmlings::rng gen_conv(9), gen_dense(9);
    conv2d_layer conv = make_conv2d(2, 3, 2, 2);
    init_he_normal(conv, gen_conv);
    dense_layer dense = make_dense(8, 3);
    init_he_normal(dense, gen_dense);
    CHECK(std::equal(conv.weight.begin(), conv.weight.end(), dense.weight.begin()));
}

TEST_CASE("conv and pooling functions reject shapes that do not fit", "[nn][09_cnn]") {
    const conv2d_layer layer = random_conv(3, 2, 3, 3, 1, 0, 81);
    const tensor4 two_channels({1, 2, 5, 5});
    CHECK_THROWS_AS(conv2d_forward(layer, two_channels), llmlings::shape_error);
    CHECK_THROWS_WITH(conv2d_forward(layer, two_channels),
                      contains("conv2d_forward") && contains("3") && contains("(1,2,5,5)"));
    CHECK_THROWS_AS(conv2d_forward_im2col(layer, two_channels), llmlings::shape_error);
    CHECK_THROWS_AS(conv2d_forward(layer, tensor4({1, 3, 2, 5})), llmlings::shape_error);  // 2 rows < kernel 3
    conv2d_layer copy = layer;
    const tensor4 x({2, 3, 5, 5});
    CHECK_THROWS_AS(conv2d_backward(copy, two_channels, tensor4({1, 2, 3, 3})), llmlings::shape_error);
    CHECK_THROWS_AS(conv2d_backward(copy, x, tensor4({2, 2, 5, 5})), llmlings::shape_error);  // dy is (2,2,3,3)
    CHECK_THROWS_WITH(conv2d_backward(copy, x, tensor4({2, 2, 5, 5})),
                      contains("conv2d_backward") && contains("(2,2,3,3)"));
    tensor4 dx = xt::zeros<double>({1, 1, 3, 3});
    CHECK_THROWS_AS(col2im(matrix({4, 5}), 0, 2, 2, 1, 0, dx), llmlings::shape_error);  // needs (4,4)
    CHECK_THROWS_AS(unflatten_images(matrix({2, 10}), 2, 2, 2), llmlings::shape_error);
    const max_pool2d_result pooled = max_pool2d_forward(tensor4({1, 1, 4, 4}), 2, 2);
    CHECK_THROWS_AS(max_pool2d_backward(tensor4({1, 1, 3, 2}), pooled.argmax, 4, 4), llmlings::shape_error);
    CHECK_THROWS_AS(avg_pool2d_backward(tensor4({1, 1, 3, 3}), 2, 2, 4, 4), llmlings::shape_error);  // needs 2x2
}

TEST_CASE("conv and pooling functions reject invalid arguments", "[nn][09_cnn]") {
    CHECK_THROWS_AS(make_conv2d(0, 2, 3, 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_conv2d(1, 0, 3, 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_conv2d(1, 2, 0, 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_conv2d(1, 2, 3, 3, 0), llmlings::invalid_argument);
    CHECK_THROWS_AS(conv2d_output_size(5, 3, 0, 0), llmlings::invalid_argument);
    CHECK_THROWS_AS(conv2d_output_size(2, 5, 1, 1), llmlings::invalid_argument);  // 5 > 2 + 2
    CHECK_THROWS_AS(conv2d_output_size(5, 0, 1, 0), llmlings::invalid_argument);
    conv2d_layer empty;
    llmlings::rng gen(1);
    CHECK_THROWS_AS(conv2d_forward(empty, tensor4({1, 1, 3, 3})), llmlings::invalid_argument);
    CHECK_THROWS_AS(init_he_normal(empty, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(init_he_uniform(empty, gen), llmlings::invalid_argument);
    conv2d_layer zero_stride = make_conv2d(1, 1, 2, 2);
    zero_stride.stride = 0;
    CHECK_THROWS_AS(conv2d_forward(zero_stride, tensor4({1, 1, 3, 3})), llmlings::invalid_argument);
    matrix columns;
    CHECK_THROWS_AS(im2col(tensor4({2, 1, 3, 3}), 2, 2, 2, 1, 0, columns), llmlings::invalid_argument);
    CHECK_THROWS_WITH(im2col(tensor4({2, 1, 3, 3}), 2, 2, 2, 1, 0, columns), contains("im2col"));
    const tensor4 x({1, 1, 4, 4});
    CHECK_THROWS_AS(max_pool2d_forward(x, 0, 1), llmlings::invalid_argument);
    CHECK_THROWS_AS(max_pool2d_forward(x, 2, 0), llmlings::invalid_argument);
    CHECK_THROWS_AS(avg_pool2d_forward(x, 5, 1), llmlings::invalid_argument);
    llmlings::nn::index_tensor4 bad = xt::zeros<std::size_t>({1, 1, 2, 2});
    bad(0, 0, 1, 1) = 16;  // one past the 4x4 plane
    CHECK_THROWS_AS(max_pool2d_backward(tensor4({1, 1, 2, 2}), bad, 4, 4), llmlings::invalid_argument);
}

TEST_CASE("a small CNN learns the 8x8 handwritten digits", "[nn][09_cnn]") {
    if (!llmlings::testing::have_real_data({"digits.csv"})) return;
    // conv 1→8 3x3 pad 1, ReLU, max pool 2, dense 128→10, cross-entropy, Adam; 1200 seeded training
    // images, 597 held out, 3 epochs of batches of 32.
    const llmlings::data::dataset digits = llmlings::data::load_digits();
    const index_vector labels = digits.labels();
    const std::size_t total = digits.n_samples(), n_train = 1200, batch = 32;
    llmlings::rng gen(2024);
    const index_vector order = llmlings::stats::random_permutation(gen, total);
    conv2d_layer conv = make_conv2d(1, 8, 3, 3, 1, 1);
    init_he_normal(conv, gen);
    dense_layer head = make_dense(8 * 4 * 4, 10);
    init_xavier_uniform(head, gen);
    adam_optimizer opt =
        make_adam({make_parameter(conv.weight, conv.weight_grad), make_parameter(conv.bias, conv.bias_grad),
                   make_parameter(head.weight, head.weight_grad), make_parameter(head.bias, head.bias_grad)},
                  adam_options{1e-2, 0.9, 0.999, 1e-8, 0.0});

    // Pixels are 0..16: scaled to [0, 1].
    auto fill_batch = [&](std::size_t first, std::size_t count, tensor4& x, index_vector& y) {
        x.resize({count, 1, 8, 8});
        y.resize({count});
        for (std::size_t b = 0; b < count; ++b) {
            const std::size_t row = order(first + b);
            for (std::size_t k = 0; k < 64; ++k) x.data()[b * 64 + k] = digits.X(row, k) / 16.0;
            y(b) = labels(row);
        }
    };
    tensor4 x, z, dz, dx;
    index_vector y;
    matrix columns;
    double first_loss = 0.0, last_epoch_loss = 0.0;  // the first batch's, the last epoch's mean
    for (int epoch = 0; epoch < 3; ++epoch) {
        double epoch_loss = 0.0;
        std::size_t batches = 0;
        for (std::size_t first = 0; first < n_train; first += batch, ++batches) {
            fill_batch(first, std::min(batch, n_train - first), x, y);
            conv2d_forward_im2col(conv, x, columns, z);
            const tensor4 a = xt::maximum(z, 0.0);  // ReLU
            const max_pool2d_result pooled = max_pool2d_forward(a, 2, 2);
            const matrix features = flatten_images(pooled.y);
            const loss_result loss = llmlings::nn::cross_entropy_with_logits(dense_forward(head, features), y);
            if (epoch == 0 && first == 0) first_loss = loss.loss;
            epoch_loss += loss.loss;
            zero_grad(conv);
            zero_grad(head);
            const tensor4 da = max_pool2d_backward(unflatten_images(dense_backward(head, features, loss.grad), 8, 4, 4),
                                                   pooled.argmax, 8, 8);
            dz = da * xt::cast<double>(z > 0.0);  // ReLU'
            conv2d_backward(conv, x, dz, columns, dx);
            step(opt);
        }
        last_epoch_loss = epoch_loss / static_cast<double>(batches);
    }
    fill_batch(n_train, total - n_train, x, y);
    conv2d_forward_im2col(conv, x, columns, z);
    const matrix logits = dense_forward(head, flatten_images(max_pool2d_forward(xt::maximum(z, 0.0), 2, 2).y));
    std::size_t correct = 0;
    for (std::size_t b = 0; b < y.size(); ++b)
        correct += static_cast<std::size_t>(
                       std::distance(xt::view(logits, b).begin(),
                                     std::max_element(xt::view(logits, b).begin(), xt::view(logits, b).end()))) == y(b);
    const double accuracy = static_cast<double>(correct) / static_cast<double>(y.size());
    INFO("first batch loss " << first_loss << ", last epoch's mean loss " << last_epoch_loss << ", held-out accuracy "
                             << accuracy);
    // Chance is 0.1 and log 10 = 2.3 the loss of a uniform guess. Measured with this seed: 0.953
    // held out; over seeds 1 to 12 the accuracy was 0.936 to 0.958 and the last epoch's mean loss
    // 0.17 to 0.28, so 0.92 and 0.5 fail only on a network that does not learn.
    CHECK(first_loss > 1.5);
    CHECK(last_epoch_loss < 0.5);
    CHECK(accuracy >= 0.92);
}
