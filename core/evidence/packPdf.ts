import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import type { PackContents } from './packContents.ts';
import { verificationSteps, type PackItem } from './packGuide.ts';

const DEJAVU = '/usr/share/fonts/truetype/dejavu';
/** DejaVu covers most scripts people write in; without it, PDF's built-in Helvetica (Latin only). */
const fonts = fs.existsSync(`${DEJAVU}/DejaVuSans.ttf`)
  ? { body: `${DEJAVU}/DejaVuSans.ttf`, bold: `${DEJAVU}/DejaVuSans-Bold.ttf`, mono: `${DEJAVU}/DejaVuSansMono.ttf` }
  : { body: 'Helvetica', bold: 'Helvetica-Bold', mono: 'Courier' };

const words = (key: string) => key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** The report's answers as "label: value" lines, nested parts named by their path. */
function flatten(value: unknown, label: string, out: [string, string][]): void {
  if (value === null || value === undefined || value === '') return;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object')) out.push([label, value.join(', ')]);
    else value.forEach((v, i) => flatten(v, `${label} ${i + 1}`, out));
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, label ? `${label}, ${words(k).toLowerCase()}` : words(k), out);
  } else out.push([label, String(value)]);
}

/**
 * summary.pdf: the human-readable side of the pack for a hearing or the police: what the case
 * holds, the report as submitted, the reporter's additions, each file with its SHA-256 and ledger
 * entry, the signed checkpoints, and how to verify it all without Harbour.
 */
export function packPdf(p: PackContents, items: PackItem[], withheld: string[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Evidence pack ${p.c.reference}`, Author: p.institution.name, Subject: 'Evidence pack' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const heading = (t: string) => doc.moveDown(0.8).font(fonts.bold).fontSize(13).text(t).moveDown(0.3).font(fonts.body).fontSize(10);
  const field = (k: string, v: string) => doc.font(fonts.bold).text(`${k}: `, { continued: true }).font(fonts.body).text(v);
  const mono = (t: string) => doc.font(fonts.mono).fontSize(8.5).text(t).font(fonts.body).fontSize(10);

  doc.font(fonts.bold).fontSize(18).text(`Evidence pack: case ${p.c.reference}`);
  doc.font(fonts.body).fontSize(10).moveDown(0.5);
  field('Institution', p.institution.name);
  field('Exported', `${p.exportedAt.toISOString()} by ${p.exportedBy.name} (${p.exportedBy.label})`);
  field('Report submitted', p.report.submittedAt.toISOString());
  field('Case status', p.c.status);
  doc.moveDown(0.5).text('Every item below is in this pack with the SHA-256 recorded in the institution’s hash-chained ledger when it arrived. The last section explains how to check that without Harbour.');

  heading('Contents');
  for (const i of items) {
    doc.font(fonts.bold).text(i.path).font(fonts.body);
    mono(`sha256 ${i.sha256}   ${i.size} bytes   ledger entry ${i.ledgerSeq} (${i.ledgerField})`);
  }
  if (withheld.length) {
    heading('Withheld');
    for (const w of withheld) doc.text(w);
  }

  heading('The report as submitted');
  const rows: [string, string][] = [];
  flatten((p.report.recorded as { report?: unknown }).report ?? p.report.recorded, '', rows);
  for (const [k, v] of rows) field(k, v);

  if (p.additions.length) {
    heading('Added by the reporter');
    for (const a of p.additions) {
      doc.font(fonts.bold).text(a.at.toISOString()).font(fonts.body).text(a.text).moveDown(0.3);
    }
  }

  heading('Signed checkpoints');
  for (const c of p.checkpoints) mono(`entry ${c.seq}  hash ${c.hash}\nsigned ${c.signedAt} with ${c.keyId}`);

  heading('How to verify this pack without Harbour');
  for (const s of verificationSteps(p, items)) {
    doc.font(fonts.bold).text(s.title).font(fonts.body).text(s.text);
    for (const c of s.commands) mono(`  ${c}`);
    doc.moveDown(0.4);
  }
  doc.end();
  return done;
}
