/**
 * A minimal server-sent-events client for tests: connects with node:http to a listening app and
 * collects the frames it reads, so a test can wait for one.
 */
import { request, type ClientRequest, type IncomingMessage } from 'node:http';

export interface SseFrame {
  event: string | null;
  id: string | null;
  data: string | null;
  comment: string | null;
}

export interface SseClient {
  status: number;
  headers: IncomingMessage['headers'];
  frames: SseFrame[];
  /** Resolves with the first frame (already read or still to come) that matches. */
  waitFor(match: (f: SseFrame) => boolean, timeoutMs?: number): Promise<SseFrame>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

function parse(block: string): SseFrame {
  const f: SseFrame = { event: null, id: null, data: null, comment: null };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) f.comment = line.slice(1).trim();
    else if (line.startsWith('event: ')) f.event = line.slice(7);
    else if (line.startsWith('id: ')) f.id = line.slice(4);
    else if (line.startsWith('data: ')) f.data = (f.data === null ? '' : `${f.data}\n`) + line.slice(6);
  }
  return f;
}

export function openSse(port: number, path: string, headers: Record<string, string>): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    let req: ClientRequest | null = null;
    req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const frames: SseFrame[] = [];
      const waiters: { match: (f: SseFrame) => boolean; done: (f: SseFrame) => void }[] = [];
      let buffer = '';
      let endedResolve: () => void = () => undefined;
      const ended = new Promise<void>((r) => {
        endedResolve = r;
      });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          // A block may hold several comment lines (e.g. "retry" + ": connected").
          const frame = parse(block);
          frames.push(frame);
          for (const w of [...waiters]) {
            if (w.match(frame)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.done(frame);
            }
          }
        }
      });
      res.on('end', endedResolve);
      res.on('close', endedResolve);
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        frames,
        ended,
        waitFor(match, timeoutMs = 5000) {
          const seen = frames.find(match);
          if (seen) return Promise.resolve(seen);
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error(`no matching SSE frame in ${timeoutMs} ms; got ${JSON.stringify(frames)}`)), timeoutMs);
            waiters.push({ match, done: (f) => (clearTimeout(timer), ok(f)) });
          });
        },
        close() {
          req?.destroy();
          res.destroy();
        },
      });
    });
    req.on('error', reject);
    req.end();
  });
}
