// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nlp/01 — from bytes to words: strict UTF-8 decoding and encoding, a simple lowercase
 * mapping, whitespace normalisation, word tokens, stop-word removal and M. F. Porter's stemmer.
 *
 * Shapes: text is a `std::string` (or `std::string_view`) of UTF-8 bytes; decoded text is a
 * `std::u32string` of code points, one `char32_t` per character; tokens are a
 * `std::vector<std::string>`, each token UTF-8.
 *
 * The pipeline every later nlp topic starts from:
 * ```
 * "  Don’t PANIC:\tthe Ωmega’s towels…"
 *   normalize →  "don’t panic: the ωmega’s towels…"      (lowercase, one space per run, trimmed)
 *   tokenize  →  {"don't", "panic", "the", "ωmega's", "towels"}
 *   remove_stopwords(english) →  {"panic", "ωmega's", "towels"}
 *   porter_stem on each →  {"panic", "ωmega's", "towel"}     (a–z words only)
 * ```
 *
 * Conventions. Every function that reads text validates it as UTF-8 first and rejects malformed
 * bytes with invalid_argument naming decode_utf8 and the byte offset: a tokenizer that skipped
 * bad bytes silently would make two different byte strings the same token. Lowercasing covers
 * ASCII, Latin-1, Greek and Cyrillic capitals by fixed offsets, not all of Unicode (see
 * to_lower()). The stemmer is Porter's published algorithm, checked word for word against the
 * 30,428-word vocabulary of its author's test data, with one rule of his C implementation:
 * words of one or two letters are left alone.
 *
 * What this file deliberately is not: Unicode normalisation (NFC, NFKC: "é" as one code point or
 * as "e" + a combining accent stay different), full case folding, word segmentation for scripts
 * without spaces (Chinese, Japanese, Thai), or a subword tokenizer (nlp/06 builds byte-level BPE).
 *
 * Reference: The Unicode Standard, §3.9 (Table 3-6, UTF-8 bit distribution; Table 3-7,
 * well-formed UTF-8 byte sequences); RFC 3629 (UTF-8); M. F. Porter (1980), "An algorithm for
 * suffix stripping", Program 14(3), 130–137; Manning, Raghavan & Schütze, *Introduction to
 * Information Retrieval* (2008), §2.2.
 *
 * Guide: @ref nlp_01_tokenization (the ideas) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NLP_01_TOKENIZATION_HPP
#define LLMLINGS_NLP_01_TOKENIZATION_HPP

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <llmlings/core/errors.hpp>

namespace llmlings {
namespace nlp {

namespace detail {

// Given: the helpers that write the error messages (you call them; they are not the exercise).
/**
 * @brief A byte as the error messages write it: `0xC3`.
 *
 * @param byte the byte
 * @return `"0x"` and two upper-case hexadecimal digits
 */
inline std::string hex_byte(unsigned char byte) {
    const char* digits = "0123456789ABCDEF";
    return std::string{'0', 'x', digits[byte >> 4], digits[byte & 0x0F]};
}

/**
 * @brief A code point as Unicode writes it: `U+00E9`, `U+1F600`.
 *
 * @param c any 32-bit value (also one that is no code point, such as 0x110000)
 * @return `"U+"` and at least four upper-case hexadecimal digits
 */
inline std::string code_point_name(char32_t c) {
    const char* digits = "0123456789ABCDEF";
    std::string hex;
    for (unsigned long v = c; v != 0 || hex.size() < 4; v >>= 4) hex.insert(hex.begin(), digits[v & 0xF]);
    return "U+" + hex;
}

/**
 * @brief Throws the invalid_argument of decode_utf8 for malformed bytes.
 *
 * @param offset where the bad sequence starts, in bytes from the start of the text
 * @param problem what is wrong there
 * @throws invalid_argument always: `decode_utf8: invalid UTF-8 at byte <offset>: <problem>`
 */
[[noreturn]] inline void invalid_utf8(std::size_t offset, const std::string& problem) {
    throw invalid_argument("decode_utf8", ::llmlings::detail::concat("invalid UTF-8 at byte ", offset, ": ", problem));
}
// End of the given code.

/**
 * @brief Appends the UTF-8 bytes of one code point to `out` (the table of encode_utf8()).
 *
 * @param out the bytes so far
 * @param c a code point, not a surrogate, at most U+10FFFF: the callers check (encode_utf8) or
 *        know it (code points that decode_utf8 returned); others are written without complaint
 */
inline void append_utf8(std::string& out, char32_t c) {
    todo("nlp/01_tokenization", "append_utf8");
}

}  // namespace detail

/**
 * @ingroup nlp
 * @brief Decodes UTF-8 bytes into code points, strictly: every malformed sequence throws.
 *
 * UTF-8 writes a code point in 1 to 4 bytes; the lead byte says how many, each continuation
 * byte carries 6 more bits:
 *
 * | code points | bytes | bits |
 * | --- | --- | --- |
 * | U+0000 – U+007F | `0xxxxxxx` | 7 |
 * | U+0080 – U+07FF | `110xxxxx 10xxxxxx` | 11 |
 * | U+0800 – U+FFFF | `1110xxxx 10xxxxxx 10xxxxxx` | 16 |
 * | U+10000 – U+10FFFF | `11110xxx 10xxxxxx 10xxxxxx 10xxxxxx` | 21 |
 *
 * So "é" (U+00E9 = 000 1110 1001) is `C3 A9`, "€" (U+20AC) is `E2 82 AC` and "😀" (U+1F600)
 * is `F0 9F 98 80`. A sequence is well-formed only when it is the *shortest* one for its value
 * (`C0 AF` would be a second "/": such overlong forms once let "../" slip past security
 * filters), its value is not a surrogate (U+D800–U+DFFF, the halves UTF-16 uses to reach beyond
 * U+FFFF, which are not characters) and at most U+10FFFF, the last code point.
 *
 * @param text UTF-8 bytes (any bytes may come in; a NUL byte is the code point U+0000)
 * @return the code points, one per character
 * @throws invalid_argument whose message names decode_utf8, the byte offset where the bad
 *         sequence starts and the problem: an unexpected continuation byte (`10xxxxxx` where a
 *         character should start), a truncated sequence (the text ends, or a byte that is not
 *         a continuation byte comes, before the lead byte's count is complete), an overlong
 *         encoding, a surrogate, a value above U+10FFFF, or a byte that never occurs in UTF-8
 *         (0xC0, 0xC1, 0xF5–0xFF). Example: `decode_utf8: invalid UTF-8 at byte 1: overlong
 *         encoding: U+0000 in 3 bytes (it takes 1)`.
 *
 * Complexity: O(n) for n bytes, one pass; the result holds at most n code points.
 * Example: `decode_utf8("h\xC3\xA9!")` → `U"hé!"`, the code points {U+0068, U+00E9, U+0021}.
 */
inline std::u32string decode_utf8(std::string_view text) {
    todo("nlp/01_tokenization", "decode_utf8");
}

/**
 * @ingroup nlp
 * @brief Encodes code points as UTF-8, the inverse of decode_utf8().
 *
 * Each code point takes the shortest form of the table in decode_utf8(): 1 byte up to U+007F,
 * 2 up to U+07FF, 3 up to U+FFFF, 4 up to U+10FFFF. For every string s of code points that are
 * not surrogates, `decode_utf8(encode_utf8(s)) == s`, and for every valid UTF-8 text t,
 * `encode_utf8(decode_utf8(t)) == t`.
 *
 * @param code_points the characters
 * @return their UTF-8 bytes
 * @throws invalid_argument for a surrogate (U+D800–U+DFFF) or a value above U+10FFFF, whose
 *         message names encode_utf8, the index of the code point and its value:
 *         `encode_utf8: at index 1: surrogate U+D800 ...`
 *
 * Complexity: O(n), at most 4 bytes per code point. Example: `encode_utf8(U"€1")` →
 * `"\xE2\x82\xAC" "1"` (4 bytes).
 */
inline std::string encode_utf8(std::u32string_view code_points) {
    todo("nlp/01_tokenization", "encode_utf8");
}

/**
 * @ingroup nlp
 * @brief The lowercase of a capital letter of ASCII, Latin-1, Greek or Cyrillic; every other
 * code point unchanged.
 *
 * In these four blocks Unicode placed each capital at a fixed distance below its small letter,
 * so lowercasing is an addition:
 *
 * | capitals | small letters | offset |
 * | --- | --- | --- |
 * | A–Z, U+0041–U+005A | a–z | +0x20 |
 * | À–Þ, U+00C0–U+00DE, except × (U+00D7) | à–þ | +0x20 |
 * | Α–Ω, U+0391–U+03A9, except U+03A2 (unassigned) | α–ω | +0x20 |
 * | А–Я, U+0410–U+042F | а–я | +0x20 |
 * | Ѐ–Џ, U+0400–U+040F | ѐ–џ | +0x50 |
 *
 * These are the simple lowercase mappings of the Unicode Character Database for those blocks.
 * It is deliberately *not* full Unicode case folding, which needs tables of some 1,400 mappings
 * and rules this function cannot express: one character can become two (German ẞ, U+1E9E, folds
 * to "ss"), the answer depends on the language (in Turkish, I lowercases to dotless ı, not i)
 * and on the context (Greek Σ is σ inside a word and ς at its end; here always σ). Letters of
 * other blocks (Ā, Ł, Ő of Latin Extended-A, Armenian, Georgian, …) come back unchanged.
 *
 * @param c a code point
 * @return its lowercase within the scope above, else c itself
 *
 * Complexity: O(1); throws nothing. Example: `to_lower(U'É')` → `U'é'`; `to_lower(U'Ω')` →
 * `U'ω'`; `to_lower(U'Ё')` (U+0401) → `U'ё'` (U+0451); `to_lower(U'×')` → `U'×'`.
 */
inline char32_t to_lower(char32_t c) {
    todo("nlp/01_tokenization", "to_lower");
}

namespace detail {

/**
 * @brief Whether a code point is whitespace for normalize(): the ASCII controls U+0009–U+000D
 * (tab, line feed, vertical tab, form feed, carriage return), the space U+0020, next line
 * U+0085, the no-break space U+00A0, the typographic spaces U+2000–U+200A, the line and
 * paragraph separators U+2028 and U+2029, and the ideographic space U+3000.
 *
 * @param c a code point
 * @return true for the 20 code points above
 */
inline bool is_space(char32_t c) {
    todo("nlp/01_tokenization", "is_space");
}

/**
 * @brief Whether a code point counts as a letter for tokenize(): ASCII a–z and A–Z, or any
 * code point from U+00C0 on except × (U+00D7), ÷ (U+00F7), general punctuation and spaces
 * (U+2000–U+206F) and CJK punctuation (U+3000–U+303F).
 *
 * A rough rule, not Unicode's Letter category: it keeps the letters of every script together
 * (é, ω, я, 中) at the price of also counting the symbols above U+00BF that are neither
 * excluded block (€, ™, emoji) as letters.
 *
 * @param c a code point
 * @return true for a letter
 */
inline bool is_letter(char32_t c) {
    todo("nlp/01_tokenization", "is_letter");
}

/**
 * @brief Whether a code point is a decimal digit 0–9 (ASCII only).
 *
 * @param c a code point
 * @return true for U+0030–U+0039
 */
inline bool is_digit(char32_t c) {
    todo("nlp/01_tokenization", "is_digit");
}

}  // namespace detail

/**
 * @ingroup nlp
 * @brief Normalises text for comparison: checks that it is UTF-8, lowercases it with
 * to_lower(), turns every run of whitespace into one ASCII space and trims both ends.
 *
 * Whitespace is the 20 code points of detail::is_space: U+0009–U+000D, U+0020, U+0085, U+00A0,
 * U+2000–U+200A, U+2028, U+2029 and U+3000. Punctuation is kept: tokenize() decides what to do
 * with it. After normalize, "Hello,\tWorld" and "hello,  world " are the same string.
 *
 * @param text UTF-8 bytes
 * @return the normalised text, UTF-8; empty when text is empty or only whitespace
 * @throws invalid_argument when text is not valid UTF-8: decode_utf8's error, whose message
 *         names decode_utf8 and the byte offset
 *
 * Complexity: O(n); the result is never longer than the text (each lowercase letter here takes
 * as many bytes as its capital). Example: `normalize("  Hello,\tWORLD \n")` → `"hello, world"`;
 * `normalize("ÉCOLE\u00A0\u00A0Ωmega")` → `"école ωmega"`.
 */
inline std::string normalize(std::string_view text) {
    todo("nlp/01_tokenization", "normalize");
}

/**
 * @ingroup nlp
 * @brief Splits text into lowercase word tokens: the maximal runs of letters and digits of
 * normalize(text), in order.
 *
 * - A letter is ASCII a–z or A–Z, or any code point from U+00C0 on except ×, ÷ and the
 *   punctuation blocks U+2000–U+206F and U+3000–U+303F (detail::is_letter). A digit is 0–9.
 * - An apostrophe, U+0027 (') or U+2019 (’), with a letter on *both* sides stays in the word:
 *   "don't", "o'clock", "rock'n'roll". U+2019 is written as U+0027 in the token, so "don’t"
 *   and "don't" are one token. An apostrophe at the start or end of a word ("'tis", "dogs'")
 *   or next to a digit ("80's") separates, like everything else.
 * - Everything else (spaces, punctuation, symbols below U+00C0) separates tokens and is dropped.
 *
 * @param text UTF-8 bytes
 * @return the tokens, each UTF-8 and non-empty; none for an empty text or one without letters
 *         and digits
 * @throws invalid_argument when text is not valid UTF-8 (decode_utf8's error: the message names
 *         decode_utf8 and the byte offset)
 *
 * Complexity: O(n). Example: `tokenize("Don’t stop: it's 5 O'CLOCK!")` →
 * `{"don't", "stop", "it's", "5", "o'clock"}`.
 */
inline std::vector<std::string> tokenize(std::string_view text) {
    todo("nlp/01_tokenization", "tokenize");
}

/**
 * @ingroup nlp
 * @brief The tokens that are not stop words, in their order (duplicates kept).
 *
 * Stop words are the most frequent words of a language ("the", "and", "is"): they carry little
 * of what a document is *about*, so search engines and bag-of-words models often drop them.
 * Not always: "to be or not to be" is all stop words, and "not" decides what "not good" means
 * to a sentiment classifier. Compare in the same form as the list (lowercase: tokenize() first).
 *
 * @param tokens the words, e.g. from tokenize()
 * @param stopwords the words to drop, e.g. data::load_stopwords("english")
 * @return the remaining tokens
 *
 * Complexity: O(n) expected hash lookups; throws nothing beyond std::bad_alloc.
 * Example: `remove_stopwords({"the", "cat", "is", "on", "the", "mat"}, {"the", "is", "on"})` →
 * `{"cat", "mat"}`.
 */
inline std::vector<std::string> remove_stopwords(const std::vector<std::string>& tokens,
                                                 const std::unordered_set<std::string>& stopwords) {
    todo("nlp/01_tokenization", "remove_stopwords");
}

namespace detail {

/**
 * @brief Whether `word[i]` is a consonant in Porter's sense: a letter other than a, e, i, o, u,
 * and other than a y that follows a consonant.
 *
 * So y is a consonant at the start of a word ("yes") and after a vowel ("toy"), a vowel after a
 * consonant ("by", "syzygy": s-y-z-y-g-y is C V C V C V).
 *
 * @param word lowercase a–z letters
 * @param i an index into word
 * @return true for a consonant
 */
inline bool porter_consonant(std::string_view word, std::size_t i) {
    todo("nlp/01_tokenization", "porter_consonant");
}

/**
 * @brief Porter's measure m of a stem: written as consonant runs C and vowel runs V, every stem
 * is [C](VC)^m[V], and m counts the VC pairs.
 *
 * m = 0: "tr", "ee", "tree", "y", "by"; m = 1: "trouble", "oats", "trees", "ivy";
 * m = 2: "troubles", "private", "oaten", "orrery" (Porter's examples). Each VC pair ends where
 * a consonant follows a vowel, so m is the number of such places.
 *
 * @param stem lowercase a–z letters
 * @return m
 */
inline std::size_t porter_measure(std::string_view stem) {
    todo("nlp/01_tokenization", "porter_measure");
}

/**
 * @brief Porter's condition *v*: the stem contains a vowel.
 *
 * @param stem lowercase a–z letters
 * @return true when some letter is not a consonant
 */
inline bool porter_has_vowel(std::string_view stem) {
    todo("nlp/01_tokenization", "porter_has_vowel");
}

/**
 * @brief Porter's condition *d: the stem ends with a double consonant ("-tt", "-ss").
 *
 * @param stem lowercase a–z letters
 * @return true when the last two letters are the same consonant
 */
inline bool porter_double_consonant(std::string_view stem) {
    todo("nlp/01_tokenization", "porter_double_consonant");
}

/**
 * @brief Porter's condition *o: the stem ends consonant–vowel–consonant, and the last consonant
 * is not w, x or y ("-wil", "-hop"; not "-ow", "-ax", "-ey").
 *
 * @param stem lowercase a–z letters
 * @return true for such a stem
 */
inline bool porter_cvc(std::string_view stem) {
    todo("nlp/01_tokenization", "porter_cvc");
}

// Given: C++17's std::string_view has no ends_with (C++20 adds it).
/**
 * @brief Whether `word` ends with `suffix`.
 *
 * @param word any text
 * @param suffix any text
 * @return true when the last suffix.size() characters of word are suffix
 */
inline bool ends_with(std::string_view word, std::string_view suffix) {
    return word.size() >= suffix.size() && word.compare(word.size() - suffix.size(), suffix.size(), suffix) == 0;
}
// End of the given code.

/**
 * @brief One rule of a Porter step: a suffix and what replaces it.
 */
struct porter_rule {
    std::string_view suffix;       ///< the ending to look for, e.g. "ational"
    std::string_view replacement;  ///< what it becomes when the condition holds, e.g. "ate"
};

/**
 * @brief Applies the rule whose suffix is the longest one ending `word`, when the stem before
 * it has a measure above `min_measure`.
 *
 * Only one rule is ever tried: when the longest matching suffix fails its condition, the word
 * stays as it is, and no shorter suffix gets a chance (Porter's rule for steps 2 to 4).
 *
 * @param word lowercase a–z letters, changed in place
 * @param rules ordered so that a suffix comes before every shorter suffix it ends with
 *        ("ational" before "tional"): then the first match is the longest
 * @param min_measure the condition is m(stem) > min_measure
 * @return true when some suffix matched, whether or not it was replaced
 */
inline bool porter_replace_suffix(std::string& word, std::initializer_list<porter_rule> rules,
                                  std::size_t min_measure) {
    todo("nlp/01_tokenization", "porter_replace_suffix");
}

/**
 * @brief Step 1a, plurals: sses → ss, ies → i, ss → ss, s → (removed).
 *
 * Examples: caresses → caress, ponies → poni, ties → ti, caress → caress, cats → cat.
 *
 * @param word lowercase a–z letters, changed in place
 */
inline void porter_step1a(std::string& word) {
    todo("nlp/01_tokenization", "porter_step1a");
}

/**
 * @brief Step 1b, past tenses and -ing: (m > 0) eed → ee; (*v*) ed → ; (*v*) ing → ; and when
 * ed or ing went: at → ate, bl → ble, iz → ize, a double consonant other than l, s, z loses
 * one letter, and (m = 1 and *o) adds an e.
 *
 * Examples: feed → feed, agreed → agree, plastered → plaster, bled → bled, motoring → motor,
 * sing → sing, conflated → conflate, troubled → trouble, sized → size, hopping → hop,
 * tanned → tan, falling → fall, hissing → hiss, fizzed → fizz, failing → fail, filing → file.
 *
 * @param word lowercase a–z letters, changed in place
 */
inline void porter_step1b(std::string& word) {
    todo("nlp/01_tokenization", "porter_step1b");
}

/**
 * @brief Step 1c: (*v*) y → i.
 *
 * Examples: happy → happi, sky → sky.
 *
 * @param word lowercase a–z letters, changed in place
 */
inline void porter_step1c(std::string& word) {
    todo("nlp/01_tokenization", "porter_step1c");
}

/**
 * @brief Step 2, double suffixes to single ones, when m(stem) > 0: ational → ate,
 * tional → tion, enci → ence, anci → ance, izer → ize, abli → able, alli → al, entli → ent,
 * eli → e, ousli → ous, ization → ize, ation → ate, ator → ate, alism → al, iveness → ive,
 * fulness → ful, ousness → ous, aliti → al, iviti → ive, biliti → ble.
 *
 * Examples: relational → relate, conditional → condition, rational → rational,
 * digitizer → digitize, vietnamization → vietnamize, sensibiliti → sensible.
 *
 * @param word lowercase a–z letters, changed in place
 */
inline void porter_step2(std::string& word) {
    todo("nlp/01_tokenization", "porter_step2");
}

/**
 * @brief Step 3, when m(stem) > 0: icate → ic, ative → , alize → al, iciti → ic, ical → ic,
 * ful → , ness → .
 *
 * Examples: triplicate → triplic, formative → form, formalize → formal, electriciti → electric,
 * electrical → electric, hopeful → hope, goodness → good.
 *
 * @param word lowercase a–z letters, changed in place
 */
inline void porter_step3(std::string& word) {
    todo("nlp/01_tokenization", "porter_step3");
}

/**
 * @brief Step 4, when m(stem) > 1 the suffix goes: al, ance, ence, er, ic, able, ible, ant,
 * ement, ment, ent, ion (only after s or t), ou, ism, ate, iti, ous, ive, ize.
 *
 * Examples: revival → reviv, allowance → allow, airliner → airlin, replacement → replac,
 * adjustment → adjust, adoption → adopt, homologou → homolog, effective → effect.
 *
 * @param word lowercase a–z letters, changed in place
 */
inline void porter_step4(std::string& word) {
    todo("nlp/01_tokenization", "porter_step4");
}

/**
 * @brief Step 5, tidying up: (5a) a final e goes when m(stem) > 1, or when m(stem) = 1 and the
 * stem does not end *o; (5b) a final double l loses one l when m > 1.
 *
 * Examples: probate → probat, rate → rate, cease → ceas, controll → control, roll → roll.
 *
 * @param word lowercase a–z letters, changed in place
 */
inline void porter_step5(std::string& word) {
    todo("nlp/01_tokenization", "porter_step5");
}

}  // namespace detail

/**
 * @ingroup nlp
 * @brief M. F. Porter's stemmer (1980): strips English suffixes so that the forms of a word
 * meet ("connect", "connected", "connecting", "connection", "connections" → "connect").
 *
 * Porter writes each word as [C](VC)^m[V], runs of consonants C and vowels V (y is a vowel
 * after a consonant), and calls m its *measure* (detail::porter_measure). Five steps remove
 * suffixes in turn; each rule fires only when what stays in front of the suffix is long enough,
 * in measure:
 * 1. plurals and -ed/-ing (1a, 1b), y → i after a vowel (1c);
 * 2. double suffixes to single ones when m > 0: -ational → -ate, -iveness → -ive, …;
 * 3. -icate, -ative, -alize, -iciti, -ical, -ful, -ness when m > 0;
 * 4. one more suffix when m > 1: -al, -ance, -er, -ment, -ion (after s or t), …;
 * 5. a final -e when m > 1 (or m = 1 and not cvc), a final -ll → -l when m > 1.
 * Within a step only the longest matching suffix is considered. A stem need not be a word
 * ("poni", "relat"): it only has to be the same for words that belong together.
 *
 * This is the published algorithm, as the Snowball project's `porter` stemmer implements it and
 * its test vocabulary records, short words included: "as" → "a", "is" → "i", "s" → "" (the
 * empty string; a caller that keeps tokens drops empty stems or stems only longer words).
 * A word with any character outside a–z (upper case, digits, apostrophes, accents) is returned
 * unchanged: the rules are written for lowercase English letters. Lowercase first
 * (tokenize() does).
 *
 * @param word the word
 * @return its stem, at most as long as the word
 *
 * Complexity: O(n²) for a word of n letters in the worst case (each step measures its stem;
 * y's class looks back along runs of y), in practice a few microseconds; throws nothing beyond
 * std::bad_alloc. Examples: caresses → caress, ponies → poni, relational → relat,
 * generalizations → gener, oscillators → oscil, happy → happi, "is" → "i", "Running" →
 * "Running".
 */
inline std::string porter_stem(std::string_view word) {
    todo("nlp/01_tokenization", "porter_stem");
}

}  // namespace nlp
}  // namespace llmlings

#endif  // LLMLINGS_NLP_01_TOKENIZATION_HPP
