import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Response, type Router } from 'express';
import type { Core } from '../core/core.ts';
import type { Institution } from '../core/institutions.ts';
import { DomainError } from '../core/errors.ts';
import { publishedKeys, verifyReceipt } from '../core/receipts/receiptVerifier.ts';
import type { ReportingContext } from './context.ts';
import { msgFrom } from './messages.ts';
import { one } from './answers.ts';
import { parseForm, DEFAULT_PARSE_LIMITS } from './formParser.ts';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'core', 'receipts', 'receiptCheck.mjs');
const MAX_RECEIPT = 4 * 1024 * 1024;

/**
 * Public receipt verification, no sign-in: /verify takes a receipt pasted or uploaded and says,
 * check by check, whether it is intact, signed by this institution's published key and still in its
 * ledger; /verify/keys publishes the keys; /verify/verify-receipt.mjs is the stand-alone checker.
 * No CSRF token: the page changes nothing, and a court clerk with cookies off must be able to use it.
 */
export function verifyRouter(core: Core, ctx: ReportingContext): Router {
  const r = express.Router();
  const page = async (res: Response, name: string, titleKey: string, data: Record<string, unknown> = {}, status = 200) => {
    const base = res.locals.institution as Institution | null;
    const institution = base ? ((await ctx.institution(base.id)) ?? base) : null;
    const views = ctx.views(institution);
    res.status(status).type('html').send(views.render(name, { institution, title: msgFrom(views)(titleKey), ...data }));
  };

  r.get('/verify', (_req, res) => page(res, 'verify', 'report.verify.title'));

  r.post('/verify', async (req, res) => {
    let text = '';
    const form = await parseForm(req, { ...DEFAULT_PARSE_LIMITS, fieldBytes: MAX_RECEIPT, files: 1, fileBytes: MAX_RECEIPT }, async (_fields, file) => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of file.stream) {
        size += (chunk as Buffer).length;
        if (size <= MAX_RECEIPT) chunks.push(chunk as Buffer);
      }
      text = Buffer.concat(chunks).toString('utf8');
    });
    const pasted = (one(form.fields, 'receipt') ?? '').trim();
    const source = pasted || text.trim();
    if (!source) return page(res, 'verify', 'report.verify.title', { missing: true }, 400);
    let receipt: unknown = null;
    try {
      receipt = JSON.parse(source);
    } catch {
      return page(res, 'verify', 'report.verify.title', { notJson: true, pasted }, 400);
    }
    const result = await verifyReceipt(core, receipt);
    return page(res, 'verify', 'report.verify.title', {
      pasted,
      result: {
        ...result,
        checks: [...result.checks.map((c) => ({ key: `report.verify.check.${c.id}`, ok: c.ok })), { key: 'report.verify.check.keyPublished', ok: result.keyPublished }, { key: 'report.verify.check.inLedger', ok: result.inLedger }],
      },
    });
  });

  r.get('/verify/keys', async (_req, res) => {
    const institution = res.locals.institution as Institution | null;
    if (!institution) throw new DomainError('not_found', 'No institution is set up here.');
    const keys = await publishedKeys(core, institution.id);
    if (_req.accepts(['html', 'json']) === 'json') return void res.json({ institutionId: institution.id, keys });
    return page(res, 'verify-keys', 'report.verify.keysTitle', { keys, institutionId: institution.id });
  });

  r.get('/verify/verify-receipt.mjs', (_req, res) => {
    res.attachment('verify-receipt.mjs').type('text/javascript').send(fs.readFileSync(script));
  });
  return r;
}
