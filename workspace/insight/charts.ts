import type { FigureCell } from '../../core/stats/tables.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Round numbers for an axis: 0, a half and the top, the top rounded up to 1, 2 or 5 × 10ⁿ. */
function niceMax(max: number): number {
  if (max <= 5) return 5;
  const p = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= max)!;
}

/** One series of a column chart. */
export interface Series {
  name: string;
  /** CSS modifier: the bar colour comes from site.css (insight-bar--NAME). */
  kind: string;
  values: FigureCell[];
}

/**
 * A column chart as inline SVG (no script, styled by site.css): one group of columns per
 * category (month), a legend when there are several series, the count above each column and
 * suppressed counts written where the column would be. Labelled for screen readers by its title
 * and description; the page puts the same figures in a table beside it.
 */
export function columnChart(spec: { id: string; title: string; desc: string; categories: string[]; series: Series[] }): string {
  const w = 640;
  const h = 260;
  const left = 40;
  const top = spec.series.length > 1 ? 34 : 16;
  const bottom = 34;
  const plotH = h - top - bottom;
  const plotW = w - left - 8;
  const max = niceMax(Math.max(0, ...spec.series.flatMap((s) => s.values.map((v) => v.value ?? 0))));
  const slot = plotW / Math.max(1, spec.categories.length);
  const bar = Math.min(28, (slot * 0.8) / spec.series.length);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const out: string[] = [
    `<svg class="insight-chart__svg" viewBox="0 0 ${w} ${h}" role="img" aria-labelledby="${spec.id}-title ${spec.id}-desc" focusable="false">`,
    `<title id="${spec.id}-title">${esc(spec.title)}</title><desc id="${spec.id}-desc">${esc(spec.desc)}</desc>`,
  ];
  for (const t of [0, max / 2, max]) out.push(`<line class="insight-grid" x1="${left}" x2="${w - 8}" y1="${y(t)}" y2="${y(t)}"/><text class="insight-axis" x="${left - 6}" y="${y(t) + 4}" text-anchor="end">${t}</text>`);
  spec.categories.forEach((cat, i) => {
    const x0 = left + i * slot + (slot - bar * spec.series.length) / 2;
    spec.series.forEach((s, j) => {
      const c = s.values[i]!;
      const x = x0 + j * bar;
      if (c.value !== null && c.value > 0) out.push(`<rect class="insight-bar insight-bar--${s.kind}" x="${x.toFixed(1)}" y="${y(c.value).toFixed(1)}" width="${(bar - 2).toFixed(1)}" height="${(plotH - (y(c.value) - top)).toFixed(1)}"/>`);
      const ly = c.value !== null ? y(c.value) - 4 : top + plotH - 4;
      out.push(`<text class="insight-value" x="${(x + (bar - 2) / 2).toFixed(1)}" y="${ly.toFixed(1)}" text-anchor="middle">${esc(c.text)}</text>`);
    });
    out.push(`<text class="insight-axis" x="${(left + i * slot + slot / 2).toFixed(1)}" y="${h - bottom + 18}" text-anchor="middle">${esc(cat)}</text>`);
  });
  out.push(`<line class="insight-baseline" x1="${left}" x2="${w - 8}" y1="${top + plotH}" y2="${top + plotH}"/>`);
  if (spec.series.length > 1)
    spec.series.forEach((s, j) => out.push(`<rect class="insight-bar insight-bar--${s.kind}" x="${left + j * 150}" y="6" width="14" height="14"/><text class="insight-axis" x="${left + j * 150 + 20}" y="18">${esc(s.name)}</text>`));
  out.push('</svg>');
  return out.join('');
}

/** A horizontal bar chart of totals by value (kinds of incident, campuses…), longest label at the left. */
export function barList(spec: { id: string; title: string; desc: string; items: { label: string; cell: FigureCell }[] }): string {
  const w = 640;
  const row = 26;
  const labelW = 230;
  const h = spec.items.length * row + 12;
  const max = niceMax(Math.max(0, ...spec.items.map((i) => i.cell.value ?? 0)));
  const plotW = w - labelW - 60;
  const out: string[] = [
    `<svg class="insight-chart__svg" viewBox="0 0 ${w} ${h}" role="img" aria-labelledby="${spec.id}-title ${spec.id}-desc" focusable="false">`,
    `<title id="${spec.id}-title">${esc(spec.title)}</title><desc id="${spec.id}-desc">${esc(spec.desc)}</desc>`,
  ];
  spec.items.forEach((it, i) => {
    const yTop = 6 + i * row;
    const len = it.cell.value ? (it.cell.value / max) * plotW : 0;
    const label = it.label.length > 34 ? `${it.label.slice(0, 33)}…` : it.label;
    out.push(`<text class="insight-axis" x="${labelW - 8}" y="${yTop + 16}" text-anchor="end">${esc(label)}</text>`);
    if (len > 0) out.push(`<rect class="insight-bar insight-bar--opened" x="${labelW}" y="${yTop + 3}" width="${len.toFixed(1)}" height="${row - 8}"/>`);
    out.push(`<text class="insight-value" x="${(labelW + len + 6).toFixed(1)}" y="${yTop + 16}">${esc(it.cell.text)}</text>`);
  });
  out.push(`<line class="insight-baseline" x1="${labelW}" x2="${labelW}" y1="4" y2="${h - 4}"/></svg>`);
  return out.join('');
}

/** A sentence summarising a chart for its description: the largest value and the total. */
export function describeTotals(items: { label: string; cell: FigureCell }[], total: FigureCell): string {
  const shown = items.filter((i) => i.cell.value !== null).sort((a, b) => b.cell.value! - a.cell.value!);
  const top = shown[0];
  return `${top && top.cell.value ? `Largest: ${top.label} (${top.cell.text}). ` : ''}Total: ${total.text}. The table beside the chart has every figure.`;
}
