// SPDX-License-Identifier: MIT
#include "03_matmul.hpp"

#include <cmath>

#include <llmlings/linalg/02_matmul.hpp>

namespace oracles {

namespace {
llmlings::matrix to_matrix(int rows, int cols, const std::vector<float>& v, bool absolute) {
    llmlings::matrix m({static_cast<std::size_t>(rows), static_cast<std::size_t>(cols)});
    for (std::size_t i = 0; i < v.size(); ++i) m.data()[i] = absolute ? std::fabs(static_cast<double>(v[i])) : v[i];
    return m;
}
}  // namespace

std::vector<double> sgemm_reference(int M, int N, int K, float alpha, const std::vector<float>& A,
                                    const std::vector<float>& B, float beta, const std::vector<float>& C) {
    const llmlings::matrix ab = llmlings::linalg::matmul(to_matrix(M, K, A, false), to_matrix(K, N, B, false));
    std::vector<double> out(static_cast<std::size_t>(M) * static_cast<std::size_t>(N));
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<double>(alpha) * ab.data()[i] + (beta == 0.0f ? 0.0 : static_cast<double>(beta) * C[i]);
    return out;
}

std::vector<double> sgemm_error_bound(int M, int N, int K, float alpha, const std::vector<float>& A,
                                      const std::vector<float>& B, float beta, const std::vector<float>& C) {
    const llmlings::matrix ab = llmlings::linalg::matmul(to_matrix(M, K, A, true), to_matrix(K, N, B, true));
    std::vector<double> out(static_cast<std::size_t>(M) * static_cast<std::size_t>(N));
    const double u = std::ldexp(1.0, -24);
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = (K + 2) * u *
                 (std::fabs(static_cast<double>(alpha)) * ab.data()[i] +
                  (beta == 0.0f ? 0.0 : std::fabs(static_cast<double>(beta) * C[i])));
    return out;
}

std::size_t first_beyond(const std::vector<float>& got, const std::vector<double>& want,
                         const std::vector<double>& bound) {
    if (got.size() != want.size()) return 0;
    for (std::size_t i = 0; i < got.size(); ++i)
        if (!(std::fabs(static_cast<double>(got[i]) - want[i]) <= bound[i])) return i;
    return got.size();
}

}  // namespace oracles
