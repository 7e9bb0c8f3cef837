/**
 * `document-too-large`: a document longer than the workspace's `maxDocumentSize` (1 MiB unless
 * configured) is not checked in full; only its YAML syntax is. Reported by
 * `analysis/oversized.ts`, only for documents that declare a Calico apiVersion.
 */
import type { ResourceRule } from './types';

export const DOCUMENT_TOO_LARGE = 'document-too-large';

export interface DocumentTooLargeData {
  /** The document's length in characters. */
  size: number;
  /** The limit in force. */
  limit: number;
}

export const rule: ResourceRule = {
  code: DOCUMENT_TOO_LARGE,
  severity: 'information',
  origin: 'yaml',
  summary: 'A document too large to check in full: only its YAML syntax is checked.',
};
