"use client";

import type { GetReportsSalesResponse } from "@/lib/api/staff";

type Day = GetReportsSalesResponse["by_day"][number];

const WIDTH = 640;
const HEIGHT = 160;
const GAP = 2;

/**
 * Net sales per day as bars, drawn by hand in SVG (no chart library for one bar chart). The
 * amounts become pixels through Number(): only for drawing; every figure shown is the API's text.
 */
export function DayChart({
  days,
  label,
  format,
}: {
  days: Day[];
  label: string;
  format: (day: Day) => string;
}) {
  const values = days.map((d) => Math.max(0, Number(d.net_sales)));
  const top = Math.max(...values, 0) || 1;
  const width = WIDTH / Math.max(days.length, 1);
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={label}
      className="h-40 w-full"
      preserveAspectRatio="none"
      data-testid="day-chart"
    >
      {days.map((day, i) => {
        const height = (values[i]! / top) * (HEIGHT - 4);
        return (
          <rect
            key={day.day}
            x={i * width + GAP / 2}
            y={HEIGHT - height}
            width={Math.max(width - GAP, 1)}
            height={height}
            className="fill-primary"
            data-day={day.day}
          >
            <title>{format(day)}</title>
          </rect>
        );
      })}
      <line x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} className="stroke-border" />
    </svg>
  );
}
