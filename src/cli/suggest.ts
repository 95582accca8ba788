/**
 * Edit distance with transpositions (optimal string alignment): "chatt" is one from "chat", "frtt"
 * one from "frt", "weak" one from "week", "chanel" one from "channel".
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const above = d[i - 1] as number[];
      row[j] = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/**
 * The known names nearest to what was typed, for "did you mean …?": those a few edits away
 * (about one edit in three letters, at least one), compared without case, closest first. None when
 * nothing is that close: a suggestion far from the input misleads more than it helps.
 */
export function nearest(input: string, known: readonly string[], most = 3): string[] {
  const typed = input.toLowerCase();
  const limit = Math.max(1, Math.floor(typed.length / 3));
  return known
    .map((name) => ({ name, distance: editDistance(typed, name.toLowerCase()) }))
    .filter((c) => c.distance <= limit)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, most)
    .map((c) => c.name);
}

/** "a", "a or b", "a, b or c". */
export function either(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/** "; did you mean frt?" or nothing. */
export function didYouMean(input: string, known: readonly string[]): string {
  const near = nearest(input, known);
  return near.length > 0 ? `; did you mean ${either(near)}?` : '';
}
