/**
 * Background work the server repeats (escalations, webhook deliveries, housekeeping): one
 * timer that never lets a slow run overlap the next and never keeps the process alive.
 */
export function repeatEvery(everyMs: number, task: () => Promise<unknown>, onError: (err: unknown) => void): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    task()
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
