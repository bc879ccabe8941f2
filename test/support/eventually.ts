/**
 * Polls `read` every 20 ms until `done` holds of its answer, at most 5 s, and gives the last
 * answer (the caller asserts on it): for what arrives asynchronously, such as a notification.
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (const until = Date.now() + 5_000; ;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}
