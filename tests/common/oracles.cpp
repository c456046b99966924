// SPDX-License-Identifier: MIT
// The helpers shared by the topics' oracles (oracles.hpp), compiled once into the test main
// library: xtensor, xtensor-blas and llmlings' testing helpers, no code of any topic. The templates
// on T are instantiated here for float and double.
#include "common/oracles.hpp"
#include "common/golden_arrays.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <sstream>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xrandom.hpp>
#include <xtensor/xview.hpp>

#include <llmlings/testing.hpp>

namespace oracles {

// ---- Random inputs ------------------------------------------------------------------------------

void seed_random(unsigned seed) {
    xt::random::seed(seed);
}

void random_seed(unsigned seed) {
    seed_random(seed);
}

matrix normal_matrix(std::size_t rows, std::size_t cols, double sd) {
    if (sd == 1.0) return xt::random::randn<double>({rows, cols});
    return sd * xt::random::randn<double>({rows, cols});
}

vector normal_vector(std::size_t n, double sd) {
    if (sd == 1.0) return xt::random::randn<double>({n});
    return sd * xt::random::randn<double>({n});
}

tensor3 normal_tensor3(std::size_t b, std::size_t t, std::size_t f, double sd) {
    if (sd == 1.0) return xt::random::randn<double>({b, t, f});
    return sd * xt::random::randn<double>({b, t, f});
}

matrix random_matrix(std::size_t m, std::size_t n) {
    return normal_matrix(m, n);
}

vector random_vector(std::size_t n) {
    return normal_vector(n);
}

vector random_normal(std::size_t n) {
    return normal_vector(n);
}

matrix random_normal(std::size_t rows, std::size_t cols) {
    return normal_matrix(rows, cols);
}

matrix seeded_normal(long seed, std::size_t rows, std::size_t cols, double scale) {
    if (seed >= 0) xt::random::seed(static_cast<unsigned>(seed));
    if (scale == 1.0) return xt::random::randn<double>({rows, cols});
    return scale * xt::random::randn<double>({rows, cols});
}

index_vector random_labels(std::size_t n, std::size_t k) {
    return xt::random::randint<std::size_t>({n}, 0, k);
}

// ---- Constant tensors ---------------------------------------------------------------------------

matrix matrix_from(std::initializer_list<std::initializer_list<double>> rows) {
    return matrix(rows);
}

vector vector_from(std::initializer_list<double> values) {
    return vector(values);
}

index_vector labels_of(std::initializer_list<std::size_t> values) {
    return index_vector(values);
}

matrix identity(std::size_t n) {
    return xt::eye<double>(n);
}

matrix zero_matrix(std::size_t rows, std::size_t cols) {
    return xt::zeros<double>({rows, cols});
}

index_vector zero_labels(std::size_t n) {
    return xt::zeros<std::size_t>({n});
}

matrix empty_matrix(std::size_t rows, std::size_t cols) {
    return xt::empty<double>({rows, cols});
}

vector filled(std::size_t n, double c) {
    vector v = xt::empty<double>({n});
    v.fill(c);
    return v;
}

matrix filled(std::size_t rows, std::size_t cols, double c) {
    return filled_matrix(rows, cols, c);
}

matrix filled_matrix(std::size_t rows, std::size_t cols, double c) {
    matrix out = xt::empty<double>({rows, cols});
    out.fill(c);
    return out;
}

template <class T>
matrix_of<T> filled(std::size_t rows, std::size_t cols, double c) {
    matrix_of<T> out({rows, cols});
    std::fill(out.begin(), out.end(), static_cast<T>(c));
    return out;
}

template <class T>
tensor3_of<T> filled(std::size_t b, std::size_t t, std::size_t f, double c) {
    tensor3_of<T> out({b, t, f});
    std::fill(out.begin(), out.end(), static_cast<T>(c));
    return out;
}

// ---- Conversions --------------------------------------------------------------------------------

template <class T>
matrix_of<T> rounded(const matrix& m) {
    return xt::cast<T>(m);
}

template <class T>
tensor3_of<T> rounded(const tensor3& t) {
    return xt::cast<T>(t);
}

template <class T>
matrix_of<T> to_type(const matrix& x) {
    return rounded<T>(x);
}

template <class T>
matrix to_double(const matrix_of<T>& x) {
    return xt::cast<double>(x);
}

template <class T>
tensor3 to_double(const tensor3_of<T>& x) {
    return xt::cast<double>(x);
}

template <class T>
tensor4 to_double(const tensor4_of<T>& x) {
    return xt::cast<double>(x);
}

// ---- Slices -------------------------------------------------------------------------------------

template <class T>
llmlings::const_matrix_view<T> input_rows(const matrix_of<T>& x) {
    return llmlings::as_rows(x);
}

template <class T>
llmlings::const_matrix_view<T> input_rows(const tensor3_of<T>& x) {
    return llmlings::as_rows(x);
}

template <class T>
llmlings::matrix_view<T> output_rows(matrix_of<T>& x) {
    return llmlings::as_rows(x);
}

template <class T>
llmlings::const_tensor_view<T, 3> input_view3(const tensor3_of<T>& x) {
    return llmlings::view_of<3>(x.data(), x.size(), {x.shape()[0], x.shape()[1], x.shape()[2]});
}

template <class T>
llmlings::tensor_view<T, 3> output_view3(tensor3_of<T>& x) {
    return llmlings::view_of<3>(x.data(), x.size(), {x.shape()[0], x.shape()[1], x.shape()[2]});
}

vector row(const matrix& x, std::size_t r) {
    return xt::row(x, r);
}

vector column(const matrix& x, std::size_t j) {
    return xt::col(x, j);
}

matrix step_of(const tensor3& x, std::size_t t) {
    return xt::view(x, xt::all(), t, xt::all());
}

template <class T>
vector row_of(const tensor3_of<T>& x, std::size_t b, std::size_t t) {
    vector out = xt::zeros<double>({x.shape()[2]});
    for (std::size_t k = 0; k < out.size(); ++k) out(k) = static_cast<double>(x(b, t, k));
    return out;
}

double element(const vector& v, std::size_t i) {
    if (i >= v.size())
        throw llmlings::shape_error("oracles::element",
                                    llmlings::detail::concat("index ", i, " of a vector of ", v.size(), " elements"));
    return v(i);
}

std::size_t flat_index(const std::vector<std::size_t>& shape, std::initializer_list<std::size_t> at) {
    std::size_t flat = 0, axis = 0;
    for (std::size_t i : at) {
        if (i >= shape[axis])
            throw llmlings::shape_error("oracles::element",
                                        llmlings::detail::concat("index ", i, " of axis ", axis, " ≥ ", shape[axis]));
        flat = flat * shape[axis++] + i;
    }
    return flat;
}

double element(const tensor3& x, std::size_t b, std::size_t t, std::size_t f) {
    return x.data()[flat_index({x.shape()[0], x.shape()[1], x.shape()[2]}, {b, t, f})];
}

void set_element(tensor3& x, std::size_t b, std::size_t t, std::size_t f, double value) {
    x.data()[flat_index({x.shape()[0], x.shape()[1], x.shape()[2]}, {b, t, f})] = value;
}

void set_element(matrix& m, std::size_t i, std::size_t j, double value) {
    m.data()[flat_index({m.shape()[0], m.shape()[1]}, {i, j})] = value;
}

void set_element(vector& v, std::size_t i, double value) {
    v.data()[flat_index({v.size()}, {i})] = value;
}

id_matrix ids_from(std::initializer_list<std::initializer_list<std::size_t>> rows) {
    const std::size_t cols = rows.size() == 0 ? 0 : rows.begin()->size();
    id_matrix out = xt::zeros<std::size_t>({rows.size(), cols});
    std::size_t b = 0;
    for (const auto& row : rows) {
        if (row.size() != cols)
            throw llmlings::shape_error("oracles::ids_from", llmlings::detail::concat("row ", b, " has ", row.size(),
                                                                                      " ids, the first ", cols));
        std::copy(row.begin(), row.end(), out.data() + b++ * cols);
    }
    return out;
}

std::size_t id_at(const id_matrix& ids, std::size_t b, std::size_t t) {
    return ids.data()[flat_index({ids.shape()[0], ids.shape()[1]}, {b, t})];
}

void set_id(id_matrix& ids, std::size_t b, std::size_t t, std::size_t value) {
    ids.data()[flat_index({ids.shape()[0], ids.shape()[1]}, {b, t})] = value;
}

tensor3 tensor3_from(std::initializer_list<std::initializer_list<std::initializer_list<double>>> blocks) {
    return tensor3(blocks);
}

template <class T>
double element(const matrix_of<T>& m, std::size_t i, std::size_t j) {
    if (i >= m.shape()[0] || j >= m.shape()[1])
        throw llmlings::shape_error(
            "oracles::element",
            llmlings::detail::concat("index (", i, ",", j, ") of a matrix of shape ", llmlings::shape_str(m.shape())));
    return static_cast<double>(m(i, j));
}

// ---- Reductions ---------------------------------------------------------------------------------

namespace {

// max |xᵢ| over n numbers in memory order (std::max keeps the running maximum when |xᵢ| is NaN).
template <class T>
double max_abs_of(const T* x, std::size_t n) {
    double out = 0.0;
    for (std::size_t k = 0; k < n; ++k) out = std::max(out, std::fabs(static_cast<double>(x[k])));
    return out;
}

}  // namespace

double max_abs(const vector& v) {
    for (double x : v)
        if (std::isnan(x)) return x;
    return max_abs_of(v.data(), v.size());
}

template <class T>
double max_abs(const matrix_of<T>& x) {
    return max_abs_of(x.data(), x.size());
}

template <class T>
double max_abs(const tensor3_of<T>& x) {
    return max_abs_of(x.data(), x.size());
}

double norm(const matrix& m) {
    return std::sqrt(xt::sum(m * m)());
}

double frobenius(const matrix& a) {
    return norm(a);
}

vector row_sums(const matrix& x) {
    return xt::sum(x, {1});
}

vector column_means(const matrix& x) {
    return xt::mean(x, {0});
}

double total(const vector& v) {
    return xt::sum(v)();
}

double average(const vector& v) {
    return xt::mean(v)();
}

// ---- Element-wise arithmetic --------------------------------------------------------------------

matrix plus(const matrix& a, const matrix& b) {
    return a + b;
}

tensor3 plus(const tensor3& a, const tensor3& b) {
    return a + b;
}

matrix plus(const matrix& x, double c) {
    return x + c;
}

vector minus(const vector& a, const vector& b) {
    return a - b;
}

matrix minus(const matrix& a, const matrix& b) {
    llmlings::check::same_shape("oracles::minus", a, b);
    return a - b;
}

vector scaled(const vector& v, double c) {
    return c * v;
}

vector scaled(double c, const vector& v) {
    return c * v;
}

matrix scaled(double c, const matrix& a) {
    return c * a;
}

vector divided(const vector& v, double s) {
    return v / s;
}

matrix exp_of(const matrix& x) {
    return xt::exp(x);
}

matrix log_of(const matrix& x) {
    return xt::log(x);
}

// ---- BLAS and LAPACK ----------------------------------------------------------------------------

matrix blas_product(const matrix& a, const matrix& b) {
    return xt::linalg::dot(a, b);
}

vector blas_product(const matrix& a, const vector& x) {
    return xt::linalg::dot(a, x);
}

matrix xt_transposed(const matrix& a) {
    return xt::transpose(a);
}

double lapack_det(const matrix& a) {
    return xt::linalg::det(a);
}

// ---- A parameter store's tensors ----------------------------------------------------------------

namespace {

template <class T, class E>
void copy_into(T* out, std::size_t size, const E& e) {
    if (e.size() != size) throw llmlings::shape_error("oracles::set_values", "size differs from the parameter's");
    for (std::size_t k = 0; k < size; ++k) out[k] = static_cast<T>(e.data()[k]);
}

template <class T>
vector widened(const T* data, std::size_t size, double factor) {
    vector out = xt::empty<double>({size});
    for (std::size_t k = 0; k < size; ++k) out(k) = static_cast<double>(data[k]) * factor;
    return out;
}

template <class T>
bool all_equal_to(const T* data, std::size_t size, double c) {
    return std::all_of(data, data + size, [c](T v) { return v == c; });
}

}  // namespace

template <class T>
void set_values(const llmlings::parameter<T>& p, const vector& v) {
    copy_into(p.data(), p.size(), v);
}

template <class T>
void set_values(const llmlings::parameter<T>& p, const matrix& m) {
    copy_into(p.data(), p.size(), m);
}

template <class T>
void set_values(const llmlings::parameter<T>& p, const tensor4& t) {
    copy_into(p.data(), p.size(), t);
}

template <class T>
void set_grads(const llmlings::parameter<T>& p, const vector& v) {
    copy_into(p.grad_data(), p.size(), v);
}

template <class T>
void set_grads(const llmlings::parameter<T>& p, const matrix& m) {
    copy_into(p.grad_data(), p.size(), m);
}

template <class T>
void scale_values(const llmlings::parameter<T>& p, double c) {
    for (std::size_t k = 0; k < p.size(); ++k) p.data()[k] *= static_cast<T>(c);
}

template <class T>
vector values_of(const llmlings::parameter<T>& p, double factor) {
    return widened(p.data(), p.size(), factor);
}

template <class T>
vector grads_of(const llmlings::parameter<T>& p, double factor) {
    return widened(p.grad_data(), p.size(), factor);
}

namespace {

template <class T>
matrix as_matrix(const char* function, const llmlings::parameter<T>& p, const T* data) {
    const std::vector<std::size_t>& shape = p.shape();
    if (shape.size() != 2)
        throw llmlings::shape_error(function, llmlings::detail::concat("'", p.name(), "' has shape ",
                                                                       llmlings::shape_str(shape), ", not a matrix's"));
    matrix out = xt::empty<double>({shape[0], shape[1]});
    for (std::size_t k = 0; k < out.size(); ++k) out.data()[k] = static_cast<double>(data[k]);
    return out;
}

}  // namespace

template <class T>
matrix values_matrix(const llmlings::parameter<T>& p) {
    return as_matrix("oracles::values_matrix", p, p.data());
}

template <class T>
matrix grads_matrix(const llmlings::parameter<T>& p) {
    return as_matrix("oracles::grads_matrix", p, p.grad_data());
}

template <class T>
bool values_all(const llmlings::parameter<T>& p, double c) {
    return all_equal_to(p.data(), p.size(), c);
}

template <class T>
bool grads_all(const llmlings::parameter<T>& p, double c) {
    return all_equal_to(p.grad_data(), p.size(), c);
}

template <class T>
bool same_values(const llmlings::parameter<T>& a, const llmlings::parameter<T>& b) {
    return a.size() == b.size() && std::equal(a.data(), a.data() + a.size(), b.data());
}

// ---- The test loss and the gradient checks ------------------------------------------------------

namespace {

// Σ cₖ yₖ + ½ yₖ² over n entries in memory order, each yₖ widened to double first.
template <class T>
double quadratic_sum(const T* y, const double* c, std::size_t n) {
    double sum = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
        const double v = static_cast<double>(y[k]);
        sum += c[k] * v + 0.5 * v * v;
    }
    return sum;
}

}  // namespace

tensor3 golden_tensor3(const xt::xarray<double>& a) {
    if (a.dimension() != 3 && a.dimension() != 4)
        throw llmlings::shape_error("oracles::golden_tensor3",
                                    llmlings::detail::concat("expected rank 3 or 4, got ", a.dimension()));
    const std::size_t r = a.dimension();
    tensor3 t = xt::zeros<double>(
        {a.size() == 0 ? 0 : a.size() / (a.shape()[r - 2] * a.shape()[r - 1]), a.shape()[r - 2], a.shape()[r - 1]});
    std::copy(a.begin(), a.end(), t.begin());
    return t;
}

matrix golden_matrix(const xt::xarray<double>& a) {
    if (a.dimension() != 2)
        throw llmlings::shape_error("oracles::golden_matrix",
                                    llmlings::detail::concat("expected rank 2, got ", a.dimension()));
    matrix m = xt::zeros<double>({a.shape()[0], a.shape()[1]});
    std::copy(a.begin(), a.end(), m.begin());
    return m;
}

vector golden_vector(const xt::xarray<double>& a) {
    vector v = xt::zeros<double>({a.size()});
    std::copy(a.begin(), a.end(), v.begin());
    return v;
}

index_vector golden_ids(const xt::xarray<double>& a) {
    index_vector ids = xt::zeros<std::size_t>({a.size()});
    std::size_t i = 0;
    for (const double value : a) {
        if (!(value >= 0.0) || value != std::floor(value))
            throw llmlings::shape_error("oracles::golden_ids", llmlings::detail::concat("not an index: ", value));
        ids(i++) = static_cast<std::size_t>(value);
    }
    return ids;
}

double inner(const tensor3& a, const tensor3& b) {
    llmlings::check::same_shape("oracles::inner", a, b);
    double s = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) s += a.data()[i] * b.data()[i];
    return s;
}

double sample_mean(const vector& v) {
    double s = 0.0;
    for (double e : v) s += e;
    return s / static_cast<double>(v.size());
}

double sample_variance(const vector& v) {
    const double m = sample_mean(v);
    double s = 0.0;
    for (double e : v) s += (e - m) * (e - m);
    return s / static_cast<double>(v.size() - 1);
}

double sample_sd(const vector& v) {
    return std::sqrt(sample_variance(v));
}

double quadratic_loss(const matrix& y, const matrix& c) {
    return quadratic_sum(y.data(), c.data(), y.size());
}

template <class T>
double quadratic_loss(const tensor3_of<T>& y, const tensor3& c) {
    return quadratic_sum(y.data(), c.data(), y.size());
}

double quadratic_loss(const tensor4& y, const tensor4& c) {
    return quadratic_sum(y.data(), c.data(), y.size());
}

matrix quadratic_loss_grad(const matrix& y, const matrix& c) {
    return c + y;
}

namespace {

// gradient_check of a loss of an X (a matrix or a tensor) at x: the checker perturbs an xarray,
// which the loss sees as an X again.
template <class X>
llmlings::testing::gradient_report tensor_gradient_check(const std::function<double(const X&)>& loss, const X& x,
                                                         const X& analytic) {
    const auto f = [&](const xt::xarray<double>& point) { return loss(X(point)); };
    return llmlings::testing::gradient_check(f, x, analytic);
}

}  // namespace

llmlings::testing::gradient_report matrix_gradient_check(const std::function<double(const matrix&)>& loss,
                                                         const matrix& x, const matrix& analytic) {
    return tensor_gradient_check(loss, x, analytic);
}

llmlings::testing::gradient_report check_gradient(const std::function<double(const matrix&)>& loss, const matrix& x,
                                                  const matrix& analytic) {
    return matrix_gradient_check(loss, x, analytic);
}

llmlings::testing::gradient_report tensor3_gradient_check(const std::function<double(const tensor3&)>& loss,
                                                          const tensor3& x, const tensor3& analytic) {
    return tensor_gradient_check(loss, x, analytic);
}

llmlings::testing::gradient_report tensor4_gradient_check(const std::function<double(const tensor4&)>& loss,
                                                          const tensor4& x, const tensor4& analytic) {
    return tensor_gradient_check(loss, x, analytic);
}

std::vector<llmlings::testing::tensor_gradient_report> store_gradient_check(llmlings::parameter_store<double>& store,
                                                                            const std::function<double()>& loss) {
    return llmlings::testing::check_store_gradients(store, loss);
}

// ---- Golden files -------------------------------------------------------------------------------

recurrent_golden load_recurrent_golden(const char* relative_path) {
    using llmlings::testing::golden_file;
    const golden_file g = golden_file::load(llmlings::testing::golden_path(relative_path));
    recurrent_golden out;
    out.w_ih = g.array("W_ih");
    out.w_hh = g.array("W_hh");
    out.b_ih = g.array("b_ih");
    out.b_hh = g.array("b_hh");
    out.x = g.array("x");
    out.h0 = g.array("h0");
    out.h = g.array("h");
    out.dy = g.array("dy");
    out.dx = g.array("dx");
    out.dh0 = g.array("dh0");
    out.dw_ih = xt::flatten(g.array("dW_ih"));
    out.dw_hh = xt::flatten(g.array("dW_hh"));
    out.db_ih = g.array("db_ih");
    out.db_hh = g.array("db_hh");
    return out;
}

// ---- The instantiations for float and double ----------------------------------------------------

#define ORACLES_COMMON_INSTANTIATE(T)                                                           \
    template matrix_of<T> filled<T>(std::size_t, std::size_t, double);                          \
    template tensor3_of<T> filled<T>(std::size_t, std::size_t, std::size_t, double);            \
    template matrix_of<T> rounded<T>(const matrix&);                                            \
    template tensor3_of<T> rounded<T>(const tensor3&);                                          \
    template matrix_of<T> to_type<T>(const matrix&);                                            \
    template matrix to_double<T>(const matrix_of<T>&);                                          \
    template tensor3 to_double<T>(const tensor3_of<T>&);                                        \
    template tensor4 to_double<T>(const tensor4_of<T>&);                                        \
    template llmlings::const_matrix_view<T> input_rows<T>(const matrix_of<T>&);                 \
    template llmlings::const_matrix_view<T> input_rows<T>(const tensor3_of<T>&);                \
    template llmlings::matrix_view<T> output_rows<T>(matrix_of<T>&);                            \
    template llmlings::const_tensor_view<T, 3> input_view3<T>(const tensor3_of<T>&);            \
    template llmlings::tensor_view<T, 3> output_view3<T>(tensor3_of<T>&);                       \
    template vector row_of<T>(const tensor3_of<T>&, std::size_t, std::size_t);                  \
    template double element<T>(const matrix_of<T>&, std::size_t, std::size_t);                  \
    template double max_abs<T>(const matrix_of<T>&);                                            \
    template double max_abs<T>(const tensor3_of<T>&);                                           \
    template void set_values<T>(const llmlings::parameter<T>&, const vector&);                  \
    template void set_values<T>(const llmlings::parameter<T>&, const matrix&);                  \
    template void set_values<T>(const llmlings::parameter<T>&, const tensor4&);                 \
    template void set_grads<T>(const llmlings::parameter<T>&, const vector&);                   \
    template void set_grads<T>(const llmlings::parameter<T>&, const matrix&);                   \
    template void scale_values<T>(const llmlings::parameter<T>&, double);                       \
    template vector values_of<T>(const llmlings::parameter<T>&, double);                        \
    template vector grads_of<T>(const llmlings::parameter<T>&, double);                         \
    template matrix values_matrix<T>(const llmlings::parameter<T>&);                            \
    template matrix grads_matrix<T>(const llmlings::parameter<T>&);                             \
    template bool values_all<T>(const llmlings::parameter<T>&, double);                         \
    template bool grads_all<T>(const llmlings::parameter<T>&, double);                          \
    template bool same_values<T>(const llmlings::parameter<T>&, const llmlings::parameter<T>&); \
    template double quadratic_loss<T>(const tensor3_of<T>&, const tensor3&);
ORACLES_COMMON_INSTANTIATE(float)
ORACLES_COMMON_INSTANTIATE(double)
#undef ORACLES_COMMON_INSTANTIATE

// ---- Comparisons --------------------------------------------------------------------------------

namespace {

// Reports one check to Catch2 at the test file's line, as SUCCEED(message) or FAIL_CHECK(message)
// written there would: the same AssertionHandler those macros construct (Catch2 2.13 and 3 alike),
// with the caller's file and line instead of this file's.
void report_message_at(bool ok, std::string message, const char* file, int line) {
    Catch::AssertionHandler handler(ok ? "SUCCEED" : "FAIL_CHECK",
                                    Catch::SourceLineInfo(file, static_cast<std::size_t>(line)), Catch::StringRef(),
                                    Catch::ResultDisposition::ContinueOnFailure);
    handler.handleMessage(ok ? Catch::ResultWas::Ok : Catch::ResultWas::ExplicitFailure, std::move(message));
    handler.complete();
}

void report_at(const llmlings::testing::comparison& cmp, const char* what, const char* file, int line) {
    report_message_at(cmp.ok, cmp.ok ? std::string(what) + " is close" : std::string(what) + ":\n" + cmp.message, file,
                      line);
}

// LLMLINGS_CHECK_GRADIENT's verdict and message for one report, `prefix` before the message.
void report_gradient_at(const llmlings::testing::gradient_report& report, double max_rel, const std::string& prefix,
                        const char* file, int line) {
    const bool ok = report.checked > 0 && report.max_rel_error <= max_rel;
    std::string message = prefix + report.message();
    if (!ok) {
        std::ostringstream allowed;
        allowed << " (allowed: " << max_rel << ")";
        message += allowed.str();
    }
    report_message_at(ok, std::move(message), file, line);
}

}  // namespace

void check_close_at(const matrix& actual, const matrix& expected, llmlings::testing::tolerance tol, const char* what,
                    const char* file, int line) {
    report_at(llmlings::testing::compare(actual, expected, tol), what, file, line);
}

void check_close_at(const vector& actual, const vector& expected, llmlings::testing::tolerance tol, const char* what,
                    const char* file, int line) {
    report_at(llmlings::testing::compare(actual, expected, tol), what, file, line);
}

void check_close_at(const tensor3& actual, const tensor3& expected, llmlings::testing::tolerance tol, const char* what,
                    const char* file, int line) {
    report_at(llmlings::testing::compare(actual, expected, tol), what, file, line);
}

void check_close_at(const tensor4& actual, const tensor4& expected, llmlings::testing::tolerance tol, const char* what,
                    const char* file, int line) {
    report_at(llmlings::testing::compare(actual, expected, tol), what, file, line);
}

void check_close_at(double actual, double expected, llmlings::testing::tolerance tol, const char* what,
                    const char* file, int line) {
    report_at(llmlings::testing::compare(actual, expected, tol), what, file, line);
}

void check_gradient_at(const llmlings::testing::gradient_report& report, double max_rel, const char* file, int line) {
    report_gradient_at(report, max_rel, std::string(), file, line);
}

void check_store_gradients_at(const std::vector<llmlings::testing::tensor_gradient_report>& reports, double max_rel,
                              const char* file, int line) {
    if (reports.empty()) report_message_at(false, "the store holds no tensor to check", file, line);
    for (const llmlings::testing::tensor_gradient_report& t : reports)
        report_gradient_at(t.report, max_rel, t.name + ": ", file, line);
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

scratch_files::scratch_files(const std::string& label)
    : dir_(std::make_unique<llmlings::testing::scratch_dir>(label)) {}

scratch_files::~scratch_files() = default;

void scratch_files::write(const std::string& name, const std::string& text) const {
    dir_->write(name, text);
}

std::string scratch_files::file(const std::string& name) const {
    return dir_->file(name);
}

}  // namespace oracles
