import assert from 'node:assert/strict';
import { forEachEngine } from '../../test/support/engines.ts';
import { makeCore, makeInstitution, publicActor, sampleReport, staffActor } from '../../test/factories.ts';
import type { Core } from '../core.ts';
import type { Institution } from '../institutions.ts';
import { submitReport } from '../commands/reportSubmitter.ts';
import { claimCase } from '../commands/caseClaimer.ts';
import { closeCase } from '../commands/caseCloser.ts';
import { messageReporter } from '../commands/reporterMessenger.ts';
import { DomainError } from '../errors.ts';
import { statisticsView } from './statistics.ts';
import { audit, type Published } from './audit.ts';
import { statisticsCsv } from './csv.ts';
import { annualReportPdf } from './annualReport.ts';
import { pdfTextLines } from './pdfText.ts';

forEachEngine('statistics from reporting rows', (getDb) => {
  let now = new Date('2025-09-03T10:00:00Z');
  let core: Core;
  let inst: Institution;
  const at = (iso: string) => (now = new Date(iso));

  /** n reports on the given day, with categories and campus varied; some claimed, contacted and closed. */
  async function reports(day: string, n: number, over: { categories?: string[]; campus?: string; close?: number; contact?: number } = {}) {
    at(`${day}T09:00:00Z`);
    const cm = await staffActor(core, inst.id, 'case_manager', 1);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = sampleReport({ categories: over.categories ?? ['harassment'], where: { campus: over.campus ?? 'city' }, when: {} });
      ids.push((await submitReport(core, publicActor(inst.id), r)).caseId);
    }
    at(`${day}T15:00:00Z`);
    for (const caseId of ids.slice(0, over.contact ?? 0)) {
      await claimCase(core, cm, { caseId });
      await messageReporter(core, cm, { caseId, text: 'Hello, can we talk?' });
    }
    at(`${day}T16:00:00Z`);
    for (const caseId of ids.slice(0, over.close ?? 0)) await closeCase(core, cm, { caseId, outcome: 'support_given' });
  }

  before(async function () {
    this.timeout(120_000);
    core = makeCore(getDb(), { clock: () => now });
    inst = await makeInstitution(core);
    await reports('2025-09-03', 12, { contact: 6, close: 3 });
    await reports('2025-09-10', 3, { categories: ['stalking'], campus: 'park' });
    await reports('2025-10-07', 9, { categories: ['harassment', 'hate_incident'], contact: 9, close: 8 });
    await reports('2025-10-08', 1, { categories: ['sexual_violence'] });
    at('2025-11-12T12:00:00Z');
  });

  const rollupDiff = (institutionId: string) =>
    getDb().query(
      `WITH raw AS (
         SELECT r.type AS measure, date_trunc('month', r.at AT TIME ZONE 'Europe/London')::date AS month, d.dim, d.val AS value, count(*)::int AS n
         FROM reporting_events r CROSS JOIN LATERAL harbour_stat_dims(r.type, r.facets, r.value) d WHERE r.institution_id = $1 GROUP BY 1, 2, 3, 4)
       SELECT * FROM raw FULL JOIN (SELECT measure, month, dim, value, n::int AS n FROM stat_monthly WHERE institution_id = $1) s USING (measure, month, dim, value)
       WHERE raw.n IS DISTINCT FROM s.n`,
      [institutionId],
    );

  it('keeps the monthly rollup equal to the reporting rows it was written from', async () => {
    const diff = await rollupDiff(inst.id);
    assert.equal(diff.rowCount, 0, JSON.stringify(diff.rows.slice(0, 3)));
  });

  it('keeps it exact under concurrent reports with different facets', async () => {
    const other = await makeInstitution(core);
    const categories = [['harassment'], ['stalking', 'bullying'], ['hate_incident', 'harassment'], ['online_abuse']];
    await Promise.all(Array.from({ length: 24 }, (_, i) => submitReport(core, publicActor(other.id), sampleReport({ when: {}, categories: categories[i % 4]!, where: { campus: i % 2 ? 'city' : 'park' } }))));
    const diff = await rollupDiff(other.id);
    assert.equal(diff.rowCount, 0, JSON.stringify(diff.rows.slice(0, 3)));
  });

  it('shows the case team exact counts month by month, with medians and workload', async () => {
    const lead = await staffActor(core, inst.id, 'lead');
    const v = await statisticsView(core, lead, { year: 2025 });
    assert.equal(v.mode, 'team');
    assert.deepEqual(v.months, ['2025-08', '2025-09', '2025-10', '2025-11']);
    const cat = v.tables.find((t) => t.id === 'opened-category')!;
    const row = (key: string) => cat.cells[cat.values.findIndex((x) => x.key === key)]!.map((c) => c.value);
    assert.deepEqual(row('harassment'), [0, 12, 9, 0]);
    assert.deepEqual(row('stalking'), [0, 3, 0, 0]);
    assert.deepEqual(row('hate_incident'), [0, 0, 9, 0]);
    assert.equal(v.summary.opened.value, 25);
    assert.equal(v.summary.closed.value, 11);
    assert.equal(v.summary.withinTargetPercent, 100);
    assert.equal(v.summary.medianHoursToFirstContact, 6);
    assert.equal(v.summary.medianDaysToClose, 0);
    const sam = v.workload!.find((w) => w.openCases > 0)!;
    assert.equal(sam.openCases, 4);
    assert.ok(v.tables.some((t) => t.id === 'opened-want'), 'the team sees breakdowns that are never published');
  });

  it('publishes complete months only, small counts as "<5", registered once for the same figures', async () => {
    const admin = await staffActor(core, inst.id, 'admin');
    const v = await statisticsView(core, admin, { year: 2025 });
    assert.equal(v.mode, 'published');
    assert.deepEqual(v.months, ['2025-08', '2025-09', '2025-10']);
    assert.ok(!v.tables.some((t) => t.id === 'opened-want'));
    const cells = v.tables.flatMap((t) => [...t.cells.flat(), ...t.valueTotals, ...t.monthTotals, t.grand]);
    assert.ok(cells.every((c) => c.mark !== 'shown' || c.value === 0 || c.value! >= 5), 'no count from 1 to 4 is shown');
    const cat = v.tables.find((t) => t.id === 'opened-category')!;
    assert.equal(cat.cells[cat.values.findIndex((x) => x.key === 'stalking')]![1]!.text, '<5');
    assert.equal(cat.cells[cat.values.findIndex((x) => x.key === 'sexual_violence')]![2]!.text, '<5');
    assert.ok(v.release?.id);
    const again = await statisticsView(core, admin, { year: 2025, purpose: 'csv' });
    assert.equal(again.release?.id, v.release.id);
    assert.equal((await getDb().query('SELECT 1 FROM stat_releases WHERE institution_id = $1', [inst.id])).rowCount, 1);
  });

  it("a later month's release cannot be differenced against the earlier one", async () => {
    await reports('2025-11-20', 2, { categories: ['stalking'], campus: 'park', contact: 1, close: 1 });
    await reports('2025-11-21', 6, { categories: ['bullying'] });
    at('2025-12-02T09:00:00Z');
    const auditor = await staffActor(core, inst.id, 'auditor');
    const v = await statisticsView(core, auditor, { year: 2025 });
    assert.deepEqual(v.months, ['2025-08', '2025-09', '2025-10', '2025-11']);
    const stored = (await getDb().query<{ cells: { cells: [string, string[], string, number | null, boolean][]; identities: ['=' | '<=', string, string[]][] } }>('SELECT cells FROM stat_releases WHERE institution_id = $1 ORDER BY released_at', [inst.id])).rows;
    assert.equal(stored.length, 2);
    const releases: Published[] = stored.map((r) => ({
      cells: r.cells.cells.map(([key, atoms, mark, value, sensitive]) => ({ key, atoms, mark: mark as 'shown', value, sensitive })),
      identities: r.cells.identities.map(([op, total, parts]) => ({ op, total, parts })),
    }));
    const exposed = audit(releases, { threshold: 5, minWidth: 1 }).filter((e) => !e.protected);
    assert.deepEqual(exposed, []);
  });

  it('exports the published figures as CSV and as the annual report, never a count from 1 to 4', async () => {
    const admin = await staffActor(core, inst.id, 'admin');
    const v = await statisticsView(core, admin, { year: 2025, purpose: 'pdf' });
    const csv = statisticsCsv(v);
    assert.match(csv, /^Harbour statistics,/);
    assert.match(csv, /Reports by kind of incident/);
    const stalking = csv.split('\r\n').find((l) => l.startsWith('Stalking,'))!;
    assert.ok(stalking.includes('<5'), stalking);
    for (const line of csv.split('\r\n').filter((l) => /^[A-Z][^,]*,/.test(l) && !/^(Harbour|Reporting|Months|Figures|Generated|Note|Medians|Hours|Days)/.test(l)))
      for (const cell of line.split(',').slice(1)) assert.ok(!/^[1-4]$/.test(cell), `a small count is shown in: ${line}`);
    const pdf = await annualReportPdf(v, { compress: false });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const text = pdfTextLines(pdf);
    assert.ok(text.some((l) => l.includes('statistics for 2025–26') || l.includes('statistics for 2025')), text.slice(0, 5).join(' | '));
    assert.ok(text.includes('<5'));
    assert.ok(text.some((l) => l.startsWith('Stalking')));
    assert.ok(!text.some((l) => /Rhiannon|Mallory|library a man/.test(l)), 'no personal data in the annual report');
  });

  it('refuses people who may not see statistics', async () => {
    const responder = await staffActor(core, inst.id, 'responder');
    await assert.rejects(statisticsView(core, responder), (e: DomainError) => e.code === 'forbidden');
  });
});
