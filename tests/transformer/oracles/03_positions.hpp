// SPDX-License-Identifier: MIT
// The oracles of tests/transformer/03_positions.cpp, compiled once in oracles/03_positions.cpp
// (never with the learner's file): PyTorch's sinusoidal tables and LLaMA's rotary embedding in its
// complex-number form, forward and backward, from tests/golden/transformer/03_positions.txt
// (tools/golden/transformer_positions.py); and plain helpers on tensors (slices along T, row
// norms). The seeded random data, inner products, sample moments, gradient checks and tensor
// helpers are those of common/oracles.hpp. Each returns plain containers.
#ifndef LLMLINGS_TESTS_TRANSFORMER_ORACLES_03_POSITIONS_HPP
#define LLMLINGS_TESTS_TRANSFORMER_ORACLES_03_POSITIONS_HPP

#include <cstddef>
#include <string>
#include <vector>

#include "common/oracles.hpp"

namespace oracles {

/// A sinusoidal table of the golden file: "sin.even" (32, 16) with base 10⁴, "sin.odd" (12, 5)
/// with base 100, or "sin.far", the rows sinusoidal_far_positions() of the (10000, 16) table with
/// base 10⁴. Loaded once.
const matrix& sinusoidal_golden(const std::string& name);
/// The positions of the rows of "sin.far": 0, 1, 2, 99, 1000, 4097, 9999.
std::vector<std::size_t> sinusoidal_far_positions();

/// One RoPE case of the golden file: x (N,T,d) at positions start … start + T − 1 of a table of
/// max_positions rows with the given base; the table's cos and sin (max_positions, d/2); LLaMA's
/// y (N,T,d) and, for the loss sum(y · g), dx (N,T,d).
struct rope_golden_case {
    tensor3 x, g, y, dx;
    matrix cos, sin;
    std::size_t start = 0, max_positions = 0;
    double base = 0.0;
};
/// "cached" (N=3, T=5, d=8, start 4, 12 positions, base 10⁴) or "plain" (N=2, T=3, d=4, start 0,
/// 3 positions, base 100). Loaded once.
const rope_golden_case& rope_golden(const std::string& name);

/// The (rows, cols) table W(p, c) = 10p + c, whose rows are recognisable.
matrix counting_table(std::size_t rows, std::size_t cols);
/// x[b, t, :] + table[start + t, :] for every b and t: learned positions, written out.
tensor3 plus_rows(const tensor3& x, const matrix& table, std::size_t start);
/// `initial` with Σ_b dy[b, t, :] added to its row start + t: the learned table's gradient.
matrix plus_batch_sums(const matrix& initial, const tensor3& dy, std::size_t start);
/// The rows `rows` of a table, in that order.
matrix rows_at(const matrix& table, const std::vector<std::size_t>& rows);
/// Steps from … to − 1 of a (B,T,F) tensor: (B, to − from, F).
tensor3 steps_of(const tensor3& x, std::size_t from, std::size_t to);
/// The Euclidean norm of every row x[b, t, :], in row-major order of (b, t).
vector row_norms(const tensor3& x);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_TRANSFORMER_ORACLES_03_POSITIONS_HPP
