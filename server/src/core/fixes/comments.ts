/**
 * The comments of a YAML text, found by the `yaml` package's lexer, so that a `#` inside a quoted
 * string or a block scalar is not taken for one. Used to check that a fix keeps every comment and
 * to carry comments over when a fix removes the line they are on.
 *
 * Invariant: linear in the text (one lexer pass); never throws (the lexer accepts any text).
 */
import { CST, Lexer } from 'yaml';

export interface Comment {
  /** Offset of the `#`. */
  start: number;
  /** The comment as written, from `#` to the end of its line (without the line break). */
  text: string;
}

/** Lexer tokens that mark structure and take no room in the source. */
const DOCUMENT = '\u0002';
const FLOW_END = '\u0018';
/** Comes right before a scalar's source, which may itself start with `#` (a block scalar's body). */
const SCALAR = '\u001f';

export function commentsOf(text: string): Comment[] {
  const out: Comment[] = [];
  let offset = 0;
  let scalarNext = false;
  for (const token of new Lexer().lex(text)) {
    if (token === DOCUMENT || token === FLOW_END) continue;
    if (token === SCALAR) {
      scalarNext = true;
      continue;
    }
    if (!scalarNext && CST.tokenType(token) === 'comment') out.push({ start: offset, text: token });
    scalarNext = false;
    offset += token.length;
  }
  return out;
}

/** How many times each comment text occurs. */
export function commentCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of commentsOf(text)) counts.set(c.text, (counts.get(c.text) ?? 0) + 1);
  return counts;
}
