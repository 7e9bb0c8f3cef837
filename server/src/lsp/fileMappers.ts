/**
 * Positions in any file of the workspace, for locations that point outside the document a reply
 * is about (navigation targets, related spans of a diagnostic in another file): an open
 * document's own line index, else a line table built from the core's text of that file.
 *
 * Invariant: a table is built at most once per file revision and kept for a few files (least
 * recently used dropped first), so a burst of requests or a publish reads each other file once
 * and memory stays bounded however many files are pointed into.
 */
import { LineIndex, type PositionMapper } from '../common/positions';
import type { Workspace } from '../core';
import type { OpenDocument } from './document';

/** Line tables of files that are not open, kept for this many files. */
const MAPPER_CACHE_SIZE = 16;

export function fileMappers(open: ReadonlyMap<string, OpenDocument>, workspace: Workspace): (uri: string) => PositionMapper | undefined {
  const mappers = new Map<string, { revision: number; mapper: LineIndex }>();
  return (uri) => {
    const doc = open.get(uri);
    if (doc) return doc;
    const file = workspace.getFile(uri);
    if (!file) return undefined;
    const known = mappers.get(uri);
    if (known && known.revision === file.revision) {
      // Re-inserted, so the map's order is least recently used first.
      mappers.delete(uri);
      mappers.set(uri, known);
      return known.mapper;
    }
    const mapper = new LineIndex(file.text);
    mappers.delete(uri);
    mappers.set(uri, { revision: file.revision, mapper });
    if (mappers.size > MAPPER_CACHE_SIZE) mappers.delete(mappers.keys().next().value!);
    return mapper;
  };
}
