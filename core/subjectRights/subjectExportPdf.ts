import PDFDocument from 'pdfkit';
import type { SubjectExport } from './subjectExport.ts';
import type { ExportItem } from './caseDisclosure.ts';

const INK = '#1b1b1b';
const MUTED = '#4a4a4a';
const REVIEW = '#8a1c1c';

const ROLE: Record<string, string> = { reporter: 'reporter', alleged_perpetrator: 'alleged perpetrator', witness: 'witness', affected_person: 'person reported for' };

/**
 * The subject access export as a PDF for the data protection officer's review: each case with the
 * person's roles, then every item; items holding other people's data carry a visible
 * "REVIEW" marker and the reason, so nothing third-party is released by oversight.
 */
export function subjectExportPdf(x: SubjectExport, opts: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, compress: opts.compress ?? true, info: { Title: `Subject access export ${x.requestId ?? ''}`.trim(), Author: 'Harbour' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.fillColor(INK).font('Helvetica-Bold').fontSize(18).text('Subject access export');
  doc.font('Helvetica').fontSize(10).fillColor(MUTED).text(`${x.institution.name} · generated ${x.generatedAt.slice(0, 16).replace('T', ' ')} UTC${x.requestId ? ` · request ${x.requestId}` : ''}`);
  const who = [x.searchedFor.name, x.searchedFor.email, x.searchedFor.identifier].filter(Boolean).join(', ');
  doc.moveDown(0.5).fillColor(INK).fontSize(11).text(`Searched for: ${who}`);
  doc.text(`${x.summary.cases} case(s), ${x.summary.items} item(s), ${x.summary.forReview} marked for review.`);
  doc.moveDown(0.5).fontSize(9).fillColor(MUTED);
  for (const n of x.notes) doc.text(`• ${n}`);

  for (const c of x.cases) {
    doc.moveDown().fillColor(INK).font('Helvetica-Bold').fontSize(13).text(`Case ${c.reference}`);
    doc.font('Helvetica').fontSize(9).fillColor(MUTED).text(`As: ${c.roles.map((r) => ROLE[r] ?? r).join(', ')} · found by ${c.matchedBy.join(' and ')} · opened ${c.openedAt.slice(0, 10)} · ${c.status}${c.closedAt ? `, closed ${c.closedAt.slice(0, 10)}` : ''}`);
    if (c.nameOnly) doc.fillColor(REVIEW).text('Found by name only: confirm this is the same person before release.');
    items(doc, c.items);
  }
  if (x.otherRecords.length) {
    doc.moveDown().fillColor(INK).font('Helvetica-Bold').fontSize(13).text('Other records');
    items(doc, x.otherRecords);
  }
  doc.end();
  return done;
}

function items(doc: PDFKit.PDFDocument, list: ExportItem[]): void {
  let section = '';
  for (const i of list) {
    if (i.section !== section) {
      section = i.section;
      doc.moveDown(0.4).font('Helvetica-Bold').fontSize(10).fillColor(INK).text(section);
    }
    doc.font('Helvetica-Bold').fontSize(9).fillColor(i.review ? REVIEW : INK).text(`${i.review ? 'REVIEW: third-party data. ' : ''}${i.label}`);
    doc.font('Helvetica').fillColor(INK).text(i.value || '(empty)', { indent: 12 });
    if (i.note) doc.fillColor(MUTED).fontSize(8).text(i.note, { indent: 12 });
  }
}
