/**
 * A tile's trend as a small SVG polyline; decorative (the tile states the value, and the trends
 * view has the series as a table), so it is hidden from assistive technology.
 */
export function Sparkline({
  values,
  width = 120,
  height = 32,
}: {
  values: (number | null)[];
  width?: number;
  height?: number;
}) {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length < 2)
    return <svg className="sparkline" width={width} height={height} aria-hidden="true" />;
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const span = max - min || 1;
  const step = width / Math.max(values.length - 1, 1);
  const segments: string[][] = [[]];
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      if ((segments.at(-1) ?? []).length > 0) segments.push([]);
      return;
    }
    const x = (i * step).toFixed(1);
    const y = (height - 2 - ((v - min) / span) * (height - 4)).toFixed(1);
    segments.at(-1)?.push(`${x},${y}`);
  });
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      aria-hidden="true"
    >
      {segments
        .filter((s) => s.length > 0)
        .map((points) => (
          <polyline
            key={points[0]}
            points={points.join(' ')}
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
          />
        ))}
    </svg>
  );
}
