// SPDX-License-Identifier: MIT
// Oracles of tests/transformer/11_data_parallel.cpp: MPI's own reductions, sums computed alone and
// transformer/06's training in one process; no code of the topic under test.
#include "11_data_parallel.hpp"

#include <algorithm>
#include <map>
#include <type_traits>

#include <llmlings/testing.hpp>

// The prerequisites' one instance for float and double (gpt_instances.hpp, and 06's backward).
LLMLINGS_GPT_INSTANCES(template)
LLMLINGS_GPT_TRAINING_INSTANCES(template)

namespace oracles {

namespace {

template <class T>
MPI_Datatype type_of() {
    return std::is_same<T, float>::value ? MPI_FLOAT : MPI_DOUBLE;
}

unsigned rank_seed(unsigned seed, int rank) {
    return seed * 1009u + static_cast<unsigned>(rank);
}

}  // namespace

test_communicators::test_communicators() {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_dup(MPI_COMM_WORLD, &world);
    MPI_Comm_split(MPI_COMM_WORLD, rank / 2, rank, &pairs);
}

test_communicators::~test_communicators() {
    MPI_Comm_free(&pairs);
    MPI_Comm_free(&world);
}

std::vector<MPI_Comm> test_communicators::all() const {
    return {world, pairs, MPI_COMM_SELF};
}

int rank_in(MPI_Comm comm) {
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    return rank;
}

int size_of(MPI_Comm comm) {
    int size = 0;
    MPI_Comm_size(comm, &size);
    return size;
}

vector rank_values(unsigned seed, int rank, std::size_t n) {
    seed_random(rank_seed(seed, rank));
    return normal_vector(n);
}

vector rank_integers(unsigned seed, int rank, std::size_t n) {
    seed_random(rank_seed(seed, rank));
    const index_vector labels = random_labels(n, 2001);
    vector out = xt::zeros<double>({n});
    for (std::size_t i = 0; i < n; ++i) out(i) = static_cast<double>(labels(i)) - 1000.0;
    return out;
}

vector integer_sum(unsigned seed, int size, std::size_t n) {
    vector sum = xt::zeros<double>({n});
    for (int rank = 0; rank < size; ++rank) sum += rank_integers(seed, rank, n);
    return sum;
}

template <class T>
std::vector<T> elements_of(const vector& x) {
    std::vector<T> out(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) out[i] = static_cast<T>(x(i));
    return out;
}

template <class T>
vector widened(const T* x, std::size_t n) {
    vector out = xt::zeros<double>({n});
    for (std::size_t i = 0; i < n; ++i) out(i) = static_cast<double>(x[i]);
    return out;
}

template <class T>
vector mpi_allreduce_sum(const vector& x, MPI_Comm comm) {
    const std::vector<T> mine = elements_of<T>(x);
    std::vector<T> sum(mine.size());
    if (!mine.empty())
        MPI_Allreduce(mine.data(), sum.data(), static_cast<int>(mine.size()), type_of<T>(), MPI_SUM, comm);
    return widened(sum.data(), sum.size());
}

bool on_every_rank(bool ok, MPI_Comm comm) {
    int mine = ok ? 1 : 0, all = 0;
    MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_LAND, comm);
    return all != 0;
}

template <class T>
bool same_on_every_rank(const T* x, std::size_t n, MPI_Comm comm) {
    const std::vector<T> mine(x, x + n);
    std::vector<T> low(n), high(n);
    if (n > 0) {
        MPI_Allreduce(mine.data(), low.data(), static_cast<int>(n), type_of<T>(), MPI_MIN, comm);
        MPI_Allreduce(mine.data(), high.data(), static_cast<int>(n), type_of<T>(), MPI_MAX, comm);
    }
    return on_every_rank(low == mine && high == mine, comm);
}

template <class T>
llmlings::parameter_store<T> small_store(unsigned seed, int rank) {
    llmlings::parameter_store<T> store;
    store.add("fc.weight", {3, 4});
    store.add("fc.bias", {5});
    const std::vector<T> values = elements_of<T>(rank_values(seed, rank, 17));
    const std::vector<T> grads = elements_of<T>(rank_values(seed + 1, rank, 17));
    std::copy(values.begin(), values.end(), store.values());
    std::copy(grads.begin(), grads.end(), store.grads());
    return store;
}

bool same_ids(const id_matrix& a, const id_matrix& b) {
    return a.shape() == b.shape() && std::equal(a.begin(), a.end(), b.begin());
}

const training_batches& data_parallel_batches() {
    static const training_batches batches = [] {
        const llmlings::transformer::gpt_config c = golden_gpt_config();
        training_batches out;
        seed_random(2026);
        for (std::size_t s = 0; s < data_parallel_steps; ++s)
            for (std::vector<id_matrix>* into : {&out.ids, &out.targets}) {
                const index_vector labels = random_labels(12 * 8, c.vocab_size);
                id_matrix ids = xt::zeros<std::size_t>({std::size_t(12), std::size_t(8)});
                std::copy(labels.begin(), labels.end(), ids.begin());
                into->push_back(ids);
            }
        return out;
    }();
    return batches;
}

template <class T>
llmlings::transformer::gpt_model<T> seeded_gpt(unsigned seed) {
    llmlings::transformer::gpt_model<T> model =
        llmlings::transformer::make_gpt(llmlings::parameter_store<T>(), golden_gpt_config());
    llmlings::rng gen(seed);
    llmlings::transformer::init_gpt(model, gen);
    return model;
}

template <class T>
llmlings::nn::adam_optimizer<T> nanogpt_adamw(llmlings::transformer::gpt_model<T>& model) {
    return llmlings::nn::make_adamw(model.params, nanogpt_adamw_options());
}

template <class T>
vector store_values(const llmlings::parameter_store<T>& store) {
    return widened(store.values(), store.numel());
}

template <class T>
vector store_grads(const llmlings::parameter_store<T>& store) {
    return widened(store.grads(), store.numel());
}

template <class T>
const reference_run& whole_batch_training(double max_grad_norm) {
    static std::map<double, reference_run> runs;
    const auto found = runs.find(max_grad_norm);
    if (found != runs.end()) return found->second;
    const training_batches& batches = data_parallel_batches();
    llmlings::transformer::gpt_model<T> model = seeded_gpt<T>(data_parallel_seed);
    auto opt = nanogpt_adamw(model);
    llmlings::transformer::gpt_workspace<T> ws;
    llmlings::transformer::gpt_gradients<T> g;
    reference_run run;
    for (std::size_t s = 0; s < batches.ids.size(); ++s) {
        const llmlings::transformer::train_step_result r =
            llmlings::transformer::gpt_train_step(model, batches.ids[s], batches.targets[s], ws, g, opt, max_grad_norm);
        run.loss.push_back(r.loss);
        run.grad_norm.push_back(r.grad_norm);
    }
    run.values = store_values(model.params);
    return runs.emplace(max_grad_norm, run).first->second;
}

#define LLMLINGS_ORACLES_11_OF(T)                                                                    \
    template std::vector<T> elements_of<T>(const vector&);                                           \
    template vector widened<T>(const T*, std::size_t);                                               \
    template vector mpi_allreduce_sum<T>(const vector&, MPI_Comm);                                   \
    template bool same_on_every_rank<T>(const T*, std::size_t, MPI_Comm);                            \
    template llmlings::transformer::gpt_model<T> seeded_gpt<T>(unsigned);                            \
    template llmlings::nn::adam_optimizer<T> nanogpt_adamw<T>(llmlings::transformer::gpt_model<T>&); \
    template vector store_values<T>(const llmlings::parameter_store<T>&);                            \
    template vector store_grads<T>(const llmlings::parameter_store<T>&);                             \
    template const reference_run& whole_batch_training<T>(double);                                   \
    template llmlings::parameter_store<T> small_store<T>(unsigned, int);
LLMLINGS_ORACLES_11_OF(float)
LLMLINGS_ORACLES_11_OF(double)

}  // namespace oracles
