#!/usr/bin/env node
// Checks a Harbour receipt with nothing but Node.js (18 or later), no Harbour and no network:
//
//   node verify-receipt.mjs receipt.json
//
// It recomputes the SHA-256 of the report as recorded, checks that the institution's ledger entry
// names that hash, and verifies the institution's Ed25519 signature over the ledger checkpoint.
// Compare the public key it prints with the one the institution publishes (/verify/keys).
// Harbour's /verify page runs this same file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

export const RECEIPT_FORMAT = 'harbour-receipt/v1';

const sha256 = (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** The exact bytes the checkpoint signature covers (the same as Harbour's ledger). */
export function checkpointText(c) {
  return `harbour-ledger-checkpoint/v1\n${c.institutionId}\n${c.seq}\n${c.hash}\n${c.signedAt}`;
}

/** A key id as Harbour names it: "ed25519-" and the first 16 hex digits of the SHA-256 of the key (SPKI DER). */
export function keyIdOf(publicKeyPem) {
  const der = crypto.createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return `ed25519-${crypto.createHash('sha256').update(der).digest('hex').slice(0, 16)}`;
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Every check on one receipt, in order, each { id, ok }. `ok` overall only when all pass.
 * Never throws: a damaged receipt gives failed checks.
 */
export function checkReceipt(receipt) {
  const r = receipt && typeof receipt === 'object' ? receipt : {};
  const entry = r.ledgerEntry && typeof r.ledgerEntry === 'object' ? r.ledgerEntry : {};
  const cp = r.checkpoint && typeof r.checkpoint === 'object' ? r.checkpoint : {};
  const recorded = typeof r.recorded === 'string' ? parse(r.recorded) : undefined;
  const body = typeof entry.body === 'string' ? parse(entry.body) : undefined;
  const checks = [];
  const check = (id, fn) => {
    let ok = false;
    try {
      ok = fn() === true;
    } catch {
      ok = false;
    }
    checks.push({ id, ok });
  };
  check('format', () => r.format === RECEIPT_FORMAT && typeof r.reference === 'string' && typeof r.submittedAt === 'string');
  check('reportHash', () => typeof r.recorded === 'string' && sha256(r.recorded) === r.contentHash);
  check('reportDetails', () => recorded?.reference === r.reference && recorded?.submittedAt === r.submittedAt && typeof recorded?.report === 'object');
  check('entryHash', () => typeof entry.body === 'string' && sha256(entry.body) === entry.hash);
  check('entryNamesReport', () =>
    body?.action === 'report.submitted' && body?.data?.contentHash === r.contentHash && body?.data?.reference === r.reference && body?.seq === entry.seq && body?.at === r.submittedAt && body?.institution === recorded?.institution,
  );
  check('checkpointCoversEntry', () => cp.seq === entry.seq && cp.hash === entry.hash && cp.institutionId === body?.institution);
  check('keyId', () => typeof r.publicKey === 'string' && keyIdOf(r.publicKey) === cp.keyId);
  check('signature', () => crypto.verify(null, Buffer.from(checkpointText(cp), 'utf8'), crypto.createPublicKey(r.publicKey), Buffer.from(String(cp.signature), 'base64')));
  return {
    ok: checks.every((c) => c.ok),
    checks,
    reference: typeof r.reference === 'string' ? r.reference : null,
    submittedAt: typeof r.submittedAt === 'string' ? r.submittedAt : null,
    institutionId: typeof cp.institutionId === 'string' ? cp.institutionId : null,
    keyId: typeof cp.keyId === 'string' ? cp.keyId : null,
    seq: typeof entry.seq === 'number' ? entry.seq : null,
    entryHash: typeof entry.hash === 'string' ? entry.hash : null,
  };
}

const WHAT = {
  format: 'it is a Harbour receipt',
  reportHash: 'the SHA-256 of the report as recorded matches contentHash',
  reportDetails: 'the recorded report carries the same reference and time',
  entryHash: "the ledger entry's SHA-256 matches its hash",
  entryNamesReport: 'the ledger entry records this report (reference, time, contentHash)',
  checkpointCoversEntry: 'the signed checkpoint covers that ledger entry',
  keyId: 'the public key is the one the checkpoint names',
  signature: "the institution's Ed25519 signature on the checkpoint is valid",
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  if (!file) {
    console.error('Usage: node verify-receipt.mjs RECEIPT.json');
    process.exit(2);
  }
  const receipt = parse(fs.readFileSync(file, 'utf8'));
  const result = checkReceipt(receipt);
  for (const c of result.checks) console.log(`${c.ok ? 'PASS' : 'FAIL'}  ${WHAT[c.id]}`);
  if (result.ok) {
    console.log(`\nReceipt ${result.reference}, submitted ${result.submittedAt}, is intact and signed (key ${result.keyId}).`);
    console.log("Compare this public key with the one the institution publishes:\n" + receipt.publicKey.trim());
  } else console.log('\nThis receipt does NOT verify.');
  process.exit(result.ok ? 0 : 1);
}
