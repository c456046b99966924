// SPDX-License-Identifier: MIT
// Oracles of tests/mlops/04_promotion_gate.cpp: the golden file and a seeded shuffle, no llmlings
// algorithm code.
#include "04_promotion_gate.hpp"

#include <random>
#include <utility>

#include <llmlings/testing.hpp>

namespace oracles {

namespace {

const llmlings::testing::golden_file& golden() {
    static const llmlings::testing::golden_file g =
        llmlings::testing::golden_file::load(llmlings::testing::golden_path("mlops/04_promotion_gate.txt"));
    return g;
}

}  // namespace

std::vector<double> gate_golden(const std::string& name) {
    const xt::xarray<double>& a = golden().array(name);
    return std::vector<double>(a.begin(), a.end());
}

paired_labels paired_outcomes(std::size_t both_right, std::size_t only_a_right, std::size_t only_b_right,
                              std::size_t both_wrong, unsigned seed) {
    const std::size_t n = both_right + only_a_right + only_b_right + both_wrong;
    // kind of each example: 0 both right, 1 only a right, 2 only b right, 3 both wrong
    std::vector<int> kind;
    kind.reserve(n);
    kind.insert(kind.end(), both_right, 0);
    kind.insert(kind.end(), only_a_right, 1);
    kind.insert(kind.end(), only_b_right, 2);
    kind.insert(kind.end(), both_wrong, 3);
    std::mt19937 gen(seed);  // Fisher-Yates with mt19937's raw output: the same order everywhere
    for (std::size_t i = n; i > 1; --i) std::swap(kind[i - 1], kind[gen() % i]);
    paired_labels out{index_vector::from_shape({n}), index_vector::from_shape({n}), index_vector::from_shape({n})};
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t truth = 1000 + gen() % 10;
        const std::size_t wrong_a = 1000 + (truth - 1000 + 1 + gen() % 9) % 10;  // another label
        const std::size_t wrong_b = 1000 + (truth - 1000 + 1 + gen() % 9) % 10;
        out.truth(i) = truth;
        out.pred_a(i) = (kind[i] == 0 || kind[i] == 1) ? truth : wrong_a;
        out.pred_b(i) = (kind[i] == 0 || kind[i] == 2) ? truth : wrong_b;
    }
    return out;
}

}  // namespace oracles
