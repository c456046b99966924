// SPDX-License-Identifier: MIT
// The helpers shared by the topics' oracles (tests/MODULE/oracles/NN_name.{hpp,cpp}), compiled once
// in oracles.cpp into the test main library (llmlings_test_main), which every test program links:
// seeded random inputs from xtensor's generator, constant tensors, slices, reductions, element-wise
// arithmetic, BLAS and LAPACK, a parameter's values and gradients, the quadratic test loss, the
// gradient checks and the recurrent cells' golden file. A topic's oracle header includes this one
// as "common/oracles.hpp" and declares only what is its own. Like the topics' oracles, these use
// llmlings' infrastructure (core, parameters, testing) and xtensor, never a topic's header. A
// helper that two topics named differently keeps both names (seed_random and random_seed,
// normal_matrix and random_matrix, ...), one forwarding to the other, so that the test files read
// as before.
#ifndef LLMLINGS_TESTS_COMMON_ORACLES_HPP
#define LLMLINGS_TESTS_COMMON_ORACLES_HPP

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/testing/close.hpp>
#include <llmlings/testing/gradcheck.hpp>
#include <llmlings/testing/scratch_dir.hpp>

namespace oracles {

using llmlings::index_vector;
using llmlings::matrix;
using llmlings::matrix_of;
using llmlings::tensor3;
using llmlings::tensor3_of;
using llmlings::tensor4;
using llmlings::tensor4_of;
using llmlings::vector;

// ---- Random inputs: xtensor's generator (xt::random), independent of the code under test --------

/// xt::random::seed(seed): the draws below continue its stream, in call order.
void seed_random(unsigned seed);
/// seed_random(seed), under the name the ml topics use.
void random_seed(unsigned seed);
/// sd·N(0, 1) numbers, the next ones of xt::random's stream, in row-major order (sd = 1 returns
/// the draws themselves).
matrix normal_matrix(std::size_t rows, std::size_t cols, double sd = 1.0);
/// sd·N(0, 1) numbers, the next n of xt::random's stream.
vector normal_vector(std::size_t n, double sd = 1.0);
/// sd·N(0, 1) numbers, the next b·t·f of xt::random's stream, in row-major order.
tensor3 normal_tensor3(std::size_t b, std::size_t t, std::size_t f, double sd = 1.0);
/// normal_matrix(m, n): the next m·n standard normal numbers (the linalg topics' name).
matrix random_matrix(std::size_t m, std::size_t n);
/// normal_vector(n): the next n standard normal numbers (the linalg topics' name).
vector random_vector(std::size_t n);
/// normal_vector(n) and normal_matrix(rows, cols) under the name the ml topics use.
vector random_normal(std::size_t n);
matrix random_normal(std::size_t rows, std::size_t cols);
/// scale·N(0, 1) numbers, rows × cols in row-major order: after xt::random::seed(seed) when
/// seed ≥ 0, else the next ones of xt::random's stream.
matrix seeded_normal(long seed, std::size_t rows, std::size_t cols, double scale = 1.0);
/// n labels uniform in 0 … k−1, the next ones of xt::random's stream (xt::random::randint).
index_vector random_labels(std::size_t n, std::size_t k);

// ---- Constant tensors ---------------------------------------------------------------------------

/// A matrix written out row by row ({{1, 2}, {3, 4}}), a vector and labels written out: xtensor's
/// initializer-list constructors, compiled here once; a literal `matrix{{...}}` in a test file
/// instantiates them there, on every save.
matrix matrix_from(std::initializer_list<std::initializer_list<double>> rows);
vector vector_from(std::initializer_list<double> values);
index_vector labels_of(std::initializer_list<std::size_t> values);

/// The (n,n) identity.
matrix identity(std::size_t n);
/// A (rows, cols) matrix of zeros; n zero labels.
matrix zero_matrix(std::size_t rows, std::size_t cols);
index_vector zero_labels(std::size_t n);
/// An uninitialised (rows, cols) matrix: (2, 0) or (0, 2) for the empty-input checks.
matrix empty_matrix(std::size_t rows, std::size_t cols);
/// A vector of n copies of c, and a (rows, cols) matrix of copies of c (filled_matrix and the
/// untemplated filled are the same).
vector filled(std::size_t n, double c);
matrix filled(std::size_t rows, std::size_t cols, double c);
matrix filled_matrix(std::size_t rows, std::size_t cols, double c);
/// Tensors of element type T (float or double) holding copies of c (rounded to T).
template <class T>
matrix_of<T> filled(std::size_t rows, std::size_t cols, double c);
template <class T>
tensor3_of<T> filled(std::size_t b, std::size_t t, std::size_t f, double c);

// ---- Conversions --------------------------------------------------------------------------------

/// A double tensor rounded to T (xt::cast); to_type is the same.
template <class T>
matrix_of<T> rounded(const matrix& m);
template <class T>
tensor3_of<T> rounded(const tensor3& t);
template <class T>
matrix_of<T> to_type(const matrix& x);
/// A float or double matrix or (N,C,H,W) tensor widened to double (exact: every float is a double).
template <class T>
matrix to_double(const matrix_of<T>& x);
template <class T>
tensor3 to_double(const tensor3_of<T>& x);
template <class T>
tensor4 to_double(const tensor4_of<T>& x);

// ---- Slices -------------------------------------------------------------------------------------

/// as_rows(x): a read-only view of a matrix, or of a (B,T,F) tensor as its (B·T, F) rows, and a
/// writable view of a matrix (what the passes take as inputs and outputs). Made here once: as_rows
/// in a test file compiles the view types' constructors there for each container type it is given,
/// on every save.
template <class T>
llmlings::const_matrix_view<T> input_rows(const matrix_of<T>& x);
template <class T>
llmlings::const_matrix_view<T> input_rows(const tensor3_of<T>& x);
template <class T>
llmlings::matrix_view<T> output_rows(matrix_of<T>& x);
/// A read-only and a writable (B,T,F) view of a (B,T,F) tensor, made here once likewise.
template <class T>
llmlings::const_tensor_view<T, 3> input_view3(const tensor3_of<T>& x);
template <class T>
llmlings::tensor_view<T, 3> output_view3(tensor3_of<T>& x);

/// Row r and column j of x, copied.
vector row(const matrix& x, std::size_t r);
vector column(const matrix& x, std::size_t j);
/// Step t of a (B,T,F) tensor: the (B,F) matrix x[:, t, :]; and the (F) row x[b, t, :] in double.
matrix step_of(const tensor3& x, std::size_t t);
template <class T>
vector row_of(const tensor3_of<T>& x, std::size_t b, std::size_t t);

/// v(i) and m(i, j) in double, the bounds checked (shape_error): a test file that reads single
/// elements through these instantiates none of xtensor's element accessors (one per container type
/// and index types, each compiled on every save).
double element(const vector& v, std::size_t i);
template <class T>
double element(const matrix_of<T>& m, std::size_t i, std::size_t j);
/// x(b, t, f) of a (B,T,F) tensor, read in double and written, the bounds checked (shape_error).
double element(const tensor3& x, std::size_t b, std::size_t t, std::size_t f);
void set_element(tensor3& x, std::size_t b, std::size_t t, std::size_t f, double value);
/// m(i, j) = value and v(i) = value, the bounds checked (shape_error).
void set_element(matrix& m, std::size_t i, std::size_t j, double value);
void set_element(vector& v, std::size_t i, double value);
/// A (B,T,F) tensor written out block by block ({{{1, 2}, {3, 4}}}): made here once, so that a test
/// file instantiates none of xtensor's initializer-list constructors.
tensor3 tensor3_from(std::initializer_list<std::initializer_list<std::initializer_list<double>>> blocks);
/// Token ids (B, T), as llmlings::transformer::token_ids and llmlings::nlp::seq2seq_ids.
using id_matrix = xt::xtensor<std::size_t, 2>;
/// A (B, T) id matrix from rows of equal length ({{1, 2}, {3, 4}}); ids(b, t) read and written,
/// the bounds checked (shape_error).
id_matrix ids_from(std::initializer_list<std::initializer_list<std::size_t>> rows);
std::size_t id_at(const id_matrix& ids, std::size_t b, std::size_t t);
void set_id(id_matrix& ids, std::size_t b, std::size_t t, std::size_t value);
/// The row-major offset of the index `at` in an array of shape `shape`, the bounds checked
/// (shape_error naming oracles::element).
std::size_t flat_index(const std::vector<std::size_t>& shape, std::initializer_list<std::size_t> at);

// ---- Reductions ---------------------------------------------------------------------------------

/// max |vᵢ| (0 for an empty vector). A NaN anywhere makes it NaN, so that a check `max_abs(…) ≤ tol`
/// fails on it instead of skipping the entry.
double max_abs(const vector& v);
/// max |xᵢ| of a float or double tensor, in double.
template <class T>
double max_abs(const matrix_of<T>& x);
template <class T>
double max_abs(const tensor3_of<T>& x);
/// √(Σ mᵢ²), the Frobenius norm; frobenius is the same.
double norm(const matrix& m);
double frobenius(const matrix& a);
/// The row sums and the column means of x (xt::sum, xt::mean).
vector row_sums(const matrix& x);
vector column_means(const matrix& x);
/// Σ vᵢ and the mean of v.
double total(const vector& v);
double average(const vector& v);

// ---- Element-wise arithmetic --------------------------------------------------------------------

/// a + b element by element, and x + c.
matrix plus(const matrix& a, const matrix& b);
tensor3 plus(const tensor3& a, const tensor3& b);
matrix plus(const matrix& x, double c);
/// a − b.
vector minus(const vector& a, const vector& b);
matrix minus(const matrix& a, const matrix& b);
/// c·v and c·A (in either argument order, as the topics wrote them), and v/s.
vector scaled(const vector& v, double c);
vector scaled(double c, const vector& v);
matrix scaled(double c, const matrix& a);
vector divided(const vector& v, double s);
/// e^x and ln x, element by element.
matrix exp_of(const matrix& x);
matrix log_of(const matrix& x);

// ---- BLAS and LAPACK (xtensor-blas) -------------------------------------------------------------

/// AB and Ax by BLAS (dgemm, dgemv: xt::linalg::dot).
matrix blas_product(const matrix& a, const matrix& b);
vector blas_product(const matrix& a, const vector& x);
/// xt::transpose(A), copied.
matrix xt_transposed(const matrix& a);
/// det(A) by LAPACK (xt::linalg::det).
double lapack_det(const matrix& a);

// ---- A parameter store's tensors ----------------------------------------------------------------

/// Writes a double tensor, rounded to T, into a parameter's values (set_values) or gradients
/// (set_grads) in row-major order; throws shape_error when the sizes differ.
template <class T>
void set_values(const llmlings::parameter<T>& p, const vector& v);
template <class T>
void set_values(const llmlings::parameter<T>& p, const matrix& m);
template <class T>
void set_values(const llmlings::parameter<T>& p, const tensor4& t);
template <class T>
void set_grads(const llmlings::parameter<T>& p, const vector& v);
template <class T>
void set_grads(const llmlings::parameter<T>& p, const matrix& m);
/// Multiplies a parameter's values by c (rounded to T).
template <class T>
void scale_values(const llmlings::parameter<T>& p, double c);
/// A parameter's values or gradients widened to double, times `factor`, as a flat vector.
template <class T>
vector values_of(const llmlings::parameter<T>& p, double factor = 1.0);
template <class T>
vector grads_of(const llmlings::parameter<T>& p, double factor = 1.0);
/// A rank-2 parameter's values or gradients widened to double, as a matrix of its shape (what
/// `p.value<2>()` and `p.grad<2>()` view); throws shape_error when p is not a matrix. A test that
/// compares these instead of the views compares two plain matrices: one instantiation of
/// LLMLINGS_CHECK_CLOSE for every element type.
template <class T>
matrix values_matrix(const llmlings::parameter<T>& p);
template <class T>
matrix grads_matrix(const llmlings::parameter<T>& p);
/// Whether every value (or gradient) of p equals c; whether two parameters hold the same values.
template <class T>
bool values_all(const llmlings::parameter<T>& p, double c);
template <class T>
bool grads_all(const llmlings::parameter<T>& p, double c);
template <class T>
bool same_values(const llmlings::parameter<T>& a, const llmlings::parameter<T>& b);

// ---- The test loss and the gradient checks ------------------------------------------------------

/// The scalar loss of the gradient checks: L = Σ c⊙y + ½ Σ y², so dL/dy = c + y depends on the
/// parameters (a linear loss would make a wrong dx harder to tell from a right one).
/// ⟨a, b⟩ = Σ aᵢbᵢ over all elements. As sum(y · g) it is a loss whose gradient with respect to y
/// is g, any g (not all ones, which hides backward passes that only get the row sums right).
double inner(const tensor3& a, const tensor3& b);
/// The sample mean, variance (divided by n − 1) and standard deviation of v's entries.
double sample_mean(const vector& v);
double sample_variance(const vector& v);
double sample_sd(const vector& v);
double quadratic_loss(const matrix& y, const matrix& c);
template <class T>
double quadratic_loss(const tensor3_of<T>& y, const tensor3& c);
double quadratic_loss(const tensor4& y, const tensor4& c);
/// Its gradient dL/dy = c + y.
matrix quadratic_loss_grad(const matrix& y, const matrix& c);

/// llmlings::testing::gradient_check (central differences, its default step) of a loss of a matrix,
/// a (B,T,F) or a (N,C,H,W) tensor at x against `analytic`; check_gradient is matrix_gradient_check.
/// Compiled here once: the test files pass their lambdas as std::function.
llmlings::testing::gradient_report matrix_gradient_check(const std::function<double(const matrix&)>& loss,
                                                         const matrix& x, const matrix& analytic);
llmlings::testing::gradient_report check_gradient(const std::function<double(const matrix&)>& loss, const matrix& x,
                                                  const matrix& analytic);
llmlings::testing::gradient_report tensor3_gradient_check(const std::function<double(const tensor3&)>& loss,
                                                          const tensor3& x, const tensor3& analytic);
llmlings::testing::gradient_report tensor4_gradient_check(const std::function<double(const tensor4&)>& loss,
                                                          const tensor4& x, const tensor4& analytic);
/// llmlings::testing::check_store_gradients: every tensor of the store against central differences.
std::vector<llmlings::testing::tensor_gradient_report> store_gradient_check(llmlings::parameter_store<double>& store,
                                                                            const std::function<double()>& loss);

// ---- Comparisons --------------------------------------------------------------------------------

/// LLMLINGS_CHECK_CLOSE(actual, expected, tol), compiled here once: Catch2 reports the check at
/// `file`:`line` of the test, with `what` (the expressions compared) and the mismatch. Each expansion of the macro in a test file
/// is compiled again on every save, twice in a TEMPLATE_TEST_CASE (two Catch2 assertions and their
/// messages); a call is not. Float results are widened to double first (to_double, values_of,
/// grads_of: exact). CHECK_CLOSE_AT(actual, expected, tol) writes the call.
void check_close_at(const matrix& actual, const matrix& expected, llmlings::testing::tolerance tol, const char* what,
                    const char* file, int line);
void check_close_at(const vector& actual, const vector& expected, llmlings::testing::tolerance tol, const char* what,
                    const char* file, int line);
void check_close_at(const tensor3& actual, const tensor3& expected, llmlings::testing::tolerance tol, const char* what,
                    const char* file, int line);
void check_close_at(const tensor4& actual, const tensor4& expected, llmlings::testing::tolerance tol, const char* what,
                    const char* file, int line);
void check_close_at(double actual, double expected, llmlings::testing::tolerance tol, const char* what,
                    const char* file, int line);

/// LLMLINGS_CHECK_GRADIENT(report, max_rel) and LLMLINGS_CHECK_STORE_GRADIENTS(reports, max_rel),
/// compiled here once and reported at `file`:`line` of the test with the macros' messages (a
/// report that checked nothing fails, and so does an empty store). CHECK_GRADIENT_AT and
/// CHECK_STORE_GRADIENTS_AT write the calls.
void check_gradient_at(const llmlings::testing::gradient_report& report, double max_rel, const char* file, int line);
void check_store_gradients_at(const std::vector<llmlings::testing::tensor_gradient_report>& reports, double max_rel,
                              const char* file, int line);

// ---- Golden files -------------------------------------------------------------------------------

/// A recurrent cell's golden file (tools/golden/nn_recurrent.py, torch in float64): the cell's
/// weights and biases, x (B,T,I), h0 (B,H), the states h (B,T,H), the upstream gradient dy, and dx,
/// dh0 and the parameter gradients (dW_ih and dW_hh flattened in row-major order, as grads_of()
/// gives them). relative_path is below tests/golden (llmlings::testing::golden_path).
struct recurrent_golden {
    matrix w_ih, w_hh;
    vector b_ih, b_hh;
    tensor3 x, h, dy, dx;
    matrix h0, dh0;
    vector dw_ih, dw_hh, db_ih, db_hh;
};
recurrent_golden load_recurrent_golden(const char* relative_path);

/// The bytes of a file as a string (empty when it cannot be read).
std::string read_text(const std::string& path);

// ---- Scratch files ------------------------------------------------------------------------------

/// llmlings::testing::scratch_dir, made, used and removed here: a new directory under the system's
/// temporary directory, deleted with everything in it by the destructor, a file written in it and
/// the path of a file in it. Its std::filesystem code is compiled here once; a scratch_dir in a
/// test file compiles it there, on every save.
class scratch_files {
public:
    explicit scratch_files(const std::string& label);
    ~scratch_files();
    scratch_files(const scratch_files&) = delete;
    scratch_files& operator=(const scratch_files&) = delete;
    /// Writes `text` to the file `name` in the directory.
    void write(const std::string& name, const std::string& text) const;
    /// The path of the file `name` in the directory.
    std::string file(const std::string& name) const;

private:
    std::unique_ptr<llmlings::testing::scratch_dir> dir_;
};

}  // namespace oracles

/// LLMLINGS_CHECK_CLOSE through oracles::check_close_at: the same check and message, reported at
/// this line of the test file.
#define CHECK_CLOSE_AT(actual, expected, tol) \
    ::oracles::check_close_at((actual), (expected), (tol), #actual " vs " #expected, __FILE__, __LINE__)

/// LLMLINGS_CHECK_GRADIENT and LLMLINGS_CHECK_STORE_GRADIENTS through oracles::check_gradient_at and
/// oracles::check_store_gradients_at: the same checks and messages, reported at this line.
#define CHECK_GRADIENT_AT(report, max_rel) ::oracles::check_gradient_at((report), (max_rel), __FILE__, __LINE__)
#define CHECK_STORE_GRADIENTS_AT(reports, max_rel) \
    ::oracles::check_store_gradients_at((reports), (max_rel), __FILE__, __LINE__)

#endif  // LLMLINGS_TESTS_COMMON_ORACLES_HPP
