import { Router, type Request, type Response, type NextFunction, type RequestHandler } from 'express';
import type { Actor } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import type { EvidenceDeps } from '../../core/evidence/deps.ts';
import { addEvidence, checkMayAddEvidence } from '../../core/evidence/evidenceAdder.ts';
import { discardStaged } from '../../core/evidence/evidenceUploader.ts';
import { openEvidence } from '../../core/evidence/evidenceDownloader.ts';
import { buildEvidencePack } from '../../core/evidence/evidencePack.ts';
import { parseUpload } from './upload.ts';
import { sendEvidence } from './download.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function staff(res: Response): Actor & { kind: 'staff' } {
  const actor = res.locals.actor as Actor | undefined;
  if (actor?.kind !== 'staff') throw new DomainError('forbidden', 'Sign in to the case workspace to use evidence files.');
  return actor;
}

function caseIdOf(req: Request): string {
  const id = String(req.params.caseId);
  if (!UUID.test(id)) throw new DomainError('not_found', 'That case does not exist or you may not see it.');
  return id;
}

/**
 * A multipart form can't be checked by the CSRF middleware from its body (the body is a stream
 * it must not read), so upload forms put the token in the action URL (`?_csrf=`) or the
 * x-csrf-token header, and it is checked before a byte is read.
 */
function multipartCsrf(csrf: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const fromQuery = typeof req.query._csrf === 'string' ? req.query._csrf : undefined;
    if (!req.get('x-csrf-token') && fromQuery) req.headers['x-csrf-token'] = fromQuery;
    return csrf(req, res, next);
  };
}

/**
 * Evidence routes of the case workspace (staff from res.locals.actor, set by web/staffSession.ts):
 *   POST /tab/cases/:caseId/evidence            upload (multipart, field "files", many allowed)
 *   GET  /tab/cases/:caseId/evidence/pack       the evidence pack (zip)
 *   GET  /tab/cases/:caseId/evidence/:fileId    download one clean file
 * The reporter's follow-up upload lives in reporting/followUpRouter.ts on the same core API.
 */
export function createEvidenceRouter(d: { evidence: EvidenceDeps; csrf: RequestHandler }): Router {
  const r = Router();
  const { evidence } = d;
  const log = evidence.core.log;

  r.post('/tab/cases/:caseId/evidence', multipartCsrf(d.csrf), async (req, res) => {
    const actor = staff(res);
    const caseId = caseIdOf(req);
    await checkMayAddEvidence(evidence, actor, caseId);
    const upload = await parseUpload(req, evidence, actor);
    if (upload.refused.length || !upload.staged.length) {
      await discardStaged(evidence, actor.institutionId, upload.staged);
      const why = upload.refused.map((f) => `${f.name}: ${f.reason}`).join(' ');
      throw new DomainError('invalid', why || 'Choose a file to upload.', { files: upload.refused.length ? 'refused' : 'missing' });
    }
    const files = await addEvidence(evidence, actor, caseId, upload.staged);
    if (req.accepts(['html', 'json']) === 'json') return res.status(201).json({ files: files.map((f) => ({ id: f.id, name: f.name, sha256: f.sha256, size: f.size, status: 'pending_scan' })) });
    res.redirect(303, `/tab/cases/${caseId}?evidence=added#evidence`);
  });

  r.get('/tab/cases/:caseId/evidence/pack', async (req, res) => {
    const pack = await buildEvidencePack(evidence, staff(res), caseIdOf(req));
    sendEvidence(res, log, { name: pack.filename, body: pack.stream, contentType: 'application/zip' });
  });

  r.get('/tab/cases/:caseId/evidence/:fileId', async (req, res) => {
    const fileId = String(req.params.fileId);
    if (!UUID.test(fileId)) throw new DomainError('not_found', 'That file does not exist or you may not see it.');
    const file = await openEvidence(evidence, staff(res), caseIdOf(req), fileId);
    sendEvidence(res, log, file);
  });

  return r;
}
