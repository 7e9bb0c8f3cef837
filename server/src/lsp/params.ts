/**
 * Shapes of the params our handlers read, checked before anything reads them.
 *
 * The rule, the same for every method: params that do not have the shape the LSP specification
 * gives the method's params type (not an object, a `textDocument.uri` that is not a string, a
 * position whose line or character is not a non-negative integer, a range or a diagnostic that is
 * not one) are the client's mistake, answered with InvalidParams (-32602, what JSON-RPC defines
 * for it) and a message naming the field. Well-formed params that name something the server does
 * not know (a document never opened, a position past the end) get the method's empty result, and
 * positions past the end are clamped, as the specification says. A notification with malformed
 * params is ignored (logged once per method). Nothing a client sends ends in InternalError.
 */
import type { Position, Range } from 'vscode-languageserver/node';

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isPosition(p: unknown): p is Position {
  return isRecord(p) && Number.isSafeInteger(p['line']) && Number.isSafeInteger(p['character']) && (p['line'] as number) >= 0 && (p['character'] as number) >= 0;
}

export function isRange(r: unknown): r is Range {
  return isRecord(r) && isPosition(r['start']) && isPosition(r['end']);
}

/** Checks params step by step; `problem` names the first field that is wrong. */
export class Check {
  problem: string | undefined;

  constructor(readonly params: unknown) {
    if (!isRecord(params)) this.problem = 'params must be an object';
  }

  get ok(): boolean {
    return this.problem === undefined;
  }

  private get p(): Record<string, unknown> {
    return this.params as Record<string, unknown>;
  }

  private fail(problem: string): this {
    this.problem ??= problem;
    return this;
  }

  textDocument(): this {
    if (!this.ok) return this;
    const td = this.p['textDocument'];
    return isRecord(td) && typeof td['uri'] === 'string' ? this : this.fail("'textDocument.uri' must be a string");
  }

  position(): this {
    if (!this.ok) return this;
    return isPosition(this.p['position']) ? this : this.fail("'position' must have a non-negative integer 'line' and 'character'");
  }

  range(): this {
    if (!this.ok) return this;
    return isRange(this.p['range']) ? this : this.fail("'range' must have a 'start' and an 'end' position");
  }

  /** A required string field. */
  string(name: string): this {
    if (!this.ok) return this;
    return typeof this.p[name] === 'string' ? this : this.fail(`'${name}' must be a string`);
  }

  /** An optional field: absent, null, or of the given kind. */
  optional(name: string, kind: 'string' | 'object' | 'number'): this {
    if (!this.ok) return this;
    const v = this.p[name];
    if (v === undefined || v === null) return this;
    const good = kind === 'object' ? isRecord(v) : typeof v === kind;
    return good ? this : this.fail(`'${name}' must be ${kind === 'object' ? 'an object' : `a ${kind}`}`);
  }

  /** `context` of a code action: `diagnostics` is a list of diagnostics, `only` a list of kinds. */
  codeActionContext(): this {
    if (!this.ok) return this;
    const c = this.p['context'];
    if (!isRecord(c)) return this.fail("'context' must be an object");
    const diagnostics = c['diagnostics'];
    if (!Array.isArray(diagnostics)) return this.fail("'context.diagnostics' must be a list");
    for (let i = 0; i < diagnostics.length; i++) {
      const d = diagnostics[i];
      const message = isRecord(d) ? d['message'] : undefined;
      if (!isRecord(d) || !isRange(d['range']) || !(typeof message === 'string' || (isRecord(message) && typeof message['value'] === 'string'))) {
        return this.fail(`'context.diagnostics[${i}]' must be a diagnostic with a 'range' and a 'message'`);
      }
    }
    const only = c['only'];
    if (only !== undefined && only !== null && !(Array.isArray(only) && only.every((k) => typeof k === 'string'))) return this.fail("'context.only' must be a list of strings");
    return this;
  }
}
