import PDFDocument from 'pdfkit';
import { monthLabel } from './period.ts';
import { SUPPRESSION_NOTE } from './csv.ts';
import type { StatisticsView } from './statistics.ts';
import type { BreakdownTable } from './tables.ts';

const INK = '#1b1b1b';
const MUTED = '#4a4a4a';
const BAR = '#1d5f8a';

/**
 * The annual report for the governing body (OfS condition E6): the published figures for a
 * reporting year (small numbers suppressed, exactly as released), a month-by-month chart and
 * every breakdown as a table, with a note on how to read suppressed cells. `compress: false`
 * keeps the content streams readable for tests.
 */
export function annualReportPdf(v: StatisticsView, opts: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 48, compress: opts.compress ?? true, info: { Title: `${v.institution.name}: report and support statistics ${v.year.label}`, Author: 'Harbour' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  const period = v.months.length ? `${monthLabel(v.months[0]!)} to ${monthLabel(v.months[v.months.length - 1]!)}` : 'no complete month yet';
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(20).text(v.institution.name);
  doc.fontSize(15).text(`Reports of harassment and hate incidents: statistics for ${v.year.label}`);
  doc.moveDown(0.3).font('Helvetica').fontSize(10).fillColor(MUTED);
  doc.text(`For the governing body (Office for Students condition E6). Period: ${period}. Prepared ${v.generatedAt.toISOString().slice(0, 10)} by Harbour.`);
  doc.moveDown();

  const s = v.summary;
  const line = (label: string, value: string) => doc.font('Helvetica-Bold').fillColor(INK).fontSize(11).text(`${label}: `, { continued: true }).font('Helvetica').text(value);
  line('Reports received', s.opened.text);
  line('Cases closed', s.closed.text);
  line(`First contact within the target of ${s.targetWorkingDays} working days`, s.withinTargetPercent === null ? 'not published (too few)' : `${s.withinTargetPercent}%`);
  line('Median time to first contact', s.medianHoursToFirstContact === null ? 'not published (too few)' : `${s.medianHoursToFirstContact} hours`);
  line('Median time from report to closure', s.medianDaysToClose === null ? 'not published (too few)' : `${s.medianDaysToClose} days`);
  doc.moveDown();

  const opened = v.tables.find((t) => t.id === 'opened-kind');
  if (opened && !opened.withheld && v.months.length) barChart(doc, 'Reports received by month', opened);

  for (const t of v.tables) table(doc, t);

  if (doc.y > doc.page.height - 160) doc.addPage();
  doc.moveDown().font('Helvetica-Bold').fontSize(12).fillColor(INK).text('About these figures');
  doc.font('Helvetica').fontSize(9).fillColor(MUTED);
  doc.text(SUPPRESSION_NOTE);
  doc.text('Counts are events in the month they happened: a report when it was received, a closure when the case was closed. Figures for a complete month do not change afterwards.');
  doc.text('No names, free text or details of any case appear in this report.');
  const withheld = v.tables.filter((t) => t.withheld).map((t) => t.title);
  if (withheld.length) doc.text(`Not published because there were too few reports to publish them without identifying anyone: ${withheld.join('; ')}.`);
  doc.end();
  return done;
}

function barChart(doc: PDFKit.PDFDocument, title: string, t: BreakdownTable): void {
  const width = doc.page.width - 96;
  const height = 130;
  if (doc.y + height + 60 > doc.page.height - 48) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(12).fillColor(INK).text(title);
  const top = doc.y + 8;
  const max = Math.max(5, ...t.monthTotals.map((c) => c.value ?? 0));
  const slot = width / t.months.length;
  t.monthTotals.forEach((c, i) => {
    const x = 48 + i * slot + slot * 0.15;
    const h = c.value === null ? 0 : (c.value / max) * height;
    if (h > 0) doc.rect(x, top + height - h, slot * 0.7, h).fill(BAR);
    doc.fillColor(INK).font('Helvetica').fontSize(8).text(c.text, x, top + height - h - 11, { width: slot * 0.7, align: 'center' });
    doc.fillColor(MUTED).text(monthLabel(t.months[i]!), x - 4, top + height + 4, { width: slot * 0.7 + 8, align: 'center' });
  });
  doc.moveTo(48, top + height).lineTo(48 + width, top + height).strokeColor(MUTED).lineWidth(0.5).stroke();
  doc.x = 48;
  doc.y = top + height + 24;
}

function table(doc: PDFKit.PDFDocument, t: BreakdownTable): void {
  const rowHeight = 13;
  const needed = 50 + rowHeight * (t.values.length + 2);
  if (doc.y + Math.min(needed, 200) > doc.page.height - 48) doc.addPage();
  doc.x = 48;
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12).fillColor(INK).text(t.title);
  if (t.withheld) {
    doc.font('Helvetica').fontSize(9).fillColor(MUTED).text('Not published: too few reports to publish this breakdown without identifying anyone.');
    return;
  }
  if (t.note) doc.font('Helvetica').fontSize(8).fillColor(MUTED).text(t.note);
  const labelWidth = 170;
  const col = (doc.page.width - 96 - labelWidth) / (t.months.length + 1);
  let y = doc.y + 4;
  const row = (label: string, cells: string[], bold: boolean) => {
    if (y + rowHeight > doc.page.height - 48) {
      doc.addPage();
      y = 48;
    }
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8).fillColor(INK);
    doc.text(label, 48, y, { width: labelWidth - 6, lineBreak: false, ellipsis: true });
    cells.forEach((c, i) => doc.text(c, 48 + labelWidth + i * col, y, { width: col - 4, align: 'right', lineBreak: false }));
    y += rowHeight;
  };
  row('', [...t.months.map(monthLabel), 'Total'], true);
  t.values.forEach((val, i) => row(val.label, [...t.cells[i]!.map((c) => c.text), t.valueTotals[i]!.text], false));
  row('All', [...t.monthTotals.map((c) => c.text), t.grand.text], true);
  doc.x = 48;
  doc.y = y + 6;
}
