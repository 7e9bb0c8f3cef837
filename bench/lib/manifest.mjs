// Compares diagnostics with the generator's manifest: which deliberately invalid documents got an
// error, which valid documents got one anyway (false errors), and how many warnings or hints
// landed on valid documents.
//
// Diagnostics are mapped to documents by their start line (0-based), so the caller must give
// lines of the text the manifest describes (the driver maps lines back after its edits).
// Severities may be LSP numbers (1 error … 4 hint) or our words ('error', 'warning', ...).

const SEVERITY = { error: 1, warning: 2, information: 3, info: 3, hint: 4 };
export const severityNumber = (s) => (typeof s === 'number' ? s : SEVERITY[s] ?? 1);

/** Index of the document whose lines contain `line` (documents are in order), or -1. */
function documentOfLine(docs, line) {
  let lo = 0;
  let hi = docs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (docs[mid].startLine <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // A diagnostic may sit on the `---` line after a document (say, at the end of a truncated one).
  return found >= 0 && line <= docs[found].endLine + 1 ? found : -1;
}

/**
 * @param docs manifest documents (in file order)
 * @param diagnostics [{line, severity, code?}]
 * @returns a summary; `byClass` counts per mutation class how many were reported as errors.
 */
export function checkAgainstManifest(docs, diagnostics) {
  const errorDocs = new Set();
  const anyDocs = new Set();
  const otherOnValid = new Map(); // code -> count of valid documents with it (non-error)
  const falseErrorCodes = new Map();
  let outside = 0;
  for (const d of diagnostics) {
    const i = documentOfLine(docs, d.line);
    if (i < 0) {
      outside++;
      continue;
    }
    anyDocs.add(i);
    const sev = severityNumber(d.severity);
    if (sev === 1) errorDocs.add(i);
    if (!docs[i].mutation) {
      const key = d.code ?? '(no code)';
      const map = sev === 1 ? falseErrorCodes : otherOnValid;
      map.set(key, (map.get(key) ?? 0) + 1);
    }
  }
  const invalid = docs.filter((d) => d.mutation);
  const schemaVisible = invalid.filter((d) => d.mutation.schema);
  const semantic = invalid.filter((d) => !d.mutation.schema);
  const byClass = {};
  for (const d of invalid) {
    const c = (byClass[d.mutation.class] ??= { expected: 0, errors: 0, any: 0 });
    c.expected++;
    if (errorDocs.has(d.index)) c.errors++;
    if (anyDocs.has(d.index)) c.any++;
  }
  const missed = invalid.filter((d) => !errorDocs.has(d.index));
  const missedById = {};
  for (const d of missed) missedById[d.mutation.id] = (missedById[d.mutation.id] ?? 0) + 1;
  const valid = docs.filter((d) => !d.mutation);
  return {
    invalid: invalid.length,
    reportedAsError: invalid.length - missed.length,
    reportedAny: invalid.filter((d) => anyDocs.has(d.index)).length,
    schemaVisible: schemaVisible.length,
    schemaVisibleAsError: schemaVisible.filter((d) => errorDocs.has(d.index)).length,
    schemaVisibleAny: schemaVisible.filter((d) => anyDocs.has(d.index)).length,
    semantic: semantic.length,
    semanticAsError: semantic.filter((d) => errorDocs.has(d.index)).length,
    semanticAny: semantic.filter((d) => anyDocs.has(d.index)).length,
    validDocs: valid.length,
    validWithError: valid.filter((d) => errorDocs.has(d.index)).length,
    validWithOther: valid.filter((d) => anyDocs.has(d.index) && !errorDocs.has(d.index)).length,
    falseErrorCodes: Object.fromEntries(falseErrorCodes),
    otherCodesOnValid: Object.fromEntries(otherOnValid),
    falseErrorSample: valid.filter((d) => errorDocs.has(d.index)).slice(0, 10).map((d) => ({ index: d.index, line: d.startLine, kind: d.kind })),
    missedById,
    missedSample: missed.slice(0, 10).map((d) => ({ index: d.index, line: d.startLine, id: d.mutation.id })),
    diagnosticsOutsideDocuments: outside,
    byClass,
  };
}
