// SPDX-License-Identifier: MIT
// Oracles of tests/transformer/03_positions.cpp: the PyTorch golden file and plain helpers; no code
// of the topic under test.
#include "03_positions.hpp"

#include <cmath>
#include <map>

#include <llmlings/testing.hpp>

namespace oracles {

namespace {

const llmlings::testing::golden_file& golden() {
    static const llmlings::testing::golden_file g =
        llmlings::testing::golden_file::load(llmlings::testing::golden_path("transformer/03_positions.txt"));
    return g;
}

matrix matrix_of_array(const xt::xarray<double>& a) {
    if (a.dimension() != 2) throw llmlings::shape_error("oracles::matrix_of_array", "expected a matrix");
    matrix m = xt::zeros<double>({a.shape()[0], a.shape()[1]});
    std::copy(a.begin(), a.end(), m.begin());
    return m;
}

tensor3 tensor3_of_array(const xt::xarray<double>& a) {
    if (a.dimension() != 3) throw llmlings::shape_error("oracles::tensor3_of_array", "expected a (B,T,F) tensor");
    tensor3 t = xt::zeros<double>({a.shape()[0], a.shape()[1], a.shape()[2]});
    std::copy(a.begin(), a.end(), t.begin());
    return t;
}

rope_golden_case load_rope(const std::string& name) {
    const auto& g = golden();
    rope_golden_case c;
    c.x = tensor3_of_array(g.array(name + ".x"));
    c.g = tensor3_of_array(g.array(name + ".g"));
    c.y = tensor3_of_array(g.array(name + ".y"));
    c.dx = tensor3_of_array(g.array(name + ".dx"));
    c.cos = matrix_of_array(g.array(name + ".cos"));
    c.sin = matrix_of_array(g.array(name + ".sin"));
    c.start = static_cast<std::size_t>(g.array(name + ".start")(0));
    c.max_positions = static_cast<std::size_t>(g.array(name + ".max_positions")(0));
    c.base = g.array(name + ".base")(0);
    return c;
}

}  // namespace

const matrix& sinusoidal_golden(const std::string& name) {
    static const std::map<std::string, matrix> tables = [] {
        std::map<std::string, matrix> out;
        for (const char* n : {"sin.even", "sin.odd", "sin.far"}) out[n] = matrix_of_array(golden().array(n));
        return out;
    }();
    const auto it = tables.find(name);
    if (it == tables.end()) throw llmlings::invalid_argument("oracles::sinusoidal_golden", "no table '" + name + "'");
    return it->second;
}

std::vector<std::size_t> sinusoidal_far_positions() {
    const xt::xarray<double>& p = golden().array("sin.far.positions");
    std::vector<std::size_t> out;
    for (double v : p) out.push_back(static_cast<std::size_t>(v));
    return out;
}

const rope_golden_case& rope_golden(const std::string& name) {
    static const std::map<std::string, rope_golden_case> cases = [] {
        std::map<std::string, rope_golden_case> out;
        for (const char* n : {"cached", "plain"}) out[n] = load_rope(std::string("rope.") + n);
        return out;
    }();
    const auto it = cases.find(name);
    if (it == cases.end()) throw llmlings::invalid_argument("oracles::rope_golden", "no case '" + name + "'");
    return it->second;
}

matrix counting_table(std::size_t rows, std::size_t cols) {
    matrix w = xt::zeros<double>({rows, cols});
    for (std::size_t p = 0; p < rows; ++p)
        for (std::size_t c = 0; c < cols; ++c) w(p, c) = 10.0 * static_cast<double>(p) + static_cast<double>(c);
    return w;
}

tensor3 plus_rows(const tensor3& x, const matrix& table, std::size_t start) {
    const std::size_t B = x.shape()[0], T = x.shape()[1], F = x.shape()[2];
    if (table.shape()[1] != F || start + T > table.shape()[0])
        throw llmlings::shape_error("oracles::plus_rows", "the table does not fit");
    tensor3 y = x;
    for (std::size_t b = 0; b < B; ++b)
        for (std::size_t t = 0; t < T; ++t)
            for (std::size_t f = 0; f < F; ++f) y(b, t, f) += table(start + t, f);
    return y;
}

matrix plus_batch_sums(const matrix& initial, const tensor3& dy, std::size_t start) {
    const std::size_t B = dy.shape()[0], T = dy.shape()[1], F = dy.shape()[2];
    if (initial.shape()[1] != F || start + T > initial.shape()[0])
        throw llmlings::shape_error("oracles::plus_batch_sums", "the table does not fit");
    matrix g = initial;
    for (std::size_t t = 0; t < T; ++t)
        for (std::size_t f = 0; f < F; ++f)
            for (std::size_t b = 0; b < B; ++b) g(start + t, f) += dy(b, t, f);
    return g;
}

matrix rows_at(const matrix& table, const std::vector<std::size_t>& rows) {
    const std::size_t cols = table.shape()[1];
    matrix out = xt::zeros<double>({rows.size(), cols});
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (rows[r] >= table.shape()[0])
            throw llmlings::shape_error(
                "oracles::rows_at",
                llmlings::detail::concat("row ", rows[r], " of ", llmlings::shape_str(table.shape())));
        for (std::size_t j = 0; j < cols; ++j) out(r, j) = table(rows[r], j);
    }
    return out;
}

tensor3 steps_of(const tensor3& x, std::size_t from, std::size_t to) {
    if (from > to || to > x.shape()[1])
        throw llmlings::shape_error("oracles::steps_of", llmlings::detail::concat("steps ", from, " to ", to, " of ",
                                                                                  llmlings::shape_str(x.shape())));
    const std::size_t B = x.shape()[0], F = x.shape()[2];
    tensor3 out = xt::zeros<double>({B, to - from, F});
    for (std::size_t b = 0; b < B; ++b)
        for (std::size_t t = from; t < to; ++t)
            for (std::size_t f = 0; f < F; ++f) out(b, t - from, f) = x(b, t, f);
    return out;
}

vector row_norms(const tensor3& x) {
    const std::size_t rows = x.shape()[0] * x.shape()[1], F = x.shape()[2];
    vector out = xt::zeros<double>({rows});
    for (std::size_t r = 0; r < rows; ++r) {
        double s = 0.0;
        for (std::size_t f = 0; f < F; ++f) s += x.data()[r * F + f] * x.data()[r * F + f];
        out(r) = std::sqrt(s);
    }
    return out;
}

}  // namespace oracles
