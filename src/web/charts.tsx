import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/**
 * Charts drawn on the server as SVG: no script, nothing to load, the same on every browser.
 * Each is one image (role="img") named by its <title> and described by its <desc>; what it
 * shows is also in a table beside it on the page, which is what screen readers, keyboards
 * and copy-paste use. Sizes are in the viewBox's units and the image is as wide as its box
 * (site.css `.chart`), so the text stays readable at phone width.
 */
export interface ChartDatum {
  label: string;
  /** Between 0 and the chart's `max`; null when there is nothing to show. */
  value: number | null;
  /** What is written beside the bar or above the column (the value, or why there is none). */
  valueLabel: string;
  /** A second line under a column's label (the year, at its first month). */
  sublabel?: string;
}

interface ChartProps {
  title: string;
  description: string;
  data: ChartDatum[];
  max: number;
}

/** Text and lines: #1b1b1b on white is 17:1; bars #0b4ea2 are 8:1 (WCAG 1.4.11 asks 3:1). */
const INK = '#1b1b1b';
const BAR = '#0b4ea2';
const GRID = '#767676';
const FONT = 'Segoe UI, Roboto, Arial, sans-serif';

/** Longer labels are cut with an ellipsis in the image; the table beside it has them whole. */
const MAX_LABEL = 40;
const cut = (label: string) =>
  label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1).trimEnd()}…` : label;

const clamp = (value: number, max: number) => Math.min(Math.max(value, 0), max);

function Frame(props: {
  title: string;
  description: string;
  width: number;
  height: number;
  children: ComponentChildren;
}) {
  const id = useId();
  return (
    <figure class="chart">
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${props.width} ${props.height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
        font-family={FONT}
        fill={INK}
      >
        <title id={`${id}-title`}>{props.title}</title>
        <desc id={`${id}-desc`}>{props.description}</desc>
        {props.children}
      </svg>
    </figure>
  );
}

const BAR_WIDTH = 360;
const BAR_ROW = 42;
/** Room right of the longest bar for its value. */
const BAR_VALUE_ROOM = 60;

/**
 * Horizontal bars, one a row in the order given: the label above its bar, the value at the
 * bar's end. Fits a ranking of a few dozen places on a phone without squeezing the names.
 */
export function BarChart({ title, description, data, max }: ChartProps) {
  const span = BAR_WIDTH - BAR_VALUE_ROOM;
  return (
    <Frame
      title={title}
      description={description}
      width={BAR_WIDTH}
      height={data.length * BAR_ROW + 4}
    >
      {data.map((datum, i) => {
        const top = i * BAR_ROW;
        const length = datum.value === null ? 0 : (clamp(datum.value, max) / max) * span;
        return (
          <g key={i}>
            <text x={0} y={top + 15} font-size={14}>
              {cut(datum.label)}
            </text>
            {datum.value === null ? null : (
              <rect x={0} y={top + 21} width={Math.max(length, 1)} height={14} fill={BAR} />
            )}
            <text x={length + 6} y={top + 33} font-size={13} font-weight={600}>
              {datum.valueLabel}
            </text>
          </g>
        );
      })}
    </Frame>
  );
}

const COLUMN_WIDTH = 360;
const COLUMN_HEIGHT = 240;
const AXIS = 30;
const PLOT_TOP = 22;
const PLOT_BOTTOM = 190;

/**
 * Columns over time, oldest on the left, with lines at 0, half and the maximum. A column with
 * no value is left empty with a dash at its foot, so "no figures" never reads as zero.
 */
export function ColumnChart({ title, description, data, max }: ChartProps) {
  const slot = (COLUMN_WIDTH - AXIS) / Math.max(data.length, 1);
  const height = PLOT_BOTTOM - PLOT_TOP;
  const y = (value: number) => PLOT_BOTTOM - (clamp(value, max) / max) * height;
  return (
    <Frame title={title} description={description} width={COLUMN_WIDTH} height={COLUMN_HEIGHT}>
      {[0, max / 2, max].map((tick) => (
        <g key={tick}>
          <line x1={AXIS} x2={COLUMN_WIDTH} y1={y(tick)} y2={y(tick)} stroke={GRID} />
          <text x={AXIS - 4} y={y(tick) + 4} font-size={11} text-anchor="end">
            {String(tick)}
          </text>
        </g>
      ))}
      {data.map((datum, i) => {
        const middle = AXIS + slot * i + slot / 2;
        const width = Math.max(slot * 0.6, 4);
        return (
          <g key={i}>
            {datum.value === null ? (
              <line
                x1={middle - width / 2}
                x2={middle + width / 2}
                y1={PLOT_BOTTOM - 3}
                y2={PLOT_BOTTOM - 3}
                stroke={GRID}
                stroke-width={2}
              />
            ) : (
              <rect
                x={middle - width / 2}
                y={y(datum.value)}
                width={width}
                height={Math.max(PLOT_BOTTOM - y(datum.value), 1)}
                fill={BAR}
              />
            )}
            <text
              x={middle}
              y={(datum.value === null ? PLOT_BOTTOM : y(datum.value)) - 6}
              font-size={11}
              text-anchor="middle"
            >
              {datum.valueLabel}
            </text>
            <text x={middle} y={PLOT_BOTTOM + 16} font-size={12} text-anchor="middle">
              {datum.label}
            </text>
            {datum.sublabel ? (
              <text x={middle} y={PLOT_BOTTOM + 32} font-size={11} text-anchor="middle">
                {datum.sublabel}
              </text>
            ) : null}
          </g>
        );
      })}
    </Frame>
  );
}
