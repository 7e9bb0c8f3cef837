/**
 * Parser for Calico's label-selector language, producing the tree defined in `ast.ts`.
 *
 * Grammar (it matches Calico's `libcalico-go/lib/selector/parser`):
 *
 *   selector   := <blank> | or
 *   or         := and ( "||" and )*
 *   and        := operation ( "&&" operation )*
 *   operation  := "!"* ( "has(" label ")" | "all()" | "global()" | "(" or ")"
 *                      | label ( "==" | "!=" | "contains" | "starts with" | "ends with" ) string
 *                      | label ( "in" | "not in" ) "{" [ string ( "," string )* [ "," ] ] "}" )
 *
 * Points worth knowing, all of them Calico's behaviour:
 * - A run of `!` is collapsed to a single negation or to none, so `!!has(a)` is just `has(a)`.
 *   The collapse does not reach through parentheses: `!(!has(a))` keeps both negations.
 * - `!` applies to one whole operation, so `!a == "b"` means "not (a equals b)".
 * - Values must be quoted; the left-hand side must be a label.
 * - Set literals may be empty and may end with a trailing comma; a leading or doubled comma is
 *   rejected.
 *
 * The parser is iterative, keeping one frame per open parenthesis on an explicit stack, because
 * Calico sets no nesting limit and a recursive parser would overflow the JavaScript stack on
 * inputs that Calico accepts (or must reject with an ordinary error). It stops at the first
 * problem and never throws.
 */

import { toSortedSet, type CompareKind, type SelectorNode } from './ast';
import type { SelectorError } from './errors';
import { tokenize, type Token, type TokenKind } from './tokenizer';

export type ParseTreeResult =
  | { ok: true; root: SelectorNode; usesGlobal: boolean }
  | { ok: false; error: SelectorError };

const COMPARE_OPERATORS: Partial<Record<TokenKind, CompareKind>> = {
  eq: 'eq',
  ne: 'ne',
  contains: 'contains',
  startsWith: 'startsWith',
  endsWith: 'endsWith',
};

/** One parenthesised group being parsed (the outermost frame stands for the whole selector). */
interface Group {
  /** Whether an odd number of `!` preceded the opening parenthesis. */
  readonly negated: boolean;
  /** Offset of the first `!` before the parenthesis, or of the parenthesis itself. */
  readonly start: number;
  /** Finished `&&` chains of this group, each the operand of an eventual `||`. */
  readonly orOperands: SelectorNode[];
  /** Operations of the `&&` chain currently being read. */
  andOperands: SelectorNode[];
}

function describeToken(token: Token, text: string): string {
  switch (token.kind) {
    case 'eof':
      return 'the end of the selector';
    case 'string':
      return 'a string literal';
    case 'label':
      return `label '${token.value}'`;
    default:
      return `'${text.slice(token.start, token.end)}'`;
  }
}

function errorAt(token: Token, message: string): { ok: false; error: SelectorError } {
  return { ok: false, error: { message, offset: token.start, end: token.end } };
}

/** Joins operands with `&&` or `||`; a single operand stands for itself. */
function combine(kind: 'and' | 'or', operands: SelectorNode[]): SelectorNode {
  if (operands.length === 1) return operands[0]!;
  return { kind, operands, start: operands[0]!.start, end: operands[operands.length - 1]!.end };
}

/** Parses `text` into a tree. The whole text is lexed first, as Calico does. */
export function parseTree(text: string): ParseTreeResult {
  const lexed = tokenize(text);
  if (!lexed.ok) return lexed;
  const tokens = lexed.tokens;
  if (tokens[0]!.kind === 'eof') {
    // An empty or blank selector is Calico's spelling of all().
    return { ok: true, root: { kind: 'all', start: 0, end: text.length }, usesGlobal: false };
  }

  let usesGlobal = false;
  const stack: Group[] = [{ negated: false, start: 0, orOperands: [], andOperands: [] }];
  let i = 0;

  for (;;) {
    // Read one operation, starting with its (collapsed) run of '!'.
    let negated = false;
    let notStart = -1;
    while (tokens[i]!.kind === 'not') {
      if (notStart < 0) notStart = tokens[i]!.start;
      negated = !negated;
      i++;
    }
    const token = tokens[i]!;
    if (token.kind === 'lparen') {
      stack.push({ negated, start: negated ? notStart : token.start, orOperands: [], andOperands: [] });
      i++;
      continue;
    }

    let node: SelectorNode;
    switch (token.kind) {
      case 'has': {
        const labelStart = text.indexOf(token.value, token.start + 4);
        node = {
          kind: 'has',
          label: token.value,
          labelStart,
          labelEnd: labelStart + token.value.length,
          start: token.start,
          end: token.end,
        };
        i++;
        break;
      }
      case 'all':
        node = { kind: 'all', start: token.start, end: token.end };
        i++;
        break;
      case 'global':
        usesGlobal = true;
        node = { kind: 'global', start: token.start, end: token.end };
        i++;
        break;
      case 'label': {
        const label = token.value;
        const op = tokens[i + 1]!;
        const compare = COMPARE_OPERATORS[op.kind];
        if (compare !== undefined) {
          const value = tokens[i + 2]!;
          if (value.kind !== 'string') {
            const hint = value.kind === 'label' ? ' (values must be quoted)' : '';
            return errorAt(
              value,
              `expected a quoted string after '${text.slice(op.start, op.end)}' but found ${describeToken(value, text)}${hint}`,
            );
          }
          node = {
            kind: compare,
            label,
            value: value.value,
            labelStart: token.start,
            labelEnd: token.end,
            start: token.start,
            end: value.end,
          };
          i += 3;
        } else if (op.kind === 'in' || op.kind === 'notIn') {
          const brace = tokens[i + 2]!;
          if (brace.kind !== 'lbrace') {
            return errorAt(
              brace,
              `expected '{' to start a set after '${text.slice(op.start, op.end)}' but found ${describeToken(brace, text)}`,
            );
          }
          const values: string[] = [];
          let j = i + 3;
          let afterValue = false;
          while (tokens[j]!.kind === 'string') {
            values.push(tokens[j]!.value);
            j++;
            afterValue = true;
            if (tokens[j]!.kind !== 'comma') break;
            j++;
            afterValue = false;
          }
          const close = tokens[j]!;
          if (close.kind !== 'rbrace') {
            return errorAt(
              close,
              afterValue
                ? `expected ',' or '}' after a set member but found ${describeToken(close, text)}`
                : `expected a quoted string or '}' in the set but found ${describeToken(close, text)}`,
            );
          }
          node = {
            kind: op.kind,
            label,
            values: toSortedSet(values),
            labelStart: token.start,
            labelEnd: token.end,
            start: token.start,
            end: close.end,
          };
          i = j + 1;
        } else {
          return errorAt(
            op,
            `expected an operator after label '${label}' (==, !=, in, not in, contains, starts with, ends with) but found ${describeToken(op, text)}`,
          );
        }
        break;
      }
      default:
        return errorAt(
          token,
          `expected a label test, has(), all(), global(), '!' or '(' but found ${describeToken(token, text)}`,
        );
    }
    if (negated) node = { kind: 'not', operand: node, start: notStart, end: node.end };

    // Attach the finished operation to the innermost open group, then look at what follows it.
    // Closing a parenthesis finishes an operation of the enclosing group, hence the loop.
    for (;;) {
      const group = stack[stack.length - 1]!;
      group.andOperands.push(node);
      const next = tokens[i]!;
      if (next.kind === 'and') {
        i++;
        break;
      }
      group.orOperands.push(combine('and', group.andOperands));
      group.andOperands = [];
      if (next.kind === 'or') {
        i++;
        break;
      }
      const expression = combine('or', group.orOperands);
      if (stack.length === 1) {
        if (next.kind !== 'eof') {
          return errorAt(next, `expected '&&', '||' or the end of the selector but found ${describeToken(next, text)}`);
        }
        return { ok: true, root: expression, usesGlobal };
      }
      if (next.kind !== 'rparen') {
        return errorAt(next, `expected '&&', '||' or ')' but found ${describeToken(next, text)}`);
      }
      i++;
      stack.pop();
      node = group.negated ? { kind: 'not', operand: expression, start: group.start, end: next.end } : expression;
    }
  }
}
