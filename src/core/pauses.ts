/**
 * A pause for long CPU work on the server's own thread: awaited between steps of the work, it lets
 * the event loop answer what is waiting (requests, timers) once the work has held it for
 * `everyMs` since the last pause, and costs nothing before. A server answering while it imports
 * then waits for at most one slice of the work, not all of it.
 */
export function pauses(everyMs = 20): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < everyMs) return;
    await new Promise((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}
