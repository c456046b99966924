// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The King James Bible, one verse per record: 31102 verses of 66 books, the text corpus
 * of the character-level language models.
 *
 * The file `kjv.tsv` is derived by `tools/fetch-data.sh kjv` from Debian's bible-kjv and
 * bible-kjv-text packages (unpacked, not installed): it runs the packaged `bible` program on
 * `gen1:1-rev22:21` and writes one verse per line, four tab-separated fields,
 * `book<TAB>chapter<TAB>verse<TAB>text`:
 * ```
 * Genesis	1	1	In the beginning God created the heaven and the earth.
 * 1 Samuel	3	10	And the LORD came, and stood, and called as at other times, Samuel, Samuel. ...
 * ```
 * The text is the program's, byte for byte: ASCII, no tabs. Public domain.
 *
 * The parser of this format, detail::load_verses(), also reads the Spanish Reina-Valera 1909
 * (data/rv1909.hpp), whose file has the same four fields and the KJV's book names.
 *
 * What this file is not: a tokenizer. kjv_text() gives the character corpus; the nlp module
 * splits it.
 */
#ifndef LLMLINGS_DATA_KJV_HPP
#define LLMLINGS_DATA_KJV_HPP

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <llmlings/data/dataset.hpp>
#include <llmlings/data/parse.hpp>

namespace llmlings {
namespace data {

/**
 * @ingroup data
 * @brief One verse of a Bible (the King James or the Reina-Valera 1909): where it is and what it
 * says.
 *
 * Example: the first verse of the KJV is `{"Genesis", 1, 1, "In the beginning God created the
 * heaven and the earth."}`.
 */
struct verse {
    std::string book;  ///< the book's English name as the KJV's `bible` program prints it, e.g. `"1 Samuel"`
    int chapter = 0;   ///< the chapter number, from 1
    int number = 0;    ///< the verse number within its chapter, from 1
    std::string text;  ///< the verse's text, without its reference
};

namespace detail {

/// A field of a verse file that must be a positive integer (a chapter or verse number).
inline int verse_number(const source& src, std::size_t line, const std::string& field, const char* what) {
    bool ok = !field.empty() && field.size() <= 6;
    int value = 0;
    for (char c : field) {
        if (c < '0' || c > '9') {
            ok = false;
            break;
        }
        value = value * 10 + (c - '0');
    }
    if (!ok || value == 0) fail(src, line, concat("expected the ", what, " (a positive integer), found '", field, "'"));
    return value;
}

/// The verses of a file of `book<TAB>chapter<TAB>verse<TAB>text` lines (kjv.tsv, rv1909.tsv):
/// the parser of load_kjv() and load_rv1909(). `fetch` is the command a missing file's message
/// names; `expected` the number of verses to reserve room for.
inline std::vector<verse> load_verses(const source& src, const char* fetch, std::size_t expected) {
    const std::string text = read_file(src, fetch);
    std::vector<verse> verses;
    verses.reserve(expected);
    std::size_t begin = 0, line_no = 0;
    while (begin < text.size()) {
        ++line_no;
        std::size_t end = text.find('\n', begin);
        if (end == std::string::npos) end = text.size();
        std::size_t stop = end;
        if (stop > begin && text[stop - 1] == '\r') --stop;
        // 1. Split the line at its first three tabs: book, chapter, verse; the rest is the text.
        std::size_t cut[3] = {0, 0, 0};
        std::size_t pos = begin;
        for (std::size_t k = 0; k < 3; ++k) {
            const std::size_t tab = text.find('\t', pos);
            if (tab == std::string::npos || tab >= stop)
                fail(src, line_no,
                     concat("expected 4 fields separated by tabs (book, chapter, verse, "
                            "text), found ",
                            k + 1));
            cut[k] = tab;
            pos = tab + 1;
        }
        if (text.find('\t', pos) < stop)
            fail(src, line_no, "expected 4 fields separated by tabs (book, chapter, verse, text), found more");
        // 2. Check and convert each field.
        verse v;
        v.book.assign(text, begin, cut[0] - begin);
        if (v.book.empty()) fail(src, line_no, "expected a book name in field 1, found an empty field");
        v.chapter = verse_number(src, line_no, text.substr(cut[0] + 1, cut[1] - cut[0] - 1), "chapter number");
        v.number = verse_number(src, line_no, text.substr(cut[1] + 1, cut[2] - cut[1] - 1), "verse number");
        v.text.assign(text, cut[2] + 1, stop - cut[2] - 1);
        if (v.text.empty()) fail(src, line_no, "expected the verse's text in field 4, found an empty field");
        verses.push_back(std::move(v));
        begin = end + 1;
    }
    if (verses.empty()) fail(src, 0, "the file is empty, expected one verse per line");
    return verses;
}

}  // namespace detail

/**
 * @ingroup data
 * @brief The King James Bible from `kjv.tsv`: 31102 verses, Genesis 1:1 to Revelation 22:21.
 *
 * Each line of the file is `book<TAB>chapter<TAB>verse<TAB>text` (see the file comment); the
 * verses come back in the file's order, which is the Bible's.
 * @param dir the data directory (default_data_dir()); the file is `dir/kjv.tsv`.
 * @return the verses in order; for the real file 31102 of them, in 66 books.
 * @throws io_error if the file is missing (the message says to run `./llmlings data kjv`), empty,
 * or a line is malformed: not four tab-separated fields, an empty book or text, or a chapter or
 * verse number that is not a positive integer (the message gives `file:line`).
 *
 * Complexity: one pass over the 4.3 MB file. Example:
 * `load_kjv().front().text == "In the beginning God created the heaven and the earth."`.
 */
inline std::vector<verse> load_kjv(const std::string& dir = default_data_dir()) {
    return detail::load_verses({"load_kjv", detail::join_path(dir, "kjv.tsv")}, "./llmlings data kjv", 31102);
}

/**
 * @ingroup data
 * @brief The character corpus: the verse texts joined with `'\n'` (no references, no final newline).
 *
 * @param verses the verses, e.g. from load_kjv() (or load_rv1909(): rv1909_text() is this function).
 * @return one string: `verses[0].text + "\n" + verses[1].text + ...`; empty for no verses. For
 * the real KJV it has 4137849 characters (4106748 of text and 31101 newlines).
 *
 * Example: `kjv_text({{"Genesis",1,1,"In the beginning"},{"Genesis",1,2,"And the earth"}})` is
 * `"In the beginning\nAnd the earth"`.
 */
inline std::string kjv_text(const std::vector<verse>& verses) {
    std::size_t size = 0;
    for (const auto& v : verses) size += v.text.size() + 1;
    std::string corpus;
    corpus.reserve(size);
    for (std::size_t i = 0; i < verses.size(); ++i) {
        if (i > 0) corpus += '\n';
        corpus += verses[i].text;
    }
    return corpus;
}

}  // namespace data
}  // namespace llmlings

#endif  // LLMLINGS_DATA_KJV_HPP
