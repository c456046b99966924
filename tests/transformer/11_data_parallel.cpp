// SPDX-License-Identifier: MIT
// Tests for transformer/11_data_parallel, run on 3 MPI ranks (tests/common/mpi_main.cpp starts the
// program again under mpirun), on communicators of 3, 2 and 1 ranks: a ring of 2 has one step
// each way and hides index mistakes that 3 expose. Oracles: MPI's own MPI_Allreduce on seeded data
// that differ per rank; sums of small integers that every rank computes alone, matched exactly;
// the agreement of every rank to the bit (the replicas must stay equal); the chunk boundaries by
// hand; transformer/06's gpt_train_step on the whole batch in one process, which every rank runs
// itself, against 3 data-parallel steps on 1, 2 and 3 ranks (06 checks it against PyTorch); the
// allocation counter; the errors, which come before any communication. The oracles are in
// oracles/11_data_parallel.cpp. Every case runs the same collectives in the same order on every
// rank, and checks with CHECK, not REQUIRE: a rank that left a case early would leave the others
// waiting in a collective until the program's timeout.
#include <llmlings/testing.hpp>
#include <llmlings/testing/allocations.hpp>  // replaces operator new: in this one file of the program

#include <llmlings/transformer/11_data_parallel.hpp>

#include <cstddef>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "oracles/11_data_parallel.hpp"

using llmlings::parameter_store;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::transformer;
using namespace oracles;

namespace {

// A replica of the tiny GPT: the model, its workspace and gradient buffers, its optimizer.
template <class T>
struct replica {
    gpt_model<T> model;
    gpt_workspace<T> ws;
    gpt_gradients<T> g;
    llmlings::nn::adam_optimizer<T> opt;
    explicit replica(unsigned seed) : model(seeded_gpt<T>(seed)), opt(nanogpt_adamw(model)) {}
};

}  // namespace

TEST_CASE("the ring's chunks split n into p contiguous parts the first n mod p one longer",
          "[transformer][11_data_parallel]") {
    // n = 7 over 3: 3, 2, 2.
    CHECK(ring_chunk_begin(7, 3, 0) == 0);
    CHECK(ring_chunk_begin(7, 3, 1) == 3);
    CHECK(ring_chunk_begin(7, 3, 2) == 5);
    CHECK(ring_chunk_begin(7, 3, 3) == 7);
    // n = 1001 over 2: 501, 500; n = 1000 over 3: 334, 333, 333.
    CHECK(ring_chunk_begin(1001, 2, 1) == 501);
    CHECK(ring_chunk_begin(1000, 3, 1) == 334);
    CHECK(ring_chunk_begin(1000, 3, 2) == 667);
    // n = 2 < p = 3: 1, 1, 0 (the last chunk is empty); n = 0: all empty; p = 1: one chunk.
    CHECK(ring_chunk_begin(2, 3, 2) == 2);
    CHECK(ring_chunk_begin(2, 3, 3) == 2);
    CHECK(ring_chunk_begin(0, 3, 3) == 0);
    CHECK(ring_chunk_begin(5, 1, 1) == 5);
    CHECK_THROWS_WITH(ring_chunk_begin(5, 0, 0), contains("ring_chunk_begin") && contains("p = 0"));
    CHECK_THROWS_AS(ring_chunk_begin(5, 3, 4), llmlings::invalid_argument);
}

TEMPLATE_TEST_CASE("ring_allreduce sums as MPI_Allreduce does on 3 ranks and 2 and 1",
                   "[transformer][11_data_parallel]", float, double) {
    // Standard normal numbers, a different draw on every rank; MPI_Allreduce adds the same three
    // numbers in its own order. Sums of three numbers of size ≤ 5 round each of their two additions
    // to half an ulp of ≤ 15 (float 4.8e-7, double 8.9e-16): two orders differ by ≤ 4 such
    // roundings, 2e-6 in float and 4e-15 in double (measured: 4.8e-7 and 4.4e-16).
    const tolerance tol = std::is_same<TestType, float>::value ? tolerance{0, 2e-6} : tolerance{0, 4e-15};
    const test_communicators comms;
    for (MPI_Comm comm : comms.all())
        for (const std::size_t n : {0, 1, 2, 7, 1000, 1001}) {
            INFO(size_of(comm) << " ranks, rank " << rank_in(comm) << ", n = " << n);
            const vector mine = rank_values(static_cast<unsigned>(n), rank_in(comm), n);
            std::vector<TestType> data = elements_of<TestType>(mine);
            ring_allreduce(data.data(), n, comm);
            CHECK_CLOSE_AT(widened(data.data(), n), mpi_allreduce_sum<TestType>(mine, comm), tol);
            CHECK(same_on_every_rank(data.data(), n, comm));  // the replicas' buffers agree to the bit
        }
}

TEMPLATE_TEST_CASE("ring_allreduce of small integers is exact", "[transformer][11_data_parallel]", float, double) {
    // Integers in [−1000, 1000]: every partial sum of three is an integer below 2²⁴, exact in float
    // in any order. The expected sums are computed on each rank alone, from every rank's seed.
    const test_communicators comms;
    std::vector<TestType> scratch;  // the overload with a receive buffer, reused from call to call
    for (MPI_Comm comm : comms.all())
        for (const std::size_t n : {1, 2, 3, 7, 1000, 1001}) {
            const int rank = rank_in(comm), size = size_of(comm);
            INFO(size << " ranks, rank " << rank << ", n = " << n);
            std::vector<TestType> data = elements_of<TestType>(rank_integers(5, rank, n));
            ring_allreduce(data.data(), n, comm, scratch);
            CHECK_CLOSE_AT(widened(data.data(), n), integer_sum(5, size, n), (tolerance{0, 0}));
        }
    // n = 0 with no buffer at all is allowed, and changes nothing.
    ring_allreduce(static_cast<TestType*>(nullptr), 0, comms.world, scratch);
    CHECK(same_on_every_rank(scratch.data(), 0, comms.world));
}

TEMPLATE_TEST_CASE("allreduce_mean_gradients leaves the mean of every gradient on every rank",
                   "[transformer][11_data_parallel]", float, double) {
    // The sum as MPI_Allreduce computes it, divided by p: the ring's sum differs by the tolerance of
    // the case above, the division adds half an ulp.
    const tolerance tol = std::is_same<TestType, float>::value ? tolerance{0, 2e-6} : tolerance{0, 4e-15};
    const test_communicators comms;
    for (MPI_Comm comm : comms.all()) {
        const int rank = rank_in(comm), size = size_of(comm);
        INFO(size << " ranks, rank " << rank);
        parameter_store<TestType> store = small_store<TestType>(3, rank);
        const vector values = store_values(store);
        const vector sum = mpi_allreduce_sum<TestType>(store_grads(store), comm);
        allreduce_mean_gradients(store, comm);
        CHECK_CLOSE_AT(store_grads(store), divided(sum, size), tol);
        CHECK(same_on_every_rank(store.grads(), store.numel(), comm));
        CHECK_CLOSE_AT(store_values(store), values, (tolerance{0, 0}));  // the values are not touched
    }
}

TEMPLATE_TEST_CASE("broadcast_parameters copies the root's values to every rank", "[transformer][11_data_parallel]",
                   float, double) {
    const test_communicators comms;
    for (MPI_Comm comm : comms.all()) {
        const int rank = rank_in(comm), size = size_of(comm);
        for (const int root : {size - 1, 0}) {
            INFO(size << " ranks, rank " << rank << ", root " << root);
            parameter_store<TestType> store = small_store<TestType>(9, rank);
            const vector grads = store_grads(store);
            broadcast_parameters(store, root, comm);
            // The root's values, which every rank draws itself from the root's seed.
            CHECK_CLOSE_AT(store_values(store), store_values(small_store<TestType>(9, root)), (tolerance{0, 0}));
            CHECK_CLOSE_AT(store_grads(store), grads, (tolerance{0, 0}));  // the gradients stay this rank's
        }
    }
}

TEST_CASE("shard_batch gives rank r the rows from r B over p to r plus 1 B over p", "[transformer][11_data_parallel]") {
    const id_matrix ids = ids_from({{0, 1}, {10, 11}, {20, 21}, {30, 31}, {40, 41}, {50, 51}});
    const id_matrix targets = ids_from({{1, 2}, {11, 12}, {21, 22}, {31, 32}, {41, 42}, {51, 52}});
    token_ids mine = ids_from({{9}}), my_targets;  // the wrong shape: resized
    shard_batch(ids, targets, 1, 3, mine, my_targets);
    CHECK(same_ids(mine, ids_from({{20, 21}, {30, 31}})));
    CHECK(same_ids(my_targets, ids_from({{21, 22}, {31, 32}})));
    shard_batch(ids, targets, 1, 2, mine, my_targets);
    CHECK(same_ids(mine, ids_from({{30, 31}, {40, 41}, {50, 51}})));
    CHECK(same_ids(my_targets, ids_from({{31, 32}, {41, 42}, {51, 52}})));
    shard_batch(ids, targets, 0, 1, mine, my_targets);
    CHECK(same_ids(mine, ids));
    // Over 6 ranks each takes one row, in order.
    for (int r = 0; r < 6; ++r) {
        shard_batch(ids, targets, r, 6, mine, my_targets);
        CHECK(id_at(mine, 0, 1) == 10 * static_cast<std::size_t>(r) + 1);
        CHECK(id_at(my_targets, 0, 0) == 10 * static_cast<std::size_t>(r) + 1);
    }
}

TEMPLATE_TEST_CASE("data-parallel steps on 2 and 3 ranks follow one process on the whole batch",
                   "[transformer][11_data_parallel]", float, double) {
    // The world split into ranks 0–1 (2 replicas, shards of 6 of the 12 rows) and rank 2 (1
    // replica, the whole batch), then the world (3 replicas, shards of 4). Every replica starts
    // from its own seed and takes the last rank's weights by broadcast_parameters; after 3 AdamW
    // steps with clipping it must hold the weights of gpt_train_step on the whole batches in one
    // process.
    // Double: the same sums in another order; measured ≤ 1.4e-15 (losses, norms) and 2.9e-15
    // (weights), so 1e-12. Float: the gradients are summed in another order and rounded to 6e-8;
    // measured ≤ 1.0e-9 for the losses (computed in double), 3.2e-8 for the norms and 2.1e-6 for the
    // weights, that last at the keys' biases, whose gradient is 0 up to rounding and which Adam's
    // m/√v amplifies (transformer/06). So 1e-7, 3e-7 and 2e-5; a wrong all-reduce moves weights by
    // about lr = 1e-2.
    const bool is_float = std::is_same<TestType, float>::value;
    const tolerance loss_tol = is_float ? tolerance{0, 1e-7} : tolerance{1e-12, 1e-12};
    const tolerance norm_tol = is_float ? tolerance{0, 3e-7} : tolerance{1e-12, 1e-12};
    const tolerance value_tol = is_float ? tolerance{0, 2e-5} : tolerance{1e-12, 1e-12};
    const reference_run& whole = whole_batch_training<TestType>(1.0);
    const training_batches& batches = data_parallel_batches();
    const test_communicators comms;
    for (MPI_Comm comm : {comms.pairs, comms.world}) {
        const int rank = rank_in(comm), size = size_of(comm);
        INFO(size << " ranks, rank " << rank);
        replica<TestType> r(rank == size - 1 ? data_parallel_seed : 100 + static_cast<unsigned>(rank));
        broadcast_parameters(r.model.params, size - 1, comm);
        token_ids ids, targets;
        for (std::size_t s = 0; s < data_parallel_steps; ++s) {
            INFO("step " << s);
            shard_batch(batches.ids[s], batches.targets[s], rank, size, ids, targets);
            const train_step_result step = data_parallel_train_step(r.model, ids, targets, r.ws, r.g, r.opt, comm, 1.0);
            CHECK_CLOSE_AT(step.loss, whole.loss[s], loss_tol);
            CHECK_CLOSE_AT(step.grad_norm, whole.grad_norm[s], norm_tol);
        }
        CHECK_CLOSE_AT(store_values(r.model.params), whole.values, value_tol);
        CHECK(same_on_every_rank(r.model.params.values(), r.model.params.numel(), comm));
    }
}

TEST_CASE("a second data-parallel step of the same shard shape allocates nothing", "[transformer][11_data_parallel]") {
    const test_communicators comms;
    const training_batches& batches = data_parallel_batches();
    const int rank = rank_in(comms.world), size = size_of(comms.world);
    replica<float> r(data_parallel_seed);
    token_ids ids, targets;
    shard_batch(batches.ids[0], batches.targets[0], rank, size, ids, targets);
    data_parallel_train_step(r.model, ids, targets, r.ws, r.g, r.opt, comms.world);
    shard_batch(batches.ids[1], batches.targets[1], rank, size, ids, targets);
    const std::size_t before = llmlings::testing::allocation_count();
    const train_step_result step = data_parallel_train_step(r.model, ids, targets, r.ws, r.g, r.opt, comms.world);
    CHECK(llmlings::testing::allocation_count() == before);
    CHECK(step.loss > 0.0);
}

TEST_CASE("bad arguments throw errors that name the function before any communication",
          "[transformer][11_data_parallel]") {
    // Each is thrown by every rank alike, from the arguments alone: no rank is left waiting.
    std::vector<double> data(5, 1.0);
    CHECK_THROWS_WITH(ring_allreduce(static_cast<double*>(nullptr), 5, MPI_COMM_WORLD),
                      contains("ring_allreduce") && contains("data is null but n = 5"));
    CHECK_THROWS_WITH(ring_allreduce(data.data(), 5, MPI_COMM_NULL),
                      contains("ring_allreduce") && contains("MPI_COMM_NULL"));
    parameter_store<double> store = small_store<double>(1, 0);
    CHECK_THROWS_AS(allreduce_mean_gradients(store, MPI_COMM_NULL), llmlings::invalid_argument);
    const int world = size_of(MPI_COMM_WORLD);  // one past the last rank
    CHECK_THROWS_WITH(broadcast_parameters(store, world, MPI_COMM_WORLD),
                      contains("broadcast_parameters") && contains("root " + std::to_string(world)));
    CHECK_THROWS_AS(broadcast_parameters(store, -1, MPI_COMM_WORLD), llmlings::invalid_argument);
    CHECK_THROWS_AS(broadcast_parameters(store, 0, MPI_COMM_NULL), llmlings::invalid_argument);
    const id_matrix ids = ids_from({{1, 2}, {3, 4}, {5, 6}, {7, 8}});
    token_ids mine, my_targets;
    CHECK_THROWS_WITH(shard_batch(ids, ids, 0, 3, mine, my_targets),
                      contains("shard_batch") && contains("B = 4") && contains("3 equal shards"));
    CHECK_THROWS_AS(shard_batch(ids, ids, 2, 2, mine, my_targets), llmlings::invalid_argument);
    CHECK_THROWS_AS(shard_batch(ids, ids, -1, 2, mine, my_targets), llmlings::invalid_argument);
    CHECK_THROWS_AS(shard_batch(ids, ids_from({{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {1, 2, 3}}), 0, 2, mine, my_targets),
                    llmlings::shape_error);
    replica<float> r(1);
    const id_matrix two = ids_from({{1, 2}, {3, 4}});
    CHECK_THROWS_WITH(data_parallel_train_step(r.model, two, two, r.ws, r.g, r.opt, MPI_COMM_WORLD, -1.0),
                      contains("data_parallel_train_step") && contains("max_grad_norm"));
    CHECK_THROWS_AS(data_parallel_train_step(r.model, two, two, r.ws, r.g, r.opt, MPI_COMM_WORLD,
                                             std::numeric_limits<double>::quiet_NaN()),
                    llmlings::invalid_argument);
    CHECK_THROWS_AS(data_parallel_train_step(r.model, two, two, r.ws, r.g, r.opt, MPI_COMM_NULL),
                    llmlings::invalid_argument);
}
