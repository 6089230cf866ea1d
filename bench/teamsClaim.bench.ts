import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { submitReport } from '../core/commands/reportSubmitter.ts';
import { publicActor, sampleReport } from '../test/factories.ts';
import { CHANNEL_ID, startTeamsHarness } from '../teams-app/testing/harness.ts';
import { percentile, run } from './measure.ts';

export interface TeamsClaimResult {
  name: string;
  p50: number;
  p99: number;
  baselineName: string;
  baselineP50: number;
  baselineP99: number;
}

/**
 * A Claim pressed on the channel card, end to end over HTTP: the signed invoke in, token checks,
 * person → staff, policy and claim command (ledger, audit, outbox) in one transaction, the shared card
 * updated through the Bot Connector stand-in, and the person's updated card back in the invoke
 * response. Beside it, from the same run and the same client: a bare HTTP round trip (JSON in,
 * JSON of the same size out) on an Express server in the same process. Milliseconds.
 */
export async function benchTeamsClaim(opts: { count?: number; warmup?: number } = {}): Promise<TeamsClaimResult> {
  const count = opts.count ?? 200;
  const warmup = opts.warmup ?? 20;
  const h = await startTeamsHarness();
  const bare = express();
  bare.post('/bare', express.json(), (req, res) => res.json({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: req.body }));
  const bareServer = http.createServer(bare);
  try {
    await new Promise<void>((r) => bareServer.listen(0, '127.0.0.1', r));
    const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/bare`;
    await h.send(h.activities.installTeam(h.person('alex.lead')));
    const cases: { caseId: string; thread: { conversationId: string; activityId: string } }[] = [];
    for (let i = 0; i < count + warmup; i++) {
      const { caseId } = await submitReport(h.core, publicActor(h.institution.id), sampleReport());
      cases.push({ caseId, thread: { conversationId: '', activityId: '' } });
    }
    await h.dispatcher.drain();
    for (const c of cases) {
      const post = h.connector.calls.find((x) => x.method === 'send' && x.conversationId === CHANNEL_ID && JSON.stringify(x.body).includes(c.caseId))!;
      c.thread = { conversationId: `${CHANNEL_ID};messageid=${post.id}`, activityId: post.id! };
    }
    const claimers = ['sam.cm', 'jo.cm', 'alex.lead'].map((x) => h.person(x));
    const invokes = cases.map((c, i) => h.activities.invoke(claimers[i % claimers.length]!, c.thread, 'claim', { caseId: c.caseId, version: 1 }));
    const token = await h.connector.sign(invokes[0]!);
    const post = async (url: string, body: unknown) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      const json = (await res.json()) as { value?: unknown };
      if (res.status !== 200 || !JSON.stringify(json.value).includes('With you')) throw new Error(`claim round trip failed: HTTP ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
      return json;
    };
    const sampleBody = invokes[0]!;
    const cardSize = JSON.stringify((await post(h.botUrl, invokes[0])).value).length;
    const filler = { ...sampleBody, value: { ...sampleBody.value, pad: 'x'.repeat(cardSize), note: 'With you' } };
    for (let i = 1; i < warmup; i++) {
      await post(h.botUrl, invokes[i]);
      await post(bareUrl, filler);
    }
    // Interleaved, so both see the same machine load.
    const claim: number[] = [];
    const baseline: number[] = [];
    await run(count, 1, async (i) => {
      let t = performance.now();
      await post(h.botUrl, invokes[warmup + i]);
      claim.push(performance.now() - t);
      t = performance.now();
      await post(bareUrl, filler);
      baseline.push(performance.now() - t);
    });
    const round = (n: number) => Math.round(n * 100) / 100;
    return {
      name: `Teams claim round trip (invoke → policy, command, audit → updated card), ${count} sequential`,
      p50: round(percentile(claim, 50)),
      p99: round(percentile(claim, 99)),
      baselineName: 'bare HTTP round trip, same-size JSON, same process and client',
      baselineP50: round(percentile(baseline, 50)),
      baselineP99: round(percentile(baseline, 99)),
    };
  } finally {
    bareServer.closeAllConnections();
    bareServer.close();
    await h.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchTeamsClaim().then((r) => {
    console.log(`${r.name}: p50 ${r.p50} ms, p99 ${r.p99} ms`);
    console.log(`${r.baselineName}: p50 ${r.baselineP50} ms, p99 ${r.baselineP99} ms`);
    process.exit(0);
  });
}
