/**
 * Decides when files are analysed and their diagnostics published.
 *
 * Work is done in short slices (a few milliseconds of analysis, then a yield to the event loop), so
 * hover, completion and new edits are served promptly even while a file of tens of thousands of
 * documents is being validated. Open files come first; workspace files read from disk are analysed
 * afterwards, in the idle time, for the cross-file index.
 *
 * Invariant: at most one analysis loop runs at a time; edits made during a loop are picked up by it.
 */
import { performance } from 'node:perf_hooks';
import type { Workspace } from '../core';

export interface SchedulerHost {
  workspace: Workspace;
  /** URIs of open documents. */
  openUris(): Iterable<string>;
  /** Publishes (push mode) or announces (pull mode) diagnostics for an open document. */
  publish(uri: string): void;
  /** Called once background files have all been analysed after a change to the background set. */
  backgroundSettled(): void;
  /** Called whenever the queue has run dry (all queued work done). */
  idle?(): void;
  log?(message: string): void;
}

const SLICE_MS = 12;
/** Files longer than this (characters) are analysed after the other open files are published. */
const LARGE_FILE = 4 * 1024 * 1024;

export class Scheduler {
  private dirty = new Set<string>();
  private backgroundDirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private waiters = new Map<string, Array<() => void>>();
  private disposed = false;

  constructor(private readonly host: SchedulerHost) {}

  /** Marks an open document as needing diagnostics, after `delayMs`. */
  markDirty(uri: string, delayMs: number): void {
    this.dirty.add(uri);
    this.kick(delayMs);
  }

  /** Notes that background (not open) files changed and need analysing for the index. */
  markBackgroundDirty(): void {
    this.backgroundDirty = true;
    this.kick(50);
  }

  /** Resolves once `uri` is fully analysed (used by pull diagnostics, hover and code actions). */
  whenAnalyzed(uri: string): Promise<void> {
    const f = this.host.workspace.getFile(uri);
    if (!f || f.isComplete || this.disposed) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.waiters.get(uri) ?? [];
      list.push(resolve);
      this.waiters.set(uri, list);
      this.dirty.add(uri);
      this.kick(0);
    });
  }

  /**
   * Stops scheduling (at `shutdown`). Requests still waiting for an analysis are released, so each
   * gets its answer, from whatever has been analysed by then.
   */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty.clear();
    this.backgroundDirty = false;
    for (const uri of [...this.waiters.keys()]) this.resolveWaiters(uri);
  }

  private kick(delayMs: number): void {
    if (this.running || this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.loop();
    }, delayMs);
  }

  private resolveWaiters(uri: string): void {
    const list = this.waiters.get(uri);
    if (!list) return;
    this.waiters.delete(uri);
    for (const w of list) w();
  }

  private loop(): void {
    if (this.disposed) {
      this.running = false;
      return;
    }
    this.running = true;
    try {
      this.step();
    } catch (e) {
      // The core is built not to throw; if it ever does, drop the work rather than spin on it.
      this.host.log?.(`analysis failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      for (const uri of this.dirty) this.resolveWaiters(uri);
      this.dirty.clear();
      this.backgroundDirty = false;
    }
    if (this.dirty.size > 0 || this.backgroundDirty) setImmediate(() => this.loop());
    else {
      this.running = false;
      this.host.idle?.();
    }
  }

  /** The index version when ordinary open files were last published. */
  private publishedAt = -1;

  /** A file big enough that the others are not kept waiting for it. */
  private isLarge(uri: string): boolean {
    const f = this.host.workspace.getFile(uri);
    return !!f && f.length > LARGE_FILE;
  }

  /**
   * Analyses the files (in slices) and their cross-document pass; false when `stop` said to
   * stop first. A file whose analysis throws is dropped from the queue (its waiters released).
   */
  private analyse(uris: readonly string[], stop: () => boolean): boolean {
    for (const uri of uris) {
      const f = this.host.workspace.getFile(uri);
      if (!f) {
        this.dirty.delete(uri);
        this.resolveWaiters(uri);
        continue;
      }
      try {
        if (!f.analyzeSome(stop)) return false;
        // The cross-document pass of a huge file is done in slices too, before the publish.
        if (!this.host.workspace.prepareDiagnostics(uri, stop)) return false;
      } catch (e) {
        // Only the file that failed is dropped; the others queued with it are still published.
        this.host.log?.(`analysis of ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        this.dirty.delete(uri);
        this.resolveWaiters(uri);
        continue;
      }
      if (stop()) return false;
    }
    return true;
  }

  /** Does up to one slice of work. */
  private step(): void {
    const t0 = performance.now();
    const stop = () => performance.now() - t0 > SLICE_MS;
    // Open documents first, ordinary ones before large ones: analyse every queued ordinary one
    // before publishing any. Cross-document checks of one file read the analyses of the others, so
    // publishing a file as soon as it is done could report against a neighbour whose new text is
    // not analysed yet. A large file (many megabytes: seconds of work) is not waited for: the
    // others are published first, and again once it is done if it changed what they see.
    const queued = [...this.dirty];
    const ordinary = queued.filter((uri) => !this.isLarge(uri));
    if (!this.analyse(ordinary, stop)) return;
    for (const uri of ordinary) {
      if (!this.dirty.delete(uri)) continue; // dropped by a failed analysis
      this.resolveWaiters(uri);
      this.host.publish(uri);
    }
    if (ordinary.length > 0) this.publishedAt = this.host.workspace.index.version;
    for (const uri of queued) {
      if (!this.dirty.has(uri)) continue;
      if (!this.analyse([uri], stop)) return;
      if (!this.dirty.delete(uri)) continue;
      this.resolveWaiters(uri);
      this.host.publish(uri);
      // Its documents reached the index only now: the others' cross-document checks may differ.
      const version = this.host.workspace.index.version;
      if (version !== this.publishedAt) {
        this.publishedAt = version;
        for (const other of this.host.openUris()) if (other !== uri && !this.isLarge(other)) this.dirty.add(other);
        return;
      }
      if (stop()) return;
    }
    if (this.dirty.size > 0) return;
    if (this.backgroundDirty) {
      const open = new Set(this.host.openUris());
      for (const id of this.host.workspace.fileIds()) {
        if (open.has(id)) continue;
        const f = this.host.workspace.getFile(id)!;
        let done: boolean;
        try {
          done = f.analyzeSome(stop);
        } catch (e) {
          this.host.log?.(`analysis of ${id} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
          continue;
        }
        if (!done) return;
        if (stop()) return;
      }
      this.backgroundDirty = false;
      this.host.backgroundSettled();
    }
  }
}
