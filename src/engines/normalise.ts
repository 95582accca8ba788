/** Values at the engine boundary: numbers, strings, booleans or null — never driver objects. */
export function normaliseValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date)
    return value
      .toISOString()
      .replace('T', ' ')
      .replace(/(\.000)?Z$/, '');
  if (typeof value === 'object' && 'toString' in value && !Array.isArray(value)) return String(value);
  return value;
}

export function normaliseRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = normaliseValue(value);
  return out;
}

export function multiRowInsert(
  table: string,
  columns: readonly string[],
  rowCount: number,
  placeholder: (index: number) => string,
): string {
  const tuples: string[] = [];
  let index = 1;
  for (let r = 0; r < rowCount; r++) {
    const cells = columns.map(() => placeholder(index++));
    tuples.push(`(${cells.join(', ')})`);
  }
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`;
}

/**
 * One transaction per outermost call: nested calls join the outer transaction, so a service can be
 * composed inside another; a throw rolls the whole transaction back.
 */
export function transactionRunner(exec: (sql: 'BEGIN' | 'COMMIT' | 'ROLLBACK') => Promise<void>) {
  let depth = 0;
  return async function transaction<T>(work: () => Promise<T>): Promise<T> {
    if (depth > 0) return work();
    depth++;
    await exec('BEGIN');
    try {
      const result = await work();
      await exec('COMMIT');
      return result;
    } catch (error) {
      await exec('ROLLBACK');
      throw error;
    } finally {
      depth--;
    }
  };
}
