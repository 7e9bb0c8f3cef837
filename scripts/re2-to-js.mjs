// Translates a Go RE2 regular expression (the dialect of the `pattern` keywords in Kubernetes CRDs,
// which the API server evaluates with Go's regexp package) into JavaScript RegExp source that means
// the same thing when compiled with the `u` flag only, as ajv does (`new RegExp(p, "u")`).
//
// Why a real parser and not a few string replacements: the two dialects disagree in ways that
// silently change what a pattern accepts. RE2's `.` matches "\r" (JS's does not), `\s` is ASCII-only
// in RE2 (Unicode in JS), `(?i)` folds "k" to the Kelvin sign and "s" to "ſ", `(?i)` may start in the
// middle of a group and lasts to the group's end, a `{` that does not open a repeat is a literal,
// and any ASCII punctuation may be escaped (`\-`, `\_`, `\"`), which the `u` flag rejects. So the
// pattern is parsed following Go's regexp/syntax parser (Perl flags, as regexp.Compile uses) and
// re-emitted construct by construct. Anything Go would reject, or that cannot be expressed exactly
// under `u` alone, throws an Re2TranslationError instead of producing a weaker pattern.
//
// Unicode data (case-folding orbits, property classes) comes from the JS engine's tables, which
// follow the same Unicode definitions as Go's but possibly a newer Unicode version.

export class Re2TranslationError extends Error {
  /** @param {string} pattern @param {string} reason */
  constructor(pattern, reason) {
    super(`cannot translate RE2 pattern ${JSON.stringify(pattern)}: ${reason}`);
    this.name = 'Re2TranslationError';
    this.pattern = pattern;
    this.reason = reason;
  }
}

const MAX_RUNE = 0x10ffff;
// Smallest and largest code points that take part in Unicode simple case folding (as in Go).
const MIN_FOLD = 0x41;
const MAX_FOLD = 0x1e943;
const MAX_REPEAT = 1000;
const MAX_NESTING = 1000;

// Go's Perl and POSIX character groups (regexp/syntax/perl_groups.go): ASCII only.
const PERL_GROUPS = {
  d: [[0x30, 0x39]],
  s: [[0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]],
  w: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
};
const POSIX_GROUPS = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0x00, 0x7f]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};

// General categories whose meaning is the same in every Go version. `C` is left out on purpose:
// before Go 1.25 it meant Cc|Cf|Co|Cs, since then it also includes unassigned code points (Cn),
// so its meaning depends on the Go version that built the API server; such patterns throw.
const CATEGORIES = new Set(['L', 'Ll', 'Lm', 'Lo', 'Lt', 'Lu', 'M', 'Mc', 'Me', 'Mn', 'N', 'Nd', 'Nl', 'No',
  'P', 'Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po', 'Ps', 'S', 'Sc', 'Sk', 'Sm', 'So', 'Z', 'Zl', 'Zp', 'Zs',
  'Cc', 'Cf', 'Co', 'Cs']);
// Script names as Go's unicode.Scripts spells them (Unicode long names). JS also accepts short
// aliases such as "Grek" that Go rejects, hence the explicit list.
const SCRIPTS = new Set(('Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak '
  + 'Bengali Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian '
  + 'Chakma Cham Cherokee Chorasmian Common Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic Deseret Devanagari '
  + 'Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Georgian Glagolitic Gothic '
  + 'Grantha Greek Gujarati Gunjala_Gondi Gurmukhi Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana '
  + 'Imperial_Aramaic Inherited Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada Katakana '
  + 'Kawi Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki Khudawadi Lao Latin Lepcha Limbu Linear_A '
  + 'Linear_B Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic Manichaean Marchen Masaram_Gondi '
  + 'Medefaidrin Meetei_Mayek Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi Mongolian Mro '
  + 'Multani Myanmar Nabataean Nag_Mundari Nandinagari New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham '
  + 'Ol_Chiki Old_Hungarian Old_Italic Old_North_Arabian Old_Permic Old_Persian Old_Sogdian Old_South_Arabian '
  + 'Old_Turkic Old_Uyghur Oriya Osage Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa Phoenician '
  + 'Psalter_Pahlavi Rejang Runic Samaritan Saurashtra Sharada Shavian Siddham SignWriting Sinhala Sogdian '
  + 'Sora_Sompeng Soyombo Sundanese Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Takri Tamil '
  + 'Tangsa Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Toto Ugaritic Vai Vithkuqi Wancho Warang_Citi '
  + 'Yezidi Yi Zanabazar_Square').split(' '));

/**
 * Translate one RE2 pattern. Throws Re2TranslationError for syntax Go rejects and for constructs
 * that have no exact JS (`u` flag) equivalent.
 * @param {string} pattern
 * @returns {string}
 */
export function re2ToJs(pattern) {
  if (typeof pattern !== 'string') throw new TypeError('re2ToJs: pattern must be a string');
  const ast = new Parser(pattern).parse();
  assignGroupNames(ast, new Set());
  const out = emitAlt(ast, pattern);
  try {
    new RegExp(out, 'u');
  } catch (e) {
    // Should not happen: it would be a bug in the emitter, not in the input.
    throw new Re2TranslationError(pattern, `internal error, produced invalid JS ${JSON.stringify(out)} (${e.message})`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parser (mirrors the structure of Go's regexp/syntax parse loop)
// ---------------------------------------------------------------------------------------------

/**
 * @typedef {{ i: boolean, m: boolean, s: boolean, U: boolean }} Flags
 * AST nodes:
 *   {type:'alt', branches: Node[][]}
 *   {type:'lit', cp, fold}
 *   {type:'class', negated, fold, items: Item[]}   items: {k:'range',lo,hi} | {k:'perl',c} | {k:'posix',name,neg} | {k:'uni',name,neg}
 *   {type:'any', dotNL}
 *   {type:'assert', what: 'bol'|'eol'|'bot'|'eot'|'wb'|'nwb'}
 *   {type:'group', capture: boolean, name?: string, body: alt}
 *   {type:'repeat', sub, min, max, greedy}
 */

class Parser {
  /** @param {string} src */
  constructor(src) {
    this.src = src;
    this.cps = Array.from(src, (ch) => ch.codePointAt(0));
    // Go works on UTF-8 and rejects invalid text; a lone surrogate is the JS equivalent.
    if (this.cps.some((c) => c >= 0xd800 && c <= 0xdfff)) this.fail('invalid UTF-8 (lone surrogate)');
    this.pos = 0;
    this.depth = 0;
  }

  fail(reason) {
    throw new Re2TranslationError(this.src, reason);
  }

  peek(off = 0) {
    return this.cps[this.pos + off];
  }

  /** Text from the current position, for messages. */
  rest(n = 12) {
    return String.fromCodePoint(...this.cps.slice(this.pos, this.pos + n));
  }

  parse() {
    const flags = { i: false, m: false, s: false, U: false };
    const alt = this.parseAlt(flags, true);
    if (this.pos < this.cps.length) this.fail('unexpected )');
    return alt;
  }

  /**
   * Parses alternatives until `)` (not consumed) or end of input. `flags` is this group's flag
   * state; `(?flags)` mutates it for the rest of the group, across later `|` branches, as in Go.
   */
  parseAlt(flags, top) {
    if (++this.depth > MAX_NESTING) this.fail('expression nests too deeply');
    const branches = [[]];
    let cur = branches[0];
    let lastWasRepeat = false;
    while (this.pos < this.cps.length) {
      const c = this.peek();
      let isRepeat = false;
      if (c === 0x29 /* ) */) {
        if (top) this.fail('unexpected )');
        break;
      } else if (c === 0x7c /* | */) {
        this.pos++;
        cur = [];
        branches.push(cur);
      } else if (c === 0x28 /* ( */) {
        const node = this.parseGroup(flags);
        if (node) cur.push(node);
      } else if (c === 0x5b /* [ */) {
        cur.push(this.parseClass(flags));
      } else if (c === 0x2e /* . */) {
        this.pos++;
        cur.push({ type: 'any', dotNL: flags.s });
      } else if (c === 0x5e /* ^ */) {
        this.pos++;
        cur.push({ type: 'assert', what: flags.m ? 'bol' : 'bot' });
      } else if (c === 0x24 /* $ */) {
        this.pos++;
        cur.push({ type: 'assert', what: flags.m ? 'eol' : 'eot' });
      } else if (c === 0x2a || c === 0x2b || c === 0x3f /* * + ? */) {
        const op = String.fromCodePoint(c);
        this.pos++;
        const [min, max] = op === '*' ? [0, -1] : op === '+' ? [1, -1] : [0, 1];
        this.applyRepeat(cur, flags, min, max, op, lastWasRepeat);
        isRepeat = true;
      } else if (c === 0x7b /* { */) {
        const r = this.tryParseRepeat();
        if (!r) {
          // Not a valid {n}, {n,} or {n,m}: in RE2 the brace is an ordinary character.
          this.pos++;
          cur.push({ type: 'lit', cp: 0x7b, fold: flags.i });
        } else {
          const { min, max, text } = r;
          if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
            this.fail(`invalid repeat count ${text}`);
          }
          this.applyRepeat(cur, flags, min, max, text, lastWasRepeat);
          isRepeat = true;
        }
      } else if (c === 0x5c /* \ */) {
        cur.push(...this.parseTopEscape(flags));
      } else {
        this.pos++;
        cur.push({ type: 'lit', cp: c, fold: flags.i });
      }
      lastWasRepeat = isRepeat;
    }
    this.depth--;
    return { type: 'alt', branches };
  }

  applyRepeat(cur, flags, min, max, opText, lastWasRepeat) {
    let greedy = !flags.U;
    let text = opText;
    if (this.peek() === 0x3f /* ? */) {
      this.pos++;
      greedy = !greedy;
      text += '?';
    }
    // Perl (and RE2) reject stacked repetition operators such as `a**` or `a*+` (possessive).
    if (lastWasRepeat) this.fail(`invalid nested repetition operator ${text}`);
    if (cur.length === 0) this.fail(`missing argument to repetition operator ${text}`);
    const sub = cur.pop();
    const node = { type: 'repeat', sub, min, max, greedy };
    if ((min >= 2 || max >= 2) && !repeatIsValid(node, MAX_REPEAT)) this.fail(`invalid repeat count ${text} (nested repetition too large)`);
    cur.push(node);
  }

  /** `{n}`, `{n,}`, `{n,m}` as Go's parseRepeat; returns null when it is not a repeat. */
  tryParseRepeat() {
    const start = this.pos;
    let p = this.pos + 1;
    const cps = this.cps;
    const readInt = () => {
      if (p >= cps.length || cps[p] < 0x30 || cps[p] > 0x39) return null;
      // Go disallows leading zeros: `{01}` is not a repeat (so it is literal text).
      if (cps[p] === 0x30 && p + 1 < cps.length && cps[p + 1] >= 0x30 && cps[p + 1] <= 0x39) return null;
      let n = 0;
      while (p < cps.length && cps[p] >= 0x30 && cps[p] <= 0x39) {
        if (n >= 1e8) n = -1;
        else if (n >= 0) n = n * 10 + (cps[p] - 0x30);
        p++;
      }
      return n;
    };
    let min = readInt();
    if (min === null) return null;
    let max;
    if (p >= cps.length) return null;
    if (cps[p] !== 0x2c /* , */) {
      max = min;
    } else {
      p++;
      if (p >= cps.length) return null;
      if (cps[p] === 0x7d /* } */) {
        max = -1;
      } else {
        const m = readInt();
        if (m === null) return null;
        max = m;
        if (max < 0) min = -1;
      }
    }
    if (p >= cps.length || cps[p] !== 0x7d) return null;
    p++;
    this.pos = p;
    return { min, max, text: String.fromCodePoint(...cps.slice(start, p)) };
  }

  /** `(`: capture, named capture, non-capturing group or flag change. Returns null for `(?flags)`. */
  parseGroup(flags) {
    const start = this.pos;
    if (this.peek(1) !== 0x3f /* ? */) {
      this.pos++;
      return this.finishGroup({ type: 'group', capture: true }, { ...flags });
    }
    // Named captures: (?P<name>re) and (?<name>re).
    const startsWithP = this.peek(2) === 0x50 && this.peek(3) === 0x3c;
    const startsWithName = this.peek(2) === 0x3c;
    if (startsWithName && (this.peek(3) === 0x3d || this.peek(3) === 0x21)) this.fail('lookbehind assertions are not supported by RE2');
    if (startsWithP || startsWithName) {
      const nameStart = this.pos + (startsWithP ? 4 : 3);
      let end = nameStart;
      while (end < this.cps.length && this.cps[end] !== 0x3e /* > */) end++;
      if (end >= this.cps.length) this.fail(`invalid named capture ${this.rest()}`);
      const name = String.fromCodePoint(...this.cps.slice(nameStart, end));
      if (!/^[A-Za-z0-9_]+$/.test(name)) this.fail(`invalid named capture (?${startsWithP ? 'P' : ''}<${name}>`);
      this.pos = end + 1;
      return this.finishGroup({ type: 'group', capture: true, name }, { ...flags });
    }
    // Flags: (?flags) or (?flags:re), flags from i m s U with an optional `-` part.
    let p = this.pos + 2;
    const nf = { ...flags };
    let sign = 1;
    let sawFlag = false;
    for (;;) {
      if (p >= this.cps.length) this.fail(`missing closing ) in ${String.fromCodePoint(...this.cps.slice(start, p))}`);
      const c = this.cps[p++];
      const set = (name) => { nf[name] = sign > 0; sawFlag = true; };
      if (c === 0x69 /* i */) set('i');
      else if (c === 0x6d /* m */) set('m');
      else if (c === 0x73 /* s */) set('s');
      else if (c === 0x55 /* U */) set('U');
      else if (c === 0x2d /* - */) {
        if (sign < 0) break;
        sign = -1;
        sawFlag = false;
      } else if (c === 0x3a /* : */ || c === 0x29 /* ) */) {
        if (sign < 0 && !sawFlag) break;
        this.pos = p;
        if (c === 0x3a) return this.finishGroup({ type: 'group', capture: false }, nf);
        // (?flags): applies to the rest of the enclosing group.
        Object.assign(flags, nf);
        return null;
      } else {
        break;
      }
    }
    const text = String.fromCodePoint(...this.cps.slice(start, p));
    const c2 = this.cps[start + 2];
    if (c2 === 0x3d || c2 === 0x21) this.fail(`lookahead assertions are not supported by RE2 (${text})`);
    if (c2 === 0x3e) this.fail(`atomic groups are not supported by RE2 (${text})`);
    this.fail(`invalid or unsupported Perl syntax ${text}`);
  }

  finishGroup(node, innerFlags) {
    const body = this.parseAlt(innerFlags, false);
    if (this.peek() !== 0x29) this.fail('missing closing )');
    this.pos++;
    node.body = body;
    return node;
  }

  /** A backslash outside a class. Returns the nodes it stands for. */
  parseTopEscape(flags) {
    const n = this.peek(1);
    if (n === undefined) this.fail('trailing backslash at end of expression');
    switch (n) {
      case 0x41 /* A */: this.pos += 2; return [{ type: 'assert', what: 'bot' }];
      case 0x7a /* z */: this.pos += 2; return [{ type: 'assert', what: 'eot' }];
      case 0x62 /* b */: this.pos += 2; return [{ type: 'assert', what: 'wb' }];
      case 0x42 /* B */: this.pos += 2; return [{ type: 'assert', what: 'nwb' }];
      case 0x43 /* C */: return this.fail('\\C (any byte) is not supported');
      case 0x51 /* Q */: {
        // \Q...\E: everything up to \E (or the end) is literal text, still subject to (?i).
        this.pos += 2;
        const out = [];
        while (this.pos < this.cps.length) {
          if (this.peek() === 0x5c && this.peek(1) === 0x45 /* \E */) { this.pos += 2; break; }
          out.push({ type: 'lit', cp: this.cps[this.pos++], fold: flags.i });
        }
        return out;
      }
      default: break;
    }
    const uni = this.tryParseUnicodeClass();
    if (uni) return [{ type: 'class', negated: false, fold: flags.i, items: [uni] }];
    const perl = this.tryParsePerlClass();
    if (perl) return [{ type: 'class', negated: false, fold: flags.i, items: [perl] }];
    const cp = this.parseEscape();
    return [{ type: 'lit', cp, fold: flags.i }];
  }

  /** \d \D \s \S \w \W */
  tryParsePerlClass() {
    if (this.peek() !== 0x5c) return null;
    const n = this.peek(1);
    const ch = n === undefined ? '' : String.fromCodePoint(n);
    if (!'dDsSwW'.includes(ch) || ch === '') return null;
    this.pos += 2;
    return { k: 'perl', c: ch };
  }

  /** \pN, \p{Name}, \PN, \P{Name}, \p{^Name} */
  tryParseUnicodeClass() {
    if (this.peek() !== 0x5c) return null;
    const n = this.peek(1);
    if (n !== 0x70 && n !== 0x50) return null;
    let neg = n === 0x50;
    const start = this.pos;
    this.pos += 2;
    if (this.pos >= this.cps.length) this.fail(`invalid character class range ${String.fromCodePoint(...this.cps.slice(start))}`);
    let name;
    if (this.peek() !== 0x7b) {
      name = String.fromCodePoint(this.cps[this.pos++]);
    } else {
      let end = this.pos;
      while (end < this.cps.length && this.cps[end] !== 0x7d) end++;
      if (end >= this.cps.length) this.fail(`invalid character class range ${String.fromCodePoint(...this.cps.slice(start))}`);
      name = String.fromCodePoint(...this.cps.slice(this.pos + 1, end));
      this.pos = end + 1;
    }
    const seq = String.fromCodePoint(...this.cps.slice(start, this.pos));
    if (name.startsWith('^')) {
      neg = !neg;
      name = name.slice(1);
    }
    if (name === 'C') this.fail(`${seq}: category C means Cc|Cf|Co|Cs before Go 1.25 and also Cn since, so it has no single translation`);
    if (name !== 'Any' && !CATEGORIES.has(name) && !SCRIPTS.has(name)) {
      this.fail(`${seq}: unknown or Go-version-dependent Unicode class name ${JSON.stringify(name)}`);
    }
    const js = jsPropertyName(name);
    try {
      new RegExp(`\\p{${js}}`, 'u');
    } catch {
      this.fail(`${seq}: this JavaScript engine does not know the Unicode class ${name}`);
    }
    return { k: 'uni', name, neg };
  }

  /** Go's parseEscape: a single character escape (outside or inside a class). */
  parseEscape() {
    const start = this.pos;
    this.pos++; // backslash
    if (this.pos >= this.cps.length) this.fail('trailing backslash at end of expression');
    const c = this.cps[this.pos++];
    const bad = () => this.fail(`invalid escape sequence ${String.fromCodePoint(...this.cps.slice(start, this.pos))}`);
    const isOct = (x) => x !== undefined && x >= 0x30 && x <= 0x37;
    const hex = (x) => {
      if (x === undefined) return -1;
      if (x >= 0x30 && x <= 0x39) return x - 0x30;
      if (x >= 0x61 && x <= 0x66) return x - 0x61 + 10;
      if (x >= 0x41 && x <= 0x46) return x - 0x41 + 10;
      return -1;
    };
    // Escaped ASCII punctuation always stands for itself (RE2 allows \_ and \- too).
    if (c < 0x80 && !isAlnum(c)) return c;
    if (c >= 0x31 && c <= 0x37) {
      // \1..\7 alone would be a backreference, which RE2 does not support.
      if (!isOct(this.peek())) this.fail(`backreferences are not supported by RE2 (\\${String.fromCodePoint(c)})`);
    }
    if (c >= 0x30 && c <= 0x37) {
      let r = c - 0x30;
      for (let i = 1; i < 3 && isOct(this.peek()); i++) r = r * 8 + (this.cps[this.pos++] - 0x30);
      return r;
    }
    if (c === 0x78 /* x */) {
      if (this.pos >= this.cps.length) bad();
      if (this.peek() === 0x7b) {
        this.pos++;
        let r = 0;
        let n = 0;
        for (;;) {
          if (this.pos >= this.cps.length) bad();
          const d = this.cps[this.pos++];
          if (d === 0x7d) break;
          const v = hex(d);
          if (v < 0) bad();
          r = r * 16 + v;
          if (r > MAX_RUNE) bad();
          n++;
        }
        if (n === 0) bad();
        return r;
      }
      const x = hex(this.cps[this.pos++]);
      const y = hex(this.cps[this.pos++]);
      if (x < 0 || y < 0) bad();
      return x * 16 + y;
    }
    const simple = { 0x61: 0x07, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x76: 0x0b }[c];
    if (simple !== undefined) return simple;
    if (c === 0x38 || c === 0x39) this.fail(`backreferences are not supported by RE2 (\\${String.fromCodePoint(c)})`);
    if (c === 0x5a /* Z */) this.fail('\\Z is not supported by RE2 (use \\z)');
    return bad();
  }

  /** `[...]` as Go's parseClass. */
  parseClass(flags) {
    const start = this.pos;
    this.pos++;
    const node = { type: 'class', negated: false, fold: flags.i, items: [], bracket: true };
    if (this.peek() === 0x5e) {
      node.negated = true;
      this.pos++;
    }
    let first = true;
    const missing = () => this.fail(`missing closing ] in ${String.fromCodePoint(...this.cps.slice(start))}`);
    while (this.pos >= this.cps.length || this.peek() !== 0x5d || first) {
      if (this.pos >= this.cps.length) missing();
      first = false;
      // POSIX [:name:] / [:^name:]
      if (this.peek() === 0x5b && this.peek(1) === 0x3a) {
        let j = this.pos + 2;
        while (j + 1 < this.cps.length && !(this.cps[j] === 0x3a && this.cps[j + 1] === 0x5d)) j++;
        if (j + 1 < this.cps.length) {
          let name = String.fromCodePoint(...this.cps.slice(this.pos + 2, j));
          let neg = false;
          if (name.startsWith('^')) { neg = true; name = name.slice(1); }
          if (!Object.hasOwn(POSIX_GROUPS, name)) this.fail(`invalid character class range [:${neg ? '^' : ''}${name}:]`);
          this.pos = j + 2;
          node.items.push({ k: 'posix', name, neg });
          continue;
        }
      }
      const uni = this.tryParseUnicodeClass();
      if (uni) { node.items.push(uni); continue; }
      const perl = this.tryParsePerlClass();
      if (perl) { node.items.push(perl); continue; }
      const rangeStart = this.pos;
      const lo = this.parseClassChar(missing);
      let hi = lo;
      // [a-] means a or -, so a `-` right before `]` is literal.
      if (this.peek() === 0x2d && this.peek(1) !== undefined && this.peek(1) !== 0x5d) {
        this.pos++;
        hi = this.parseClassChar(missing);
        if (hi < lo) this.fail(`invalid character class range ${String.fromCodePoint(...this.cps.slice(rangeStart, this.pos))}`);
      }
      node.items.push({ k: 'range', lo, hi });
    }
    this.pos++; // ]
    return node;
  }

  parseClassChar(missing) {
    if (this.pos >= this.cps.length) missing();
    if (this.peek() === 0x5c) return this.parseEscape();
    return this.cps[this.pos++];
  }
}

/**
 * Named groups keep their name in JS when it is a valid, unused JS group name. RE2 allows names
 * starting with a digit and duplicate names, JS does not; such groups become plain captures, which
 * match identically (names never affect what a pattern accepts).
 */
function assignGroupNames(node, used) {
  if (node.type === 'group') {
    if (node.name && /^[A-Za-z_]/.test(node.name) && !used.has(node.name)) {
      node.jsName = node.name;
      used.add(node.name);
    }
    assignGroupNames(node.body, used);
  } else if (node.type === 'alt') {
    for (const b of node.branches) for (const x of b) assignGroupNames(x, used);
  } else if (node.type === 'repeat') {
    assignGroupNames(node.sub, used);
  }
}

function isAlnum(c) {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Go's repeatIsValid: nested counted repetitions may not multiply past 1000 copies. */
function repeatIsValid(node, n) {
  if (node.type === 'repeat') {
    let m = node.max;
    if (m === 0) return true;
    if (m < 0) m = node.min;
    if (m > n) return false;
    if (m > 0) n = Math.floor(n / m);
    return repeatIsValid(node.sub, n);
  }
  if (node.type === 'group') return repeatIsValid(node.body, n);
  if (node.type === 'alt') return node.branches.every((b) => b.every((x) => repeatIsValid(x, n)));
  return true;
}

function jsPropertyName(name) {
  if (name === 'Any') return 'Any';
  if (CATEGORIES.has(name)) return name;
  return `Script=${name}`;
}

// ---------------------------------------------------------------------------------------------
// Emitter
// ---------------------------------------------------------------------------------------------

function emitAlt(alt, pattern) {
  return alt.branches.map((b) => b.map((n) => emitNode(n, pattern)).join('')).join('|');
}

function emitNode(node, pattern) {
  switch (node.type) {
    case 'lit': return emitLiteral(node.cp, node.fold);
    case 'class': return emitClass(node, pattern);
    case 'any': return node.dotNL ? '[^]' : '[^\\n]';
    case 'assert':
      return {
        bot: '^',
        eot: '$',
        // (?m): RE2's ^ and $ match at line boundaries, which only means "\n" (no \r, \u2028).
        bol: '(?:^|(?<=\\n))',
        eol: '(?:$|(?=\\n))',
        // RE2's \b is ASCII-word based, as is JS's under `u` without `i`.
        wb: '\\b',
        nwb: '\\B',
      }[node.what];
    case 'group': {
      const body = emitAlt(node.body, pattern);
      if (!node.capture) return `(?:${body})`;
      return node.jsName ? `(?<${node.jsName}>${body})` : `(${body})`;
    }
    case 'repeat': {
      let sub = emitNode(node.sub, pattern);
      // Quantifiers need a single atom; RE2 allows quantified assertions (`^*`) and, through an
      // intervening flag group (`a*(?i)*`), quantified quantifiers, which JS needs grouped.
      if (!isAtom(node.sub)) sub = `(?:${sub})`;
      const { min, max } = node;
      let q;
      if (min === 0 && max === -1) q = '*';
      else if (min === 1 && max === -1) q = '+';
      else if (min === 0 && max === 1) q = '?';
      else if (max === -1) q = `{${min},}`;
      else if (min === max) q = `{${min}}`;
      else q = `{${min},${max}}`;
      return sub + q + (node.greedy ? '' : '?');
    }
    default:
      throw new Re2TranslationError(pattern, `internal error: unknown node ${node.type}`);
  }
}

function isAtom(node) {
  if (node.type === 'lit' || node.type === 'class' || node.type === 'any' || node.type === 'group') return true;
  if (node.type === 'assert') return node.what === 'bol' || node.what === 'eol'; // already groups
  return false;
}

/** Characters outside classes that JS (u) needs escaped. */
const SYNTAX = new Set(Array.from('^$\\.*+?()[]{}|/', (c) => c.codePointAt(0)));
/** Characters inside classes that need escaping to keep their literal meaning. */
const CLASS_SPECIAL = new Set(Array.from('\\]^-[', (c) => c.codePointAt(0)));
const CONTROL = { 0x09: '\\t', 0x0a: '\\n', 0x0b: '\\v', 0x0c: '\\f', 0x0d: '\\r' };

function escCp(cp, inClass) {
  if (CONTROL[cp]) return CONTROL[cp];
  if (inClass ? CLASS_SPECIAL.has(cp) : SYNTAX.has(cp)) {
    // `/` needs no escape in RegExp source passed as a string; keep it readable.
    if (cp === 0x2f) return '/';
    return `\\${String.fromCodePoint(cp)}`;
  }
  if (cp >= 0x20 && cp < 0x7f) return String.fromCodePoint(cp);
  if (cp < 0x100) return `\\x${cp.toString(16).toUpperCase().padStart(2, '0')}`;
  return `\\u{${cp.toString(16).toUpperCase()}}`;
}

function emitLiteral(cp, fold) {
  if (!fold) return escCp(cp, false);
  const orbit = foldOrbit(cp);
  if (orbit.length === 1) return escCp(cp, false);
  // Keep the written character first for readability: (?i)d -> [dD].
  return `[${[cp, ...orbit.filter((x) => x !== cp)].map((x) => escCp(x, true)).join('')}]`;
}

function emitRanges(ranges) {
  let s = '';
  for (const [lo, hi] of ranges) {
    if (lo === hi) s += escCp(lo, true);
    else if (hi === lo + 1) s += escCp(lo, true) + escCp(hi, true);
    else s += `${escCp(lo, true)}-${escCp(hi, true)}`;
  }
  return s;
}

function emitClass(node, pattern) {
  const { items, negated, fold } = node;
  // Lone escapes outside brackets that JS spells the same way.
  if (!negated && !fold && items.length === 1 && !node.bracket) {
    const it = items[0];
    if (it.k === 'perl' && 'dDwW'.includes(it.c)) return `\\${it.c}`;
    if (it.k === 'uni') return `\\${it.neg ? 'P' : 'p'}{${jsPropertyName(it.name)}}`;
    if (it.k === 'perl' && it.c === 'S') return '[^\\t\\n\\f\\r ]';
  }
  let body = '';
  if (!fold) {
    items.forEach((it, i) => {
      // A `-` that cannot join a range in JS (first, last, or right after a range as in
      // `[a-zA-Z0-9-_]`) is literal there too; keep it unescaped, as written.
      const prev = items[i - 1];
      const afterRange = prev && prev.k === 'range' && prev.lo !== prev.hi;
      if (it.k === 'range' && it.lo === 0x2d && it.hi === 0x2d && (i === 0 || i === items.length - 1 || afterRange)) body += '-';
      else if (it.k === 'range') body += it.lo === it.hi ? escCp(it.lo, true) : `${escCp(it.lo, true)}-${escCp(it.hi, true)}`;
      else if (it.k === 'perl') {
        // \d and \w are ASCII in JS under `u` (without `i`), like RE2; \s is not, so spell it out.
        if ('dDwW'.includes(it.c)) body += `\\${it.c}`;
        else body += emitRanges(it.c === 's' ? PERL_GROUPS.s : complement(PERL_GROUPS.s));
      } else if (it.k === 'posix') body += emitRanges(it.neg ? complement(POSIX_GROUPS[it.name]) : POSIX_GROUPS[it.name]);
      else body += `\\${it.neg ? 'P' : 'p'}{${jsPropertyName(it.name)}}`;
    });
  } else {
    // (?i): RE2 adds every case-fold equivalent of each item before a bracket's `^` applies.
    let ranges = [];
    const props = [];
    for (const it of items) {
      if (it.k === 'range') ranges.push(...foldRanges([[it.lo, it.hi]]));
      else if (it.k === 'perl') {
        const base = PERL_GROUPS[it.c.toLowerCase()];
        const isNeg = it.c === it.c.toUpperCase();
        ranges.push(...(isNeg ? complement(foldRanges(base)) : foldRanges(base)));
      } else if (it.k === 'posix') {
        const f = foldRanges(POSIX_GROUPS[it.name]);
        ranges.push(...(it.neg ? complement(f) : f));
      } else {
        const js = jsPropertyName(it.name);
        const extras = propertyFoldExtras(js);
        if (!it.neg) {
          props.push(`\\p{${js}}`);
          ranges.push(...extras);
        } else if (extras.length === 0) {
          props.push(`\\P{${js}}`);
        } else {
          // Complement of (property + its fold extras): only expressible as explicit ranges.
          ranges.push(...complement(normalize([...propertyRanges(js), ...extras])));
        }
      }
    }
    ranges = normalize(ranges);
    body = props.join('') + emitRanges(ranges);
  }
  if (body === '' && !negated) {
    // An empty set (e.g. `[^\x00-\x{10FFFF}]` negated twice) matches nothing.
    return '[]';
  }
  return `[${negated ? '^' : ''}${body}]`;
}

// ---------------------------------------------------------------------------------------------
// Range sets and Unicode data
// ---------------------------------------------------------------------------------------------

/** Sort and merge [lo, hi] ranges. */
function normalize(ranges) {
  const r = ranges.map(([a, b]) => [a, b]).sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  const out = [];
  for (const [lo, hi] of r) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) {
      if (hi > last[1]) last[1] = hi;
    } else out.push([lo, hi]);
  }
  return out;
}

function complement(ranges) {
  const out = [];
  let next = 0;
  for (const [lo, hi] of normalize(ranges)) {
    if (next <= lo - 1) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE]);
  return out;
}

/** Go's appendFoldedRange over a set of ranges. */
function foldRanges(ranges) {
  const out = [];
  for (const [lo0, hi0] of ranges) {
    let lo = lo0;
    let hi = hi0;
    if ((lo <= MIN_FOLD && hi >= MAX_FOLD) || hi < MIN_FOLD || lo > MAX_FOLD) {
      out.push([lo, hi]);
      continue;
    }
    if (lo < MIN_FOLD) { out.push([lo, MIN_FOLD - 1]); lo = MIN_FOLD; }
    if (hi > MAX_FOLD) { out.push([MAX_FOLD + 1, hi]); hi = MAX_FOLD; }
    out.push([lo, hi]);
    const table = foldTable();
    for (let c = lo; c <= hi; c++) {
      const orbit = table.get(c);
      if (orbit) for (const f of orbit) out.push([f, f]);
    }
  }
  return normalize(out);
}

let FOLD_TABLE = null;
/**
 * Map from code point to its simple case-folding orbit (all code points equivalent under Unicode
 * simple case folding, as Go's unicode.SimpleFold iterates), for code points whose orbit has more
 * than one member. Candidates are grouped through toLowerCase/toUpperCase and then confirmed with
 * the engine's own case-insensitive matching, which is defined by the same simple folding.
 */
function foldTable() {
  if (FOLD_TABLE) return FOLD_TABLE;
  const N = 0x20000;
  const parent = new Int32Array(N);
  for (let i = 0; i < N; i++) parent[i] = i;
  const find = (x) => {
    while (parent[x] !== x) { parent[x] = parent[parent[x]]; x = parent[x]; }
    return x;
  };
  const union = (a, b) => { const ra = find(a); const rb = find(b); if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb); };
  const byMapping = new Map();
  for (let cp = 0; cp < N; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const s = String.fromCodePoint(cp);
    for (const t of [s.toLowerCase(), s.toUpperCase()]) {
      if (t === s) continue;
      const cps = Array.from(t);
      if (cps.length === 1) {
        const o = t.codePointAt(0);
        if (o < N) union(cp, o);
      } else {
        const prev = byMapping.get(t);
        if (prev === undefined) byMapping.set(t, cp);
        else union(cp, prev);
      }
    }
  }
  // Union always keeps the smaller code point as root, so a root is met before its members.
  const groups = new Map();
  for (let cp = 0; cp < N; cp++) {
    const r = find(cp);
    if (r === cp) continue;
    let g = groups.get(r);
    if (!g) { g = [r]; groups.set(r, g); }
    g.push(cp);
  }
  const table = new Map();
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const left = new Set(members);
    for (const m of members) {
      if (!left.has(m)) continue;
      const re = new RegExp(`^\\u{${m.toString(16)}}$`, 'iu');
      const orbit = members.filter((x) => left.has(x) && re.test(String.fromCodePoint(x))).sort((a, b) => a - b);
      for (const x of orbit) left.delete(x);
      if (orbit.length > 1) for (const x of orbit) table.set(x, orbit);
    }
  }
  FOLD_TABLE = table;
  return table;
}

/** The simple case-folding orbit of cp, sorted (just [cp] if it has no other case forms). */
export function foldOrbit(cp) {
  if (cp < MIN_FOLD || cp > MAX_FOLD) return [cp];
  return foldTable().get(cp) ?? [cp];
}

/** Code points outside property P that fold to a member of P (Go's unicode.FoldCategory/FoldScript). */
function propertyFoldExtras(js) {
  const re = new RegExp(`^\\p{${js}}$`, 'u');
  const out = [];
  for (const [cp, orbit] of foldTable()) {
    if (!re.test(String.fromCodePoint(cp))) continue;
    for (const f of orbit) if (!re.test(String.fromCodePoint(f))) out.push([f, f]);
  }
  return normalize(out);
}

const PROPERTY_CACHE = new Map();
/** Explicit ranges of a Unicode property, by asking the engine about every code point. */
function propertyRanges(js) {
  if (PROPERTY_CACHE.has(js)) return PROPERTY_CACHE.get(js);
  const re = new RegExp(`^\\p{${js}}$`, 'u');
  const out = [];
  let start = -1;
  for (let cp = 0; cp <= MAX_RUNE + 1; cp++) {
    const inSet = cp <= MAX_RUNE && re.test(String.fromCodePoint(cp));
    if (inSet && start < 0) start = cp;
    else if (!inSet && start >= 0) { out.push([start, cp - 1]); start = -1; }
  }
  PROPERTY_CACHE.set(js, out);
  return out;
}
