// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The real data sets in one include: the dataset struct and one loader per data set.
 *
 * The files come from Debian packages, never from the web: `./llmlings data` (which runs
 * tools/fetch-data.sh) downloads the packages with `apt-get download`, unpacks them into `.data/`
 * and derives the plain files the loaders below read. Nothing is installed and nothing is
 * committed.
 *
 * | loader | file(s) in the data directory | n × d | target |
 * | --- | --- | --- | --- |
 * | load_iris() | `iris.csv` | 150 × 4 | 3 species, 50 each |
 * | load_wine() | `wine_data.csv` | 178 × 13 | 3 cultivars (59 / 71 / 48) |
 * | load_breast_cancer() | `breast_cancer.csv` | 569 × 30 | malignant 212 / benign 357 |
 * | load_diabetes() | `diabetes_data_raw.csv`, `diabetes_target.csv` | 442 × 10 | disease progression (regression) |
 * | load_digits() | `digits.csv` | 1797 × 64 | the digit 0–9 of an 8×8 image |
 * | load_boston() | `boston_house_prices.csv` | 506 × 13 | median house value (regression) |
 * | load_penguins() | `penguins.csv` | 344 × 4, with NaN | 3 species (152 / 68 / 124) |
 * | load_census_house() | `census-house.train`, `census-house.test` | 11392 × 16 each (14 columns all 0 as Debian ships it) | house price (regression) |
 * | load_stopwords() | `stopwords-english.txt`, `stopwords-smart.txt` | 174 and 570 words (not a dataset: a set of strings) | — |
 * | load_debian_faq() | `debian-faq.en.txt` | 112 questions and answers (114 on Debian 13; not a dataset: a vector of faq_entry) | — |
 * | load_fashion_mnist() | `fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte` | 60000 × 784 train, 10000 × 784 test (28×28, grey 0–255 as bytes) | 10 kinds of clothing, 6000 / 1000 each |
 * | load_opencv_digits() | `opencv-digits.pgm` | 5000 × 400 (20×20, grey 0–255 as bytes) | the digit 0–9, 500 each |
 * | load_kjv() | `kjv.tsv` | 31102 verses (not a dataset: a vector of verse; kjv_text() is the 4.1 MB corpus) | — |
 * | load_rv1909() | `rv1909.tsv` | 31084 verses of the Spanish Reina-Valera 1909, KJV book names and references (not a dataset: a vector of verse; rv1909_text() is the 3.9 MB UTF-8 corpus; public domain) | — |
 * | load_debian_descriptions() | `debian-descriptions/Translation-en` | 63956 descriptions, a synopsis and a long text each (69287 on Debian 13; not a dataset: a vector of package_description; each package's own licence: fetched at setup, never committed) | — |
 *
 * The first ten are small and always fetched. The last five are large (31 MB, 96 MB, 2.5 MB and
 * 2.7 MB of .deb — the Reina-Valera's sword-text-sparv is read with SWORD's diatheke, which
 * `./llmlings data` installs; the descriptions are Debian's Translation-en index, 6 MB to download
 * with `apt-get update` into a private lists directory, 33 MB plain): `./llmlings data --all`
 * fetches them, or by name: `./llmlings data fashion-mnist opencv-digits kjv rv1909
 * debian-descriptions`; `./llmlings project NAME` fetches all of them. The format readers they use,
 * read_idx() (MNIST's IDX files) and read_pgm() (binary greymaps), are public too.
 *
 * The two image loaders return an image_dataset, whose X holds bytes as the files do (47 MB for
 * Fashion-MNIST's training images, not 376 MB of doubles); the others a dataset of doubles.
 *
 * Every loader takes the directory to read from; it defaults to default_data_dir(). A missing
 * file throws io_error naming the loader, the path and the fix; a malformed line throws io_error
 * with `file:line` and what was expected there.
 *
 * @code
 * #include <llmlings/data.hpp>
 * auto iris = llmlings::data::load_iris();
 * // iris.X: (150,4)  iris.y: (150)  iris.class_names: {"setosa", "versicolor", "virginica"}
 * auto labels = iris.labels();   // index_vector, 0..2
 * @endcode
 */
#ifndef LLMLINGS_DATA_HPP
#define LLMLINGS_DATA_HPP

/**
 * @defgroup data data — real data sets
 * @brief Loaders for the classic data sets (iris, wine, breast cancer, diabetes, digits, Boston,
 * penguins, census-house, Fashion-MNIST, OpenCV's digits, the King James Bible, the Spanish
 * Reina-Valera 1909), the stop-word lists, the Debian FAQ and Debian's package descriptions, read
 * from files unpacked from Debian packages (the descriptions: from the archive's own index).
 */

#include <llmlings/data/census_house.hpp>
#include <llmlings/data/dataset.hpp>
#include <llmlings/data/debian_descriptions.hpp>
#include <llmlings/data/debian_faq.hpp>
#include <llmlings/data/fashion_mnist.hpp>
#include <llmlings/data/idx.hpp>
#include <llmlings/data/kjv.hpp>
#include <llmlings/data/opencv_digits.hpp>
#include <llmlings/data/penguins.hpp>
#include <llmlings/data/pgm.hpp>
#include <llmlings/data/rv1909.hpp>
#include <llmlings/data/sklearn.hpp>
#include <llmlings/data/stopwords.hpp>

#endif  // LLMLINGS_DATA_HPP
