// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The nn module in one include: from the perceptron to LSTMs.
 */
#ifndef LLMLINGS_NN_HPP
#define LLMLINGS_NN_HPP

/**
 * @defgroup nn nn — neural networks
 * @brief Weeks 9–14: neurons, backpropagation, optimisers, convolutions and recurrent cells.
 */

#include <llmlings/nn/01_perceptron.hpp>
#include <llmlings/nn/02_activations.hpp>
#include <llmlings/nn/03_losses.hpp>
#include <llmlings/nn/04_autograd.hpp>
#include <llmlings/nn/05_dense.hpp>
#include <llmlings/nn/06_mlp.hpp>
#include <llmlings/nn/07_optimizers.hpp>
#include <llmlings/nn/08_regularization.hpp>
#include <llmlings/nn/09_cnn.hpp>
#include <llmlings/nn/10_rnn.hpp>
#include <llmlings/nn/11_lstm.hpp>
#include <llmlings/nn/12_gru.hpp>
#include <llmlings/nn/13_training_utilities.hpp>

#endif  // LLMLINGS_NN_HPP
