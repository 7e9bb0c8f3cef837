/**
 * Keeps a problem's range inside its text. The YAML parser reports some errors at the end of the
 * input (an unclosed `[` or `{`) one character past it; a range past the end cannot be shown, so
 * it is moved onto the last character (never between the halves of a surrogate pair), or left
 * empty at the end of an empty text. Both the full parse and the streamed check of oversized
 * documents put their ranges through this, so they agree.
 */
import type { Span } from '../types';

export function keepInText(d: Span, text: string): void {
  const length = text.length;
  if (d.end > length) d.end = length;
  if (d.start > d.end) d.start = d.end;
  if (d.start === length && length > 0 && d.end === length) {
    const low = text.charCodeAt(length - 1);
    d.start = length >= 2 && low >= 0xdc00 && low <= 0xdfff ? length - 2 : length - 1;
  }
}
