// SPDX-License-Identifier: MIT
// Oracles of tests/linalg/06_svd.cpp: xtensor, LAPACK (xtensor-blas) and the golden file, no
// llmlings code.
#include "06_svd.hpp"

#include <cmath>
#include <tuple>

#include <llmlings/testing/golden.hpp>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xrandom.hpp>
#include <xtensor/xview.hpp>

namespace oracles {

vector lapack_singular_values(const matrix& a) {
    return std::get<1>(xt::linalg::svd(a, false, false));
}

svd_products products_of(const matrix& u, const vector& s, const matrix& vt) {
    svd_products p;
    p.utu = xt::linalg::dot(xt::transpose(u), u);
    p.vvt = xt::linalg::dot(vt, xt::transpose(vt));
    const matrix us = u * xt::view(s, xt::newaxis(), xt::all());
    p.rebuilt = xt::linalg::dot(us, vt);
    return p;
}

matrix outer_product(const vector& u, const vector& v) {
    return xt::linalg::outer(u, v);
}

bool all_zero(const vector& v) {
    return xt::all(xt::equal(v, 0.0));
}

matrix perturbed(const matrix& a, double epsilon) {
    return a + epsilon * xt::random::randn<double>(a.shape());
}

svd_golden load_svd_golden() {
    using llmlings::testing::golden_file;
    const golden_file g = golden_file::load(std::string(LLMLINGS_GOLDEN_DIR) + "/linalg/06_svd.txt");
    svd_golden out;
    out.generator = g.provenance("generator");
    out.hilbert = g.array("hilbert");
    out.hilbert_s = g.array("hilbert_s");
    out.random = g.array("random");
    out.random_s = g.array("random_s");
    return out;
}

}  // namespace oracles
