// SPDX-License-Identifier: MIT
// Uses the installed llmlings headers through find_package(llmlings); exits 1 on a wrong result.
// Including every module umbrella together also proves that no two topics clash.
#include <cmath>
#include <cstdio>

#include <llmlings/linalg.hpp>
#include <llmlings/ml.hpp>
#include <llmlings/nlp.hpp>
#include <llmlings/nn.hpp>
#include <llmlings/stats.hpp>
#include <llmlings/transformer.hpp>

// The package's target routes xtensor-blas to OpenBLAS (HAVE_CBLAS), which xtensor-blas 0.21 no
// longer does by itself: without it every product runs FLENS's generic loops, 8x slower.
#ifndef HAVE_CBLAS
#error "llmlings::llmlings must define HAVE_CBLAS so that xtensor-blas calls OpenBLAS"
#endif

int main() {
    std::printf("llmlings %s\n", LLMLINGS_VERSION_STRING);
    const llmlings::vector a{1, 0}, b{1, 1};
    const double c = llmlings::linalg::cosine_similarity(a, b);
    std::printf("cosine_similarity((1,0), (1,1)) = %.6f (expected %.6f)\n", c, std::sqrt(0.5));
    try {
        llmlings::linalg::dot(llmlings::vector{1, 2, 3}, llmlings::vector{1, 2});
        return 1;
    } catch (const llmlings::shape_error& e) {
        std::printf("caught as expected: %s\n", e.what());
    }
    const double m = llmlings::stats::mean(llmlings::vector{1, 2, 3, 4});
    std::printf("stats::mean(1,2,3,4) = %.3f (expected 2.5)\n", m);
    return std::fabs(c - std::sqrt(0.5)) < 1e-15 && m == 2.5 ? 0 : 1;
}
