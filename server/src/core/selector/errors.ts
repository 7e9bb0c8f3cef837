/**
 * The error value shared by the selector lexer, parser and public API.
 *
 * Invariant: offsets are UTF-16 indexes into the selector text that was parsed, `offset <= end`,
 * and both lie within `[0, text.length]`. When the problem is that the text ended too early both
 * are the text's length, so an editor can still place a caret there.
 */
export interface SelectorError {
  /** A short explanation in our own words, saying what was expected where possible. */
  message: string;
  /** Where the offending character or token starts. */
  offset: number;
  /** Where the offending character or token ends (exclusive); useful for underlining it. */
  end: number;
}
