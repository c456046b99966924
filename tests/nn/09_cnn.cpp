// SPDX-License-Identifier: MIT
// Tests for nn/09_cnn. Oracles: hand-worked convolutions, im2col columns and poolings (exact in
// float and double); golden values from torch.nn.functional.conv2d / max_pool2d / avg_pool2d and
// autograd in float64 (tools/golden/nn_cnn.py), used in double; the float passes against the
// double passes; central-difference gradient checks of every backward in double
// (check_store_gradients over the layer's store, gradient_check for dx); identities (the direct
// loops equal im2col + gemm, col2im is the adjoint of im2col, two backward calls give twice the
// gradient, flatten is a view); no allocation once the caches have their shapes; the He variance
// 2/fan_in within CLT bounds; and a small float CNN that must learn sklearn's 8x8 digits.
// The golden file's arrays, the random data, the gradient checks, the digits and the element-wise
// helpers are in oracles/09_cnn.cpp, compiled once.
#include <llmlings/testing.hpp>
// Replaces the global operator new of this program to count allocations (one file per program).
#include <llmlings/testing/allocations.hpp>

#include <llmlings/nn/09_cnn.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

#include "oracles/09_cnn.hpp"

using llmlings::as_rows;
using llmlings::index_vector;
using llmlings::matrix;
using llmlings::matrix_of;
using llmlings::parameter_store;
using llmlings::tensor4;
using llmlings::tensor4_of;
using llmlings::vector;
using llmlings::testing::allocation_count;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::nn;
using namespace oracles;

namespace {

// A few operations on small integers: exact in float and double; 1e-14 leaves room for BLAS's
// summation order in double (in float every intermediate of these cases is an exact integer too).
const tolerance exact{1e-14, 1e-14};

// Against PyTorch in float64 and between the loops and im2col + gemm in double: sums of at most
// 75 products of O(1) numbers in another order differ by a few ulps of the largest term, far
// below 1e-12.
const tolerance rounding{1e-12, 1e-12};

// A conv layer "conv" in its own store with seeded N(0,1) weights and biases (xtensor's
// generator, independent of the code under test); the float layer holds the double draws rounded.
template <class T = double>
struct random_conv {
    parameter_store<T> store;
    conv2d_layer<T> layer;
    random_conv(std::size_t in, std::size_t out, std::size_t kh, std::size_t kw, std::size_t stride,
                std::size_t padding, unsigned seed)
        : layer(make_conv2d(store, "conv", in, out, kh, kw, stride, padding)) {
        set_random_conv(layer.weight, layer.bias, in, out, kh, kw, seed);
    }
};

// The two convolutions of the golden file: prefix, stride, padding.
struct golden_geometry {
    const char* prefix;
    std::size_t stride, padding;
};
const golden_geometry golden_cases[] = {{"c1_", 1, 0}, {"c2_", 2, 1}};

// The golden case's layer, in its own store, with PyTorch's weight and bias.
struct golden_conv {
    parameter_store<double> store;
    conv2d_layer<double> layer;
    golden_conv(const conv_golden& g, const golden_geometry& c) {
        const tensor4& weight = g.w;
        layer = make_conv2d(store, "conv", weight.shape()[1], weight.shape()[0], weight.shape()[2], weight.shape()[3],
                            c.stride, c.padding);
        set_values(layer.weight, weight);
        set_values(layer.bias, g.b);
    }
};

}  // namespace

TEST_CASE("make_conv2d registers a weight of shape out by in by kH by kW and a bias in the store", "[nn][09_cnn]") {
    parameter_store<float> store;
    const conv2d_layer<float> conv1 = make_conv2d(store, "conv1", 1, 8, 5, 5, 1, 2);
    const conv2d_layer<float> conv2 = make_conv2d(store, "conv2", 8, 16, 3, 2);
    CHECK(store.count() == 4);
    CHECK(store.numel() == 8 * 25 + 8 + 16 * 8 * 6 + 16);
    CHECK(conv1.weight.name() == "conv1.weight");
    CHECK(conv1.weight.shape() == std::vector<std::size_t>{8, 1, 5, 5});  // PyTorch's (C_out, C_in, kH, kW)
    CHECK(conv1.bias.name() == "conv1.bias");
    CHECK(conv1.bias.shape() == std::vector<std::size_t>{8});
    CHECK(conv1.weight.decays());  // a kernel: in the weight-decay group
    CHECK(!conv1.bias.decays());   // a bias: not
    CHECK(conv1.stride == 1);
    CHECK(conv1.padding == 2);
    CHECK(conv2.stride == 1);  // the defaults
    CHECK(conv2.padding == 0);
    CHECK(conv2.kernel_h == 3);
    CHECK(conv2.kernel_w == 2);
    CHECK(store.find("conv2.weight").offset() == 8 * 25 + 8);
    CHECK(all_equal(values_of(conv2.weight), 0.0));
    CHECK_THROWS_AS(make_conv2d(store, "conv1", 1, 8, 5, 5), llmlings::invalid_argument);  // the name is taken
}

TEMPLATE_TEST_CASE("a 2x2 kernel on a 3x3 image gives the hand-worked sliding dot products", "[nn][09_cnn]", float,
                   double) {
    parameter_store<TestType> store;
    conv2d_layer<TestType> layer = make_conv2d(store, "conv", 1, 1, 2, 2);
    set_values(layer.weight, image(matrix{{1, 2}, {0, -1}}));
    set_values(layer.bias, vector{0.5});
    const tensor4_of<TestType> x = image<TestType>(matrix{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
    // y(h,w) = x(h,w) + 2 x(h,w+1) − x(h+1,w+1) + 0.5: 1+4−5, 2+6−6, 4+10−8, 5+12−9, each + 0.5.
    // A flipped kernel (true convolution) or a transposed one would give other numbers.
    const tensor4 expected = image(matrix{{0.5, 2.5}, {6.5, 8.5}});
    CHECK_CLOSE_AT(to_double(conv2d_forward_direct(layer, x)), expected, exact);
    CHECK_CLOSE_AT(to_double(conv2d_forward(layer, x)), expected, exact);
    // Into a preallocated output through the cache, in place.
    tensor4_of<TestType> y({1, 1, 2, 2});
    const TestType* buffer = y.data();
    conv2d_cache<TestType> cache;
    conv2d_forward(layer, as_images(x), as_images(y), cache);
    CHECK_CLOSE_AT(to_double(y), expected, exact);
    CHECK(y.data() == buffer);
    CHECK(cache.columns.shape()[0] == 4);  // K = 1·2·2
    CHECK(cache.columns.shape()[1] == 4);  // P = 2·2
}

TEMPLATE_TEST_CASE("padding 1 and stride 2 read zeros outside the image and skip every other window", "[nn][09_cnn]",
                   float, double) {
    parameter_store<TestType> store;
    conv2d_layer<TestType> layer = make_conv2d(store, "conv", 1, 1, 2, 2, 2, 1);
    set_values(layer.weight, image(matrix{{1, 2}, {0, -1}}));
    const tensor4_of<TestType> x = image<TestType>(matrix{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
    // OH = OW = (3 + 2 − 2) / 2 + 1 = 2; windows start at rows and columns −1 and 1.
    // (0,0): only W(1,1)·x(0,0) = −1; (0,1): 0·x(0,1) − x(0,2) = −3; (1,0): 2·x(1,0) − x(2,0) = 1;
    // (1,1): x(1,1) + 2·x(1,2) − x(2,2) = 8.
    const tensor4 expected = image(matrix{{-1, -3}, {1, 8}});
    CHECK_CLOSE_AT(to_double(conv2d_forward_direct(layer, x)), expected, exact);
    CHECK_CLOSE_AT(to_double(conv2d_forward(layer, x)), expected, exact);
}

TEST_CASE("the output size is floor of in plus 2p minus k over s plus 1", "[nn][09_cnn]") {
    CHECK(conv2d_output_size(28, 5, 1, 0) == 24);
    CHECK(conv2d_output_size(8, 3, 1, 1) == 8);  // "same" padding for a 3x3 kernel
    CHECK(conv2d_output_size(7, 2, 2, 1) == 4);  // (7 + 2 − 2) / 2 + 1
    CHECK(conv2d_output_size(6, 3, 2, 0) == 2);  // floor: the last column is never read
    CHECK(conv2d_output_size(1, 3, 1, 1) == 1);
    CHECK(conv2d_output_size(5, 5, 3, 0) == 1);
}

TEMPLATE_TEST_CASE("im2col puts each receptive field in a column and col2im counts the windows", "[nn][09_cnn]", float,
                   double) {
    const tensor4_of<TestType> x = image<TestType>(matrix{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
    // Column q = oh·2 + ow is the window at (oh, ow) read row by row; row r = i·2 + j.
    CHECK_CLOSE_AT(to_double(im2col(x, 0, 2, 2, 1, 0)),
                   (matrix{{1, 2, 4, 5}, {2, 3, 5, 6}, {4, 5, 7, 8}, {5, 6, 8, 9}}), exact);
    // Into a preallocated buffer: every entry is written, whatever it held.
    matrix_of<TestType> columns = filled<TestType>(4, 4, -7);
    im2col(as_images(x), 0, 2, 2, 1, 0, as_rows(columns));
    CHECK_CLOSE_AT(to_double(columns), (matrix{{1, 2, 4, 5}, {2, 3, 5, 6}, {4, 5, 7, 8}, {5, 6, 8, 9}}), exact);
    // Folding a matrix of ones back adds 1 per window covering the pixel.
    const matrix_of<TestType> ones = filled<TestType>(4, 4, 1);
    tensor4_of<TestType> folded = filled<TestType>(1, 1, 3, 3, 0);
    col2im(as_rows(ones), 0, 2, 2, 1, 0, as_images(folded));
    CHECK_CLOSE_AT(to_double(folded), image(matrix{{1, 2, 1}, {2, 4, 2}, {1, 2, 1}}), exact);
    col2im(as_rows(ones), 0, 2, 2, 1, 0, as_images(folded));  // it adds, it does not overwrite
    CHECK_CLOSE_AT(to_double(folded), image(matrix{{2, 4, 2}, {4, 8, 4}, {2, 4, 2}}), exact);
    // With padding 1 and stride 2 the border entries of the columns are zeros; the buffer is
    // overwritten, not added to.
    im2col(as_images(x), 0, 2, 2, 2, 1, as_rows(columns));
    CHECK_CLOSE_AT(to_double(columns), (matrix{{0, 0, 0, 5}, {0, 0, 4, 6}, {0, 2, 0, 8}, {1, 3, 7, 9}}), exact);
}

TEST_CASE("col2im is the adjoint of im2col on random images", "[nn][09_cnn]") {
    // <im2col(x), C> = <x, col2im(C)> for every x and C: the identity that makes col2im the
    // backward of im2col. Both sides sum ~500 products of N(0,1) numbers: 1e-12 relative.
    const tensor4 x = random_images(3, 2, 5, 6, 31);
    for (std::size_t n = 0; n < 3; ++n) {
        const matrix columns = im2col(x, n, 3, 2, 2, 1);
        REQUIRE(columns.shape()[0] == 2 * 3 * 2);
        REQUIRE(columns.shape()[1] == 3 * 4);  // OH = (5+2−3)/2+1 = 3, OW = (6+2−2)/2+1 = 4
        seed_random(32 + static_cast<unsigned>(n));
        const matrix c = normal_matrix(12, 12);
        tensor4 folded = filled<double>(3, 2, 5, 6, 0);
        col2im(as_rows(c), n, 3, 2, 2, 1, as_images(folded));
        CHECK_CLOSE_AT(inner(columns, c), inner(x, folded), (tolerance{1e-12, 1e-12}));
        // Only image n of the batch is touched.
        for (std::size_t other = 0; other < 3; ++other)
            if (other != n) CHECK(image_is_zero(folded, other));
    }
}

TEST_CASE("conv2d forward matches torch conv2d on the golden file", "[nn][09_cnn]") {
    const cnn_golden g = load_cnn_golden();
    for (std::size_t i = 0; i < 2; ++i) {
        const golden_geometry& c = golden_cases[i];
        INFO("case " << c.prefix);
        const golden_conv golden(g.conv[i], c);
        const tensor4& x = g.conv[i].x;
        CHECK_CLOSE_AT(conv2d_forward_direct(golden.layer, x), g.conv[i].y, rounding);
        CHECK_CLOSE_AT(conv2d_forward(golden.layer, x), g.conv[i].y, rounding);
    }
}

TEST_CASE("conv2d backward matches torch autograd on the golden file", "[nn][09_cnn]") {
    const cnn_golden g = load_cnn_golden();
    for (std::size_t i = 0; i < 2; ++i) {
        const golden_geometry& c = golden_cases[i];
        INFO("case " << c.prefix);
        const golden_conv golden(g.conv[i], c);
        const tensor4 dx = conv2d_backward(golden.layer, g.conv[i].x, g.conv[i].dy);
        CHECK_CLOSE_AT(dx, g.conv[i].dx, rounding);
        CHECK_CLOSE_AT(grads_of(golden.layer.weight), g.conv[i].dw, rounding);
        CHECK_CLOSE_AT(grads_of(golden.layer.bias), g.conv[i].db, rounding);
    }
}

TEMPLATE_TEST_CASE("the direct loops and im2col with gemm agree on random layers", "[nn][09_cnn]", float, double) {
    // The same sums in another order. Double: a few ulps (rounding). Float: each output sums
    // K ≤ 75 products of N(0,1) numbers, |terms| summing to ~K·0.64 ≈ 48; float rounds each step
    // by ≤ 2⁻²⁴ ≈ 6e-8 of the running sum, so two orders differ by at most ~√K·6e-8·48 ≈ 3e-5
    // (measured: 4e-6 at most, on outputs up to 23); 5e-5 absolute, while a wrong index or a
    // missing term gives errors of O(1).
    const tolerance tol = std::is_same<TestType, float>::value ? tolerance{0, 5e-5} : rounding;
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
        const random_conv<TestType> r(c.in, c.out, c.kh, c.kw, c.stride, c.padding, seed++);
        const tensor4_of<TestType> x = rounded<TestType>(random_images(3, c.in, c.h, c.w, seed++));
        const tensor4_of<TestType> direct = conv2d_forward_direct(r.layer, x);
        CHECK(direct.shape()[2] == (c.h + 2 * c.padding - c.kh) / c.stride + 1);
        CHECK(direct.shape()[3] == (c.w + 2 * c.padding - c.kw) / c.stride + 1);
        CHECK_CLOSE_AT(to_double(conv2d_forward(r.layer, x)), direct, tol);
    }
}

TEMPLATE_TEST_CASE("the float passes compute what the double passes compute to float precision", "[nn][09_cnn]", float,
                   double) {
    // Same weights (the float ones are the double ones rounded), same input, for conv (3→4,
    // 3x3, padding 1), both poolings and the backwards. Float: sums of K = 27 products of N(0,1)
    // numbers (|terms| summing to ~17) carry rounding of ~√27·6e-8·17 ≈ 5e-6, plus the inputs'
    // own rounding (|x|·6e-8 per term); measured: 2e-6 at most on the conv outputs and dx (values
    // up to ~15), so 2e-5 absolute. dW and db sum over the N·P = 2·36 = 72 positions too: four
    // times that (measured 3e-6 on values up to 18). The poolings copy or average values: their
    // float results are the double ones rounded (1e-6 on values of O(1)). Double: BLAS order only.
    const bool is_float = std::is_same<TestType, float>::value;
    const double atol = is_float ? 2e-5 : 1e-12;
    random_conv<double> reference(3, 4, 3, 3, 1, 1, 91);
    random_conv<TestType> r(3, 4, 3, 3, 1, 1, 91);
    const tensor4 x = random_images(2, 3, 6, 6, 92);
    const tensor4 dy = random_images(2, 4, 6, 6, 93);
    const tensor4_of<TestType> xt_ = rounded<TestType>(x), dyt = rounded<TestType>(dy);
    CHECK_CLOSE_AT(to_double(conv2d_forward(r.layer, xt_)), conv2d_forward(reference.layer, x), (tolerance{0, atol}));
    CHECK_CLOSE_AT(to_double(conv2d_backward(r.layer, xt_, dyt)), conv2d_backward(reference.layer, x, dy),
                   (tolerance{0, atol}));
    CHECK_CLOSE_AT(grads_of(r.layer.weight), grads_of(reference.layer.weight), (tolerance{0, 4 * atol}));
    CHECK_CLOSE_AT(grads_of(r.layer.bias), grads_of(reference.layer.bias), (tolerance{0, 4 * atol}));
    const double pool_atol = is_float ? 1e-6 : 1e-15;
    max_pool2d_cache cache_t, cache_d;
    CHECK_CLOSE_AT(to_double(max_pool2d_forward(xt_, 3, 2, cache_t)), max_pool2d_forward(x, 3, 2, cache_d),
                   (tolerance{0, pool_atol}));
    // the same winners: no ties among the draws
    CHECK_CLOSE_AT(widened(cache_t.argmax), widened(cache_d.argmax), (tolerance{0, 0}));
    const tensor4 dpool = random_images(2, 3, 2, 2, 94);
    CHECK_CLOSE_AT(to_double(max_pool2d_backward(cache_t, rounded<TestType>(dpool))),
                   max_pool2d_backward(cache_d, dpool), (tolerance{0, pool_atol}));
    CHECK_CLOSE_AT(to_double(avg_pool2d_forward(xt_, 2, 2)), avg_pool2d_forward(x, 2, 2), (tolerance{0, pool_atol}));
}

TEST_CASE("conv2d dx dW and db agree with central differences", "[nn][09_cnn]") {
    random_conv<double> r(2, 3, 3, 2, 2, 1, 51);
    const tensor4 x = random_images(2, 2, 5, 6, 52);
    seed_random(53);
    const tensor4 c = normal_tensor4(2, 3, 3, 4);
    const tensor4 y = conv2d_forward(r.layer, x);
    REQUIRE(y.shape() == c.shape());
    const tensor4 dy = plus(c, y);  // dL/dy of L = Σ c⊙y + ½Σy²
    r.store.zero_grad();
    const tensor4 dx = conv2d_backward(r.layer, x, dy);
    // The loss goes through the direct loops: the backward is checked against the definition.
    const std::function<double(const tensor4&)> loss_x = [&](const tensor4& point) {
        return quadratic_loss(conv2d_forward_direct(r.layer, point), c);
    };
    // A smooth loss in double: a correct gradient gives relative errors near 1e-9 (CS231n: ≤ 1e-7).
    LLMLINGS_CHECK_GRADIENT(tensor4_gradient_check(loss_x, x, dx), 1e-7);
    LLMLINGS_CHECK_STORE_GRADIENTS(
        store_gradient_check(r.store, [&] { return quadratic_loss(conv2d_forward_direct(r.layer, x), c); }), 1e-7);
}

TEMPLATE_TEST_CASE("hand-worked backward passes give dx as a full convolution with the flipped kernel", "[nn][09_cnn]",
                   float, double) {
    parameter_store<TestType> store;
    conv2d_layer<TestType> one = make_conv2d(store, "one", 1, 1, 1, 1);
    set_values(one.weight, image(matrix{{2}}));
    const tensor4_of<TestType> dx =
        conv2d_backward(one, image<TestType>(matrix{{1, 2}}), image<TestType>(matrix{{1, 1}}));
    CHECK_CLOSE_AT(to_double(dx), image(matrix{{2, 2}}), exact);  // dx = W·dy at each pixel
    CHECK_CLOSE_AT(grads_of(one.weight), (vector{3}), exact);     // Σ dy·x = 1 + 2
    CHECK_CLOSE_AT(grads_of(one.bias), (vector{2}), exact);       // Σ dy
    // The 2x2 kernel of the forward example with dy all ones: dx(h,w) sums W(h−oh, w−ow) over the
    // windows covering (h,w); dW(i,j) sums the 2x2 block of x at (i,j), e.g. 1+2+4+5 = 12.
    conv2d_layer<TestType> two = make_conv2d(store, "two", 1, 1, 2, 2);
    set_values(two.weight, image(matrix{{1, 2}, {0, -1}}));
    const tensor4_of<TestType> dx2 = conv2d_backward(two, image<TestType>(matrix{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}),
                                                     image<TestType>(matrix{{1, 1}, {1, 1}}));
    CHECK_CLOSE_AT(to_double(dx2), image(matrix{{1, 3, 2}, {1, 2, 1}, {0, -1, -1}}), exact);
    CHECK_CLOSE_AT(grads_of(two.weight), (vector{12, 16, 24, 28}), exact);
    CHECK_CLOSE_AT(grads_of(two.bias), (vector{4}), exact);
}

TEST_CASE("conv2d backward accumulates and overwrites dx and the first-layer backward skips only dx", "[nn][09_cnn]") {
    random_conv<double> r(3, 4, 3, 3, 1, 1, 61);
    const tensor4 x = random_images(2, 3, 6, 6, 62);
    const tensor4 dy = random_images(2, 4, 6, 6, 63);
    conv2d_cache<double> cache;
    tensor4 dx = filled<double>(2, 3, 6, 6, 1);  // garbage: the backward overwrites it
    conv2d_backward(r.layer, cache, as_images(x), as_images(dy), as_images(dx));
    const vector dw1 = grads_of(r.layer.weight), db1 = grads_of(r.layer.bias);
    const tensor4 dx1 = dx;
    conv2d_backward(r.layer, cache, as_images(x), as_images(dy), as_images(dx));
    // Parameter gradients add up (×2 is exact in binary); dx is overwritten, not summed.
    CHECK_CLOSE_AT(grads_of(r.layer.weight), scaled(dw1, 2.0), exact);
    CHECK_CLOSE_AT(grads_of(r.layer.bias), scaled(db1, 2.0), exact);
    CHECK_CLOSE_AT(dx, dx1, exact);
    CHECK_CLOSE_AT(dx, conv2d_backward(random_conv<double>(3, 4, 3, 3, 1, 1, 61).layer, x, dy), exact);
    r.store.zero_grad();
    CHECK(all_equal(grads_of(r.layer.weight), 0.0));
    CHECK(all_equal(grads_of(r.layer.bias), 0.0));
    // Without dx (the first layer of a network): the same dW and db, bit for bit (same order).
    conv2d_backward(r.layer, cache, as_images(x), as_images(dy), llmlings::empty_view<double, 4>());
    CHECK(identical(grads_of(r.layer.weight), dw1));
    CHECK(identical(grads_of(r.layer.bias), db1));
}

TEST_CASE("forward and backward reuse the caches across batches and allocate nothing once warm", "[nn][09_cnn]") {
    random_conv<float> r(3, 4, 3, 3, 1, 1, 65);
    const tensor4_of<float> x = rounded<float>(random_images(4, 3, 8, 8, 66));
    const tensor4_of<float> dy = rounded<float>(random_images(4, 4, 8, 8, 67));
    tensor4_of<float> y({4, 4, 8, 8}), dx({4, 3, 8, 8}), pooled({4, 4, 4, 4}), dpooled({4, 4, 4, 4}),
        dy_pool(y.shape());
    conv2d_cache<float> cache;
    max_pool2d_cache pool_cache;
    const auto cx = as_images(x);
    const auto cdy = as_images(dy);
    auto step = [&] {
        conv2d_forward(r.layer, cx, as_images(y), cache);
        max_pool2d_forward(as_images(y), 2, 2, as_images(pooled), pool_cache);
        max_pool2d_backward(pool_cache, as_images(pooled), as_images(dy_pool));
        conv2d_backward(r.layer, cache, cx, cdy, as_images(dx));
        conv2d_backward(r.layer, cache, cx, cdy, llmlings::empty_view<float, 4>());
        avg_pool2d_forward(as_images(y), 2, 2, as_images(pooled));
        avg_pool2d_backward(as_images(dpooled), 2, 2, as_images(dy_pool));
    };
    step();  // the first step sizes the caches
    const float* columns = cache.columns.data();
    const std::size_t* argmax = pool_cache.argmax.data();
    const std::size_t before = allocation_count();
    step();
    step();
    const std::size_t allocations = allocation_count() - before;
    CHECK(allocations == 0);
    CHECK(cache.columns.data() == columns);  // the same buffer, not a new one of the same shape
    CHECK(pool_cache.argmax.data() == argmax);
    CHECK(cache.columns.shape()[0] == 3 * 3 * 3);  // one image's columns (K,P), not the batch's
    CHECK(cache.columns.shape()[1] == 8 * 8);
}

TEMPLATE_TEST_CASE("max and average pooling of a hand-worked 4x4 image", "[nn][09_cnn]", float, double) {
    const tensor4_of<TestType> x = image<TestType>(matrix{{1, 2, 5, 0}, {4, 3, 1, 2}, {0, 0, 7, 8}, {1, -1, 6, 9}});
    max_pool2d_cache cache;
    CHECK_CLOSE_AT(to_double(max_pool2d_forward(x, 2, 2, cache)), image(matrix{{4, 5}, {1, 9}}), exact);
    // Flat indices h·4 + w of the maxima: (1,0), (0,2), (3,0), (3,3).
    CHECK(element(cache.argmax, 0, 0, 0, 0) == 4);
    CHECK(element(cache.argmax, 0, 0, 0, 1) == 2);
    CHECK(element(cache.argmax, 0, 0, 1, 0) == 12);
    CHECK(element(cache.argmax, 0, 0, 1, 1) == 15);
    // Ties: PyTorch's kernel lets a later value take over only when it is strictly larger (or NaN),
    // so a window of equal maxima (3, 3; 3, 1) keeps its first one, flat index 0.
    max_pool2d_cache tie_cache;
    max_pool2d_forward(image<TestType>(matrix{{3, 3}, {3, 1}}), 2, 2, tie_cache);
    CHECK(element(tie_cache.argmax, 0, 0, 0, 0) == 0);
    // Each gradient goes to its window's winner; the other 12 pixels get 0.
    CHECK_CLOSE_AT(to_double(max_pool2d_backward(cache, image<TestType>(matrix{{1, 2}, {3, 4}}))),
                   image(matrix{{0, 0, 2, 0}, {1, 0, 0, 0}, {0, 0, 0, 0}, {3, 0, 0, 4}}), exact);
    // Into a preallocated dx holding garbage: overwritten, not added to.
    tensor4_of<TestType> dx = filled<TestType>(1, 1, 4, 4, 1);
    const tensor4_of<TestType> dy = image<TestType>(matrix{{1, 2}, {3, 4}});
    max_pool2d_backward(cache, as_images(dy), as_images(dx));
    CHECK_CLOSE_AT(to_double(dx), image(matrix{{0, 0, 2, 0}, {1, 0, 0, 0}, {0, 0, 0, 0}, {3, 0, 0, 4}}), exact);
    // Averages (1+2+4+3)/4, (5+0+1+2)/4, (0+0+1−1)/4, (7+8+6+9)/4; the backward shares dy/4.
    CHECK_CLOSE_AT(to_double(avg_pool2d_forward(x, 2, 2)), image(matrix{{2.5, 2}, {0, 7.5}}), exact);
    CHECK_CLOSE_AT(to_double(avg_pool2d_backward(image<TestType>(matrix{{4, 8}, {-4, 0}}), 2, 2, 4, 4)),
                   image(matrix{{1, 1, 2, 2}, {1, 1, 2, 2}, {-1, -1, 0, 0}, {-1, -1, 0, 0}}), exact);
}

TEST_CASE("max pooling matches torch max_pool2d on the golden file", "[nn][09_cnn]") {
    const cnn_golden g = load_cnn_golden();
    const tensor4& x = g.pool_x;
    for (std::size_t kernel : {2, 3}) {
        INFO("kernel " << kernel << " stride 2");
        const pool_golden& p = g.max_pool[kernel - 2];
        max_pool2d_cache cache;
        CHECK_CLOSE_AT(max_pool2d_forward(x, kernel, 2, cache), p.y, exact);  // a max copies
        CHECK_CLOSE_AT(widened(cache.argmax), p.idx, exact);
        // Overlapping 3x3 windows can route two gradients to one pixel: sums of two, exact to 1e-14.
        CHECK_CLOSE_AT(max_pool2d_backward(cache, p.dy), p.dx, exact);
    }
}

TEST_CASE("average pooling matches torch avg_pool2d on the golden file", "[nn][09_cnn]") {
    const cnn_golden g = load_cnn_golden();
    const tensor4& x = g.pool_x;
    for (std::size_t kernel : {2, 3}) {
        INFO("kernel " << kernel << " stride 2");
        const pool_golden& p = g.avg_pool[kernel - 2];
        // Means of 4 or 9 values and sums of at most 4 shares: a few ulps.
        CHECK_CLOSE_AT(avg_pool2d_forward(x, kernel, 2), p.y, rounding);
        CHECK_CLOSE_AT(avg_pool2d_backward(p.dy, kernel, 2, 6, 7), p.dx, rounding);
    }
}

TEST_CASE("pooling gradients agree with central differences", "[nn][09_cnn]") {
    const tensor4 x = random_images(2, 2, 7, 6, 71);
    for (std::size_t kernel : {2, 3}) {
        INFO("kernel " << kernel << " stride 2");
        max_pool2d_cache cache;
        const tensor4 y_max = max_pool2d_forward(x, kernel, 2, cache);
        seed_random(72);
        const tensor4 c = normal_tensor4(y_max.shape()[0], y_max.shape()[1], y_max.shape()[2], y_max.shape()[3]);
        // Max pooling is linear between kinks, which sit where two inputs of a window tie; seeded
        // normals are far (≫ h = 1e-6) from ties, so a correct gradient is accurate to ~1e-9.
        const tensor4 dx_max = max_pool2d_backward(cache, plus(c, y_max));
        const std::function<double(const tensor4&)> loss_max = [&](const tensor4& point) {
            max_pool2d_cache scratch;
            return quadratic_loss(max_pool2d_forward(point, kernel, 2, scratch), c);
        };
        LLMLINGS_CHECK_GRADIENT(tensor4_gradient_check(loss_max, x, dx_max), 1e-7);
        const tensor4 y_avg = avg_pool2d_forward(x, kernel, 2);
        const tensor4 dx_avg = avg_pool2d_backward(plus(c, y_avg), kernel, 2, 7, 6);
        const std::function<double(const tensor4&)> loss_avg = [&](const tensor4& point) {
            return quadratic_loss(avg_pool2d_forward(point, kernel, 2), c);
        };
        LLMLINGS_CHECK_GRADIENT(tensor4_gradient_check(loss_avg, x, dx_avg), 1e-7);
    }
}

TEST_CASE("flatten lays each image out in NCHW order as a view and unflatten undoes it", "[nn][09_cnn]") {
    tensor4_of<float> x({2, 3, 2, 2});
    for (std::size_t k = 0; k < x.size(); ++k) x.data()[k] = static_cast<float>(k);
    auto rows = flatten_images(x);
    REQUIRE(rows.shape()[0] == 2);
    REQUIRE(rows.shape()[1] == 12);
    CHECK(element(rows, 1, (2 * 2 + 1) * 2 + 0) == element(x, 1, 2, 1, 0));  // entry (c·H + h)·W + w
    CHECK(element(rows, 0, 11) == 11.0f);
    CHECK(element(rows, 1, 0) == 12.0f);
    CHECK(rows.data() == x.data());  // no copy: the same memory
    element(rows, 0, 5) = 100.0f;    // writing through the view writes x
    CHECK(element(x, 0, 1, 0, 1) == 100.0f);
    const tensor4_of<float>& cx = x;  // a const tensor gives a read-only view
    CHECK(std::is_const<std::remove_pointer_t<decltype(flatten_images(cx).data())>>::value);
    const auto back = unflatten_images(rows, 3, 2, 2);
    REQUIRE(back.shape()[1] == 3);
    CHECK(std::equal(back.shape().begin(), back.shape().end(), x.shape().begin()));
    CHECK(back.data() == x.data());
    CHECK(element(back, 1, 2, 1, 0) == element(x, 1, 2, 1, 0));
    const auto images = as_images(cx);
    CHECK(images.data() == x.data());
    CHECK(element(images, 1, 2, 1, 1) == element(x, 1, 2, 1, 1));
}

TEST_CASE("He initialisation of a conv layer has variance 2 over C_in times kH times kW", "[nn][09_cnn]") {
    // 64·32·5·5 = 51200 draws, fan_in 800. The sample variance has standard error σ²·√(2/n)
    // ≈ 0.6 % (normal) and σ²·√(0.8/n) ≈ 0.4 % (uniform); 3 % is five standard errors.
    const double target = 2.0 / 800.0, n = 51200.0;
    llmlings::rng gen(8);
    parameter_store<float> store;
    conv2d_layer<float> normal = make_conv2d(store, "normal", 32, 64, 5, 5);
    fill_values(normal.bias, 1.0);
    init_he_normal(normal, gen);
    double mean = 0.0, variance = 0.0;
    moments(values_of(normal.weight), mean, variance);
    CHECK(std::fabs(mean) < 5.0 * std::sqrt(target / n));
    CHECK(std::fabs(variance / target - 1.0) < 0.03);
    CHECK(all_equal(values_of(normal.bias), 0.0));

    conv2d_layer<float> uniform = make_conv2d(store, "uniform", 32, 64, 5, 5);
    init_he_uniform(uniform, gen);
    moments(values_of(uniform.weight), mean, variance);
    CHECK(std::fabs(variance / target - 1.0) < 0.03);
    CHECK(max_abs(values_of(uniform.weight)) <= static_cast<float>(std::sqrt(3.0 * target)));
    // The draws are nn/05's for the equivalent dense layer (C_out, C_in·kH·kW), in the same order.
    llmlings::rng gen_conv(9), gen_dense(9);
    parameter_store<double> conv_store;
    conv2d_layer<double> conv = make_conv2d(conv_store, "conv", 2, 3, 2, 2);
    init_he_normal(conv, gen_conv);
    CHECK_CLOSE_AT(values_of(conv.weight), dense_he_normal_weights(8, 3, gen_dense), (tolerance{0, 0}));
}

TEST_CASE("conv and pooling functions reject shapes that do not fit", "[nn][09_cnn]") {
    const random_conv<double> r(3, 2, 3, 3, 1, 0, 81);
    const tensor4 two_channels({1, 2, 5, 5});
    CHECK_THROWS_AS(conv2d_forward_direct(r.layer, two_channels), llmlings::shape_error);
    // One substring per check: `contains(a) && contains(b)` would make Catch2 compile its
    // all-of matcher into this file (each save), for the same verdicts.
    CHECK_THROWS_WITH(conv2d_forward_direct(r.layer, two_channels), contains("conv2d_forward_direct"));
    CHECK_THROWS_WITH(conv2d_forward_direct(r.layer, two_channels), contains("3"));
    CHECK_THROWS_WITH(conv2d_forward_direct(r.layer, two_channels), contains("(1,2,5,5)"));
    CHECK_THROWS_AS(conv2d_forward(r.layer, two_channels), llmlings::shape_error);
    CHECK_THROWS_AS(conv2d_forward(r.layer, tensor4({1, 3, 2, 5})), llmlings::shape_error);  // 2 rows < kernel 3
    const tensor4 x({2, 3, 5, 5});
    conv2d_cache<double> cache;
    tensor4 wrong_y({2, 2, 5, 5});  // y must be (2,2,3,3): a preallocated output is never resized
    CHECK_THROWS_AS(conv2d_forward(r.layer, as_images(x), as_images(wrong_y), cache), llmlings::shape_error);
    CHECK_THROWS_WITH(conv2d_forward(r.layer, as_images(x), as_images(wrong_y), cache), contains("conv2d_forward"));
    CHECK_THROWS_WITH(conv2d_forward(r.layer, as_images(x), as_images(wrong_y), cache), contains("(2,2,3,3)"));
    CHECK_THROWS_AS(conv2d_forward_direct(r.layer, as_images(x), as_images(wrong_y)), llmlings::shape_error);
    CHECK_THROWS_AS(conv2d_backward(r.layer, two_channels, tensor4({1, 2, 3, 3})), llmlings::shape_error);
    CHECK_THROWS_AS(conv2d_backward(r.layer, x, tensor4({2, 2, 5, 5})), llmlings::shape_error);  // dy is (2,2,3,3)
    CHECK_THROWS_WITH(conv2d_backward(r.layer, x, tensor4({2, 2, 5, 5})), contains("conv2d_backward"));
    CHECK_THROWS_WITH(conv2d_backward(r.layer, x, tensor4({2, 2, 5, 5})), contains("(2,2,3,3)"));
    const tensor4 dy({2, 2, 3, 3});
    tensor4 wrong_dx({2, 3, 4, 5});
    CHECK_THROWS_AS(conv2d_backward(r.layer, cache, as_images(x), as_images(dy), as_images(wrong_dx)),
                    llmlings::shape_error);
    CHECK_THROWS_AS(
        conv2d_backward(r.layer, cache, as_images(x), as_images(wrong_y), llmlings::empty_view<double, 4>()),
        llmlings::shape_error);
    tensor4 folded = filled<double>(1, 1, 3, 3, 0);
    const matrix four_by_five({4, 5});
    CHECK_THROWS_AS(col2im(as_rows(four_by_five), 0, 2, 2, 1, 0, as_images(folded)), llmlings::shape_error);
    matrix columns({4, 5});  // needs (4,4)
    CHECK_THROWS_AS(im2col(as_images(folded), 0, 2, 2, 1, 0, as_rows(columns)), llmlings::shape_error);
    matrix ten({2, 10});
    CHECK_THROWS_AS(unflatten_images(ten, 2, 2, 2), llmlings::shape_error);
    CHECK_THROWS_AS(flatten_images(ten), llmlings::shape_error);
    CHECK_THROWS_AS(as_images(ten), llmlings::shape_error);
    max_pool2d_cache pool;
    const tensor4 four({1, 1, 4, 4});
    max_pool2d_forward(four, 2, 2, pool);
    CHECK_THROWS_AS(max_pool2d_backward(pool, tensor4({1, 1, 3, 2})), llmlings::shape_error);
    tensor4 wrong_pool_dx({1, 1, 5, 4}), pooled_y({1, 1, 2, 2});
    CHECK_THROWS_AS(max_pool2d_backward(pool, as_images(pooled_y), as_images(wrong_pool_dx)), llmlings::shape_error);
    tensor4 wrong_pool_y({1, 1, 3, 3});
    CHECK_THROWS_AS(max_pool2d_forward(as_images(four), 2, 2, as_images(wrong_pool_y), pool), llmlings::shape_error);
    CHECK_THROWS_AS(avg_pool2d_forward(as_images(four), 2, 2, as_images(wrong_pool_y)), llmlings::shape_error);
    CHECK_THROWS_AS(avg_pool2d_backward(tensor4({1, 1, 3, 3}), 2, 2, 4, 4), llmlings::shape_error);  // needs 2x2
}

TEST_CASE("conv and pooling functions reject invalid arguments", "[nn][09_cnn]") {
    parameter_store<double> store;
    CHECK_THROWS_AS(make_conv2d(store, "a", 0, 2, 3, 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_conv2d(store, "b", 1, 0, 3, 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_conv2d(store, "c", 1, 2, 0, 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_conv2d(store, "d", 1, 2, 3, 3, 0), llmlings::invalid_argument);
    CHECK_THROWS_AS(conv2d_output_size(5, 3, 0, 0), llmlings::invalid_argument);
    CHECK_THROWS_AS(conv2d_output_size(2, 5, 1, 1), llmlings::invalid_argument);  // 5 > 2 + 2
    CHECK_THROWS_AS(conv2d_output_size(5, 0, 1, 0), llmlings::invalid_argument);
    conv2d_layer<double> empty;  // never made: its views refer to nothing
    llmlings::rng gen(1);
    CHECK_THROWS_AS(conv2d_forward(empty, tensor4({1, 1, 3, 3})), llmlings::invalid_argument);
    CHECK_THROWS_AS(conv2d_forward_direct(empty, tensor4({1, 1, 3, 3})), llmlings::invalid_argument);
    CHECK_THROWS_AS(init_he_normal(empty, gen), llmlings::invalid_argument);
    CHECK_THROWS_AS(init_he_uniform(empty, gen), llmlings::invalid_argument);
    conv2d_layer<double> zero_stride = make_conv2d(store, "zero_stride", 1, 1, 2, 2);
    zero_stride.stride = 0;
    CHECK_THROWS_AS(conv2d_forward(zero_stride, tensor4({1, 1, 3, 3})), llmlings::invalid_argument);
    const tensor4 two_images({2, 1, 3, 3});
    CHECK_THROWS_AS(im2col(two_images, 2, 2, 2, 1, 0), llmlings::invalid_argument);
    CHECK_THROWS_WITH(im2col(two_images, 2, 2, 2, 1, 0), contains("im2col"));
    const tensor4 x({1, 1, 4, 4});
    max_pool2d_cache cache;
    CHECK_THROWS_AS(max_pool2d_forward(x, 0, 1, cache), llmlings::invalid_argument);
    CHECK_THROWS_AS(max_pool2d_forward(x, 2, 0, cache), llmlings::invalid_argument);
    CHECK_THROWS_AS(avg_pool2d_forward(x, 5, 1), llmlings::invalid_argument);
    max_pool2d_forward(x, 2, 2, cache);
    element(cache.argmax, 0, 0, 1, 1) = 16;  // one past the 4x4 plane
    CHECK_THROWS_AS(max_pool2d_backward(cache, tensor4({1, 1, 2, 2})), llmlings::invalid_argument);
}

TEST_CASE("a small float CNN learns the 8x8 handwritten digits", "[nn][09_cnn]") {
    if (!llmlings::testing::have_real_data({"digits.csv"})) return;
    // conv 1→8 3x3 pad 1, ReLU, max pool 2, dense 128→10, cross-entropy, Adam, in float32 as a
    // model trains; 1200 seeded training images, 597 held out, 3 epochs of batches of 32. Every
    // buffer is allocated once and reused, as in a real training loop.
    const digits_data digits = load_digits_scaled();
    const index_vector& labels = digits.labels;
    const std::size_t total = digits.n, n_train = 1200, batch = 32;
    llmlings::rng gen(2024);
    const index_vector order = permutation(total, gen);
    parameter_store<float> store;
    conv2d_layer<float> conv = make_conv2d(store, "conv", 1, 8, 3, 3, 1, 1);
    dense_layer<float> head = make_dense_float(store, "head", 8 * 4 * 4, 10);
    init_he_normal(conv, gen);
    init_xavier_uniform_float(head, gen);
    float_adam opt(store, 1e-2, 0.9, 0.999, 1e-8, 0.0);  // Adam, learning rate 1e-2

    tensor4_of<float> x, z, a, pooled, dpooled, da;
    matrix_of<float> logits, dlogits;
    index_vector y;
    conv2d_cache<float> conv_cache;
    max_pool2d_cache pool_cache;
    // Pixels are 0..16: scaled to [0, 1].
    auto forward = [&](std::size_t first, std::size_t count) {
        ensure_buffer(x, {count, 1, 8, 8});
        ensure_buffer(z, {count, 8, 8, 8});
        ensure_buffer(a, {count, 8, 8, 8});
        ensure_buffer(pooled, {count, 8, 4, 4});
        ensure_buffer(logits, {count, 10});
        ensure_buffer(y, {count});
        for (std::size_t b = 0; b < count; ++b) {
            const std::size_t row = order(first + b);
            for (std::size_t k = 0; k < 64; ++k) x.data()[b * 64 + k] = digits.pixels[row * 64 + k];
            y(b) = labels(row);
        }
        conv2d_forward(conv, as_images(x), as_images(z), conv_cache);
        for (std::size_t k = 0; k < z.size(); ++k) a.data()[k] = z.data()[k] > 0.0f ? z.data()[k] : 0.0f;  // ReLU
        max_pool2d_forward(as_images(a), 2, 2, as_images(pooled), pool_cache);
        dense_forward_float(head, flatten_images(pooled), as_rows(logits));
    };
    double first_loss = 0.0, last_epoch_loss = 0.0;  // the first batch's, the last epoch's mean
    for (int epoch = 0; epoch < 3; ++epoch) {
        double epoch_loss = 0.0;
        std::size_t batches = 0;
        for (std::size_t first = 0; first < n_train; first += batch, ++batches) {
            const std::size_t count = std::min(batch, n_train - first);
            forward(first, count);
            ensure_buffer(dlogits, {count, 10});
            ensure_buffer(dpooled, {count, 8, 4, 4});
            ensure_buffer(da, {count, 8, 8, 8});
            const double loss = cross_entropy_into(logits, y, dlogits);
            if (epoch == 0 && first == 0) first_loss = loss;
            epoch_loss += loss;
            store.zero_grad();
            dense_backward_float(head, flatten_images(pooled), as_rows(dlogits), flatten_images(dpooled));
            max_pool2d_backward(pool_cache, as_images(dpooled), as_images(da));
            for (std::size_t k = 0; k < da.size(); ++k) da.data()[k] *= z.data()[k] > 0.0f ? 1.0f : 0.0f;  // ReLU'
            conv2d_backward(conv, conv_cache, as_images(x), as_images(da), llmlings::empty_view<float, 4>());
            opt.step();
        }
        last_epoch_loss = epoch_loss / static_cast<double>(batches);
    }
    forward(n_train, total - n_train);
    std::size_t correct = 0;
    for (std::size_t b = 0; b < y.size(); ++b) {
        correct += row_argmax(logits, b) == y(b);
    }
    const double accuracy = static_cast<double>(correct) / static_cast<double>(y.size());
    INFO("first batch loss " << first_loss << ", last epoch's mean loss " << last_epoch_loss << ", held-out accuracy "
                             << accuracy);
    // Chance is 0.1 and log 10 = 2.3 the loss of a uniform guess. Measured in float with this
    // seed: first loss 2.63, last epoch 0.155, 0.953 held out; over seeds 1 to 12 the accuracy was
    // 0.936 to 0.958 and the last epoch's mean loss 0.17 to 0.28, so 0.92 and 0.5 fail only on a
    // network that does not learn.
    CHECK(first_loss > 1.5);
    CHECK(last_epoch_loss < 0.5);
    CHECK(accuracy >= 0.92);
}
