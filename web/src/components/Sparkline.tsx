/**
 * A tile's trend as a small SVG polyline; decorative (the tile states the value, and the trends
 * view has the series as a table), so it is hidden from assistive technology. Points resting on a
 * small sample (`small`) are drawn as hollow dots, so a spike there reads as the noise it may be.
 */
export function Sparkline({
  values,
  small = [],
  width = 120,
  height = 32,
}: {
  values: (number | null)[];
  small?: boolean[];
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
  const hollow: { x: string; y: string }[] = [];
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      if ((segments.at(-1) ?? []).length > 0) segments.push([]);
      return;
    }
    const x = (i * step).toFixed(1);
    const y = (height - 2 - ((v - min) / span) * (height - 4)).toFixed(1);
    segments.at(-1)?.push(`${x},${y}`);
    if (small[i]) hollow.push({ x, y });
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
      {hollow.map(({ x, y }) => (
        <circle
          key={`${x},${y}`}
          className="sparkline-small"
          cx={x}
          cy={y}
          r="2"
          fill="var(--surface, #fff)"
          stroke="currentColor"
          strokeWidth="1"
        />
      ))}
    </svg>
  );
}
