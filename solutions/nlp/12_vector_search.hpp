// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nlp/12 — vector search for retrieval: exact top-k by inner product, cosine or squared L2
 * (one query, or a batch through one matrix product), recall\@k, and an IVF-Flat approximate
 * index (a k-means coarse quantiser and inverted lists searched nprobe at a time).
 *
 * Retrieval turns a question into a vector (an embedding) and looks for the stored vectors most
 * like it: the k nearest neighbours. Comparing the query with every stored vector is exact and
 * costs n·d operations per query; an inverted-file (IVF) index first sorts the vectors into
 * nlist cells around k-means centroids and then compares the query with the vectors of the
 * nprobe cells whose centroids suit it best: about nprobe/nlist of the work, at the price of
 * missing some true neighbours. recall\@k measures how many.
 *
 * Shapes: stored vectors X (n,d), one row per vector; a query q (d); a batch of queries Q (m,d);
 * the result of one query: up to k neighbours (index, score), best first; of a batch: one such
 * list per query. Element type T is float (what retrieval stores: half the memory and bandwidth
 * of double) or double; scores are computed and returned in T.
 *
 * Conventions.
 * - **Scores.** inner_product: q·x, larger is better. cosine: q·x / (‖q‖‖x‖), larger is better;
 *   a zero vector has cosine 0 with everything (faiss and scikit-learn leave a zero vector zero
 *   when they normalise), where linalg::cosine_similarity throws. squared_l2: ‖q − x‖², smaller
 *   is better (the square root would not change the order, so it is not taken, as in faiss).
 * - **Order.** Best score first; equal scores by the lower index (the row of X, or the id that
 *   ivf_add() gave). k > n is allowed: the result then has all n vectors.
 * - **Bad data.** Queries must be finite (invalid_argument naming the function and the entry).
 *   Exact search checks each score instead of the stored data (a NaN or an infinity in X makes
 *   its score non-finite, and the check costs nothing): a non-finite score throws. ivf_add()
 *   checks the vectors it stores.
 *
 * What this file deliberately is not: a compressed index (IVF-PQ, scalar quantisation), a graph
 * index (HNSW), SIMD kernels written by hand, or threads. The bench compares with FAISS and
 * hnswlib, which have them.
 *
 * References: H. Jégou, M. Douze, C. Schmid (2011), "Product quantization for nearest neighbor
 * search", IEEE TPAMI 33(1) (the IVF index, §IV-A); J. Sivic, A. Zisserman (2003), "Video
 * Google", ICCV (inverted files over k-means cells); J. Johnson, M. Douze, H. Jégou (2019),
 * "Billion-scale similarity search with GPUs", IEEE Trans. Big Data (faiss: recall\@k, the
 * exact search as a matrix product, IndexIVFFlat).
 *
 * Guide: @ref nlp_12_vector_search (the ideas) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NLP_12_VECTOR_SEARCH_HPP
#define LLMLINGS_NLP_12_VECTOR_SEARCH_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include <xtensor/xtensor.hpp>

#include <llmlings/core.hpp>
#include <llmlings/core/blas.hpp>
#include <llmlings/ml/06_kmeans.hpp>

namespace llmlings {
namespace nlp {

/**
 * @ingroup nlp
 * @brief How a query and a stored vector are compared.
 *
 * - `inner_product`: q·x, larger is better (maximum inner product search; embeddings trained
 *   with a dot-product loss);
 * - `cosine`: q·x / (‖q‖‖x‖) in [−1, 1], larger is better (only directions count; 0 when either
 *   vector is zero);
 * - `squared_l2`: ‖q − x‖², smaller is better.
 */
enum class search_metric { inner_product, cosine, squared_l2 };

/**
 * @ingroup nlp
 * @brief One search result: which vector, and its score under the metric.
 */
template <class T>
struct neighbour {
    std::size_t index = 0;  ///< the row of X (exact search) or the id that ivf_add() gave the vector
    T score = T(0);         ///< q·x, the cosine, or ‖q − x‖²
};

/**
 * @ingroup nlp
 * @brief An IVF-Flat index: nlist k-means centroids, and for each one the list of the vectors
 * assigned to it, stored whole ("flat", no compression). Make it with train_ivf(), fill it with
 * ivf_add(), query it with ivf_search().
 *
 * Each list keeps its vectors in one contiguous buffer, row after row, and their ids beside
 * them (faiss's ArrayInvertedLists does the same), so scanning a list reads memory in order.
 * Under the cosine metric the lists hold the vectors divided by their norms.
 */
template <class T>
struct ivf_index {
    search_metric metric = search_metric::squared_l2;  ///< fixed when the index is trained
    std::size_t dimension = 0;                         ///< d
    matrix_of<T> centroids;                            ///< (nlist,d), the coarse quantiser
    /// vectors[l]: the members of list l, size(l)·d values, row after row (unit rows under cosine)
    std::vector<std::vector<T>> vectors;
    std::vector<std::vector<std::size_t>> ids;  ///< ids[l]: the id of each member of list l, in the order added
    std::size_t size = 0;                       ///< the number of vectors added, and the next id
};

namespace detail {

// Given: the kernels, the matrix product and the input checks (you call them; they are not the
// exercise).
/**
 * @brief a·b over d entries, with four running sums so the additions do not wait for each other.
 *
 * @param a d values
 * @param b d values
 * @param d the length
 * @return the dot product, in T
 */
template <class T>
T dot_kernel(const T* a, const T* b, std::size_t d) {
    T s0 = T(0), s1 = T(0), s2 = T(0), s3 = T(0);
    std::size_t j = 0;
    for (; j + 4 <= d; j += 4) {
        s0 += a[j] * b[j];
        s1 += a[j + 1] * b[j + 1];
        s2 += a[j + 2] * b[j + 2];
        s3 += a[j + 3] * b[j + 3];
    }
    T total = (s0 + s1) + (s2 + s3);
    for (; j < d; ++j) total += a[j] * b[j];
    return total;
}

/**
 * @brief ‖a − b‖² over d entries, summed as dot_kernel() sums.
 *
 * @param a d values
 * @param b d values
 * @param d the length
 * @return the squared Euclidean distance, in T
 */
template <class T>
T squared_distance_kernel(const T* a, const T* b, std::size_t d) {
    T s0 = T(0), s1 = T(0), s2 = T(0), s3 = T(0);
    std::size_t j = 0;
    for (; j + 4 <= d; j += 4) {
        const T e0 = a[j] - b[j], e1 = a[j + 1] - b[j + 1], e2 = a[j + 2] - b[j + 2], e3 = a[j + 3] - b[j + 3];
        s0 += e0 * e0;
        s1 += e1 * e1;
        s2 += e2 * e2;
        s3 += e3 * e3;
    }
    T total = (s0 + s1) + (s2 + s3);
    for (; j < d; ++j) total += (a[j] - b[j]) * (a[j] - b[j]);
    return total;
}

/**
 * @brief 1/‖a‖, or 0 for the zero vector (so that its cosine with anything is 0).
 *
 * @param a d values
 * @param d the length
 * @return the inverse norm, in T
 */
template <class T>
T inverse_norm(const T* a, std::size_t d) {
    const T squared = dot_kernel(a, a, d);
    return squared > T(0) ? T(1) / std::sqrt(squared) : T(0);
}

/**
 * @brief C (m,n) = A (m,k) · Bᵀ, B stored (n,k), all row-major with leading dimensions lda, ldb,
 * ldc: one call of core/blas.hpp's gemm (BLAS's sgemm/dgemm).
 */
template <class T>
void gemm_abt(std::size_t m, std::size_t n, std::size_t k, const T* a, std::size_t lda, const T* b, std::size_t ldb,
              T* c, std::size_t ldc) {
    ::llmlings::detail::gemm(false, true, m, n, k, T(1), a, lda, b, ldb, T(0), c, ldc);
}

/**
 * @brief Throws invalid_argument when k = 0 (a search for no neighbours is a mistake).
 *
 * @param function the public function, for the message
 * @param k the number of neighbours asked for
 */
inline void check_k(const char* function, std::size_t k) {
    if (k == 0) throw invalid_argument(function, "k must be at least 1, got 0");
}

/**
 * @brief Throws unless the rows of `points` are finite, naming the first bad entry.
 *
 * @param function the public function, for the message
 * @param what "the query", "the queries", "the vectors", … for the message
 * @param points the (rows, d) values, row-major
 * @param rows the number of rows
 * @param d the number of columns
 */
template <class T>
void check_finite_rows(const char* function, const char* what, const T* points, std::size_t rows, std::size_t d) {
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < d; ++j)
            if (!std::isfinite(points[i * d + j]))
                throw invalid_argument(function, ::llmlings::detail::concat(what, " has a NaN or infinite entry at (",
                                                                            i, ", ", j, "): ", points[i * d + j]));
}

/**
 * @brief Throws unless a score is finite: a NaN or an infinity in the stored data, or a product
 * too large for T, made it NaN or infinite, and such a score has no place in the order.
 *
 * @param function the public function, for the message
 * @param index the row or id whose score it is
 * @param score the score
 */
template <class T>
void check_score(const char* function, std::size_t index, T score) {
    if (!std::isfinite(score))
        throw invalid_argument(function,
                               ::llmlings::detail::concat("the score of vector ", index, " is ", score,
                                                          ": the data holds a NaN or an infinity, or the score "
                                                          "overflowed"));
}

/**
 * @brief Throws unless `index` looks like train_ivf()'s work: at least one centroid, and one list
 * of vectors and of ids per centroid.
 *
 * @param function the public function, for the message
 * @param index the index
 */
template <class T>
void check_index(const char* function, const ivf_index<T>& index) {
    const std::size_t nlist = index.centroids.shape()[0];
    if (nlist == 0 || index.dimension == 0 || index.centroids.shape()[1] != index.dimension ||
        index.vectors.size() != nlist || index.ids.size() != nlist)
        throw invalid_argument(
            function, ::llmlings::detail::concat("the index has ", nlist, " centroids of dimension ", index.dimension,
                                                 ", ", index.vectors.size(), " lists: make it with train_ivf"));
}
// End of the given code.

/**
 * @brief The order of results: `a` ranks before `b` when its score is better (larger, or smaller
 * when `smaller_is_better`), and on equal scores when its index is lower.
 *
 * A strict total order on (index, score) pairs with distinct indices, so the result of a search
 * never depends on the order in which candidates arrive.
 *
 * @param a a result
 * @param b another result
 * @param smaller_is_better true for squared_l2
 * @return whether `a` comes before `b`
 */
template <class T>
bool ranks_before(const neighbour<T>& a, const neighbour<T>& b, bool smaller_is_better) {
    if (a.score != b.score) return smaller_is_better ? a.score < b.score : a.score > b.score;
    return a.index < b.index;
}

// Given: ranks_before() as the comparison object that the heap algorithms take.
/// @brief ranks_before() as a function object for std::push_heap, std::pop_heap, std::sort_heap.
struct result_order {
    bool smaller_is_better = false;  ///< true for squared_l2

    /// @return ranks_before(a, b, smaller_is_better)
    template <class T>
    bool operator()(const neighbour<T>& a, const neighbour<T>& b) const {
        return ranks_before(a, b, smaller_is_better);
    }
};

/**
 * @brief The order of results under a metric: smaller is better for squared_l2 only.
 *
 * @param metric the metric
 * @return result_order for that metric
 */
inline result_order order_of(search_metric metric) {
    return result_order{metric == search_metric::squared_l2};
}
// End of the given code.

/**
 * @brief Offers a candidate to a bounded heap of at most k results, the worst of them at the
 * front: while the heap holds fewer than k it is added; afterwards it replaces the worst one
 * only when it ranks before it.
 *
 * @param heap the results so far, a heap under `order` (front: the worst)
 * @param k the most results to keep, ≥ 1
 * @param candidate the new (index, score)
 * @param order the order of results
 *
 * Complexity: O(log k), and O(1) for a candidate worse than the worst kept, the usual case once
 * the heap is full.
 */
template <class T>
void offer(std::vector<neighbour<T>>& heap, std::size_t k, const neighbour<T>& candidate, result_order order) {
    if (heap.size() < k) {
        heap.push_back(candidate);
        std::push_heap(heap.begin(), heap.end(), order);
    } else if (order(candidate, heap.front())) {
        std::pop_heap(heap.begin(), heap.end(), order);
        heap.back() = candidate;
        std::push_heap(heap.begin(), heap.end(), order);
    }
}

/**
 * @brief The list a vector belongs to: the best centroid under the coarse measure, ‖v − c‖²
 * (smallest) for squared_l2 and v·c (largest) for inner_product and cosine (faiss's IndexFlatL2
 * and IndexFlatIP quantisers); equal measures go to the lower list.
 *
 * @param index a trained index
 * @param v d values (a unit vector under cosine)
 * @return the list, in [0, nlist)
 */
template <class T>
std::size_t nearest_list(const ivf_index<T>& index, const T* v) {
    const std::size_t nlist = index.centroids.shape()[0], d = index.dimension;
    const result_order order = order_of(index.metric);
    neighbour<T> best{0, T(0)};
    for (std::size_t l = 0; l < nlist; ++l) {
        const T* c = index.centroids.data() + l * d;
        const neighbour<T> candidate{
            l, index.metric == search_metric::squared_l2 ? squared_distance_kernel(v, c, d) : dot_kernel(v, c, d)};
        if (l == 0 || order(candidate, best)) best = candidate;
    }
    return best.index;
}

/**
 * @brief One IVF query: ranks the lists by their centroids' coarse measure, scans the best
 * nprobe of them exactly and leaves the k best (id, score), best first, in `result`.
 *
 * @param function the public function, for the messages
 * @param index a trained index
 * @param q the query, d finite values
 * @param k the most neighbours, ≥ 1
 * @param nprobe the lists to scan, 1 ≤ nprobe ≤ nlist
 * @param probes a buffer for the chosen lists (reused between queries)
 * @param result emptied, then filled with the neighbours
 */
template <class T>
void ivf_search_into(const char* function, const ivf_index<T>& index, const T* q, std::size_t k, std::size_t nprobe,
                     std::vector<neighbour<T>>& probes, std::vector<neighbour<T>>& result) {
    const std::size_t nlist = index.centroids.shape()[0], d = index.dimension;
    const result_order order = order_of(index.metric);
    // 1. The nprobe best lists (the measure of nearest_list; ties to the lower list).
    probes.clear();
    for (std::size_t l = 0; l < nlist; ++l) {
        const T* c = index.centroids.data() + l * d;
        const T s = index.metric == search_metric::squared_l2 ? squared_distance_kernel(q, c, d) : dot_kernel(q, c, d);
        check_score(function, l, s);
        offer(probes, nprobe, neighbour<T>{l, s}, order);
    }
    // 2. Every vector of those lists, exactly; the k best in a bounded heap.
    const T q_inverse = index.metric == search_metric::cosine ? inverse_norm(q, d) : T(0);
    result.clear();
    for (const neighbour<T>& probe : probes) {
        const std::vector<std::size_t>& ids = index.ids[probe.index];
        const T* x = index.vectors[probe.index].data();
        for (std::size_t r = 0; r < ids.size(); ++r, x += d) {
            T s;
            if (index.metric == search_metric::squared_l2)
                s = squared_distance_kernel(q, x, d);
            else if (index.metric == search_metric::inner_product)
                s = dot_kernel(q, x, d);
            else
                s = dot_kernel(q, x, d) * q_inverse;  // x is a unit vector already
            check_score(function, ids[r], s);
            offer(result, k, neighbour<T>{ids[r], s}, order);
        }
    }
    // 3. Best first.
    std::sort_heap(result.begin(), result.end(), order);
}

}  // namespace detail

/**
 * @ingroup nlp
 * @brief Exact top-k search for one query: scores every stored vector and keeps the k best.
 *
 * @f[ s(q, x) = q \cdot x, \quad \frac{q \cdot x}{\|q\|\,\|x\|} \quad\text{or}\quad
 *     \|q - x\|^2 = \sum_j (q_j - x_j)^2 @f]
 * The k best are kept in a bounded heap whose front is the worst of them: each new score is
 * compared with that worst one and, only if it ranks before it, replaces it. That is O(n log k)
 * instead of the O(n log n) of sorting every score, and needs no buffer of n scores.
 *
 * @param data the stored vectors X (n,d), d ≥ 1; n may be 0
 * @param query q (d), finite
 * @param k the number of neighbours, ≥ 1; k > n returns all n
 * @param metric the comparison (larger score is better, or smaller for squared_l2)
 * @return min(k, n) neighbours (row, score), best first; equal scores by the lower row
 * @throws shape_error naming exact_search when d = 0 or the query does not have d entries
 * @throws invalid_argument naming exact_search when k = 0, the query holds a NaN or an infinity,
 *         or a score is not finite (a NaN or an infinity in X, or an overflow)
 *
 * Complexity: O(n·d + n·log k) time; no memory but the result.
 * Example: X = {(1,0), (0,1), (−1,0), (2,0)}, q = (1,0), k = 2: inner_product → {(3, 2), (0, 1)};
 * cosine → {(0, 1), (3, 1)} (a tie, the lower row first); squared_l2 → {(0, 0), (3, 1)}.
 */
template <class T>
std::vector<neighbour<T>> exact_search(const matrix_of<T>& data, const vector_of<T>& query, std::size_t k,
                                       search_metric metric) {
    const std::size_t n = data.shape()[0], d = data.shape()[1];
    if (d == 0 || query.size() != d)
        throw shape_error("exact_search",
                          ::llmlings::detail::concat("the query has ", query.size(), " entries, the data ",
                                                     shape_str(data.shape()), ": both need the same d >= 1"));
    detail::check_k("exact_search", k);
    detail::check_finite_rows("exact_search", "the query", query.data(), 1, d);
    const detail::result_order order = detail::order_of(metric);
    const T* q = query.data();
    const T q_inverse = metric == search_metric::cosine ? detail::inverse_norm(q, d) : T(0);
    std::vector<neighbour<T>> best;
    best.reserve(std::min(k, n));
    for (std::size_t i = 0; i < n; ++i) {
        const T* x = data.data() + i * d;
        T s;
        if (metric == search_metric::squared_l2)
            s = detail::squared_distance_kernel(q, x, d);
        else if (metric == search_metric::inner_product)
            s = detail::dot_kernel(q, x, d);
        else
            s = detail::dot_kernel(q, x, d) * q_inverse * detail::inverse_norm(x, d);
        detail::check_score("exact_search", i, s);
        detail::offer(best, k, neighbour<T>{i, s}, order);
    }
    std::sort_heap(best.begin(), best.end(), order);
    return best;
}

/**
 * @ingroup nlp
 * @brief Exact top-k search for a batch of queries, with every score of a block of queries
 * against a block of stored vectors from one matrix product.
 *
 * The m·n inner products are the entries of Q Xᵀ, which BLAS computes many times faster than m·n
 * separate dot products (it reuses each loaded row of X for many queries). The other metrics
 * are made from the same product:
 * @f[ \cos(q, x) = \frac{q \cdot x}{\|q\|\,\|x\|}, \qquad
 *     \|q - x\|^2 = \|q\|^2 + \|x\|^2 - 2\,q \cdot x @f]
 * with the norms computed once. The product runs over blocks of 64 queries × 1024 stored
 * vectors, so the scores in flight fit in the cache and the memory needed does not grow with n
 * (faiss's exhaustive search does the same); each query keeps its k best in a bounded heap
 * across the blocks. The expanded squared distance loses precision when ‖q‖² and ‖x‖² are large
 * beside ‖q − x‖² (it can even come out negative, and is then clamped to 0), so its scores agree
 * with exact_search()'s to rounding, not bit for bit.
 *
 * @param data the stored vectors X (n,d), d ≥ 1; n may be 0
 * @param queries Q (m,d), finite; m may be 0
 * @param k the number of neighbours per query, ≥ 1; k > n returns all n
 * @param metric the comparison
 * @return m lists of min(k, n) neighbours (row, score), each best first, equal scores by the
 *         lower row
 * @throws shape_error naming exact_search_batch when d = 0 or Q and X differ in d
 * @throws invalid_argument naming exact_search_batch when k = 0, Q holds a NaN or an infinity,
 *         or a score is not finite
 *
 * Complexity: 2·m·n·d flops in BLAS, O(m·n·log k) for the heaps; a 64×1024 buffer of scores and
 * n norms besides the result.
 * Example: as exact_search(), one list per row of Q.
 */
template <class T>
std::vector<std::vector<neighbour<T>>> exact_search_batch(const matrix_of<T>& data, const matrix_of<T>& queries,
                                                          std::size_t k, search_metric metric) {
    const std::size_t n = data.shape()[0], d = data.shape()[1], m = queries.shape()[0];
    if (d == 0 || queries.shape()[1] != d)
        throw shape_error("exact_search_batch",
                          ::llmlings::detail::concat("the queries ", shape_str(queries.shape()), " and the data ",
                                                     shape_str(data.shape()), " need the same d >= 1"));
    detail::check_k("exact_search_batch", k);
    detail::check_finite_rows("exact_search_batch", "the queries", queries.data(), m, d);
    const detail::result_order order = detail::order_of(metric);
    std::vector<std::vector<neighbour<T>>> results(m);
    for (auto& r : results) r.reserve(std::min(k, n));
    if (n == 0 || m == 0) return results;
    // 1. Per stored vector: ‖x‖² (squared_l2) or 1/‖x‖ (cosine), once.
    std::vector<T> x_norms(metric == search_metric::inner_product ? 0 : n);
    for (std::size_t i = 0; i < x_norms.size(); ++i) {
        const T* x = data.data() + i * d;
        x_norms[i] = metric == search_metric::squared_l2 ? detail::dot_kernel(x, x, d) : detail::inverse_norm(x, d);
    }
    // 2. Blocks of queries × blocks of stored vectors: one product, then each score into its heap.
    constexpr std::size_t query_block = 64, data_block = 1024;
    std::vector<T> scores(std::min(query_block, m) * std::min(data_block, n));
    for (std::size_t q0 = 0; q0 < m; q0 += query_block) {
        const std::size_t qb = std::min(query_block, m - q0);
        for (std::size_t j0 = 0; j0 < n; j0 += data_block) {
            const std::size_t nb = std::min(data_block, n - j0);
            detail::gemm_abt(qb, nb, d, queries.data() + q0 * d, d, data.data() + j0 * d, d, scores.data(), nb);
            for (std::size_t a = 0; a < qb; ++a) {
                const T* q = queries.data() + (q0 + a) * d;
                const T q_norm = metric == search_metric::squared_l2 ? detail::dot_kernel(q, q, d)
                                 : metric == search_metric::cosine   ? detail::inverse_norm(q, d)
                                                                     : T(0);
                const T* row = scores.data() + a * nb;
                for (std::size_t b = 0; b < nb; ++b) {
                    const std::size_t i = j0 + b;
                    T s = row[b];
                    if (metric == search_metric::squared_l2)
                        s = std::max(T(0), (q_norm + x_norms[i]) - T(2) * s);
                    else if (metric == search_metric::cosine)
                        s = s * q_norm * x_norms[i];
                    detail::check_score("exact_search_batch", i, s);
                    detail::offer(results[q0 + a], k, neighbour<T>{i, s}, order);
                }
            }
        }
    }
    // 3. Best first.
    for (auto& r : results) std::sort_heap(r.begin(), r.end(), order);
    return results;
}

/**
 * @ingroup nlp
 * @brief recall\@k: the share of the true k nearest neighbours that an approximate search found,
 * averaged over the queries.
 *
 * @f[ \text{recall@}k = \frac{1}{m} \sum_{q=1}^{m}
 *     \frac{|A_q \cap E_q|}{\min(k, |E_q|)} @f]
 * A_q is the set of indices among the first k entries of approximate[q] (an index listed twice
 * counts once), E_q the indices of the first k entries of exact[q]. When k exceeds the number of
 * stored vectors n, the exact search returns only n, and finding all n is a recall of 1: hence
 * min(k, |E_q|), not k. Scores are ignored; only which vectors were found counts, not in which
 * order.
 *
 * @param approximate m result lists (any length; the first k entries count)
 * @param exact m result lists of the exact search (the truth)
 * @param k the cut-off, ≥ 1
 * @return recall\@k in [0, 1]
 * @throws shape_error naming recall_at_k when the two have different numbers of queries
 * @throws invalid_argument naming recall_at_k when k = 0, there are no queries, or an exact list
 *         is empty (nothing to recall: recall is undefined)
 *
 * Complexity: O(m·k·log k). Example: approximate {{1, 2, 3}}, exact {{1, 2, 4}}, k = 3 → 2/3;
 * with k = 5 and exact {{1, 2}} (n = 2), approximate {{2, 1}} → 1.
 */
template <class T>
double recall_at_k(const std::vector<std::vector<neighbour<T>>>& approximate,
                   const std::vector<std::vector<neighbour<T>>>& exact, std::size_t k) {
    if (approximate.size() != exact.size())
        throw shape_error("recall_at_k", ::llmlings::detail::concat("approximate results for ", approximate.size(),
                                                                    " queries, exact results for ", exact.size()));
    detail::check_k("recall_at_k", k);
    if (exact.empty()) throw invalid_argument("recall_at_k", "no queries");
    std::vector<std::size_t> found, truth;
    double total = 0.0;
    for (std::size_t q = 0; q < exact.size(); ++q) {
        const std::size_t n_truth = std::min(k, exact[q].size()), n_found = std::min(k, approximate[q].size());
        if (n_truth == 0)
            throw invalid_argument("recall_at_k", ::llmlings::detail::concat("the exact results of query ", q,
                                                                             " are empty: there is nothing to recall"));
        truth.clear();
        found.clear();
        for (std::size_t r = 0; r < n_truth; ++r) truth.push_back(exact[q][r].index);
        for (std::size_t r = 0; r < n_found; ++r) found.push_back(approximate[q][r].index);
        std::sort(truth.begin(), truth.end());
        std::sort(found.begin(), found.end());
        // one merge of the sorted lists: a match advances both, so an index repeated in one list
        // is matched at most as often as it occurs in the other
        std::size_t hits = 0;
        for (std::size_t a = 0, e = 0; a < found.size() && e < truth.size();) {
            if (found[a] < truth[e]) {
                ++a;
            } else if (truth[e] < found[a]) {
                ++e;
            } else {
                ++hits;
                ++a;
                ++e;
            }
        }
        total += static_cast<double>(hits) / static_cast<double>(n_truth);
    }
    return total / static_cast<double>(exact.size());
}

/**
 * @ingroup nlp
 * @brief Trains the coarse quantiser of an IVF index: nlist centroids by ml::kmeans() (k-means++
 * seeding, Lloyd's iterations) on the training vectors; the lists start empty.
 *
 * The centroids cut the space into nlist cells (each point of space belongs to its best
 * centroid), and k-means puts them where the data are dense, so the cells hold similar numbers
 * of vectors. Under cosine the training vectors are divided by their norms first (zero vectors
 * stay zero): the index compares directions, and so should its cells. k-means runs in double
 * on a copy; the centroids are stored in T.
 *
 * @param training the training vectors (n,d), finite; often a sample of what will be added
 *        (faiss asks for 30–256 per centroid)
 * @param nlist the number of lists, 1 ≤ nlist ≤ n (rule of thumb: about √N for N stored vectors)
 * @param metric the metric the index will search with
 * @param gen the generator of the k-means++ seeding: the same seed gives the same index
 * @param max_iter the most Lloyd iterations, ≥ 1 (a coarse quantiser needs few)
 * @return an index with nlist centroids, empty lists and size 0
 * @throws shape_error naming train_ivf when d = 0
 * @throws invalid_argument naming train_ivf when nlist = 0, nlist > n, max_iter = 0, the training
 *         vectors hold a NaN or an infinity, or fewer than nlist of them are distinct
 *
 * Complexity: O(max_iter·n·nlist·d) for k-means. Example: the points (0,0), (0,1), (10,0),
 * (10,1) and nlist = 2 → the centroids (0, 0.5) and (10, 0.5), in either order.
 */
template <class T>
ivf_index<T> train_ivf(const matrix_of<T>& training, std::size_t nlist, search_metric metric, rng& gen,
                       std::size_t max_iter = 25) {
    const std::size_t n = training.shape()[0], d = training.shape()[1];
    if (d == 0) throw shape_error("train_ivf", "the training vectors have no coordinates (d = 0)");
    if (nlist == 0 || nlist > n)
        throw invalid_argument("train_ivf", ::llmlings::detail::concat("nlist must be between 1 and the number of "
                                                                       "training vectors n = ",
                                                                       n, ", got ", nlist));
    if (max_iter == 0) throw invalid_argument("train_ivf", "max_iter must be at least 1");
    detail::check_finite_rows("train_ivf", "the training data", training.data(), n, d);
    // 1. A double copy, unit rows under cosine.
    matrix x({n, d});
    for (std::size_t i = 0; i < n; ++i) {
        const T* row = training.data() + i * d;
        const double scale = metric == search_metric::cosine ? static_cast<double>(detail::inverse_norm(row, d)) : 1.0;
        for (std::size_t j = 0; j < d; ++j) x(i, j) = static_cast<double>(row[j]) * scale;
    }
    // 2. k-means, its errors under this function's name.
    ml::kmeans_result km;
    try {
        km = ml::kmeans(x, nlist, gen, max_iter);
    } catch (const invalid_argument& e) {
        throw invalid_argument("train_ivf", e.message());
    }
    // 3. The index: the centroids in T, nlist empty lists.
    ivf_index<T> index;
    index.metric = metric;
    index.dimension = d;
    index.centroids = matrix_of<T>({nlist, d});
    for (std::size_t l = 0; l < nlist; ++l)
        for (std::size_t j = 0; j < d; ++j) index.centroids(l, j) = static_cast<T>(km.centroids(l, j));
    index.vectors.assign(nlist, std::vector<T>());
    index.ids.assign(nlist, std::vector<std::size_t>());
    return index;
}

/**
 * @ingroup nlp
 * @brief Adds vectors to a trained IVF index: each goes to the list of its best centroid, with
 * the next id (the first vector ever added has id 0, the next 1, and so on across calls).
 *
 * The best centroid is the nearest, ‖x − c‖² smallest, under squared_l2, and the one with the
 * largest x·c under inner_product and cosine (faiss's IndexFlatL2 and IndexFlatIP quantisers);
 * equal values go to the lower list. Under cosine the list stores x/‖x‖ (a zero vector stays
 * zero). The index need not be retrained: vectors added after training land in the existing
 * cells, and a cell that receives none stays an empty list.
 *
 * @param index a trained index (train_ivf())
 * @param vectors the vectors to add (m,d), finite; m may be 0
 * @throws shape_error naming ivf_add when the vectors do not have the index's d
 * @throws invalid_argument naming ivf_add for an index not made by train_ivf, or a NaN or an
 *         infinity in the vectors; the index is then unchanged
 *
 * Complexity: O(m·nlist·d). Example: with the centroids (0, 0.5) and (10, 0.5), adding (1,1)
 * and (9,0) puts id 0 in the first list and id 1 in the second.
 */
template <class T>
void ivf_add(ivf_index<T>& index, const matrix_of<T>& vectors) {
    detail::check_index("ivf_add", index);
    const std::size_t m = vectors.shape()[0], d = index.dimension;
    if (vectors.shape()[1] != d)
        throw shape_error("ivf_add", ::llmlings::detail::concat("the vectors ", shape_str(vectors.shape()),
                                                                " must have the index's d = ", d, " columns"));
    detail::check_finite_rows("ivf_add", "the vectors", vectors.data(), m, d);
    std::vector<T> unit(index.metric == search_metric::cosine ? d : 0);
    for (std::size_t r = 0; r < m; ++r) {
        const T* v = vectors.data() + r * d;
        if (index.metric == search_metric::cosine) {
            const T inverse = detail::inverse_norm(v, d);
            for (std::size_t j = 0; j < d; ++j) unit[j] = v[j] * inverse;
            v = unit.data();
        }
        const std::size_t l = detail::nearest_list(index, v);
        index.vectors[l].insert(index.vectors[l].end(), v, v + d);
        index.ids[l].push_back(index.size + r);
    }
    index.size += m;
}

/**
 * @ingroup nlp
 * @brief Approximate top-k search of an IVF index for one query: the nprobe lists whose
 * centroids suit the query best, scanned exactly.
 *
 * 1. Rank the nlist centroids by the coarse measure (ivf_add()'s: ‖q − c‖² for squared_l2, q·c
 *    otherwise) and keep the best nprobe (a bounded heap; ties to the lower list).
 * 2. Score every vector of those lists as exact_search() does (under cosine q·x̂/‖q‖, the lists
 *    holding unit vectors x̂) and keep the k best (id, score).
 * A true neighbour whose cell was not probed is missed: that is the approximation, and recall\@k
 * measures it. More probes scan a superset of the vectors, so recall cannot fall as nprobe
 * grows, and with nprobe = nlist every vector is scored: the result is the exact search's.
 *
 * @param index a trained index
 * @param query q (d), finite
 * @param k the number of neighbours, ≥ 1
 * @param nprobe the number of lists to scan, ≥ 1; more than nlist scans them all
 * @return up to k neighbours (id, score), best first, equal scores by the lower id; fewer than k
 *         when the probed lists hold fewer than k vectors (none when they are empty, as before
 *         any ivf_add())
 * @throws shape_error naming ivf_search when the query does not have d entries
 * @throws invalid_argument naming ivf_search for an index not made by train_ivf, k = 0,
 *         nprobe = 0, a NaN or an infinity in the query, or a score that overflows
 *
 * Complexity: O(nlist·(d + log nprobe) + v·(d + log k)) for the v vectors scanned, about
 * n·nprobe/nlist for balanced lists. Example: with the lists of ivf_add()'s example, the query
 * (8,0), k = 2, nprobe = 1, squared_l2 → {(1, 1)} (the first list is not scanned).
 */
template <class T>
std::vector<neighbour<T>> ivf_search(const ivf_index<T>& index, const vector_of<T>& query, std::size_t k,
                                     std::size_t nprobe) {
    detail::check_index("ivf_search", index);
    if (query.size() != index.dimension)
        throw shape_error("ivf_search", ::llmlings::detail::concat("the query has ", query.size(),
                                                                   " entries, the index d = ", index.dimension));
    detail::check_k("ivf_search", k);
    if (nprobe == 0) throw invalid_argument("ivf_search", "nprobe must be at least 1, got 0");
    detail::check_finite_rows("ivf_search", "the query", query.data(), 1, index.dimension);
    const std::size_t probes_used = std::min(nprobe, index.centroids.shape()[0]);
    std::vector<neighbour<T>> probes, result;
    probes.reserve(probes_used);
    result.reserve(std::min(k, index.size));
    detail::ivf_search_into("ivf_search", index, query.data(), k, probes_used, probes, result);
    return result;
}

/**
 * @ingroup nlp
 * @brief Approximate top-k search of an IVF index for a batch of queries: ivf_search() for each
 * row of Q, with one buffer of probed lists for all of them.
 *
 * @param index a trained index
 * @param queries Q (m,d), finite; m may be 0
 * @param k the number of neighbours per query, ≥ 1
 * @param nprobe the number of lists to scan per query, ≥ 1; more than nlist scans them all
 * @return m lists as ivf_search() returns them
 * @throws shape_error naming ivf_search_batch when Q does not have the index's d
 * @throws invalid_argument naming ivf_search_batch for an index not made by train_ivf, k = 0,
 *         nprobe = 0, a NaN or an infinity in Q, or a score that overflows
 *
 * Complexity: m times ivf_search()'s; no allocation but the results.
 * Example: as ivf_search(), one list per row of Q.
 */
template <class T>
std::vector<std::vector<neighbour<T>>> ivf_search_batch(const ivf_index<T>& index, const matrix_of<T>& queries,
                                                        std::size_t k, std::size_t nprobe) {
    detail::check_index("ivf_search_batch", index);
    const std::size_t m = queries.shape()[0], d = index.dimension;
    if (queries.shape()[1] != d)
        throw shape_error("ivf_search_batch", ::llmlings::detail::concat("the queries ", shape_str(queries.shape()),
                                                                         " must have the index's d = ", d, " columns"));
    detail::check_k("ivf_search_batch", k);
    if (nprobe == 0) throw invalid_argument("ivf_search_batch", "nprobe must be at least 1, got 0");
    detail::check_finite_rows("ivf_search_batch", "the queries", queries.data(), m, d);
    const std::size_t probes_used = std::min(nprobe, index.centroids.shape()[0]);
    std::vector<neighbour<T>> probes;
    probes.reserve(probes_used);
    std::vector<std::vector<neighbour<T>>> results(m);
    for (std::size_t q = 0; q < m; ++q) {
        results[q].reserve(std::min(k, index.size));
        detail::ivf_search_into("ivf_search_batch", index, queries.data() + q * d, k, probes_used, probes, results[q]);
    }
    return results;
}

}  // namespace nlp
}  // namespace llmlings

#endif  // LLMLINGS_NLP_12_VECTOR_SEARCH_HPP
