import type { Core } from '../core.ts';
import type { Report } from '../model/report.ts';
import { institutionMatchKey } from '../institutions.ts';
import { loadCaseKey } from '../caseKeys.ts';
import { open } from '../crypto/keyring.ts';
import { reportMatchKeys } from '../matchKeys.ts';

/**
 * Recomputes the match keys of every case whose content still exists, from its report, adding any
 * kinds it lacks (witnesses and the person reported for were added later), so a subject access
 * search finds older cases too. Keys are only ever added. Runs as the owner, a page at a time.
 */
export async function reindexMatchKeys(core: Core, institutionId: string): Promise<{ cases: number; updated: number }> {
  let after = '00000000-0000-0000-0000-000000000000';
  let cases = 0;
  let updated = 0;
  const key = await core.db.transaction((tx) => institutionMatchKey(tx, core.keyring, institutionId));
  for (;;) {
    const page = await core.db.transaction(async (tx) => {
      const rows = (await tx.query<{ id: string; match_keys: string[]; content: Uint8Array }>(
        `SELECT c.id, c.match_keys, r.content FROM cases c JOIN reports r ON r.case_id = c.id
         WHERE c.institution_id = $1 AND c.content_destroyed_at IS NULL AND c.id > $2 ORDER BY c.id LIMIT 200 FOR UPDATE OF c`,
        [institutionId, after],
      )).rows;
      for (const r of rows) {
        const caseKey = await loadCaseKey(tx, core.keyring, r.id);
        if (!caseKey) continue;
        const recorded = JSON.parse(open(caseKey, r.content, `${r.id}:report`).toString('utf8')) as { report: Report };
        const keys = [...new Set([...r.match_keys, ...reportMatchKeys(key, recorded.report)])];
        if (keys.length !== r.match_keys.length) {
          await tx.query('UPDATE cases SET match_keys = $2 WHERE id = $1', [r.id, keys]);
          updated++;
        }
      }
      return rows;
    });
    cases += page.length;
    if (page.length < 200) return { cases, updated };
    after = page[page.length - 1]!.id;
  }
}
