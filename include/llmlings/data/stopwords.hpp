// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Stop-word lists: the English and the SMART lists of R's text-mining package tm.
 *
 * `tools/fetch-data.sh` copies them from Debian's r-cran-tm package (unpacked, not installed):
 * `stopwords-english.txt` is tm's `english.dat`, 174 words, the list of the Snowball project
 * ("i", "me", "my", …, "don't", …); `stopwords-smart.txt` is tm's `SMART.dat`, 571 lines with
 * 570 distinct words ("would" appears twice), the list of Cornell's SMART information retrieval
 * system (G. Salton). Both are lowercase ASCII, one word per line, apostrophes included.
 *
 * What this file is not: a tokenizer or a filter. nlp::tokenize splits text into words and
 * nlp::remove_stopwords drops the words of a list.
 */
#ifndef LLMLINGS_DATA_STOPWORDS_HPP
#define LLMLINGS_DATA_STOPWORDS_HPP

#include <string>
#include <unordered_set>

#include <llmlings/core/errors.hpp>
#include <llmlings/data/dataset.hpp>
#include <llmlings/data/parse.hpp>

namespace llmlings {
namespace data {

/**
 * @ingroup data
 * @brief A stop-word list: the words of `stopwords-<list>.txt`, one per line.
 *
 * Each line is trimmed of blanks (spaces, tabs, a Windows `\r`); blank lines are skipped.
 * The words are kept as the file writes them (the real lists are lowercase).
 * @param list `"english"` (174 words) or `"smart"` (570 distinct words)
 * @param dir the data directory (default_data_dir()); the file is `dir/stopwords-english.txt`
 *        or `dir/stopwords-smart.txt`.
 * @return the set of words
 * @throws invalid_argument for another list name; the message names load_stopwords and the
 *         two lists
 * @throws io_error if the file is missing (the message says to run `./llmlings data`) or holds
 *         no word
 *
 * Complexity: one pass over the file (a few kB). Example: `load_stopwords().count("the") == 1`;
 * `load_stopwords("smart").size() == 570`.
 */
inline std::unordered_set<std::string> load_stopwords(const std::string& list = "english",
                                                      const std::string& dir = default_data_dir()) {
    using namespace detail;
    if (list != "english" && list != "smart")
        throw invalid_argument("load_stopwords",
                               concat("unknown list '", list, "': expected \"english\" or \"smart\""));
    const source src{"load_stopwords", join_path(dir, "stopwords-" + list + ".txt")};
    std::unordered_set<std::string> words;
    for (const std::string& line : split_lines(read_file(src))) {
        const std::string word = trim(line);
        if (!word.empty()) words.insert(word);
    }
    if (words.empty()) fail(src, 0, "the file holds no word, expected one stop word per line");
    return words;
}

}  // namespace data
}  // namespace llmlings

#endif  // LLMLINGS_DATA_STOPWORDS_HPP
