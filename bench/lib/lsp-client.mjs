// A minimal LSP client over a child process's stdio: Content-Length framing, requests with
// timeouts, notifications, and answers to the requests servers send to clients.
//
// It records the arrival time of every message as soon as its bytes are complete, before any
// other work, so latencies measure the server and the pipe, not this client.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export class LspProcess {
  /**
   * @param {string[]} argv command and arguments (no shell)
   * @param {{cwd: string, onServerRequest: (method: string, params: any) => any,
   *          onNotification: (method: string, params: any, t: number) => void, onStderr?: (s: string) => void}} handlers
   */
  constructor(argv, handlers) {
    this.handlers = handlers;
    this.pending = new Map();
    this.nextId = 1;
    this.buffer = Buffer.alloc(0);
    this.bodyLength = -1;
    this.exit = null;
    this.stderrTail = '';
    this.spawnedAt = performance.now();
    this.child = spawn(argv[0], argv.slice(1), { cwd: handlers.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.pid = this.child.pid;
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        for (const p of this.pending.values()) p.reject(new Error(`server exited (${code ?? signal}) while waiting for ${p.method}`));
        this.pending.clear();
        resolve(this.exit);
      }),
    );
    this.child.on('error', (e) => {
      this.exit = { code: null, signal: null, error: e.message };
    });
    this.child.stdin.on('error', () => {});
    this.child.stdout.on('data', (chunk) => this.receive(chunk));
    this.child.stderr.on('data', (chunk) => {
      const s = chunk.toString();
      this.stderrTail = (this.stderrTail + s).slice(-4000);
      handlers.onStderr?.(s);
    });
  }

  receive(chunk) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      if (this.bodyLength < 0) {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const header = this.buffer.subarray(0, end).toString('ascii');
        const m = /Content-Length:\s*(\d+)/i.exec(header);
        if (!m) throw new Error(`bad header from server: ${JSON.stringify(header)}`);
        this.bodyLength = Number(m[1]);
        this.buffer = this.buffer.subarray(end + 4);
      }
      if (this.buffer.length < this.bodyLength) return;
      const t = performance.now();
      const body = this.buffer.subarray(0, this.bodyLength).toString('utf8');
      this.buffer = this.buffer.subarray(this.bodyLength);
      this.bodyLength = -1;
      this.dispatch(JSON.parse(body), t);
    }
  }

  dispatch(msg, t) {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      p.resolve({ result: msg.result, error: msg.error, t, ms: t - p.sentAt });
      return;
    }
    if (msg.id !== undefined) {
      let result = null;
      let error;
      try {
        result = this.handlers.onServerRequest(msg.method, msg.params);
      } catch (e) {
        error = { code: -32601, message: e instanceof Error ? e.message : String(e) };
      }
      this.send(error ? { id: msg.id, error } : { id: msg.id, result: result ?? null });
      return;
    }
    this.handlers.onNotification(msg.method, msg.params, t);
  }

  send(msg) {
    if (this.exit) return;
    const json = JSON.stringify({ jsonrpc: '2.0', ...msg });
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
  }

  /** Sends a request; resolves with `{result, error, t, ms}` (error responses resolve too). */
  request(method, params, timeoutMs) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no response within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { method, resolve, reject, timer, sentAt: performance.now() });
      this.send({ id, method, params });
    });
  }

  notify(method, params) {
    this.send({ method, params });
  }

  /** Asks the server to shut down and exit; kills it if it has not exited after `graceMs`. */
  async stop(graceMs = 3000) {
    if (!this.exit) {
      try {
        await this.request('shutdown', null, graceMs);
      } catch {
        // A server that does not answer is killed below.
      }
      this.notify('exit', null);
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
