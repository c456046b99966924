// SPDX-License-Identifier: MIT
// Compiles the precompiled header (Catch2, xtensor, xtensor-blas) that every topic test reuses.
