/** Expected failures are values; `throw` is for bugs. */
export type Result<T, E> = { ok: true; data: T } | { ok: false; error: E };

export function ok<T>(data: T): { ok: true; data: T } {
  return { ok: true, data };
}

export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}
