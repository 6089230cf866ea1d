import express, { type RequestHandler } from 'express';
import type { CloudAdapter, TurnContext } from '@microsoft/agents-hosting';
import type { Logger } from '../../core/logger.ts';

/**
 * POST /api/messages: parse, authenticate (our middleware), then hand the request to the SDK.
 * The SDK's `process` writes the HTTP answer (200, or the invoke response with its card).
 */
export function botEndpoint(options: {
  adapter: CloudAdapter;
  authenticate: RequestHandler;
  logic: (context: TurnContext) => Promise<void>;
  logger: Logger;
}): express.Router {
  const router = express.Router();
  router.post('/api/messages', express.json({ limit: '256kb' }), options.authenticate, async (req, res) => {
    try {
      await options.adapter.process(req as Parameters<CloudAdapter['process']>[0], res, options.logic);
    } catch (err) {
      options.logger.error({ err: (err as Error).message }, 'bot request failed');
      if (!res.headersSent) res.status(500).end();
    }
  });
  return router;
}

/**
 * POST /api/messages when Microsoft 365 is not configured (the embedded demo): the bot has no app id
 * to check tokens against, so it answers 503 and says which settings switch it on.
 */
export function botNotConfigured(): express.Router {
  const router = express.Router();
  router.post('/api/messages', (_req, res) => {
    res.status(503).json({ error: 'not_configured', message: 'The Teams bot needs MICROSOFT_TENANT_ID, MICROSOFT_CLIENT_ID and a client secret or certificate.' });
  });
  return router;
}
