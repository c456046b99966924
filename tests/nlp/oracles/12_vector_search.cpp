// SPDX-License-Identifier: MIT
// Oracles of tests/nlp/12_vector_search.cpp: seeded clustered data and brute-force neighbours by
// plain loops and a full sort; no code of the topic under test.
#include "12_vector_search.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>
#include <numeric>
#include <sstream>

namespace oracles {

namespace {

// A multiple of 1/8 in [c − 1, c + 1] around the cluster coordinate c.
double near(double centre, llmlings::rng& gen) {
    return centre + (static_cast<double>(llmlings::uniform_index(17, gen)) - 8.0) / 8.0;
}

}  // namespace

const search_data& clustered_search_data() {
    static const search_data s = [] {
        search_data out;
        out.n = 2500;
        out.d = 16;
        out.m = 70;
        const std::size_t clusters = 12, d = out.d;
        llmlings::rng gen(12);
        // cluster centres: multiples of 1/8 in [−5, 5]
        std::vector<double> centres(clusters * d);
        for (double& c : centres) c = (static_cast<double>(llmlings::uniform_index(81, gen)) - 40.0) / 8.0;
        auto draw = [&](std::vector<double>& rows, std::size_t count) {
            rows.resize(count * d);
            for (std::size_t i = 0; i < count; ++i) {
                const std::size_t c = static_cast<std::size_t>(llmlings::uniform_index(clusters, gen));
                for (std::size_t j = 0; j < d; ++j) rows[i * d + j] = near(centres[c * d + j], gen);
            }
        };
        draw(out.data, out.n);
        draw(out.queries, out.m);
        std::fill(out.data.begin() + 7 * d, out.data.begin() + 8 * d, 0.0);  // a zero vector
        for (std::size_t i = 0; i < 10; ++i)  // exact duplicates: ties under every metric
            std::copy_n(out.data.begin() + i * d, d, out.data.begin() + (1200 + i) * d);
        std::copy_n(out.data.begin() + 1800 * d, d, out.data.begin() + 2400 * d);
        std::fill(out.queries.begin(), out.queries.begin() + d, 0.0);       // every cosine 0
        std::copy_n(out.data.begin() + 5 * d, d, out.queries.begin() + d);  // a stored vector
        return out;
    }();
    return s;
}

const std::vector<std::vector<double>>& brute_force_scores(brute_metric metric) {
    static std::vector<std::vector<double>> cache[3];
    std::vector<std::vector<double>>& scores = cache[static_cast<int>(metric)];
    if (!scores.empty()) return scores;
    const search_data& s = clustered_search_data();
    scores.assign(s.m, std::vector<double>(s.n));
    for (std::size_t q = 0; q < s.m; ++q) {
        const double* a = s.queries.data() + q * s.d;
        for (std::size_t i = 0; i < s.n; ++i) {
            const double* x = s.data.data() + i * s.d;
            double dot = 0.0, qq = 0.0, xx = 0.0, l2 = 0.0;
            for (std::size_t j = 0; j < s.d; ++j) {
                dot += a[j] * x[j];
                qq += a[j] * a[j];
                xx += x[j] * x[j];
                l2 += (a[j] - x[j]) * (a[j] - x[j]);
            }
            switch (metric) {
                case brute_metric::inner_product:
                    scores[q][i] = dot;
                    break;
                case brute_metric::cosine:
                    scores[q][i] = qq == 0.0 || xx == 0.0 ? 0.0 : dot / std::sqrt(qq * xx);
                    break;
                case brute_metric::squared_l2:
                    scores[q][i] = l2;
                    break;
            }
        }
    }
    return scores;
}

const std::vector<std::vector<std::size_t>>& brute_force_top_k(brute_metric metric, std::size_t k) {
    static std::map<std::pair<int, std::size_t>, std::vector<std::vector<std::size_t>>> cache;
    std::vector<std::vector<std::size_t>>& top = cache[{static_cast<int>(metric), k}];
    if (!top.empty()) return top;
    const std::vector<std::vector<double>>& scores = brute_force_scores(metric);
    const bool smaller = metric == brute_metric::squared_l2;
    top.resize(scores.size());
    for (std::size_t q = 0; q < scores.size(); ++q) {
        const std::vector<double>& row = scores[q];
        std::vector<std::size_t> order(row.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            if (row[a] != row[b]) return smaller ? row[a] < row[b] : row[a] > row[b];
            return a < b;
        });
        order.resize(std::min(k, order.size()));
        top[q] = order;
    }
    return top;
}

namespace {

template <class T>
llmlings::matrix_of<T> rows_as(const std::vector<double>& flat, std::size_t first, std::size_t count, std::size_t d) {
    llmlings::matrix_of<T> out({count, d});
    for (std::size_t i = 0; i < count; ++i)
        for (std::size_t j = 0; j < d; ++j) out(i, j) = static_cast<T>(flat[(first + i) * d + j]);
    return out;
}

template <class T>
std::vector<std::size_t> best_lists_of(const llmlings::matrix_of<T>& centroids, const double* q, std::size_t nprobe,
                                       bool l2) {
    const std::size_t nlist = centroids.shape()[0], d = centroids.shape()[1];
    std::vector<double> measure(nlist);
    for (std::size_t l = 0; l < nlist; ++l) {
        double s = 0.0;
        for (std::size_t j = 0; j < d; ++j) {
            const double c = static_cast<double>(centroids(l, j));
            s += l2 ? (q[j] - c) * (q[j] - c) : q[j] * c;
        }
        measure[l] = l2 ? s : -s;  // smaller is better
    }
    std::vector<std::size_t> order(nlist);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return measure[a] < measure[b]; });
    order.resize(std::min(nprobe, nlist));
    return order;
}

}  // namespace

llmlings::matrix_of<float> rows_float(const std::vector<double>& flat, std::size_t first, std::size_t count,
                                      std::size_t d) {
    return rows_as<float>(flat, first, count, d);
}

llmlings::matrix_of<double> rows_double(const std::vector<double>& flat, std::size_t first, std::size_t count,
                                        std::size_t d) {
    return rows_as<double>(flat, first, count, d);
}

std::string compare_neighbours(const std::vector<std::size_t>& indices, const std::vector<double>& scores,
                               const std::vector<std::size_t>& expected, const std::vector<double>& truth, bool exact,
                               double atol) {
    std::ostringstream problem;
    if (indices.size() != expected.size()) problem << "length " << indices.size() << ", expected " << expected.size();
    std::vector<std::size_t> seen;
    for (std::size_t r = 0; problem.str().empty() && r < indices.size(); ++r) {
        const std::size_t i = indices[r];
        if (i >= truth.size()) {
            problem << "index " << i << " out of range at rank " << r;
            break;
        }
        seen.push_back(i);
        const double want = truth[expected[r]];
        if (exact ? (i != expected[r] || scores[r] != want)
                  : (std::fabs(truth[i] - want) > atol || std::fabs(scores[r] - truth[i]) > atol))
            problem << "rank " << r << ": expected (" << expected[r] << ", " << want << ")";
    }
    std::sort(seen.begin(), seen.end());
    if (problem.str().empty() && std::adjacent_find(seen.begin(), seen.end()) != seen.end())
        problem << "an index twice";
    if (problem.str().empty()) return "";
    problem << "\n  got";
    for (std::size_t r = 0; r < indices.size(); ++r) problem << " (" << indices[r] << ", " << scores[r] << ")";
    return problem.str();
}

std::vector<std::size_t> best_lists(const llmlings::matrix_of<float>& centroids, const double* q, std::size_t nprobe,
                                    bool l2) {
    return best_lists_of(centroids, q, nprobe, l2);
}

std::vector<std::size_t> best_lists(const llmlings::matrix_of<double>& centroids, const double* q, std::size_t nprobe,
                                    bool l2) {
    return best_lists_of(centroids, q, nprobe, l2);
}

std::vector<std::size_t> top_k_among(const std::vector<double>& truth, std::vector<std::size_t> allowed, std::size_t k,
                                     bool smaller) {
    std::sort(allowed.begin(), allowed.end(), [&](std::size_t a, std::size_t b) {
        if (truth[a] != truth[b]) return smaller ? truth[a] < truth[b] : truth[a] > truth[b];
        return a < b;
    });
    allowed.resize(std::min(k, allowed.size()));
    return allowed;
}

std::string check_inverted_lists(brute_metric metric, const llmlings::matrix_of<float>& centroids,
                                 const std::vector<std::vector<float>>& vectors,
                                 const std::vector<std::vector<std::size_t>>& ids) {
    const search_data& s = clustered_search_data();
    const std::size_t nlist = centroids.shape()[0], d = s.d;
    std::ostringstream problem;
    if (vectors.size() != nlist || ids.size() != nlist || centroids.shape()[1] != d) {
        problem << nlist << " centroids, " << vectors.size() << " vector lists, " << ids.size() << " id lists";
        return problem.str();
    }
    std::vector<int> times(s.n, 0);
    std::size_t misplaced = 0, wrong_values = 0, bad_ids = 0;
    double largest_centroid = 0.0;
    std::vector<double> v(d);
    for (std::size_t l = 0; l < nlist; ++l) {
        double norm2 = 0.0;
        for (std::size_t j = 0; j < d; ++j) norm2 += double(centroids(l, j)) * centroids(l, j);
        largest_centroid = std::max(largest_centroid, std::sqrt(norm2));
        if (vectors[l].size() != ids[l].size() * d) {
            problem << "list " << l << " has " << ids[l].size() << " ids and " << vectors[l].size() << " values; ";
            continue;
        }
        for (std::size_t r = 0; r < ids[l].size(); ++r) {
            const std::size_t id = ids[l][r];
            if (id >= s.n) {
                ++bad_ids;
                continue;
            }
            ++times[id];
            // what the list should hold: the row, divided by its norm under cosine
            const double* x = s.data.data() + id * d;
            double xx = 0.0;
            for (std::size_t j = 0; j < d; ++j) xx += x[j] * x[j];
            const double scale = metric == brute_metric::cosine && xx > 0.0 ? 1.0 / std::sqrt(xx) : 1.0;
            for (std::size_t j = 0; j < d; ++j) {
                v[j] = x[j] * scale;
                if (std::fabs(vectors[l][r * d + j] - v[j]) > 1e-6) ++wrong_values;
            }
            if (best_lists_of(centroids, v.data(), 1, metric == brute_metric::squared_l2)[0] != l) ++misplaced;
        }
    }
    const std::size_t missing_or_twice =
        static_cast<std::size_t>(std::count_if(times.begin(), times.end(), [](int t) { return t != 1; }));
    if (bad_ids + missing_or_twice + misplaced + wrong_values > 0)
        problem << bad_ids << " ids out of range, " << missing_or_twice << " ids missing or twice, " << misplaced
                << " vectors not in their best list, " << wrong_values << " wrong values";
    if (metric == brute_metric::cosine && largest_centroid > 1.0 + 1e-6)
        problem << "; a centroid of norm " << largest_centroid << " > 1 (cosine trains on unit vectors)";
    return problem.str();
}

}  // namespace oracles
