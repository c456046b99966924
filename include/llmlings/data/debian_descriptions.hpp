// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Debian's package descriptions: a one-line synopsis and a long text per package, the
 * pairs of the headline-generation project (long text → synopsis).
 *
 * `tools/fetch-data.sh debian-descriptions` runs `apt-get update` into a private lists directory
 * under `.data/` (the system's lists stay untouched), takes the `Translation-en` index of the
 * release's main component and stores it decompressed as `debian-descriptions/Translation-en`:
 * 63,956 stanzas (32.7 MB) on Debian 12, 69,287 (34.9 MB) on Debian 13. Each stanza is a deb822
 * paragraph (Debian Policy 5.1 and 5.6.13):
 * ```
 * Package: bash
 * Description-md5: 3522aa7b4374048d6450e348a5bb45d9
 * Description-en: GNU Bourne Again SHell
 *  Bash is an sh-compatible command language interpreter that executes
 *  commands read from the standard input or from a file.  Bash also
 *  .
 *  The Programmable Completion Code, by Ian Macdonald, is now found in
 * ```
 * The text is each package's own, under each package's own licence: fetched at setup, never
 * committed.
 *
 * What this file is not: a tokenizer, nor a split into training and test sets.
 */
#ifndef LLMLINGS_DATA_DEBIAN_DESCRIPTIONS_HPP
#define LLMLINGS_DATA_DEBIAN_DESCRIPTIONS_HPP

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <llmlings/core/errors.hpp>
#include <llmlings/data/dataset.hpp>
#include <llmlings/data/parse.hpp>

namespace llmlings {
namespace data {

/**
 * @ingroup data
 * @brief One package's description: its name, its synopsis and its long description.
 *
 * Example: `{"bash", "GNU Bourne Again SHell", "Bash is an sh-compatible command language
 * interpreter that executes commands read from ... (ksh and csh).\n\nBash is ultimately ..."}`.
 */
struct package_description {
    std::string package;           ///< the binary package's name, e.g. `"bash"`
    std::string synopsis;          ///< the first line of Description-en, without the blanks around it
    std::string long_description;  ///< the lines after it, rendered (see parse_debian_descriptions);
                                   ///< empty for a package that has none
};

namespace detail {

/// The offset of the first byte of [p, p + n) that is not part of well-formed UTF-8 (RFC 3629:
/// no overlong forms, no surrogates, nothing above U+10FFFF), or n when all of it is.
inline std::size_t utf8_invalid_at(const char* p, std::size_t n) {
    const auto byte = [p](std::size_t k) { return static_cast<unsigned char>(p[k]); };
    std::size_t i = 0;
    while (i < n) {
        const unsigned c = byte(i);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;  // no overlong 3-byte form
            if (c == 0xED) hi = 0x9F;  // no UTF-16 surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;  // no overlong 4-byte form
            if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
        } else {
            return i;  // a continuation byte first, C0/C1 (overlong) or F5..FF
        }
        if (i + len > n || byte(i + 1) < lo || byte(i + 1) > hi) return i;
        for (std::size_t k = 2; k < len; ++k)
            if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return i;
        i += len;
    }
    return n;
}

/// True when field name `name` is `want`, ignoring ASCII case (deb822 field names are).
inline bool deb822_field_is(const std::string& text, std::size_t begin, std::size_t end, const char* want) {
    std::size_t k = 0;
    for (std::size_t i = begin; i < end; ++i, ++k) {
        if (want[k] == '\0') return false;
        char a = text[i], b = want[k];
        if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
        if (a != b) return false;
    }
    return want[k] == '\0';
}

/// At most `limit` bytes of a line, for messages ("Packag" → "'Packag'", a long one cut with "…").
inline std::string deb822_excerpt(const std::string& text, std::size_t begin, std::size_t end, std::size_t limit = 40) {
    if (end - begin <= limit) return concat("'", text.substr(begin, end - begin), "'");
    return concat("'", text.substr(begin, limit), "...'");
}

}  // namespace detail

/**
 * @ingroup data
 * @brief Reads a Translation-en index (deb822 stanzas of `Package`, `Description-md5` and
 * `Description-en`) into one package_description per stanza, in the order of the text.
 *
 * Stanzas are separated by empty lines (a line of only spaces and tabs counts as empty, as
 * Policy 5.1 lets parsers do). A field starts at the first column, `Name: value`; the lines
 * after it that start with a space or a tab continue it. Field names are compared ignoring ASCII
 * case. The Description-en field is rendered by the rules of Policy 5.6.13:
 * - the value on the field's own line is the synopsis, blanks around it removed;
 * - each continuation line loses its first character (the space); the rest is
 *   - `.` alone: an empty line (a paragraph break);
 *   - text starting with a space or a tab: a verbatim line, kept as its own line with the rest
 *     of its indentation (`"  * item"` becomes `" * item"`);
 *   - other text: part of a paragraph; successive such lines are joined by one space (the
 *     word-wrap the long description was written with is undone), so a paragraph is one line;
 *   - a line `.text` (reserved by Policy for future use; a few packages write it) is paragraph
 *     text as any other;
 * - lines are joined by `"\n"` (a paragraph break between two paragraphs is `"\n\n"`), blanks at
 *   the end of each line are removed, and empty lines at the start and the end are dropped.
 *
 * Skipped: other fields (Description-md5, any other) with their continuation lines. Kept:
 * packages whose long description is empty (one on Debian 12, freeglut3-dev's "Tranisitonal
 * package"; with_long_description() drops them); a package named in two stanzas (15 names on
 * Debian 12, 26 on 13, whose architectures differ in description); UTF-8 text, byte for byte (it
 * is validated, not normalised).
 *
 * One pass over the text; each record's strings grow by appending (no quadratic rebuilding).
 * About 0.5 s for Debian 12's 32.7 MB at -O2 (a shared 2-core machine).
 * @param text the file's contents
 * @param name what to call the text in messages (a path)
 * @return the descriptions in the order of the text
 * @throws io_error naming parse_debian_descriptions, the name and the line (`name:line: problem`)
 *         when a line ends with a carriage return (CRLF line endings), is not well-formed UTF-8,
 *         continues a field at the start of a stanza, is neither a continuation nor
 *         `Name: value` with a field name of printable ASCII (not starting with `#` or `-`),
 *         continues the one-line Package field, or repeats Package or Description-en in its
 *         stanza; when a stanza has an empty Package, an empty synopsis, or no Package or no
 *         Description-en field (at the stanza's first line); and when the text holds no stanza.
 */
inline std::vector<package_description> parse_debian_descriptions(const std::string& text,
                                                                  const std::string& name = "Translation-en") {
    using namespace detail;
    const source src{"parse_debian_descriptions", name};
    std::vector<package_description> records;
    package_description current;
    bool in_stanza = false, has_package = false, has_description = false;
    enum class field { other, package, description } at = field::other;
    std::size_t stanza_line = 0;
    std::size_t empty_lines = 0;  // empty lines seen in the long description and not yet written
    bool in_paragraph = false;    // the last line written is paragraph text (the next joins it)

    const auto end_stanza = [&] {
        if (!in_stanza) return;
        if (!has_package) fail(src, stanza_line, "the stanza has no Package field");
        if (!has_description)
            fail(src, stanza_line, concat("the stanza of package '", current.package, "' has no Description-en field"));
        records.push_back(std::move(current));
        current = package_description();
        in_stanza = has_package = has_description = false;
        at = field::other;
    };
    // Starts a new line of the long description: the empty lines waiting before it, then "\n".
    const auto new_line = [&] {
        std::string& out = current.long_description;
        if (!out.empty()) out.append(empty_lines + 1, '\n');
        empty_lines = 0;
    };

    std::size_t begin = 0, line_no = 0;
    while (begin < text.size()) {
        ++line_no;
        std::size_t end = text.find('\n', begin);
        if (end == std::string::npos) end = text.size();
        if (end > begin && text[end - 1] == '\r')
            fail(src, line_no, "the line ends with a carriage return: expected LF line endings, found CRLF");
        const std::size_t bad = utf8_invalid_at(text.data() + begin, end - begin);
        if (bad != end - begin) fail(src, line_no, concat("byte ", bad + 1, " is not well-formed UTF-8"));
        const std::size_t next = end + 1;

        std::size_t stop = end;  // the line without the blanks at its end
        while (stop > begin && (text[stop - 1] == ' ' || text[stop - 1] == '\t')) --stop;
        if (stop == begin) {  // empty, or only blanks: the end of a stanza
            end_stanza();
            begin = next;
            continue;
        }
        if (text[begin] == ' ' || text[begin] == '\t') {
            // a continuation line
            if (!in_stanza)
                fail(src, line_no, "a continuation line (starting with a space) comes before any field of its stanza");
            if (at == field::package) fail(src, line_no, "Package is a one-line field, found a continuation line");
            if (at == field::description) {
                const std::size_t from = begin + 1;  // the line after its first character
                std::string& out = current.long_description;
                if (stop - from == 1 && text[from] == '.') {
                    if (!out.empty()) ++empty_lines;  // empty lines at the start are dropped
                    in_paragraph = false;
                } else if (text[from] == ' ' || text[from] == '\t') {
                    new_line();
                    out.append(text, from, stop - from);
                    in_paragraph = false;
                } else {  // paragraph text (not empty: a line of blanks ended the stanza above)
                    if (in_paragraph) {
                        out += ' ';
                    } else {
                        new_line();
                    }
                    out.append(text, from, stop - from);
                    in_paragraph = true;
                }
            }
            begin = next;
            continue;
        }

        // a field: "Name: value"
        const std::size_t colon = text.find(':', begin);
        if (colon == std::string::npos || colon >= stop)
            fail(src, line_no,
                 concat("expected a field 'Name: value' or a continuation line, found ",
                        deb822_excerpt(text, begin, stop)));
        bool name_ok = colon > begin && text[begin] != '#' && text[begin] != '-';
        for (std::size_t i = begin; i < colon && name_ok; ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            name_ok = c > ' ' && c < 0x7F;
        }
        if (!name_ok)
            fail(src, line_no,
                 concat("expected a field name of printable ASCII before ':', found ",
                        deb822_excerpt(text, begin, colon)));
        if (!in_stanza) {
            in_stanza = true;
            stanza_line = line_no;
        }
        std::size_t value = colon + 1;
        while (value < stop && (text[value] == ' ' || text[value] == '\t')) ++value;
        if (deb822_field_is(text, begin, colon, "Package")) {
            if (has_package)
                fail(src, line_no, concat("a second Package field in the stanza that starts at line ", stanza_line));
            if (value == stop) fail(src, line_no, "the Package field is empty");
            current.package.assign(text, value, stop - value);
            has_package = true;
            at = field::package;
        } else if (deb822_field_is(text, begin, colon, "Description-en")) {
            if (has_description)
                fail(src, line_no,
                     concat("a second Description-en field in the stanza that starts at line ", stanza_line));
            if (value == stop) fail(src, line_no, "Description-en has no synopsis (its first line is empty)");
            current.synopsis.assign(text, value, stop - value);
            has_description = true;
            at = field::description;
            empty_lines = 0;
            in_paragraph = false;
        } else {
            at = field::other;  // Description-md5 and any other field: skipped
        }
        begin = next;
    }
    end_stanza();
    if (records.empty()) fail(src, 0, "holds no stanza: expected 'Package:' and 'Description-en:' fields");
    return records;
}

/**
 * @ingroup data
 * @brief The descriptions whose long description is not empty (the pairs a summariser can learn
 * from), in their order.
 */
inline std::vector<package_description> with_long_description(std::vector<package_description> records) {
    std::vector<package_description> kept;
    kept.reserve(records.size());
    for (auto& r : records)
        if (!r.long_description.empty()) kept.push_back(std::move(r));
    return kept;
}

/**
 * @ingroup data
 * @brief Debian's package descriptions (`debian-descriptions/Translation-en` of the data
 * directory), by parse_debian_descriptions.
 *
 * Debian 12's main component has 63,956 stanzas (63,905 different package names); bash's
 * synopsis is "GNU Bourne Again SHell". A large data set: `./llmlings data debian-descriptions`
 * (or `--all`) fetches it.
 * @param dir the data directory (default_data_dir())
 * @throws io_error if the file is missing (the message says to run `./llmlings data
 *         debian-descriptions`) or malformed (parse_debian_descriptions's errors)
 */
inline std::vector<package_description> load_debian_descriptions(const std::string& dir = default_data_dir()) {
    const detail::source src{"load_debian_descriptions", detail::join_path(dir, "debian-descriptions/Translation-en")};
    return parse_debian_descriptions(detail::read_file(src, "./llmlings data debian-descriptions"), src.path);
}

}  // namespace data
}  // namespace llmlings

#endif  // LLMLINGS_DATA_DEBIAN_DESCRIPTIONS_HPP
