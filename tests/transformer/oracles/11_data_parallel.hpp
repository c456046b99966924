// SPDX-License-Identifier: MIT
// The oracles of tests/transformer/11_data_parallel.cpp, compiled once in oracles/11_data_parallel.cpp
// (never with the learner's file): the communicators the tests run on, seeded per-rank data, MPI's
// own MPI_Allreduce, sums every rank computes alone, agreement checks over the ranks, and
// transformer/06's gpt_train_step on whole batches in one process (itself checked against
// PyTorch in transformer/06). Each returns plain containers.
#ifndef LLMLINGS_TESTS_TRANSFORMER_ORACLES_11_DATA_PARALLEL_HPP
#define LLMLINGS_TESTS_TRANSFORMER_ORACLES_11_DATA_PARALLEL_HPP

#include <mpi.h>

#include <cstddef>
#include <vector>

#include <llmlings/transformer/06_gpt_training.hpp>

#include "common/oracles.hpp"
#include "gpt_training_instances.hpp"

namespace oracles {

/// The communicators a test case runs on, made by every rank of MPI_COMM_WORLD together when the
/// object is made and freed when it goes: a duplicate of the world (3 ranks under the test main),
/// the world split into groups of two consecutive ranks (ranks 0–1 and rank 2 alone: 2 ranks and
/// 1), and MPI_COMM_SELF (1 rank). Each case's messages stay on its own communicators, so a case
/// that failed half-way cannot deliver stray messages to the next.
class test_communicators {
public:
    test_communicators();
    ~test_communicators();
    test_communicators(const test_communicators&) = delete;
    test_communicators& operator=(const test_communicators&) = delete;
    MPI_Comm world = MPI_COMM_NULL;  ///< every rank
    MPI_Comm pairs = MPI_COMM_NULL;  ///< ranks 2k and 2k + 1 together
    /// world, pairs and MPI_COMM_SELF, in this order.
    std::vector<MPI_Comm> all() const;
};

/// This process's rank in comm and the number of ranks of comm.
int rank_in(MPI_Comm comm);
int size_of(MPI_Comm comm);

/// n standard normal numbers from a generator seeded with (seed, rank): different on every rank,
/// the same every time.
vector rank_values(unsigned seed, int rank, std::size_t n);
/// n integers in [−1000, 1000] from a generator seeded with (seed, rank): their sums over a few
/// ranks are exact in float.
vector rank_integers(unsigned seed, int rank, std::size_t n);
/// Σ over ranks 0 … size − 1 of rank_integers(seed, rank, n), computed here, without MPI.
vector integer_sum(unsigned seed, int size, std::size_t n);

/// x rounded to T, element by element; and back, widened to double (exact).
template <class T>
std::vector<T> elements_of(const vector& x);
template <class T>
vector widened(const T* x, std::size_t n);

/// MPI_Allreduce(MPI_SUM) over comm of x rounded to T, in T, widened to double.
template <class T>
vector mpi_allreduce_sum(const vector& x, MPI_Comm comm);

/// Whether x[0 … n) holds the same numbers on every rank of comm (MPI_Allreduce of the elements'
/// minimum and maximum: equal to x on every rank); every rank gets the same answer.
template <class T>
bool same_on_every_rank(const T* x, std::size_t n, MPI_Comm comm);
/// Whether `ok` holds on every rank of comm (MPI_LAND); every rank gets the same answer.
bool on_every_rank(bool ok, MPI_Comm comm);

/// A store of two tensors, "fc.weight" (3, 4) and "fc.bias" (5), whose 17 values are
/// rank_values(seed, rank, 17) and gradients rank_values(seed + 1, rank, 17), rounded to T.
template <class T>
llmlings::parameter_store<T> small_store(unsigned seed, int rank);

/// Whether two id matrices have the same shape and ids.
bool same_ids(const id_matrix& a, const id_matrix& b);

/// The data-parallel runs' batches: STEPS batches of B = 12 sequences of T = 8 ids below 13 (the
/// golden tiny GPT's sizes, golden_gpt_config), from a seeded generator: the same on every rank.
struct training_batches {
    std::vector<id_matrix> ids, targets;
};
const training_batches& data_parallel_batches();
/// The number of steps of the runs.
constexpr std::size_t data_parallel_steps = 3;
/// The seed init_gpt starts the replicas from.
constexpr unsigned data_parallel_seed = 7;

/// The tiny GPT (golden_gpt_config) initialised by init_gpt from rng(seed).
template <class T>
llmlings::transformer::gpt_model<T> seeded_gpt(unsigned seed);
/// nanoGPT's AdamW over the model's store: lr 1e-2, betas 0.9 and 0.95, eps 1e-8, decay 0.1.
template <class T>
llmlings::nn::adam_optimizer<T> nanogpt_adamw(llmlings::transformer::gpt_model<T>& model);

/// One process on the whole batches: seeded_gpt(data_parallel_seed), nanogpt_adamw, and
/// gpt_train_step with clipping at max_grad_norm on each batch of data_parallel_batches(). Each
/// step's loss and gradient norm, and every value of the store after the last step.
struct reference_run {
    std::vector<double> loss, grad_norm;
    vector values;
};
template <class T>
const reference_run& whole_batch_training(double max_grad_norm);

/// Every value of a store, widened to double, in the store's order.
template <class T>
vector store_values(const llmlings::parameter_store<T>& store);
/// Every gradient of a store, widened to double, in the store's order.
template <class T>
vector store_grads(const llmlings::parameter_store<T>& store);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_TRANSFORMER_ORACLES_11_DATA_PARALLEL_HPP
