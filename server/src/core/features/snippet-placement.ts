/**
 * Where a whole-resource snippet may be offered: only where a new resource can start. That is a
 * line at column 0, at a key position, in a document that has no top-level content yet (an empty
 * document, one holding only comments and directives, or the fresh document after a `---`), and
 * with nothing but the word being typed on the line. Inside a spec, at a value, or in a document
 * that already has `apiVersion` or `kind`, a snippet would insert a second resource into the
 * first one, which is never what the user wants.
 *
 * Invariant: one pass over the lines of the one document under the cursor (the caller already
 * split it); no regular expression on user text.
 */

const enum Ch {
  Tab = 9,
  Space = 32,
  Hash = 35,
  Percent = 37,
  Dash = 45,
  Dot = 46,
}

/** True for a blank line, a comment, a directive, or a `---` / `...` marker line. */
function isNonContent(line: string): boolean {
  const c = line.charCodeAt(0);
  if (Number.isNaN(c) || c === Ch.Space || c === Ch.Tab) {
    // Indented text at the top of a document is content too (a scalar document), unless blank or a comment.
    for (let i = 0; i < line.length; i++) {
      const d = line.charCodeAt(i);
      if (d === Ch.Space || d === Ch.Tab || d === 13) continue;
      return d === Ch.Hash;
    }
    return true;
  }
  if (c === Ch.Hash || c === Ch.Percent) return true;
  if ((c === Ch.Dash || c === Ch.Dot) && line.charCodeAt(1) === c && line.charCodeAt(2) === c) {
    const next = line.charCodeAt(3);
    if (Number.isNaN(next) || next === Ch.Space || next === Ch.Tab) {
      // A marker line with content after it (`--- !tag`, `--- a: b`) begins the document's content.
      for (let i = 3; i < line.length; i++) {
        const d = line.charCodeAt(i);
        if (d === Ch.Space || d === Ch.Tab) continue;
        return d === Ch.Hash;
      }
      return true;
    }
  }
  return false;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === Ch.Dot || c === 47 || c === Ch.Dash;
}

/**
 * Whether a resource may start at column `col` of line `idx` of a document's `lines`: `col` is
 * where the word being typed starts (0 for a snippet), and the line holds only that word (before
 * and after the cursor) and trailing blanks.
 */
export function canStartResource(lines: readonly { text: string }[], idx: number, col: number): boolean {
  if (col !== 0) return false;
  const here = lines[idx]?.text ?? '';
  // `-` and `.` may continue a word but not start one here: `---` and `...` are markers, `- ` an item.
  const first = here.charCodeAt(0);
  if (first === Ch.Dash || first === Ch.Dot) return false;
  let i = 0;
  while (i < here.length && isWordChar(here.charCodeAt(i))) i++;
  for (; i < here.length; i++) {
    const c = here.charCodeAt(i);
    if (c !== Ch.Space && c !== Ch.Tab && c !== 13) return false;
  }
  for (let l = 0; l < lines.length; l++) {
    if (l !== idx && !isNonContent(lines[l]!.text)) return false;
  }
  return true;
}
