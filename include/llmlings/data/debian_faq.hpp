// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The Debian FAQ as questions and answers: the text for retrieval (nlp/03, nlp/12).
 *
 * `tools/fetch-data.sh` gunzips `debian-faq.en.txt` from Debian's debian-faq package (unpacked, not
 * installed): the plain-text rendering of "The Debian GNU/Linux FAQ", 16 chapters. After a table
 * of contents, each chapter starts with a line `Chapter N. Title` and each section with its number
 * at the start of a line, `N.M. ` (the space is a no-break space, U+00A0, in most headings), then
 * the question, wrapped over as many lines as it needs up to a blank line; the answer follows,
 * indented. Sections `N.M.K.` (and `N.M.K.L.`) are parts of section N.M's answer (8.1's dpkg, APT,
 * aptitude, …).
 *
 * What this file is not: a tokenizer. nlp::tokenize splits the questions and answers into words.
 */
#ifndef LLMLINGS_DATA_DEBIAN_FAQ_HPP
#define LLMLINGS_DATA_DEBIAN_FAQ_HPP

#include <cstddef>
#include <string>
#include <vector>

#include <llmlings/core/errors.hpp>
#include <llmlings/data/dataset.hpp>
#include <llmlings/data/parse.hpp>

namespace llmlings {
namespace data {

/// @ingroup data
/// @brief One section of the Debian FAQ: its number, its question and its answer.
struct faq_entry {
    std::string number;    ///< "1.2": the chapter and the section
    std::string question;  ///< "What is Debian GNU/Linux?": the heading, its lines joined by spaces
    std::string answer;    ///< the text up to the next section, paragraphs separated by "\n" (sub-
                           ///< section headings included as lines of it)
};

namespace detail {

/// The heading at the start of `line`: the numbers of `N.M.` (or deeper, `N.M.K.`) followed by a space or a
/// no-break space (UTF-8 C2 A0), and the offset of the text after it; levels 0 when it is none.
struct faq_heading {
    std::size_t levels = 0;  // 2 for N.M., 3 for N.M.K., 4 for N.M.K.L.
    std::string number;      // "8.1", "8.1.6" or "8.1.6.1" (without the final dot)
    std::size_t text = 0;    // offset of the heading's text in the line
};

inline faq_heading parse_faq_heading(const std::string& line) {
    faq_heading h;
    std::size_t i = 0;
    std::size_t groups = 0;
    while (groups < 6) {
        const std::size_t start = i;
        while (i < line.size() && line[i] >= '0' && line[i] <= '9') ++i;
        if (i == start || i - start > 4 || i >= line.size() || line[i] != '.') break;
        if (!h.number.empty()) h.number += '.';
        h.number.append(line, start, i - start);
        ++i;
        ++groups;
        if (i < line.size() && line[i] == ' ') {
            h.text = i + 1;
            break;
        }
        if (i + 1 < line.size() && static_cast<unsigned char>(line[i]) == 0xC2 &&
            static_cast<unsigned char>(line[i + 1]) == 0xA0) {
            h.text = i + 2;
            break;
        }
    }
    if (h.text == 0 || groups < 2) return {};
    h.levels = groups;
    return h;
}

/// A line's text with each no-break space (C2 A0) made a space and the blanks at both ends removed.
inline std::string faq_clean(const std::string& line) {
    std::string out;
    out.reserve(line.size());
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (static_cast<unsigned char>(line[i]) == 0xC2 && i + 1 < line.size() &&
            static_cast<unsigned char>(line[i + 1]) == 0xA0) {
            out += ' ';
            ++i;
        } else {
            out += line[i];
        }
    }
    return trim(out);
}

inline bool faq_chapter(const std::string& line) {
    return line.compare(0, 7, "Chapter") == 0 && line.size() > 8 &&
           (line[7] == ' ' || (static_cast<unsigned char>(line[7]) == 0xC2 && line.size() > 9 &&
                               static_cast<unsigned char>(line[8]) == 0xA0));
}

}  // namespace detail

/**
 * @ingroup data
 * @brief Splits the plain-text Debian FAQ into its sections N.M: number, question, answer.
 *
 * Lines before the first `Chapter` line (the table of contents) are skipped. A section heading is
 * a line that starts, in its first column, with `N.M.` and a space or a no-break space; its
 * question runs to the first blank line, its answer to the next section or chapter heading. A
 * deeper heading (`N.M.K.`, `N.M.K.L.`) stays in the answer of N.M, as one line of it. In the answer, each paragraph
 * (lines between blank lines) is joined into one line with single spaces; no-break spaces become
 * spaces.
 * @param text the file's contents
 * @param name what to call the text in messages (a path)
 * @return the sections in the order of the text
 * @throws io_error naming parse_debian_faq and the line when a section heading comes before any
 *         chapter, a subsection before any section, or a section has no question or no answer;
 *         and when the text holds no section at all
 */
inline std::vector<faq_entry> parse_debian_faq(const std::string& text, const std::string& name = "debian-faq") {
    using namespace detail;
    const source src{"parse_debian_faq", name};
    std::vector<faq_entry> entries;
    bool in_chapters = false;
    enum class state { none, question, answer } at = state::none;
    std::size_t heading_line = 0;
    std::string paragraph;
    const auto end_paragraph = [&] {
        if (paragraph.empty()) return;
        std::string& answer = entries.back().answer;
        if (!answer.empty()) answer += '\n';
        answer += paragraph;
        paragraph.clear();
    };
    const auto end_section = [&] {
        if (at == state::none) return;
        end_paragraph();
        if (entries.back().answer.empty())
            fail(src, heading_line, concat("section ", entries.back().number, " has no answer"));
        at = state::none;
    };
    const std::vector<std::string> lines = split_lines(text);
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const std::string& line = lines[n];
        if (faq_chapter(line)) {
            end_section();
            in_chapters = true;
            continue;
        }
        const faq_heading h = parse_faq_heading(line);
        if (h.levels == 2) {
            if (!in_chapters) fail(src, n + 1, concat("section ", h.number, " comes before the first Chapter line"));
            end_section();
            entries.push_back({h.number, faq_clean(line.substr(h.text)), ""});
            if (entries.back().question.empty())
                fail(src, n + 1, concat("section ", h.number, " has no question after its number"));
            heading_line = n + 1;
            at = state::question;
            continue;
        }
        if (h.levels >= 3 && in_chapters) {
            if (at == state::none) fail(src, n + 1, concat("subsection ", h.number, " comes before any section N.M"));
            end_paragraph();
            at = state::answer;
            paragraph = faq_clean(line);  // the subsection's heading, a line of its own
            end_paragraph();
            continue;
        }
        if (at == state::none) continue;
        const std::string clean = faq_clean(line);
        if (at == state::question) {
            if (clean.empty()) {
                at = state::answer;
            } else {
                entries.back().question += ' ';
                entries.back().question += clean;
            }
            continue;
        }
        if (clean.empty()) {
            end_paragraph();
        } else {
            if (!paragraph.empty()) paragraph += ' ';
            paragraph += clean;
        }
    }
    end_section();
    if (entries.empty()) fail(src, 0, "holds no section: expected lines \"Chapter N. Title\" and \"N.M. Question\"");
    return entries;
}

/**
 * @ingroup data
 * @brief The Debian FAQ's sections (`debian-faq.en.txt` of the data directory), by parse_debian_faq.
 *
 * The FAQ of debian-faq 11.1 (Debian 12) has 112 sections, 1.1 "What is this FAQ?" to 16.4
 * "Document format", and 141,789 bytes of answers.
 * @param dir the data directory (default_data_dir())
 * @throws io_error if the file is missing (the message says to run `./llmlings data`) or is not
 *         the FAQ's text (parse_debian_faq's errors)
 */
inline std::vector<faq_entry> load_debian_faq(const std::string& dir = default_data_dir()) {
    const detail::source src{"load_debian_faq", detail::join_path(dir, "debian-faq.en.txt")};
    return parse_debian_faq(detail::read_file(src), src.path);
}

}  // namespace data
}  // namespace llmlings

#endif  // LLMLINGS_DATA_DEBIAN_FAQ_HPP
