// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief linalg/06 — the singular value decomposition A = UΣVᵀ by one-sided Jacobi, and the best
 * rank-k approximation of a matrix (Eckart–Young), the idea LoRA rests on.
 *
 * Shapes: A (m,n); k = min(m,n); the thin SVD has U (m,k), Σ = diag(s) with s (k), Vᵀ (k,n).
 *
 * Every matrix maps the unit sphere to an ellipsoid: V holds the directions that A sends to the
 * ellipsoid's axes, Σ their lengths and U the axes' directions. Keeping only the r longest axes
 * gives the rank-r matrix closest to A, and the error is exactly what was dropped.
 *
 * Method (Hestenes' one-sided Jacobi): rotate pairs of columns of A until all columns are
 * mutually orthogonal. The rotations multiply up to V; the columns are then UΣ, so their lengths
 * are the singular values. Each rotation is the Jacobi rotation of linalg/05 applied to the 2×2
 * Gram matrix of the pair. AᵀA is never formed: that would square the condition number, and the
 * singular values below √ε·σ₁ (about 1e-8·σ₁) would drown in rounding.
 *
 * What this file deliberately is not: LAPACK's dgesdd (bidiagonalisation plus divide and conquer,
 * much faster for large matrices) and no randomised SVD.
 *
 * Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §2.4 (SVD, Eckart–Young: Theorem
 * 2.4.8), §8.6.3 (one-sided Jacobi); Demmel & Veselić (1992), *Jacobi's method is more accurate
 * than QR*; the stopping threshold √m·ε is that of LAPACK's dgesvj. Eckart & Young (1936),
 * Psychometrika 1(3); Hu et al. (2021), *LoRA: Low-Rank Adaptation of Large Language Models*.
 *
 * Guide: @ref linalg_06_svd (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_LINALG_06_SVD_HPP
#define LLMLINGS_LINALG_06_SVD_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include <llmlings/core.hpp>
#include <llmlings/linalg/01_vectors.hpp>
#include <llmlings/linalg/05_eigen.hpp>

namespace llmlings {
namespace linalg {

/**
 * @ingroup linalg
 * @brief The thin SVD A = U diag(s) Vᵀ returned by svd().
 */
struct svd_result {
    matrix u;                ///< U (m,k), orthonormal columns: the left singular vectors
    vector s;                ///< (k) singular values σ₀ ≥ σ₁ ≥ … ≥ 0
    matrix vt;               ///< Vᵀ (k,n), orthonormal rows: the right singular vectors
    std::size_t sweeps = 0;  ///< Jacobi sweeps, counting the last one that found nothing to rotate
};

namespace detail {

/**
 * @brief Rotates the pair (x, y) in their plane: x ← c·x − s·y, y ← s·x + c·y.
 *
 * This is A ← AJ on two columns (or JᵀA on two rows) with J = [[c, s], [−s, c]].
 *
 * @param x vector (L), overwritten
 * @param y vector (L), overwritten
 * @param r the rotation, from jacobi_rotation()
 */
inline void rotate_pair(vector& x, vector& y, const rotation& r) {
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double xi = x(i), yi = y(i);
        x(i) = r.c * xi - r.s * yi;
        y(i) = r.s * xi + r.c * yi;
    }
}

/**
 * @brief A unit vector of length `length` orthogonal to every vector of `basis` (orthonormal).
 *
 * A zero singular value has no singular vector Av/σ, yet U (or V) needs an orthonormal column
 * there. Gram–Schmidt on the standard basis vectors e₀, e₁, … finds one: subtract from eᵢ its
 * projection on every basis vector, twice ("twice is enough"), and keep the longest remainder;
 * one longer than 1/2 is good enough to stop. Some eᵢ always survives while basis.size() < length.
 *
 * @param basis orthonormal vectors (length)
 * @param length the length of every vector
 */
inline vector complete_basis(const std::vector<vector>& basis, std::size_t length) {
    vector best;
    double best_norm = -1.0;
    for (std::size_t i = 0; i < length && best_norm <= 0.5; ++i) {
        vector e = xt::zeros<double>({length});
        e(i) = 1.0;
        for (int pass = 0; pass < 2; ++pass)
            for (const vector& b : basis) {
                const vector p = linalg::projection(e, b);
                for (std::size_t j = 0; j < length; ++j) e(j) -= p(j);
            }
        const double norm = linalg::norm_l2(e);
        if (norm > best_norm) {
            best = e;
            best_norm = norm;
        }
    }
    for (double& b : best) b /= best_norm;
    return best;
}

}  // namespace detail

/**
 * @ingroup linalg
 * @brief The thin singular value decomposition A = U diag(s) Vᵀ, by one-sided Jacobi.
 *
 * @f[ A = U \Sigma V^\top = \sum_{i=0}^{k-1} \sigma_i\, u_i v_i^\top, \qquad
 *     U^\top U = V^\top V = I_k, \qquad \sigma_0 \ge \sigma_1 \ge \dots \ge \sigma_{k-1} \ge 0 @f]
 * For a tall A (m ≥ n), work on its n columns wⱼ (length m), with Z = I (n,n):
 * 1. sweep over all pairs p < q: α = wₚ·wₚ, β = w_q·w_q, γ = wₚ·w_q. If |γ| > √m·ε·√α·√β (the
 *    columns are not yet orthogonal to working precision), take r = jacobi_rotation(α, γ, β) and
 *    rotate the pair (wₚ, w_q) and the pair of rows (zₚ, z_q) of Z; that makes wₚ·w_q = 0;
 * 2. repeat sweeps until one rotates nothing (convergence is quadratic: 5–10 sweeps);
 * 3. σⱼ = ‖wⱼ‖, uⱼ = wⱼ / σⱼ, Vᵀ = Z; sort by σ descending. A column with σⱼ = 0 gets a unit
 *    vector orthogonal to the others (Gram–Schmidt on e₀, e₁, …), so U stays orthonormal.
 *
 * A wide A (m < n) runs the same steps on its m rows (length n): the rows become σⱼvⱼᵀ and Z
 * collects U, because Aᵀ = VΣUᵀ is a tall matrix's SVD.
 *
 * Scaling: α and β are squares, which overflow for entries beyond ~1e154 and underflow below
 * ~1e-154. So the sweeps work on A/2^e with 2^e the power of two at or below max|a_ij| (exact:
 * no rounding, as LAPACK's dgesvj scales), and σ is multiplied by 2^e at the end; U and V do not
 * change.
 *
 * @param a matrix (m,n), m, n ≥ 1, finite (any magnitude, up to DBL_MAX / max(m,n))
 * @param max_sweeps the most sweeps to try; 30 is plenty
 * @return U (m,k), s (k) descending, Vᵀ (k,n) with k = min(m,n), and the sweep count
 * @throws invalid_argument when a is empty or has a NaN or infinite entry
 * @throws numerical_error when a sweep still rotates after max_sweeps sweeps
 *
 * Complexity: per sweep k(k−1)/2 pairs at about 7·max(m,n) + 4k multiply-adds each (three dot
 * products and two rotations), so O(k² max(m,n)) per sweep; O(mn + k²) memory.
 *
 * Example: `svd({{3,0},{4,5}})` → s = `{6.7082…, 2.2360…}` = {√45, √5}: AᵀA = [[25,20],[20,25]]
 * has eigenvalues 45 and 5.
 */
inline svd_result svd(const matrix& a, std::size_t max_sweeps = 30) {
    check::not_empty("svd", a);
    const double largest = check::finite_max_abs("svd", a);
    const std::size_t m = a.shape()[0], n = a.shape()[1];
    const bool tall = m >= n;
    const std::size_t k = std::min(m, n), length = std::max(m, n);
    // 0. Work on A/2^e, 2^e the power of two at or below max|a_ij|: exact, and it keeps the squares
    //    α, β below 4·length, so they cannot overflow (and only columns below ~1e-154 of the
    //    largest entry, negligible next to it, can underflow); σ scales back by 2^e.
    const int exponent = largest > 0.0 ? std::ilogb(largest) : 0;
    // 1. w: the k columns (tall) or rows (wide) of A/2^e, rotated until orthogonal; z: the rotations.
    std::vector<vector> w(k), z(k);
    for (std::size_t j = 0; j < k; ++j) {
        w[j] = xt::empty<double>({length});
        for (std::size_t i = 0; i < length; ++i) w[j](i) = std::scalbn(tall ? a(i, j) : a(j, i), -exponent);
        z[j] = xt::zeros<double>({k});
        z[j](j) = 1.0;
    }
    const double threshold = std::sqrt(static_cast<double>(length)) * std::numeric_limits<double>::epsilon();
    svd_result result;
    for (std::size_t sweep = 1;; ++sweep) {  // 2. sweeps until one rotates nothing
        if (sweep > max_sweeps)
            throw numerical_error("svd", ::llmlings::detail::concat("no convergence after ", max_sweeps,
                                                                    " sweeps for a matrix ", shape_str(a.shape())));
        bool rotated = false;
        for (std::size_t p = 0; p + 1 < k; ++p) {
            for (std::size_t q = p + 1; q < k; ++q) {
                const double alpha = linalg::dot(w[p], w[p]);  // the Gram matrix of the pair
                const double beta = linalg::dot(w[q], w[q]);
                const double gamma = linalg::dot(w[p], w[q]);
                if (std::fabs(gamma) <= threshold * std::sqrt(alpha) * std::sqrt(beta)) continue;
                const rotation r = jacobi_rotation(alpha, gamma, beta);
                detail::rotate_pair(w[p], w[q], r);
                detail::rotate_pair(z[p], z[q], r);
                rotated = true;
            }
        }
        if (!rotated) {
            result.sweeps = sweep;
            break;
        }
    }
    // 3. Singular values, in descending order.
    std::vector<double> sigma(k);
    for (std::size_t j = 0; j < k; ++j) sigma[j] = linalg::norm_l2(w[j]);
    std::vector<std::size_t> order(k);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&sigma](std::size_t i, std::size_t j) { return sigma[i] > sigma[j]; });
    // Unit singular vectors on the side of length max(m,n); zero σ (sorted last) get completed.
    std::vector<vector> unit;
    unit.reserve(k);
    result.s = xt::empty<double>({k});
    for (std::size_t j = 0; j < k; ++j) {
        const std::size_t src = order[j];
        if (sigma[src] >= std::numeric_limits<double>::min()) {
            result.s(j) = std::scalbn(sigma[src], exponent);
            unit.push_back(w[src] / sigma[src]);
        } else {
            result.s(j) = 0.0;
            unit.push_back(detail::complete_basis(unit, length));
        }
    }
    result.u = xt::empty<double>({m, k});
    result.vt = xt::empty<double>({k, n});
    for (std::size_t j = 0; j < k; ++j) {
        const vector& zj = z[order[j]];
        if (tall) {  // U's columns are the unit vectors, Vᵀ's rows the rotations
            for (std::size_t i = 0; i < m; ++i) result.u(i, j) = unit[j](i);
            for (std::size_t i = 0; i < n; ++i) result.vt(j, i) = zj(i);
        } else {  // the other way round
            for (std::size_t i = 0; i < m; ++i) result.u(i, j) = zj(i);
            for (std::size_t i = 0; i < n; ++i) result.vt(j, i) = unit[j](i);
        }
    }
    return result;
}

/**
 * @ingroup linalg
 * @brief The rank-r truncation A_r = Σ_{i<r} σᵢ uᵢ vᵢᵀ of an SVD: the best rank-r approximation.
 *
 * @f[ A_r = U_r \Sigma_r V_r^\top = \sum_{i=0}^{r-1} \sigma_i\, u_i v_i^\top @f]
 * Eckart–Young: no matrix of rank ≤ r is closer to A, in the Frobenius or the spectral norm
 * (see eckart_young_error()). Storing U_r Σ_r and V_r takes r(m + n) numbers instead of mn —
 * the compression that LoRA builds on when it learns a weight update as a product BA of rank r.
 *
 * @param f an SVD as returned by svd(): u (m,k), s (k), vt (k,n)
 * @param rank r, 0 ≤ r ≤ k (r = 0 gives the zero matrix, r = k gives back A)
 * @return A_r, a new matrix (m,n)
 * @throws shape_error when u, s and vt do not fit together
 * @throws invalid_argument when rank > k
 *
 * Complexity: r·m·n multiply-adds. Example: for A = {{3,0},{4,5}},
 * `low_rank_approximation(svd(A), 1)` → `{{1.5,1.5},{4.5,4.5}}` (σ₀ = √45, u₀ = (1,3)/√10,
 * v₀ = (1,1)/√2), and A − A₁ = {{1.5,−1.5},{−0.5,0.5}} has Frobenius norm √5 = σ₁.
 */
inline matrix low_rank_approximation(const svd_result& f, std::size_t rank) {
    const std::size_t k = f.s.size();
    if (f.u.shape()[1] != k || f.vt.shape()[0] != k)
        throw shape_error("low_rank_approximation",
                          ::llmlings::detail::concat("U ", shape_str(f.u.shape()), ", s (", k, ") and Vt ",
                                                     shape_str(f.vt.shape()), " do not fit together"));
    if (rank > k)
        throw invalid_argument("low_rank_approximation",
                               ::llmlings::detail::concat("rank ", rank, " exceeds the ", k, " singular values"));
    const std::size_t m = f.u.shape()[0], n = f.vt.shape()[1];
    matrix out = xt::zeros<double>({m, n});
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t l = 0; l < rank; ++l) {
            const double coefficient = f.s(l) * f.u(i, l);
            for (std::size_t j = 0; j < n; ++j) out(i, j) += coefficient * f.vt(l, j);  // unit stride
        }
    return out;
}

/**
 * @ingroup linalg
 * @brief The two errors of the best rank-r approximation, from the singular values alone.
 */
struct approximation_error {
    double frobenius = 0.0;  ///< ‖A − A_r‖_F = √(Σ_{i≥r} σᵢ²)
    double spectral = 0.0;   ///< ‖A − A_r‖₂ = σ_r (0 when r = k)
};

/**
 * @ingroup linalg
 * @brief Eckart–Young: the error of the best rank-r approximation is what the dropped singular
 * values add up to.
 *
 * @f[ \|A - A_r\|_F = \sqrt{\sum_{i \ge r} \sigma_i^2}, \qquad \|A - A_r\|_2 = \sigma_r @f]
 * (indices from 0), and no matrix B of rank ≤ r does better: ‖A − B‖ ≥ these values in both
 * norms. So the singular values say, before anything is computed, how much a rank-r
 * compression loses; 1 − Σ_{i≥r}σᵢ² / Σσᵢ² is the "energy" it keeps. The Frobenius value is
 * norm_l2() of the tail, which does not overflow.
 *
 * @param s vector (k) of singular values, descending and ≥ 0, as svd() returns them
 * @param rank r, 0 ≤ r ≤ k
 * @return the Frobenius and the spectral norm of A − A_r
 * @throws invalid_argument when rank > k, or s is not descending or has a negative entry
 *
 * Complexity: O(k). Example: `eckart_young_error({3, 2, 1}, 1)` → frobenius `√5 = 2.2360…`,
 * spectral `2`.
 */
inline approximation_error eckart_young_error(const vector& s, std::size_t rank) {
    const std::size_t k = s.size();
    if (rank > k)
        throw invalid_argument("eckart_young_error",
                               ::llmlings::detail::concat("rank ", rank, " exceeds the ", k, " singular values"));
    for (std::size_t i = 0; i < k; ++i)
        if (!(s(i) >= 0.0) || (i > 0 && s(i) > s(i - 1)))
            throw invalid_argument(
                "eckart_young_error",
                ::llmlings::detail::concat("singular values must be >= 0 and descending; s(", i, ") = ", s(i)));
    approximation_error e;
    vector tail = xt::empty<double>({k - rank});
    for (std::size_t i = rank; i < k; ++i) tail(i - rank) = s(i);
    e.frobenius = linalg::norm_l2(tail);
    e.spectral = rank < k ? s(rank) : 0.0;
    return e;
}

}  // namespace linalg
}  // namespace llmlings

#endif  // LLMLINGS_LINALG_06_SVD_HPP
