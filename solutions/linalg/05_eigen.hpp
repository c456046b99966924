// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief linalg/05 — eigenvalues: power iteration for the dominant eigenpair, and every eigenpair
 * of a symmetric matrix with the cyclic Jacobi method.
 *
 * Shapes: A (n,n) square; start, eigenvectors (n); values (n); vectors (n,n), one eigenvector per
 * column, as LAPACK's dsyevd and numpy.linalg.eigh return them.
 *
 * An eigenvector v of A is a direction that A only stretches: Av = λv. Power iteration multiplies
 * a start vector by A again and again; the component along the eigenvalue of largest magnitude
 * grows fastest and wins. The Jacobi method diagonalises a symmetric A by plane rotations, each
 * of which zeroes one off-diagonal pair; the rotations multiply up to the eigenvectors.
 *
 * What this file deliberately is not: the Householder tridiagonalisation + implicit QR that LAPACK
 * uses (faster, O(n³) once instead of per sweep), and no solver for non-symmetric matrices, whose
 * eigenvalues may be complex.
 *
 * Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §7.3.1 (power method) and §8.5
 * (Jacobi methods: Algorithm 8.5.1 sym.schur2, 8.5.3 cyclic Jacobi); Rutishauser's update of the
 * rotated entries as in *Numerical Recipes* §11.1.
 *
 * Guide: @ref linalg_05_eigen (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_LINALG_05_EIGEN_HPP
#define LLMLINGS_LINALG_05_EIGEN_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>
#include <xtensor-blas/xblas.hpp>

#include <llmlings/core.hpp>
#include <llmlings/linalg/01_vectors.hpp>

namespace llmlings {
namespace linalg {

/**
 * @ingroup linalg
 * @brief The result of power_iteration(): one eigenpair and the work it took.
 */
struct power_result {
    double eigenvalue = 0.0;     ///< λ, the Rayleigh quotient vᵀAv of the last iterate
    vector eigenvector;          ///< v (n), unit length; its sign is arbitrary
    std::size_t iterations = 0;  ///< matrix-vector products computed
};

/**
 * @ingroup linalg
 * @brief Power iteration: the eigenvalue of largest magnitude and its eigenvector.
 *
 * Repeat, starting from v = start / ‖start‖:
 * @f[ w = A v, \qquad \lambda = v^\top w, \qquad
 *     \sin\theta = \frac{\|w - \lambda v\|_2}{\|w\|_2}, \qquad v \leftarrow \frac{w}{\|w\|_2} @f]
 * and stop as soon as sin θ ≤ tolerance: θ is the angle between v and Av, which is 0 exactly
 * when v is an eigenvector. Write start = Σ cᵢ uᵢ in eigenvectors; after k steps the iterate is
 * ∝ Σ cᵢ λᵢᵏ uᵢ, so the error shrinks like |λ₂/λ₁|ᵏ: fast for a big gap, hopeless for none.
 *
 * Pitfalls: if |λ₁| = |λ₂| (e.g. eigenvalues 1 and −1, or a complex pair) the direction never
 * settles and this throws numerical_error. If start has no component along u₁, the iteration
 * finds another eigenpair instead (rounding usually rescues it, but not always); a random start
 * avoids that. When w = 0 the current v is an eigenvector for λ = 0 and is returned.
 *
 * @param a matrix (n,n), any square matrix (symmetry is not needed)
 * @param start vector (n), not zero
 * @param tolerance the largest sin θ accepted, > 0; 1e-10 gives λ to about 1e-10 relative
 *        (1e-20 for a symmetric A, whose Rayleigh quotient error is quadratic in θ)
 * @param max_iterations the most matrix-vector products to try, ≥ 1
 * @return the eigenvalue λ, the unit eigenvector v and the number of products computed
 * @throws shape_error when a is not square or empty, or start's length is not n
 * @throws invalid_argument when start is zero, tolerance is not > 0 or max_iterations is 0
 * @throws numerical_error when sin θ is still above tolerance after max_iterations products
 *
 * Complexity: n² multiply-adds per iteration (one gemv) and about log(tolerance) / log|λ₂/λ₁|
 * iterations.
 *
 * Example: `power_iteration({{2,1},{1,2}}, {1,0})` → eigenvalue `3`, eigenvector
 * `{0.7071…, 0.7071…}` (the error shrinks by λ₂/λ₁ = 1/3 per step: about 22 iterations).
 */
inline power_result power_iteration(const matrix& a, const vector& start, double tolerance = 1e-10,
                                    std::size_t max_iterations = 1000) {
    check::square("power_iteration", a);
    const std::size_t n = a.shape()[0];
    if (start.size() != n)
        throw shape_error("power_iteration", ::llmlings::detail::concat("start vector has length ", start.size(),
                                                                        ", the matrix is ", shape_str(a.shape())));
    if (!(tolerance > 0.0))
        throw invalid_argument("power_iteration", ::llmlings::detail::concat("tolerance must be > 0, got ", tolerance));
    if (max_iterations == 0) throw invalid_argument("power_iteration", "max_iterations must be at least 1");
    const double start_norm = linalg::norm_l2(start);
    if (start_norm == 0.0) throw invalid_argument("power_iteration", "the start vector is zero");
    power_result result;
    vector v = start;
    for (double& vi : v) vi /= start_norm;
    vector w = xt::empty<double>({n});
    double sin_theta = 0.0;
    for (std::size_t k = 1; k <= max_iterations; ++k) {
        xt::blas::gemv(a, v, w);                  // 1. w = A v, into the preallocated w
        const double lambda = linalg::dot(v, w);  // 2. the Rayleigh quotient (v has unit length)
        const double w_norm = linalg::norm_l2(w);
        double residual_sq = 0.0;  // 3. ‖w − λv‖² = (‖w‖ sin θ)²
        for (std::size_t i = 0; i < n; ++i) {
            const double r = w(i) - lambda * v(i);
            residual_sq += r * r;
        }
        const double residual = std::sqrt(residual_sq);
        if (residual <= tolerance * w_norm) {  // also true when w = 0: v is in the null space
            result.eigenvalue = lambda;
            result.eigenvector = v;
            result.iterations = k;
            return result;
        }
        sin_theta = residual / w_norm;
        for (std::size_t i = 0; i < n; ++i) v(i) = w(i) / w_norm;  // 4. normalise, in place
    }
    throw numerical_error("power_iteration",
                          ::llmlings::detail::concat("no convergence after ", max_iterations,
                                                     " iterations (sin of the angle between v and Av is ", sin_theta,
                                                     ", tolerance ", tolerance, "); is |λ₁| = |λ₂|?"));
}

/**
 * @ingroup linalg
 * @brief A Jacobi (Givens) rotation J = [[c, s], [−s, c]], with t = s / c.
 */
struct rotation {
    double c = 1.0;  ///< cos θ
    double s = 0.0;  ///< sin θ
    double t = 0.0;  ///< tan θ, what the diagonal update needs
};

/**
 * @ingroup linalg
 * @brief The rotation that diagonalises the symmetric 2×2 matrix [[app, apq], [apq, aqq]].
 *
 * With J = [[c, s], [−s, c]], JᵀAJ is diagonal when t = tan θ solves t² + 2τt − 1 = 0 with
 * @f[ \tau = \frac{a_{qq} - a_{pp}}{2 a_{pq}}, \qquad
 *     t = \frac{\operatorname{sign}(\tau)}{|\tau| + \sqrt{1 + \tau^2}}, \qquad
 *     c = \frac{1}{\sqrt{1 + t^2}}, \qquad s = t\,c @f]
 * (sign(0) = 1). This is the smaller root, |t| ≤ 1 so |θ| ≤ π/4: the rotation that moves A the
 * least, which is what makes the Jacobi method converge. The new diagonal is
 * a_pp − t·a_pq and a_qq + t·a_pq. √(1 + τ²) is computed with std::hypot so a huge τ cannot
 * overflow. When apq = 0 the matrix is already diagonal and J = I.
 *
 * @param app the (p,p) entry
 * @param apq the (p,q) = (q,p) entry
 * @param aqq the (q,q) entry
 * @return c, s and t
 *
 * Complexity: O(1). Example: `jacobi_rotation(2, 1, 2)` → c = s = 0.7071… (θ = 45°), t = 1:
 * JᵀAJ = diag(1, 3).
 */
inline rotation jacobi_rotation(double app, double apq, double aqq) {
    rotation r;
    if (apq == 0.0) return r;
    const double tau = (aqq - app) / (2.0 * apq);
    r.t = (tau >= 0.0 ? 1.0 : -1.0) / (std::fabs(tau) + std::hypot(1.0, tau));
    r.c = 1.0 / std::sqrt(1.0 + r.t * r.t);
    r.s = r.t * r.c;
    return r;
}

/**
 * @ingroup linalg
 * @brief The result of symmetric_eigen(): A = V diag(values) Vᵀ.
 */
struct eigen_decomposition {
    vector values;           ///< (n) eigenvalues in ascending order
    matrix vectors;          ///< V (n,n), orthonormal; column j belongs to values(j), its sign is arbitrary
    std::size_t sweeps = 0;  ///< Jacobi sweeps performed (each visits all n(n−1)/2 pairs)
};

/**
 * @ingroup linalg
 * @brief Every eigenpair of a symmetric matrix, by the cyclic Jacobi method.
 *
 * One sweep visits every pair p < q in row order and applies the rotation J of jacobi_rotation()
 * to rows and columns p, q: A ← JᵀAJ zeroes a_pq, and V ← VJ collects the rotations. With
 * off(A)² = Σ_{i≠j} a_ij², a rotation lowers off(A)² by exactly 2a_pq² (later rotations may make
 * a zeroed entry non-zero again, but smaller), and convergence is quadratic after a few sweeps:
 * @f[ A = V \Lambda V^\top, \qquad \Lambda = \operatorname{diag}(\lambda_0 \le \dots \le \lambda_{n-1}) @f]
 * The loop stops when off(A) ≤ ε‖A‖_F (ε = 2.2e-16); the diagonal then holds the eigenvalues.
 * A rotation changes only rows and columns p and q, so it costs O(n), not a matrix product; the
 * pair itself is set from t (Rutishauser), which keeps A exactly symmetric and a_pq exactly 0:
 * a_rp ← c·a_rp − s·a_rq, a_rq ← s·a_rp + c·a_rq for r ≠ p, q; a_pp ← a_pp − t·a_pq,
 * a_qq ← a_qq + t·a_pq, a_pq ← 0.
 *
 * Symmetry is checked up to rounding: |a_ij − a_ji| ≤ 1e-10·max|a| is accepted (a product XᵀX
 * computed by BLAS is not always bit-symmetric) and the solver works on (A + Aᵀ)/2.
 *
 * Scaling: the squares in off(A) and ‖A‖_F overflow for entries beyond ~1e154 and underflow below
 * ~1e-154 (a 1e200 matrix would stop at once with its diagonal as "eigenvalues"). So, as LAPACK's
 * dsyev, the solver works on A/2^e with 2^e the power of two at or below max|a_ij|, which is exact
 * (no rounding), and multiplies the eigenvalues by 2^e at the end; the eigenvectors do not change.
 *
 * @param a matrix (n,n), symmetric, finite (any magnitude: from the smallest normal numbers to
 *        DBL_MAX / n)
 * @param max_sweeps the most sweeps to try; 30 is plenty (a random 100×100 needs about 10)
 * @return eigenvalues ascending, eigenvectors as the columns of V, and the sweep count
 * @throws shape_error when a is not square or empty
 * @throws invalid_argument when a is not symmetric (the message names the function, says "not
 *         symmetric" and gives the first unequal pair: `symmetric_eigen: the matrix is not
 *         symmetric: a(0,1) = 2 but a(1,0) = 3`) or has a NaN or infinite entry
 * @throws numerical_error when off(A) > ε‖A‖_F after max_sweeps sweeps
 *
 * Complexity: n(n−1)/2 rotations per sweep at about 8n multiplications each (half for A, half for
 * V), so about 4n³ per sweep; O(n²) memory.
 *
 * Example: `symmetric_eigen({{2,1},{1,2}})` → values `{1, 3}`, vectors
 * `{{-0.7071…, 0.7071…}, {0.7071…, 0.7071…}}` (columns (−1,1)/√2 and (1,1)/√2, signs arbitrary).
 */
inline eigen_decomposition symmetric_eigen(const matrix& a, std::size_t max_sweeps = 30) {
    check::square("symmetric_eigen", a);
    const std::size_t n = a.shape()[0];
    const double scale = check::finite_max_abs("symmetric_eigen", a);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j)
            if (std::fabs(a(i, j) - a(j, i)) > 1e-10 * scale)
                throw invalid_argument("symmetric_eigen", ::llmlings::detail::concat(
                                                              "the matrix is not symmetric: a(", i, ",", j,
                                                              ") = ", a(i, j), " but a(", j, ",", i, ") = ", a(j, i)));
    // Work on A/2^e, 2^e the power of two at or below the largest magnitude: scaling by a power
    // of two is exact, keeps every entry below 2 so off(A)² and ‖A‖_F² cannot overflow (nor
    // underflow, but for entries below ~1e-154 of the largest, negligible next to it), and the
    // eigenvalues scale back by 2^e (LAPACK's dsyev scales the same way).
    const int exponent = scale > 0.0 ? std::ilogb(scale) : 0;
    matrix s = xt::empty<double>({n, n});  // working copy, driven to diagonal
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j)
            s(i, j) = 0.5 * (std::scalbn(a(i, j), -exponent) + std::scalbn(a(j, i), -exponent));
    matrix vt = xt::eye<double>(n);  // Vᵀ: rotating its rows p, q is unit-stride
    double squares = 0.0;
    for (const double sij : s) squares += sij * sij;
    const double frobenius = std::sqrt(squares);
    const double threshold = std::numeric_limits<double>::epsilon() * frobenius;
    eigen_decomposition result;
    for (std::size_t sweep = 0;; ++sweep) {
        // 1. Converged? off(A) is the Frobenius norm of everything off the diagonal.
        double off_sq = 0.0;
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j)
                if (i != j) off_sq += s(i, j) * s(i, j);
        if (std::sqrt(off_sq) <= threshold) {
            result.sweeps = sweep;
            break;
        }
        if (sweep == max_sweeps)
            throw numerical_error(
                "symmetric_eigen",
                ::llmlings::detail::concat("no convergence after ", max_sweeps, " sweeps: off-diagonal norm ",
                                           std::sqrt(off_sq), ", threshold ", threshold));
        // 2. One sweep: zero every off-diagonal pair in turn.
        for (std::size_t p = 0; p + 1 < n; ++p) {
            for (std::size_t q = p + 1; q < n; ++q) {
                const double apq = s(p, q);
                if (apq == 0.0) continue;
                const rotation r = jacobi_rotation(s(p, p), apq, s(q, q));
                for (std::size_t k = 0; k < n; ++k) {  // rows p and q (= columns, by symmetry)
                    if (k == p || k == q) continue;
                    const double akp = s(p, k), akq = s(q, k);
                    s(p, k) = s(k, p) = r.c * akp - r.s * akq;
                    s(q, k) = s(k, q) = r.s * akp + r.c * akq;
                }
                s(p, p) -= r.t * apq;
                s(q, q) += r.t * apq;
                s(p, q) = s(q, p) = 0.0;
                for (std::size_t k = 0; k < n; ++k) {  // Vᵀ ← JᵀVᵀ
                    const double vp = vt(p, k), vq = vt(q, k);
                    vt(p, k) = r.c * vp - r.s * vq;
                    vt(q, k) = r.s * vp + r.c * vq;
                }
            }
        }
    }
    // 3. Sort ascending; column j of V is row order[j] of Vᵀ.
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&s](std::size_t i, std::size_t j) { return s(i, i) < s(j, j); });
    result.values = xt::empty<double>({n});
    result.vectors = xt::empty<double>({n, n});
    for (std::size_t j = 0; j < n; ++j) {
        result.values(j) = std::scalbn(s(order[j], order[j]), exponent);
        for (std::size_t i = 0; i < n; ++i) result.vectors(i, j) = vt(order[j], i);
    }
    return result;
}

}  // namespace linalg
}  // namespace llmlings

#endif  // LLMLINGS_LINALG_05_EIGEN_HPP
