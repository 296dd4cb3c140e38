/** Worker-thread entry of `OffLoopReader`: answers read queries over a read-only connection. */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import type { ReadReply, ReadRequest } from './off-loop-reader';

const sqlite = new BetterSqlite3((workerData as { file: string }).file, { readonly: true, fileMustExist: true });
sqlite.pragma('busy_timeout = 5000');
const statements = new Map<string, BetterSqlite3.Statement>();

parentPort!.on('message', (m: ReadRequest) => {
  let reply: ReadReply;
  try {
    let stmt = statements.get(m.sql);
    if (!stmt) {
      stmt = sqlite.prepare(m.sql);
      if (statements.size > 200) statements.clear();
      statements.set(m.sql, stmt);
    }
    reply = { id: m.id, rows: stmt.all(m.parameters as unknown[]) };
  } catch (err) {
    reply = { id: m.id, error: err instanceof Error ? err.message : String(err), code: (err as { code?: string }).code };
  }
  parentPort!.postMessage(reply);
});
