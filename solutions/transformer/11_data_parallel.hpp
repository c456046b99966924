// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief transformer/11 — data-parallel training over MPI: the ring all-reduce, averaged
 * gradients, a broadcast of the starting weights, batch shards and one data-parallel step.
 *
 * p processes (ranks) each hold a full replica of the model and train on their own shard of every
 * batch. After each backward pass the ranks average their gradients, so that every replica takes
 * the same optimizer step and the replicas stay equal, step after step: the same training as one
 * process on the whole batch, p times the arithmetic per second.
 *
 * The average is an all-reduce: every rank ends with the sum over the ranks of every gradient,
 * then divides by p. The ring all-reduce (Patarasuk & Yuan 2009; Baidu 2017; Horovod; NCCL)
 * splits the n numbers into p chunks and passes them around the ring of ranks
 * r → r + 1 (mod p) in two phases of p − 1 steps each:
 * - reduce-scatter: in step s, rank r sends chunk (r − s) mod p to its right neighbour and adds the
 *   chunk (r − s − 1) mod p that arrives from its left neighbour into its own; after p − 1 steps
 *   rank r holds the full sum of chunk (r + 1) mod p;
 * - all-gather: in step s, rank r sends its finished chunk (r + 1 − s) mod p on and receives the
 *   finished chunk (r − s) mod p in place of its own.
 * Each rank sends 2(p − 1)/p · n numbers whatever p: the time is nearly independent of the number of
 * ranks (bandwidth-optimal), where sending everything to one rank would cost that rank (p − 1)·n.
 * Every sum is computed once, by one rank, and copied to the others: the ranks end with
 * bit-identical numbers, which is what keeps the replicas equal.
 *
 * Shapes: data (n) any buffer; store.grads() and store.values() are one contiguous buffer each
 * (core/parameters.hpp), so one all-reduce and one broadcast cover a whole model. ids and targets
 * (B, T) are the whole batch; a rank's shard is (B/p, T).
 *
 * MPI reports a failed communication through its error handler; the default,
 * MPI_ERRORS_ARE_FATAL, aborts every rank of the job, and this file keeps it (it checks no return
 * code). A rank that stops calling (an exception on one rank only) leaves the others waiting in
 * the next collective: errors that depend only on the arguments are thrown before any
 * communication, on every rank alike.
 *
 * This header includes <mpi.h>: a program that uses it is built with MPI (CMake:
 * `find_package(MPI REQUIRED COMPONENTS CXX)` and `target_link_libraries(prog PRIVATE MPI::MPI_CXX)`)
 * and started with mpirun. The module's umbrella header <llmlings/transformer.hpp> does not
 * include it; include <llmlings/transformer/11_data_parallel.hpp> yourself.
 *
 * Given in the exercise (plumbing, not the topic): mpi_datatype(), the argument checks and the
 * overloads that allocate their own scratch buffer.
 *
 * References: Patarasuk & Yuan (2009), "Bandwidth optimal all-reduce algorithms for clusters of
 * workstations"; Gibiansky (2017), "Bringing HPC techniques to deep learning" (Baidu's ring
 * all-reduce); Sergeev & Del Balso (2018), "Horovod: fast and easy distributed deep learning in
 * TensorFlow"; Goyal et al. (2017), "Accurate, large minibatch SGD: training ImageNet in 1 hour".
 *
 * Guide: @ref transformer_11_data_parallel (the algorithm) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_TRANSFORMER_11_DATA_PARALLEL_HPP
#define LLMLINGS_TRANSFORMER_11_DATA_PARALLEL_HPP

#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstddef>
#include <type_traits>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/nn/07_optimizers.hpp>
#include <llmlings/nn/13_training_utilities.hpp>
#include <llmlings/transformer/06_gpt_training.hpp>

namespace llmlings {
namespace transformer {

// Given: MPI's name for the element type (plumbing, not the topic).
/**
 * @ingroup transformer
 * @brief The MPI datatype of T: MPI_FLOAT for float, MPI_DOUBLE for double.
 *
 * @tparam T float or double (another type does not compile)
 * @return the datatype to pass to MPI's calls for a buffer of T; throws nothing
 *
 * Complexity: O(1). Example: `MPI_Bcast(p, n, mpi_datatype<float>(), 0, comm)` sends n floats.
 */
template <class T>
MPI_Datatype mpi_datatype() {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value, "mpi_datatype: float or double");
    return std::is_same<T, float>::value ? MPI_FLOAT : MPI_DOUBLE;
}
// End of the given code.

namespace detail {

// Given: the argument checks (plumbing, not the topic).
/// This process's rank in a communicator and the communicator's size.
struct comm_place {
    int rank = 0;  ///< in [0, size)
    int size = 1;  ///< the number of ranks, ≥ 1
};

/// The tag of the ring's messages (any fixed tag works: messages between two ranks on one
/// communicator arrive in the order they were sent).
constexpr int ring_tag = 11;

/// Throws invalid_argument unless MPI is running and comm is a communicator; returns this rank's
/// place in it. Local: no communication.
inline comm_place check_comm(const char* function, MPI_Comm comm) {
    int initialized = 0, finalized = 0;
    MPI_Initialized(&initialized);
    MPI_Finalized(&finalized);
    if (!initialized || finalized)
        throw invalid_argument(function, "MPI is not running: call MPI_Init first (and MPI_Finalize last)");
    if (comm == MPI_COMM_NULL)
        throw invalid_argument(function, "the communicator is MPI_COMM_NULL (a rank that MPI_Comm_split left out?)");
    comm_place place;
    MPI_Comm_rank(comm, &place.rank);
    MPI_Comm_size(comm, &place.size);
    return place;
}

/// Throws invalid_argument when data is null with n > 0, or when a chunk of n over the ranks
/// would hold more than INT_MAX elements (MPI's counts are int); returns check_comm's place.
template <class T>
comm_place check_allreduce_inputs(const char* function, const T* data, std::size_t n, MPI_Comm comm) {
    const comm_place place = check_comm(function, comm);
    if (data == nullptr && n > 0)
        throw invalid_argument(function, ::llmlings::detail::concat("data is null but n = ", n));
    const std::size_t p = static_cast<std::size_t>(place.size);
    if (n / p + (n % p != 0 ? 1 : 0) > static_cast<std::size_t>(INT_MAX))
        throw invalid_argument(
            function, ::llmlings::detail::concat("n = ", n, " over ", p, " ranks makes chunks past MPI's int counts"));
    return place;
}

/// Throws invalid_argument unless p ≥ 1 and c ≤ p.
inline void check_chunk_request(std::size_t p, std::size_t c) {
    if (p == 0 || c > p)
        throw invalid_argument("ring_chunk_begin",
                               ::llmlings::detail::concat("expected p >= 1 and c <= p, got p = ", p, ", c = ", c));
}

/// Throws invalid_argument unless root is a rank of comm and the store fits one MPI count.
inline comm_place check_broadcast(const char* function, std::size_t numel, int root, MPI_Comm comm) {
    const comm_place place = check_comm(function, comm);
    if (root < 0 || root >= place.size)
        throw invalid_argument(function, ::llmlings::detail::concat("root ", root, " is not a rank of the ", place.size,
                                                                    " ranks of the communicator"));
    if (numel > static_cast<std::size_t>(INT_MAX))
        throw invalid_argument(function,
                               ::llmlings::detail::concat(numel, " values are more than MPI's int count can send"));
    return place;
}

/// Throws unless ids and targets are (B, T) alike with B ≥ 1 a multiple of size, rank is in
/// [0, size), and the outputs are other tensors than the inputs.
inline void check_shard(const token_ids& ids, const token_ids& targets, int rank, int size, const token_ids& my_ids,
                        const token_ids& my_targets) {
    if (ids.shape()[0] != targets.shape()[0] || ids.shape()[1] != targets.shape()[1])
        throw shape_error("shard_batch", ::llmlings::detail::concat("ids ", shape_str(ids.shape()), " and targets ",
                                                                    shape_str(targets.shape()), " differ"));
    if (size < 1 || rank < 0 || rank >= size)
        throw invalid_argument("shard_batch", ::llmlings::detail::concat("rank ", rank, " is not in [0, ", size, ")"));
    const std::size_t batch = ids.shape()[0];
    if (batch == 0 || batch % static_cast<std::size_t>(size) != 0)
        throw invalid_argument(
            "shard_batch", ::llmlings::detail::concat("B = ", batch, " rows cannot be split into ", size,
                                                      " equal shards (B must be a positive multiple of the ranks)"));
    if (&my_ids == &ids || &my_ids == &targets || &my_targets == &ids || &my_targets == &targets ||
        &my_ids == &my_targets)
        throw invalid_argument("shard_batch", "my_ids and my_targets must be two other tensors than ids and targets");
}

/// Throws invalid_argument unless max_grad_norm is finite and ≥ 0; returns check_comm's place.
inline comm_place check_step_inputs(double max_grad_norm, MPI_Comm comm) {
    if (!(max_grad_norm >= 0.0) || !std::isfinite(max_grad_norm))
        throw invalid_argument(
            "data_parallel_train_step",
            ::llmlings::detail::concat("max_grad_norm must be finite and >= 0, got ", max_grad_norm));
    return check_comm("data_parallel_train_step", comm);
}
// End of the given code.

}  // namespace detail

/**
 * @ingroup transformer
 * @brief Where chunk c of the ring starts when n elements are split over p ranks: p contiguous
 * chunks, the first n mod p of them one element longer.
 *
 * @f[ \text{begin}(c) = c \left\lfloor \frac{n}{p} \right\rfloor + \min(c,\ n \bmod p) @f]
 * Chunk c is [begin(c), begin(c + 1)); begin(p) = n. When n < p the last p − n chunks are empty.
 *
 * @param n the number of elements
 * @param p the number of chunks (ranks), ≥ 1
 * @param c the chunk, in [0, p]
 * @return the index of chunk c's first element
 * @throws invalid_argument when p = 0 or c > p
 *
 * Complexity: O(1). Example: n = 7, p = 3: chunks [0, 3), [3, 5), [5, 7) (begins 0, 3, 5, 7).
 */
inline std::size_t ring_chunk_begin(std::size_t n, std::size_t p, std::size_t c) {
    detail::check_chunk_request(p, c);
    return c * (n / p) + std::min(c, n % p);
}

/**
 * @ingroup transformer
 * @brief In-place sum over the ranks of comm by the ring algorithm: on return every rank's
 * data(i) is Σ_ranks data(i), the same bits on every rank.
 *
 * Split the n elements into p chunks (ring_chunk_begin()), and with right = (r + 1) mod p and
 * left = (r − 1 + p) mod p:
 * - for s = 0 … p − 2 (reduce-scatter): MPI_Sendrecv chunk (r − s) mod p to the right, receive
 *   chunk (r − s − 1) mod p from the left into scratch and add it into that chunk of data;
 * - for s = 0 … p − 2 (all-gather): MPI_Sendrecv chunk (r + 1 − s) mod p to the right, receive
 *   chunk (r − s) mod p from the left straight into data.
 * The sums are added in another order than MPI_Allreduce's: equal to it within rounding (exactly
 * for small integers). p = 1 or n = 0: nothing to do. NaN in, NaN out.
 *
 * Every rank of comm must call it with the same n, at the same point of the program.
 *
 * @tparam T float or double
 * @param data the rank's n numbers, overwritten by the sums (may be null when n = 0)
 * @param n the number of elements, the same on every rank
 * @param comm the ranks to sum over
 * @param scratch the receive buffer, grown to the largest chunk ⌈n/p⌉ when it is smaller: a later
 *        call of the same n allocates nothing
 * @throws invalid_argument (before any communication) when MPI is not running, comm is
 *         MPI_COMM_NULL, data is null with n > 0 (`ring_allreduce: data is null but n = 5`) or a
 *         chunk exceeds INT_MAX elements; a failed communication aborts the job (MPI_ERRORS_ARE_FATAL)
 *
 * Complexity: 2(p − 1) messages of about n/p numbers per rank, 2(p − 1)/p · n numbers sent and as
 * many received, (p − 1)/p · n additions. Example: ranks holding (1, 2), (10, 20) and (100, 200)
 * all end with (111, 222).
 */
template <class T>
void ring_allreduce(T* data, std::size_t n, MPI_Comm comm, std::vector<T>& scratch) {
    const detail::comm_place place = detail::check_allreduce_inputs("ring_allreduce", data, n, comm);
    const std::size_t p = static_cast<std::size_t>(place.size), r = static_cast<std::size_t>(place.rank);
    if (p == 1 || n == 0) return;
    const auto begin = [n, p](std::size_t c) { return ring_chunk_begin(n, p, c); };
    const auto length = [n, p](std::size_t c) { return ring_chunk_begin(n, p, c + 1) - ring_chunk_begin(n, p, c); };
    if (scratch.size() < length(0)) scratch.resize(length(0));  // chunk 0 is the longest
    const MPI_Datatype type = mpi_datatype<T>();
    const int right = static_cast<int>((r + 1) % p), left = static_cast<int>((r + p - 1) % p);
    // Reduce-scatter: chunk (r − s) goes right; chunk (r − s − 1) arrives from the left and is added.
    for (std::size_t s = 0; s + 1 < p; ++s) {
        const std::size_t out = (r + p - s) % p, in = (r + 2 * p - s - 1) % p;
        MPI_Sendrecv(data + begin(out), static_cast<int>(length(out)), type, right, detail::ring_tag, scratch.data(),
                     static_cast<int>(length(in)), type, left, detail::ring_tag, comm, MPI_STATUS_IGNORE);
        T* chunk = data + begin(in);
        for (std::size_t i = 0, m = length(in); i < m; ++i) chunk[i] += scratch[i];
    }
    // All-gather: rank r holds the sum of chunk (r + 1); each step passes a finished chunk on.
    for (std::size_t s = 0; s + 1 < p; ++s) {
        const std::size_t out = (r + 1 + p - s) % p, in = (r + p - s) % p;
        MPI_Sendrecv(data + begin(out), static_cast<int>(length(out)), type, right, detail::ring_tag, data + begin(in),
                     static_cast<int>(length(in)), type, left, detail::ring_tag, comm, MPI_STATUS_IGNORE);
    }
}

// Given: the overload that allocates its own receive buffer, which calls the one above.
/**
 * @ingroup transformer
 * @brief ring_allreduce() with a receive buffer of its own (one allocation of ⌈n/p⌉ elements per
 * call); see the overload with `scratch` for the algorithm and the errors.
 *
 * @tparam T float or double
 * @param data the rank's n numbers, overwritten by the sums (may be null when n = 0)
 * @param n the number of elements, the same on every rank
 * @param comm the ranks to sum over
 * @throws invalid_argument as the overload with `scratch`
 *
 * Complexity: as the overload, plus one allocation. Example: see the overload.
 */
template <class T>
void ring_allreduce(T* data, std::size_t n, MPI_Comm comm) {
    std::vector<T> scratch;
    ring_allreduce(data, n, comm, scratch);
}
// End of the given code.

/**
 * @ingroup transformer
 * @brief Replaces every gradient of the store by its mean over the ranks of comm: one
 * ring_allreduce() over store.grads(), then a division by p.
 *
 * @f[ g_i \leftarrow \frac{1}{p} \sum_{\text{ranks}} g_i @f]
 * Every tensor is covered, trainable or not (a frozen tensor's gradient is 0 on every rank, and
 * stays 0). The values are not touched. On return the gradients are bit-identical on every rank.
 *
 * @tparam T float or double
 * @param store the model's store, the same tensors on every rank (same registration order)
 * @param comm the replicas
 * @param scratch ring_allreduce()'s receive buffer (grown once, then reused)
 * @throws invalid_argument as ring_allreduce()
 *
 * Complexity: ring_allreduce() of store.numel() numbers, plus numel divisions. Example: gradients
 * 1, 2 and 6 on three ranks become 3 on all three.
 */
template <class T>
void allreduce_mean_gradients(parameter_store<T>& store, MPI_Comm comm, std::vector<T>& scratch) {
    const detail::comm_place place = detail::check_comm("allreduce_mean_gradients", comm);
    ring_allreduce(store.grads(), store.numel(), comm, scratch);
    const T ranks = static_cast<T>(place.size);
    T* g = store.grads();
    for (std::size_t i = 0, n = store.numel(); i < n; ++i) g[i] /= ranks;
}

// Given: the overload that allocates its own receive buffer, which calls the one above.
/**
 * @ingroup transformer
 * @brief allreduce_mean_gradients() with a receive buffer of its own (one allocation per call).
 *
 * @tparam T float or double
 * @param store the model's store, the same tensors on every rank
 * @param comm the replicas
 * @throws invalid_argument as ring_allreduce()
 *
 * Complexity: as the overload with `scratch`, plus one allocation. Example: see that overload.
 */
template <class T>
void allreduce_mean_gradients(parameter_store<T>& store, MPI_Comm comm) {
    std::vector<T> scratch;
    allreduce_mean_gradients(store, comm, scratch);
}
// End of the given code.

/**
 * @ingroup transformer
 * @brief Copies the root's parameter values to every rank (MPI_Bcast of store.values()), so that
 * every replica starts from the same weights.
 *
 * Initialise the model on every rank (or only on the root), broadcast once before training, and
 * make the optimizers after or before it (their state starts at 0 everywhere). The gradients are
 * not touched.
 *
 * @tparam T float or double
 * @param store the model's store, the same tensors on every rank
 * @param root the rank whose values are sent
 * @param comm the replicas
 * @throws invalid_argument (before any communication) when MPI is not running, comm is
 *         MPI_COMM_NULL, root is not a rank of comm (`broadcast_parameters: root 3 is not a rank of
 *         the 3 ranks of the communicator`) or the store holds more than INT_MAX values
 *
 * Complexity: one MPI_Bcast of store.numel() numbers (a tree: about log₂ p message times).
 * Example: rank 2 initialised with seed 7, the others with any seed: after
 * `broadcast_parameters(model.params, 2, comm)` every rank holds rank 2's weights.
 */
template <class T>
void broadcast_parameters(parameter_store<T>& store, int root, MPI_Comm comm) {
    detail::check_broadcast("broadcast_parameters", store.numel(), root, comm);
    MPI_Bcast(store.values(), static_cast<int>(store.numel()), mpi_datatype<T>(), root, comm);
}

/**
 * @ingroup transformer
 * @brief Rank r's shard of a batch: rows [r·B/p, (r+1)·B/p) of ids and of targets.
 *
 * Equal shards are required: the mean over the ranks of the shards' mean losses is then the mean
 * loss of the whole batch, and the mean of their gradients its gradient,
 * @f[ \frac{1}{p}\sum_{r} \frac{1}{B T / p} \sum_{i \in \text{shard } r} \ell_i
 *     = \frac{1}{B T} \sum_{i} \ell_i , @f]
 * which unequal shards would weight wrongly. Every rank may draw the same batch (the same seed)
 * and keep its shard, or draw its own B/p rows directly.
 *
 * @param ids the whole batch's input ids (B, T)
 * @param targets the whole batch's next ids (B, T)
 * @param rank r, in [0, size)
 * @param size p, the number of ranks; B must be a positive multiple of p
 * @param my_ids (B/p, T), resized when its shape differs; overwritten
 * @param my_targets (B/p, T), resized when its shape differs; overwritten
 * @throws shape_error when ids and targets differ in shape
 * @throws invalid_argument when rank is not in [0, size), when B is 0 or not a multiple of p
 *         (`shard_batch: B = 4 rows cannot be split into 3 equal shards`), or when an output is an
 *         input
 *
 * Complexity: O(B·T/p) copies. Example: B = 6 rows over p = 3 ranks: rank 1 gets rows 2 and 3.
 */
inline void shard_batch(const token_ids& ids, const token_ids& targets, int rank, int size, token_ids& my_ids,
                        token_ids& my_targets) {
    detail::check_shard(ids, targets, rank, size, my_ids, my_targets);
    const std::size_t rows = ids.shape()[0] / static_cast<std::size_t>(size), steps = ids.shape()[1];
    const std::size_t first = static_cast<std::size_t>(rank) * rows;
    ensure_shape(my_ids, {rows, steps});
    ensure_shape(my_targets, {rows, steps});
    std::copy(ids.data() + first * steps, ids.data() + (first + rows) * steps, my_ids.data());
    std::copy(targets.data() + first * steps, targets.data() + (first + rows) * steps, my_targets.data());
}

/**
 * @ingroup transformer
 * @brief One data-parallel training step on this rank's shard: gpt_train_step() with the
 * gradients averaged over the ranks before they are clipped and applied.
 *
 * zero_grad; gpt_forward, gpt_cross_entropy with d_logits and gpt_backward on the shard
 * (transformer/05 and 06); allreduce_mean_gradients(); then, as gpt_train_step(), clip the global
 * norm (nn::clip_grad_norm, or nn::global_grad_norm when max_grad_norm is 0) and nn::step(opt).
 * After the all-reduce every rank holds the same gradients, so every rank clips by the same
 * factor and takes the same step: replicas that started equal (broadcast_parameters()) stay
 * equal, bit for bit. With equal shards the result is gpt_train_step() on the whole batch, up to
 * rounding (the gradients are summed in another order).
 *
 * Every rank of comm must call it at the same step, with a shard of the same shape.
 *
 * @tparam T float or double
 * @tparam Optimizer an optimizer over model.params that nn::step() takes (make_adamw for a GPT)
 * @param model this rank's replica, updated in place
 * @param ids this rank's shard of the input ids (B/p, T) (shard_batch())
 * @param targets this rank's shard of the next ids (B/p, T)
 * @param ws the forward's workspace
 * @param g the backward's buffers
 * @param opt this rank's optimizer over model.params
 * @param comm the replicas
 * @param max_grad_norm clip the global gradient norm to this (nanoGPT: 1.0); 0 turns clipping off
 * @return the mean over the ranks of the shards' losses (the whole batch's loss, one
 *         MPI_Allreduce of a double) and the global gradient norm of the averaged gradients
 *         before clipping — the same on every rank
 * @throws invalid_argument (before any communication, on every rank alike) for a negative or
 *         non-finite max_grad_norm or a communicator that is not one; as gpt_forward() and
 *         gpt_cross_entropy() for the shard (a rank that throws there leaves the others waiting);
 *         numerical_error (from clip_grad_norm, on every rank alike) when a gradient is NaN or
 *         infinite
 *
 * Complexity: a forward and a backward of B/p sequences, ring_allreduce() of the parameters, the
 * clipping and the update; no allocation after the first step (the ring's receive buffer is kept
 * between calls, one per thread and element type). Example: p = 3 ranks with shards of 4 of a
 * batch of 12 follow gpt_train_step() on the 12 to 1e-12 in double.
 */
template <class T, class Optimizer>
train_step_result data_parallel_train_step(gpt_model<T>& model, const token_ids& ids, const token_ids& targets,
                                           gpt_workspace<T>& ws, gpt_gradients<T>& g, Optimizer& opt, MPI_Comm comm,
                                           double max_grad_norm = 1.0) {
    const detail::comm_place place = detail::check_step_inputs(max_grad_norm, comm);
    static thread_local std::vector<T> scratch;  // the ring's receive buffer, kept from step to step
    model.params.zero_grad();
    const matrix_of<T>& logits = gpt_forward(model, ids, ws);
    ensure_shape(g.d_logits, {logits.shape()[0], logits.shape()[1]});
    const double shard_loss = gpt_cross_entropy<T>(as_rows(logits), targets, as_rows(g.d_logits));
    gpt_backward(model, ids, ws, g);
    allreduce_mean_gradients(model.params, comm, scratch);
    train_step_result r;
    r.grad_norm =
        max_grad_norm > 0.0 ? nn::clip_grad_norm(model.params, max_grad_norm) : nn::global_grad_norm(model.params);
    nn::step(opt);
    MPI_Allreduce(&shard_loss, &r.loss, 1, MPI_DOUBLE, MPI_SUM, comm);
    r.loss /= place.size;
    return r;
}

}  // namespace transformer
}  // namespace llmlings

#endif  // LLMLINGS_TRANSFORMER_11_DATA_PARALLEL_HPP
