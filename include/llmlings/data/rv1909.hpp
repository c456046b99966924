// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The Spanish Reina-Valera 1909, one verse per record: 31084 verses of 66 books, the
 * Spanish counterpart of the KJV corpus (data/kjv.hpp), e.g. to fine-tune on Spanish a model
 * trained on English.
 *
 * The file `rv1909.tsv` is derived by `tools/fetch-data.sh rv1909` from Debian's sword-text-sparv
 * package (the SWORD module spaRV1909eb, unpacked, not installed), read with SWORD's `diatheke`
 * program (the diatheke package, installed) on `Genesis 1:1-Revelation 22:21`. It has kjv.tsv's
 * format, one verse per line, `book<TAB>chapter<TAB>verse<TAB>text`, with the KJV's English book
 * names (diatheke's "I Samuel" and "Revelation of John" become "1 Samuel" and "Revelation"):
 * ```
 * Genesis	1	1	EN el principio crió Dios los cielos y la tierra.
 * 1 Samuel	3	10	Y vino Jehová, y paróse, y llamó como las otras veces: ¡Samuel, Samuel! ...
 * ```
 * The text is the module's, UTF-8 (an accented letter is 2 bytes), less the Strong numbers that
 * 3609 verses of Debian 12's module carry (`comerás <H0398>;` becomes `comerás;`), with every run
 * of blanks made one space and none at either end; no tabs. Debian 13's module (2.87) has no
 * Strong numbers, and the file derived from it is byte for byte the same. Public domain.
 *
 * The module lays the Spanish Bible's own verse division onto the KJV's list of references. 18 of
 * the KJV's 31102 references are empty in it and left out, each the last verse of its chapter:
 * Numbers 12:16 and 29:40, 1 Samuel 23:29, 2 Samuel 20:26, 2 Chronicles 33:25, Job 35:16,
 * 38:39–41 and 40:20–24, Hosea 11:12, Jonah 1:17, Acts 19:41 and 2 Corinthians 13:14. Around them
 * the text moves with the Spanish division: the KJV's Jonah 1:17 is here Jonah 2:1 ("MAS Jehová
 * había prevenido un gran pez ..."), Jonah 2:2–9 hold the KJV's 2:1–8, and 2:10 holds the
 * KJV's 2:9 and 2:10. So a verse here translates the KJV verse of the same reference in most
 * chapters, but not near those 18 places. Counts measured with diatheke 1.9.0 on sword-text-sparv
 * 2.60-1 (Debian 12) and 2.87-1 (13).
 *
 * The parser is kjv.hpp's (detail::load_verses()), so a malformed file gives the same errors.
 */
#ifndef LLMLINGS_DATA_RV1909_HPP
#define LLMLINGS_DATA_RV1909_HPP

#include <string>
#include <vector>

#include <llmlings/data/dataset.hpp>
#include <llmlings/data/kjv.hpp>
#include <llmlings/data/parse.hpp>

namespace llmlings {
namespace data {

/**
 * @ingroup data
 * @brief The Reina-Valera 1909 from `rv1909.tsv`: 31084 verses, Genesis 1:1 to Revelation 22:21.
 *
 * Each line of the file is `book<TAB>chapter<TAB>verse<TAB>text` (see the file comment); the
 * verses come back in the file's order, which is the Bible's.
 * @param dir the data directory (default_data_dir()); the file is `dir/rv1909.tsv`.
 * @return the verses in order; for the real file 31084 of them, in 66 books and 1189 chapters.
 * @throws io_error if the file is missing (the message says to run `./llmlings data rv1909`),
 * empty, or a line is malformed: not four tab-separated fields, an empty book or text, or a
 * chapter or verse number that is not a positive integer (the message gives `file:line`).
 *
 * Complexity: one pass over the 4.4 MB file. Example:
 * `load_rv1909().front().text == "EN el principio crió Dios los cielos y la tierra."`.
 */
inline std::vector<verse> load_rv1909(const std::string& dir = default_data_dir()) {
    return detail::load_verses({"load_rv1909", detail::join_path(dir, "rv1909.tsv")}, "./llmlings data rv1909", 31084);
}

/**
 * @ingroup data
 * @brief The Spanish character corpus: the verse texts joined with `'\n'`, exactly as kjv_text().
 *
 * @param verses the verses, e.g. from load_rv1909().
 * @return `verses[0].text + "\n" + verses[1].text + ...`; empty for no verses. For the real file
 * it has 3938488 bytes (3907405 of text and 31083 newlines), 3811250 characters.
 *
 * Example: `rv1909_text({{"Genesis",1,1,"EN el principio"},{"Genesis",1,2,"Y la tierra"}})` is
 * `"EN el principio\nY la tierra"`.
 */
inline std::string rv1909_text(const std::vector<verse>& verses) {
    return kjv_text(verses);
}

}  // namespace data
}  // namespace llmlings

#endif  // LLMLINGS_DATA_RV1909_HPP
