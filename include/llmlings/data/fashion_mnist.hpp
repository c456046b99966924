// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Fashion-MNIST (Xiao, Rasul, Vollgraf 2017): 60000 + 10000 grey 28×28 images of clothing
 * in 10 classes, MNIST's format and size with a harder task.
 *
 * Shapes: X (n,784), one image per row, row-major (pixel (r,c) is column 28·r + c), raw grey
 * levels 0–255 as bytes (0 is the background), as the file stores them; y (n), the class 0–9.
 *
 * The files come from Debian's dataset-fashion-mnist package
 * (`/usr/share/datasets/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz`), gunzipped
 * by `./llmlings data fashion-mnist` into `.data/fashion-mnist/`; they are read with read_idx().
 * MIT licence (Zalando Research).
 *
 * What this file is not: a preprocessing step. Scale the pixels when you copy a batch into floats
 * (nn/13's `gather_rows(X, indices, 1.0 / 255, out)`), not the whole set: as bytes it is 47 MB,
 * as doubles it would be 376 MB.
 */
#ifndef LLMLINGS_DATA_FASHION_MNIST_HPP
#define LLMLINGS_DATA_FASHION_MNIST_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <xtensor/xbuilder.hpp>

#include <llmlings/data/dataset.hpp>
#include <llmlings/data/idx.hpp>
#include <llmlings/data/parse.hpp>

namespace llmlings {
namespace data {

/**
 * @ingroup data
 * @brief Fashion-MNIST, the train or the test split: up to 60000 / 10000 images of 784 pixels and
 * their class (10 kinds of clothing, 6000 / 1000 each).
 *
 * Files, in `dir/fashion-mnist/`: `train-images-idx3-ubyte` and `train-labels-idx1-ubyte`
 * (split "train"), `t10k-images-idx3-ubyte` and `t10k-labels-idx1-ubyte` (split "test").
 * class_names: `T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag,
 * Ankle boot`; feature_names: `pixel_R_C` (row, column).
 *
 * @param split `"train"` or `"test"`.
 * @param max_samples the first this many images only (0: all); more than the file has means all.
 * @param dir the data directory (default_data_dir()).
 * @return the image_dataset: X (n,784) grey levels 0–255 as bytes, y (n) classes 0–9, named
 * `"fashion-mnist.train"` or `"fashion-mnist.test"`.
 * @throws invalid_argument if `split` is neither; io_error if a file is missing (the message says
 * to run `./llmlings data fashion-mnist`), is not an unsigned-byte IDX file of the right size
 * (see read_idx()), the images are not 28×28, the two files disagree on the number of samples,
 * or a label is not 0–9.
 *
 * Complexity: both files are read whole (47 MB for train), then the first max_samples images
 * are copied; well under a second at -O2. Example: `load_fashion_mnist("test", 100).X.shape()`
 * is (100,784), and `X(0, 0)` is a std::uint8_t.
 */
inline image_dataset load_fashion_mnist(const std::string& split, std::size_t max_samples = 0,
                                        const std::string& dir = default_data_dir()) {
    using namespace detail;
    if (split != "train" && split != "test")
        throw invalid_argument("load_fashion_mnist",
                               concat("split must be \"train\" or \"test\", got \"", split, "\""));
    const std::string prefix = join_path(join_path(dir, "fashion-mnist"), split == "train" ? "train" : "t10k");
    const source image_src{"load_fashion_mnist", prefix + "-images-idx3-ubyte"};
    const source label_src{"load_fashion_mnist", prefix + "-labels-idx1-ubyte"};
    const char* fetch = "./llmlings data fashion-mnist";
    // 1. Read both files whole and check their shapes: (n,28,28) and (n).
    const idx_array images = parse_idx(image_src, read_file(image_src, fetch));
    const idx_array labels = parse_idx(label_src, read_file(label_src, fetch));
    if (images.shape.size() != 3 || images.shape[1] != 28 || images.shape[2] != 28)
        fail(image_src, 0,
             concat("expected images of 28x28 pixels (shape n x 28 x 28), found shape ", shape_text(images.shape)));
    if (labels.shape.size() != 1)
        fail(label_src, 0, concat("expected one label per image (shape n), found shape ", shape_text(labels.shape)));
    if (labels.shape[0] != images.shape[0])
        fail(label_src, 0,
             concat("expected one label per image of ", image_src.path, " (", images.shape[0], "), found ",
                    labels.shape[0]));
    // 2. Keep the first n images as they are (bytes), one copy of contiguous memory.
    const std::size_t n = max_samples == 0 ? images.shape[0] : std::min(max_samples, images.shape[0]);
    constexpr std::size_t d = 28 * 28;
    image_dataset ds;
    ds.X = xt::empty<std::uint8_t>({n, d});
    ds.y = xt::empty<double>({n});
    std::copy(images.values.begin(), images.values.begin() + static_cast<std::ptrdiff_t>(n * d), ds.X.data());
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t label = labels.values[i];
        if (label > 9)
            fail(label_src, 0,
                 concat("label ", i, " (byte ", 8 + i, ") is ", static_cast<int>(label),
                        ", expected a class from 0 to 9"));
        ds.y(i) = label;
    }
    // 3. Names.
    ds.feature_names.reserve(d);
    for (std::size_t r = 0; r < 28; ++r)
        for (std::size_t c = 0; c < 28; ++c) ds.feature_names.push_back(concat("pixel_", r, "_", c));
    ds.class_names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                      "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    ds.name = "fashion-mnist." + split;
    return ds;
}

}  // namespace data
}  // namespace llmlings

#endif  // LLMLINGS_DATA_FASHION_MNIST_HPP
