// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The cuda module in one include: kernels that run on a GPU under nvcc and on the CPU
 * simulator everywhere else.
 *
 * Include it after everything else a program includes: on the simulator, CUDA's device
 * vocabulary (`threadIdx`, `__shared__`, `__syncthreads()`, …) is made of macros.
 */
#ifndef LLMLINGS_CUDA_HPP
#define LLMLINGS_CUDA_HPP

#include <llmlings/cuda/runtime.hpp>

#include <llmlings/cuda/01_saxpy.cuh>
#include <llmlings/cuda/02_reduction.cuh>
#include <llmlings/cuda/03_matmul.cuh>
#include <llmlings/cuda/04_softmax.cuh>
#include <llmlings/cuda/05_layernorm.cuh>
#include <llmlings/cuda/06_attention.cuh>
#include <llmlings/cuda/07_dequant_matmul.cuh>

#endif  // LLMLINGS_CUDA_HPP
