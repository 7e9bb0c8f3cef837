/**
 * Whether Go's `regexp.Compile` accepts a pattern (RE2 syntax with Perl extensions). Calico checks
 * Felix and kube-controllers pattern fields with exactly that call, so a pattern it refuses is a
 * validation error. This is a syntax check only: nothing is matched.
 *
 * What Go refuses, and so do we: a repetition operator with nothing to repeat (`*eth`, `(+)`, `a|?`),
 * stacked repetitions (`a**`, `a{2}{3}`), repeat counts above 1000 (also when nested ones multiply
 * past it), unbalanced `(`/`)` or `[`, empty or reversed class ranges (`[z-a]`), unknown POSIX
 * classes, unknown or unsupported escapes (backreferences `\1`, `\Z`, `\C`, `\e`…), Perl group
 * syntax RE2 lacks (lookaround `(?=`, `(?!`, `(?<=`, atomic `(?>`), bad flag groups and capture
 * names, and a trailing backslash.
 *
 * Where RE2 and the JavaScript engine may disagree about Unicode class names (`\p{…}`), a name is
 * accepted when either the general categories or the scripts known here contain it, so a pattern is
 * never refused because of a Unicode version difference.
 *
 * Invariant: never throws; returns undefined (accepted) or a short reason.
 */

const MAX_REPEAT = 1000;
const MAX_DEPTH = 1000;

const POSIX = new Set(['alnum', 'alpha', 'ascii', 'blank', 'cntrl', 'digit', 'graph', 'lower', 'print', 'punct', 'space', 'upper', 'word', 'xdigit']);
const PERL_CLASS = new Set(['d', 'D', 's', 'S', 'w', 'W']);

function unicodeClassKnown(name: string): boolean {
  if (name === 'Any') return true;
  for (const probe of [`\\p{${name}}`, `\\p{Script=${name}}`]) {
    try {
      new RegExp(probe, 'u');
      return true;
    } catch {
      // Not a name this form knows; try the next one.
    }
  }
  return false;
}

interface Node {
  /** Longest repetition count product inside this node (for the nested 1000 limit). */
  weight: number;
}

class Re2Error extends Error {}

class Checker {
  private pos = 0;
  private readonly cps: number[];

  constructor(src: string) {
    this.cps = Array.from(src, (c) => c.codePointAt(0)!);
  }

  private fail(reason: string): never {
    throw new Re2Error(reason);
  }

  private peek(offset = 0): number | undefined {
    return this.cps[this.pos + offset];
  }

  private ch(cp: number | undefined): string {
    return cp === undefined ? '' : String.fromCodePoint(cp);
  }

  run(): void {
    this.alternation(0);
    if (this.pos < this.cps.length) this.fail("unexpected ')'");
  }

  /** Parses alternatives until ')' or the end; returns the heaviest repetition weight seen. */
  private alternation(depth: number): number {
    if (depth > MAX_DEPTH) this.fail('the expression is nested too deeply');
    let weight = 1;
    for (;;) {
      weight = Math.max(weight, this.concat(depth));
      if (this.peek() === 0x7c /* | */) {
        this.pos++;
        continue;
      }
      return weight;
    }
  }

  private concat(depth: number): number {
    let weight = 1;
    let last: Node | undefined; // the item a repetition would apply to
    let lastWasRepeat = false;
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === 0x7c || c === 0x29 /* ) */) return weight;
      if (c === 0x2a || c === 0x2b || c === 0x3f /* * + ? */) {
        this.pos++;
        if (this.peek() === 0x3f) this.pos++; // non-greedy form
        if (lastWasRepeat) this.fail(`invalid nested repetition operator '${this.ch(c)}'`);
        if (!last) this.fail(`missing argument to repetition operator '${this.ch(c)}'`);
        lastWasRepeat = true;
        continue;
      }
      if (c === 0x7b /* { */) {
        const rep = this.tryRepeat();
        if (rep) {
          if (lastWasRepeat) this.fail('invalid nested repetition operator');
          if (!last) this.fail('missing argument to repetition operator');
          const [min, max] = rep;
          if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) this.fail('invalid repeat count');
          const n = Math.max(min, max);
          if (n >= 2) {
            last.weight *= n;
            if (last.weight > MAX_REPEAT) this.fail('invalid repeat count (nested repetitions are too large)');
          }
          weight = Math.max(weight, last.weight);
          lastWasRepeat = true;
          continue;
        }
        // Not a valid repeat: '{' is a literal.
        this.pos++;
        last = { weight: 1 };
        lastWasRepeat = false;
        continue;
      }
      lastWasRepeat = false;
      if (c === 0x28 /* ( */) {
        const inner = this.group(depth);
        // A flag-only group such as `(?i)` adds nothing: a following repetition applies to
        // whatever came before it, as in Go.
        if (inner !== undefined) {
          last = { weight: inner };
          weight = Math.max(weight, inner);
        }
        continue;
      }
      if (c === 0x5b /* [ */) {
        this.charClass();
        last = { weight: 1 };
        continue;
      }
      if (c === 0x5c /* \ */) {
        const kind = this.escape();
        // \Q…\E may produce no literal at all, and then there is nothing to repeat.
        last = kind === 'empty' ? last : { weight: 1 };
        continue;
      }
      this.pos++;
      last = { weight: 1 };
    }
  }

  /** `{n}`, `{n,}` or `{n,m}` at the cursor: consumes it and returns [min, max] (max -1 = open). */
  private tryRepeat(): [number, number] | undefined {
    const start = this.pos;
    let i = start + 1;
    const digits = (): string => {
      let s = '';
      while (this.cps[i] !== undefined && this.cps[i]! >= 0x30 && this.cps[i]! <= 0x39) s += String.fromCodePoint(this.cps[i++]!);
      return s;
    };
    const a = digits();
    if (a === '') return undefined;
    let b: string | undefined = a;
    if (this.cps[i] === 0x2c /* , */) {
      i++;
      b = digits();
    }
    if (this.cps[i] !== 0x7d /* } */) return undefined;
    i++;
    // Go refuses leading zeros in repeat counts by treating the brace as a literal.
    if ((a.length > 1 && a[0] === '0') || (b !== '' && b.length > 1 && b[0] === '0')) return undefined;
    this.pos = i;
    const min = a.length > 8 ? Infinity : Number(a);
    const max = b === '' ? -1 : b.length > 8 ? Infinity : Number(b);
    return [min, max];
  }

  /** A group at '('; returns its repetition weight, or undefined for a flag-only group like `(?i)`. */
  private group(depth: number): number | undefined {
    this.pos++; // (
    if (this.peek() === 0x3f /* ? */) {
      const next = this.peek(1);
      if (next === 0x50 /* P */ || next === 0x3c /* < */) {
        let p = this.pos + (next === 0x50 ? 2 : 1);
        if (next === 0x50 && this.cps[p] !== 0x3c) this.fail('invalid named capture');
        if (this.cps[p + 1] === 0x3d || this.cps[p + 1] === 0x21) this.fail('lookbehind assertions are not supported');
        p++;
        let name = '';
        while (this.cps[p] !== undefined && this.cps[p] !== 0x3e /* > */) name += String.fromCodePoint(this.cps[p++]!);
        if (this.cps[p] === undefined) this.fail('invalid named capture');
        if (!/^[A-Za-z0-9_]+$/.test(name)) this.fail(`invalid capture group name ${JSON.stringify(name)}`);
        this.pos = p + 1;
      } else {
        // Flags: (?flags) or (?flags:re), flags from i m s U with one optional '-'.
        let p = this.pos + 1;
        let sawFlag = false;
        let negated = false;
        for (;;) {
          const f = this.cps[p];
          if (f === undefined) this.fail('missing closing )');
          if (f === 0x69 || f === 0x6d || f === 0x73 || f === 0x55) {
            sawFlag = true;
            p++;
            continue;
          }
          if (f === 0x2d /* - */) {
            if (negated) this.fail('invalid or unsupported Perl syntax');
            negated = true;
            sawFlag = false;
            p++;
            continue;
          }
          if (f === 0x3a /* : */ || f === 0x29 /* ) */) {
            if (negated && !sawFlag) this.fail('invalid or unsupported Perl syntax');
            this.pos = p + 1;
            if (f === 0x29) return undefined;
            break;
          }
          if (f === 0x3d || f === 0x21) this.fail('lookahead assertions are not supported');
          if (f === 0x3e) this.fail('atomic groups are not supported');
          this.fail('invalid or unsupported Perl syntax');
        }
      }
    }
    const weight = this.alternation(depth + 1);
    if (this.peek() !== 0x29) this.fail('missing closing )');
    this.pos++;
    return weight;
  }

  /** An escape outside a class; 'empty' for a \Q…\E that produced nothing. */
  private escape(): 'char' | 'empty' {
    this.pos++; // backslash
    const c = this.peek();
    if (c === undefined) this.fail('trailing backslash at end of expression');
    if (c === 0x51 /* Q */) {
      this.pos++;
      const start = this.pos;
      while (this.peek() !== undefined && !(this.peek() === 0x5c && this.peek(1) === 0x45)) this.pos++;
      const empty = this.pos === start;
      if (this.peek() !== undefined) this.pos += 2;
      return empty ? 'empty' : 'char';
    }
    const s = this.ch(c);
    if (PERL_CLASS.has(s) || s === 'b' || s === 'B' || s === 'A' || s === 'z') {
      this.pos++;
      return 'char';
    }
    this.classEscapeTail();
    return 'char';
  }

  /** Escapes valid both inside and outside classes (the cursor is on the char after '\'). */
  private classEscapeTail(): void {
    const c = this.peek()!;
    const s = this.ch(c);
    if (s === 'p' || s === 'P') {
      this.pos++;
      let name: string;
      if (this.peek() === 0x7b /* { */) {
        let p = this.pos + 1;
        name = '';
        while (this.cps[p] !== undefined && this.cps[p] !== 0x7d) name += String.fromCodePoint(this.cps[p++]!);
        if (this.cps[p] === undefined) this.fail('invalid character class range');
        this.pos = p + 1;
        if (name.startsWith('^')) name = name.slice(1);
      } else {
        if (this.peek() === undefined) this.fail('invalid character class range');
        name = this.ch(this.peek());
        this.pos++;
      }
      if (!unicodeClassKnown(name)) this.fail(`unknown Unicode class ${JSON.stringify(name)}`);
      return;
    }
    if (c >= 0x31 && c <= 0x37 /* 1-7 */) {
      // A single digit is a backreference (refused); two or three octal digits are a character.
      const d1 = this.peek(1);
      if (d1 === undefined || d1 < 0x30 || d1 > 0x37) this.fail(`backreferences are not supported (\\${s})`);
    }
    if (c >= 0x30 && c <= 0x37 /* octal */) {
      this.pos++;
      for (let k = 0; k < 2 && this.peek() !== undefined && this.peek()! >= 0x30 && this.peek()! <= 0x37; k++) this.pos++;
      return;
    }
    if (s === 'x') {
      this.pos++;
      if (this.peek() === 0x7b) {
        let p = this.pos + 1;
        let hex = '';
        while (this.cps[p] !== undefined && this.cps[p] !== 0x7d) hex += String.fromCodePoint(this.cps[p++]!);
        if (this.cps[p] === undefined || !/^[0-9a-fA-F]+$/.test(hex) || parseInt(hex, 16) > 0x10ffff) this.fail('invalid escape sequence \\x{…}');
        this.pos = p + 1;
        return;
      }
      const h = this.ch(this.peek()) + this.ch(this.peek(1));
      if (!/^[0-9a-fA-F]{2}$/.test(h)) this.fail('invalid escape sequence \\x');
      this.pos += 2;
      return;
    }
    if ('afnrtv'.includes(s)) {
      this.pos++;
      return;
    }
    // Any ASCII punctuation may be escaped; letters, digits 8/9 and non-ASCII may not.
    if (c < 0x80 && !/[A-Za-z0-9]/.test(s)) {
      this.pos++;
      return;
    }
    this.fail(`invalid escape sequence \\${s}`);
  }

  private charClass(): void {
    const start = this.pos;
    this.pos++; // [
    if (this.peek() === 0x5e /* ^ */) this.pos++;
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail(`missing closing ] in ${this.ch(this.cps[start])}…`);
      if (c === 0x5d /* ] */ && !first) {
        this.pos++;
        return;
      }
      first = false;
      if (c === 0x5b /* [ */ && this.peek(1) === 0x3a /* : */) {
        // Possibly [:name:] or [:^name:].
        let p = this.pos + 2;
        let name = '';
        while (this.cps[p] !== undefined && !(this.cps[p] === 0x3a && this.cps[p + 1] === 0x5d)) name += String.fromCodePoint(this.cps[p++]!);
        if (this.cps[p] !== undefined) {
          const bare = name.startsWith('^') ? name.slice(1) : name;
          if (!POSIX.has(bare)) this.fail(`invalid character class range [:${name}:]`);
          this.pos = p + 2;
          continue;
        }
      }
      if (c === 0x5c && this.peek(1) !== undefined && (PERL_CLASS.has(this.ch(this.peek(1))) || this.peek(1) === 0x70 || this.peek(1) === 0x50)) {
        this.pos++;
        if (PERL_CLASS.has(this.ch(this.peek()))) this.pos++;
        else this.classEscapeTail();
        continue;
      }
      const lo = this.classChar();
      if (this.peek() === 0x2d /* - */ && this.peek(1) !== undefined && this.peek(1) !== 0x5d) {
        this.pos++;
        const hi = this.classChar();
        if (hi < lo) this.fail('invalid character class range');
      }
    }
  }

  /** One character of a class (literal or escape); returns its code point. */
  private classChar(): number {
    const c = this.peek();
    if (c === undefined) this.fail('missing closing ]');
    if (c !== 0x5c) {
      this.pos++;
      return c;
    }
    this.pos++;
    const e = this.peek();
    if (e === undefined) this.fail('trailing backslash at end of expression');
    const start = this.pos;
    const s = this.ch(e);
    if (PERL_CLASS.has(s) || s === 'p' || s === 'P') this.fail('invalid character class range');
    this.classEscapeTail();
    // Work out the escaped code point for range checks.
    const text = String.fromCodePoint(...this.cps.slice(start, this.pos));
    if (/^[0-7]{1,3}$/.test(text)) return parseInt(text, 8);
    if (text.startsWith('x{')) return parseInt(text.slice(2, -1), 16);
    if (text.startsWith('x')) return parseInt(text.slice(1), 16);
    const named: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    return named[text] ?? text.codePointAt(0)!;
  }
}

/** Undefined when Go's regexp.Compile accepts `pattern`, else a short reason. */
export function re2Problem(pattern: string): string | undefined {
  try {
    new Checker(pattern).run();
    return undefined;
  } catch (e) {
    if (e instanceof Re2Error) return e.message;
    return undefined;
  }
}
