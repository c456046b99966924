// SPDX-License-Identifier: MIT
// nlp/12: approximate nearest-neighbour search, QPS against recall@10, llmlings' IVF-Flat index
// against FAISS (IndexIVFFlat, and IndexFlatIP for the exact reference) and hnswlib (HNSW), on
// the same vectors and queries, one thread each, in one program.
//
// The vectors: LSA of the King James Bible's verses. TF-IDF (nlp/03: nlp/01's tokenize(), terms
// in at least 2 verses and at most half of them, sklearn's default weighting, rows of unit
// length), then a truncated SVD to D = 128 (randomised, Halko–Martinsson–Tropp, as sklearn's
// TruncatedSVD: 10 extra columns, 5 power iterations, LAPACK through xtensor-blas) fitted on
// the stored verses, and each LSA vector divided by its norm (sklearn's LSA recipe: TruncatedSVD
// then Normalizer). The queries are held out: every 31st verse (i % 31 == 15) is a query (1003),
// the other 30099 are stored. The measure is the inner product (= cosine: unit vectors) for
// every index; the ground truth is llmlings' exact_search_batch().
//
// Indexes: llmlings train_ivf() + ivf_add() (nlist 256, k-means of ml/06, 25 iterations) swept
// over nprobe; FAISS IndexIVFFlat (nlist 256, its own k-means, METRIC_INNER_PRODUCT) swept over
// the same nprobe; hnswlib HierarchicalNSW on InnerProductSpace (M 16, ef_construction 200) swept
// over ef. QPS: all queries one after the other (FAISS: one search() call for the batch, on one
// OpenMP thread), the median of --repeats passes (default 5) and their range, by wall time, and
// the median by CPU time (std::clock(): on a loaded machine the wall clock measures the neighbours).
// Printed at the end: the first setting of each that reaches recall@10 >= 0.9, its QPS, and
// llmlings' QPS over the faster peer's.
//
// Build and run (needs libfaiss-dev and libhnswlib-dev; without them CMake skips this target):
//   cmake --preset bench && cmake --build --preset bench --target bench_nlp_vector_search
//   OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 build/bench/bench/bench_nlp_vector_search [--repeats=N]
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <exception>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include <omp.h>

#include <faiss/IndexFlat.h>
#include <faiss/IndexIVFFlat.h>
#include <hnswlib/hnswlib.h>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xrandom.hpp>
#include <xtensor/xview.hpp>

#include <llmlings/core.hpp>
#include <llmlings/data/kjv.hpp>
#include <llmlings/nlp/01_tokenization.hpp>
#include <llmlings/nlp/03_tfidf.hpp>
#include <llmlings/nlp/12_vector_search.hpp>

namespace {

namespace nlp = llmlings::nlp;
using results = std::vector<std::vector<nlp::neighbour<float>>>;
using faiss_id = faiss::Index::idx_t;  // faiss 1.7.3 (Debian 12): a member of Index

constexpr std::size_t D = 128, K = 10, NLIST = 256, QUERY_EVERY = 31;

using clock_type = std::chrono::steady_clock;
double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

/// Y (n,l) = A Ω for sparse rows A (n,V) and dense Ω (V,l).
llmlings::matrix sparse_times(const std::vector<nlp::sparse_vector>& a, const llmlings::matrix& omega) {
    const std::size_t l = omega.shape()[1];
    llmlings::matrix y = xt::zeros<double>({a.size(), l});
    for (std::size_t i = 0; i < a.size(); ++i) {
        double* yi = y.data() + i * l;
        for (std::size_t t = 0; t < a[i].indices.size(); ++t) {
            const double v = a[i].values[t];
            const double* o = omega.data() + a[i].indices[t] * l;
            for (std::size_t c = 0; c < l; ++c) yi[c] += v * o[c];
        }
    }
    return y;
}

/// Z (V,l) = Aᵀ Q for sparse rows A (n,V) and dense Q (n,l).
llmlings::matrix sparse_transpose_times(const std::vector<nlp::sparse_vector>& a, std::size_t columns,
                                        const llmlings::matrix& q) {
    const std::size_t l = q.shape()[1];
    llmlings::matrix z = xt::zeros<double>({columns, l});
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double* qi = q.data() + i * l;
        for (std::size_t t = 0; t < a[i].indices.size(); ++t) {
            const double v = a[i].values[t];
            double* zj = z.data() + a[i].indices[t] * l;
            for (std::size_t c = 0; c < l; ++c) zj[c] += v * qi[c];
        }
    }
    return z;
}

/// An orthonormal basis of the columns of y (reduced QR), row-major.
llmlings::matrix orthonormal(const llmlings::matrix& y) {
    auto [q, r] = xt::linalg::qr(y);
    return llmlings::matrix(q);
}

/// The D right singular vectors (V,D) of the sparse matrix A (n,V): randomised SVD.
llmlings::matrix truncated_svd_components(const std::vector<nlp::sparse_vector>& a, std::size_t columns) {
    const std::size_t l = D + 10;
    xt::random::seed(42);
    const llmlings::matrix omega = xt::random::randn<double>({columns, l});
    llmlings::matrix q = orthonormal(sparse_times(a, omega));
    for (int it = 0; it < 5; ++it) {
        const llmlings::matrix z = orthonormal(sparse_transpose_times(a, columns, q));
        q = orthonormal(sparse_times(a, z));
    }
    const llmlings::matrix bt = sparse_transpose_times(a, columns, q);  // Bᵀ = Aᵀ Q, (V,l)
    auto [u, s, vt] = xt::linalg::svd(bt, false);                       // Bᵀ = U S Vᵀ: A's right vectors are U
    return llmlings::matrix(xt::view(u, xt::all(), xt::range(0, D)));
}

/// Every document's LSA vector: its TF-IDF row times the components, divided by its norm.
llmlings::matrix_of<float> lsa_vectors(const std::vector<nlp::sparse_vector>& rows, const llmlings::matrix& comp) {
    llmlings::matrix_of<float> out({rows.size(), D});
    std::vector<double> v(D);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        std::fill(v.begin(), v.end(), 0.0);
        for (std::size_t t = 0; t < rows[i].indices.size(); ++t) {
            const double* c = comp.data() + rows[i].indices[t] * D;
            for (std::size_t j = 0; j < D; ++j) v[j] += rows[i].values[t] * c[j];
        }
        double norm = 0.0;
        for (double x : v) norm += x * x;
        norm = norm > 0.0 ? 1.0 / std::sqrt(norm) : 0.0;
        for (std::size_t j = 0; j < D; ++j) out(i, j) = static_cast<float>(v[j] * norm);
    }
    return out;
}

struct timing {
    double median = 0.0, low = 0.0, high = 0.0;  // QPS by wall time
    double cpu = 0.0;                            // QPS by CPU time (std::clock: the process), the median
};

double median_of(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size();
    return m % 2 ? v[m / 2] : 0.5 * (v[m / 2 - 1] + v[m / 2]);
}

/// Runs `pass` (all queries once) `repeats` times: QPS median and range, and by CPU time.
timing measure(std::size_t queries, int repeats, const std::function<void()>& pass) {
    std::vector<double> qps, cpu;
    for (int r = 0; r < repeats; ++r) {
        const auto start = clock_type::now();
        const std::clock_t cpu_start = std::clock();
        pass();
        cpu.push_back(static_cast<double>(queries) * CLOCKS_PER_SEC / static_cast<double>(std::clock() - cpu_start));
        qps.push_back(static_cast<double>(queries) / seconds_since(start));
    }
    return {median_of(qps), *std::min_element(qps.begin(), qps.end()), *std::max_element(qps.begin(), qps.end()),
            median_of(cpu)};
}

struct row {
    std::string method;
    std::size_t setting = 0;
    double recall = 0.0;
    timing qps;
};

void print(const row& r, const char* setting_name) {
    std::printf("%-22s %-7s %5zu   recall@10 %.4f   QPS %7.0f (%.0f-%.0f)   per CPU s %7.0f\n", r.method.c_str(),
                setting_name, r.setting, r.recall, r.qps.median, r.qps.low, r.qps.high, r.qps.cpu);
    std::fflush(stdout);
}

/// FAISS's (distances, labels) as result lists.
results from_faiss(const std::vector<float>& dist, const std::vector<faiss_id>& labels, std::size_t m) {
    results out(m);
    for (std::size_t q = 0; q < m; ++q)
        for (std::size_t r = 0; r < K; ++r)
            if (labels[q * K + r] >= 0)
                out[q].push_back({static_cast<std::size_t>(labels[q * K + r]), dist[q * K + r]});
    return out;
}

}  // namespace

int main(int argc, char** argv) try {
    int repeats = 5;
    for (int i = 1; i < argc; ++i) {
        if (std::strncmp(argv[i], "--repeats=", 10) == 0) {
            repeats = std::max(1, std::atoi(argv[i] + 10));
        } else {
            std::cerr << "usage: bench_nlp_vector_search [--repeats=N]\n";
            return 2;
        }
    }
    omp_set_num_threads(1);  // FAISS: one thread (OPENBLAS_NUM_THREADS=1 for its BLAS and ours)

    // 1. The corpus: TF-IDF rows of every verse; stored verses and held-out queries.
    auto start = clock_type::now();
    const std::vector<llmlings::data::verse> verses = llmlings::data::load_kjv();
    std::vector<std::vector<std::string>> docs;
    for (const auto& v : verses) docs.push_back(nlp::tokenize(v.text));
    std::vector<std::vector<std::string>> stored_docs;
    for (std::size_t i = 0; i < docs.size(); ++i)
        if (i % QUERY_EVERY != 15) stored_docs.push_back(docs[i]);
    nlp::vocabulary_options vo;
    vo.min_df = 2;
    vo.max_df = 0.5;
    const nlp::tfidf_model model = nlp::make_tfidf(nlp::fit_term_vocabulary(stored_docs, vo));
    std::vector<nlp::sparse_vector> stored_rows, query_rows;
    for (std::size_t i = 0; i < docs.size(); ++i)
        (i % QUERY_EVERY != 15 ? stored_rows : query_rows).push_back(nlp::tfidf_vector(model, docs[i]));
    const std::size_t terms = model.vocabulary.terms.size();

    // 2. LSA: the components fitted on the stored verses, every verse projected.
    const llmlings::matrix comp = truncated_svd_components(stored_rows, terms);
    const llmlings::matrix_of<float> xb = lsa_vectors(stored_rows, comp), xq = lsa_vectors(query_rows, comp);
    const std::size_t n = xb.shape()[0], m = xq.shape()[0];
    std::printf(
        "LSA vectors of the KJV: %zu verses, %zu terms (min_df 2, max_df 0.5), D = %zu; %zu stored, %zu queries "
        "(held out); inner product of unit vectors; k = %zu (%.1f s to prepare)\n",
        verses.size(), terms, D, n, m, K, seconds_since(start));

    // 3. The ground truth, and the exact searches for reference.
    std::vector<row> rows;
    results truth;
    timing t =
        measure(m, repeats, [&] { truth = nlp::exact_search_batch(xb, xq, K, nlp::search_metric::inner_product); });
    rows.push_back({"llmlings exact (BLAS)", 0, 1.0, t});
    print(rows.back(), "-");
    faiss::IndexFlatIP flat(static_cast<int>(D));
    flat.add(static_cast<faiss_id>(n), xb.data());
    std::vector<float> dist(m * K);
    std::vector<faiss_id> labels(m * K);
    t = measure(m, repeats, [&] { flat.search(static_cast<faiss_id>(m), xq.data(), K, dist.data(), labels.data()); });
    rows.push_back({"faiss IndexFlatIP", 0, nlp::recall_at_k(from_faiss(dist, labels, m), truth, K), t});
    print(rows.back(), "-");

    // 4. llmlings IVF-Flat.
    const std::vector<std::size_t> nprobes = {1, 2, 4, 6, 8, 12, 16, 24, 32, 48, 64};
    start = clock_type::now();
    llmlings::rng gen(1);
    nlp::ivf_index<float> ivf = nlp::train_ivf(xb, NLIST, nlp::search_metric::inner_product, gen, 25);
    nlp::ivf_add(ivf, xb);
    std::printf("llmlings IVF: nlist %zu, trained and filled in %.1f s\n", NLIST, seconds_since(start));
    for (std::size_t nprobe : nprobes) {
        results found;
        t = measure(m, repeats, [&] { found = nlp::ivf_search_batch(ivf, xq, K, nprobe); });
        rows.push_back({"llmlings IVF-Flat", nprobe, nlp::recall_at_k(found, truth, K), t});
        print(rows.back(), "nprobe");
    }

    // 5. FAISS IVF-Flat.
    start = clock_type::now();
    faiss::IndexFlatIP quantizer(static_cast<int>(D));
    faiss::IndexIVFFlat faiss_ivf(&quantizer, D, NLIST, faiss::METRIC_INNER_PRODUCT);
    faiss_ivf.train(static_cast<faiss_id>(n), xb.data());
    faiss_ivf.add(static_cast<faiss_id>(n), xb.data());
    std::printf("faiss IndexIVFFlat: nlist %zu, trained and filled in %.1f s\n", NLIST, seconds_since(start));
    for (std::size_t nprobe : nprobes) {
        faiss_ivf.nprobe = nprobe;
        t = measure(m, repeats,
                    [&] { faiss_ivf.search(static_cast<faiss_id>(m), xq.data(), K, dist.data(), labels.data()); });
        rows.push_back({"faiss IndexIVFFlat", nprobe, nlp::recall_at_k(from_faiss(dist, labels, m), truth, K), t});
        print(rows.back(), "nprobe");
    }

    // 6. hnswlib HNSW.
    start = clock_type::now();
    hnswlib::InnerProductSpace space(D);
    hnswlib::HierarchicalNSW<float> hnsw(&space, n, 16, 200, 100);
    for (std::size_t i = 0; i < n; ++i) hnsw.addPoint(xb.data() + i * D, i);
    std::printf("hnswlib HNSW: M 16, ef_construction 200, built in %.1f s\n", seconds_since(start));
    for (std::size_t ef : {10, 16, 24, 32, 48, 64, 96, 128, 192, 256}) {
        hnsw.setEf(ef);
        results found(m);
        t = measure(m, repeats, [&] {
            for (std::size_t q = 0; q < m; ++q) {
                auto heap = hnsw.searchKnn(xq.data() + q * D, K);  // worst first; distance 1 - q·x
                found[q].resize(heap.size());
                for (std::size_t r = heap.size(); r-- > 0; heap.pop())
                    found[q][r] = {static_cast<std::size_t>(heap.top().second), 1.0f - heap.top().first};
            }
        });
        rows.push_back({"hnswlib HNSW", ef, nlp::recall_at_k(found, truth, K), t});
        print(rows.back(), "ef");
    }

    // 7. The first setting of each that reaches recall@10 >= 0.9.
    std::printf("\nfirst setting with recall@10 >= 0.9:\n");
    double ours = 0.0, best_peer = 0.0, ours_cpu = 0.0, best_peer_cpu = 0.0;
    for (const char* method : {"llmlings IVF-Flat", "faiss IndexIVFFlat", "hnswlib HNSW"}) {
        const auto it =
            std::find_if(rows.begin(), rows.end(), [&](const row& r) { return r.method == method && r.recall >= 0.9; });
        if (it == rows.end()) {
            std::printf("%-22s none reaches 0.9\n", method);
            continue;
        }
        print(*it, it->method == "hnswlib HNSW" ? "ef" : "nprobe");
        if (it->method == "llmlings IVF-Flat") {
            ours = it->qps.median;
            ours_cpu = it->qps.cpu;
        } else {
            best_peer = std::max(best_peer, it->qps.median);
            best_peer_cpu = std::max(best_peer_cpu, it->qps.cpu);
        }
    }
    if (ours > 0.0 && best_peer > 0.0)
        std::printf(
            "llmlings / faster peer at recall@10 >= 0.9: %.2fx by wall time, %.2fx by CPU time (goal >= 0.5x)\n",
            ours / best_peer, ours_cpu / best_peer_cpu);
    return 0;
} catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
    return 1;
}
