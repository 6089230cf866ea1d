import type { PackContents } from './packContents.ts';

/** The pack's files, as listed in manifest.json and SHA256SUMS. */
export interface PackItem {
  path: string;
  kind: 'report' | 'addition' | 'file';
  sha256: string;
  size: number;
  ledgerSeq: number;
  /** Which field of the ledger entry holds the hash. */
  ledgerField: 'data.contentHash' | 'data.secretHash' | 'data.sha256';
}

const pad = (n: number) => String(n).padStart(8, '0');
/** Where an entry, a checkpoint message and its signature sit in the pack. */
export const entryPath = (seq: number) => `ledger/entries/${pad(seq)}.json`;
export const checkpointPath = (seq: number) => `ledger/checkpoints/${pad(seq)}.txt`;
export const signaturePath = (seq: number) => `ledger/checkpoints/${pad(seq)}.sig`;
export const keyPath = (keyId: string) => `ledger/keys/${keyId}.pem`;

/**
 * The verification instructions, in plain words with commands that need only sha256sum, grep and
 * OpenSSL 3 (no Harbour). Written into README.txt and the PDF.
 */
export function verificationSteps(p: PackContents, items: PackItem[]): { title: string; text: string; commands: string[] }[] {
  const example = items.find((i) => i.kind === 'file') ?? items[0]!;
  const cp = p.checkpoints[p.checkpoints.length - 1]!;
  return [
    {
      title: '1. Nothing in this pack has changed since it was exported',
      text: 'Unzip the pack and, in its folder, check every file against the list of SHA-256 hashes. Each line must say OK.',
      commands: ['sha256sum -c SHA256SUMS'],
    },
    {
      title: '2. Each item is what was recorded when it arrived',
      text:
        'manifest.json (and the table in this summary) gives each item its ledger entry. The SHA-256 of the item must appear in that entry: ' +
        'the report under "contentHash", an addition under "secretHash", a file under "sha256". For example:',
      commands: [`sha256sum '${example.path}'`, `grep -o '"${example.ledgerField.split('.')[1]}":"[0-9a-f]*"' ${entryPath(example.ledgerSeq)}`],
    },
    {
      title: '3. The ledger entries are genuine and in order',
      text:
        'Each entry file is exactly the text that was hashed. Its SHA-256 must match ledger/hashes.txt, and the "prev" field of every entry ' +
        'must equal the hash of the entry before it (the entries form a chain; other cases’ entries appear where the chain passes through them, ' +
        'and hold only ids, hashes and statuses).',
      commands: ['cd ledger && sha256sum -c hashes.txt && cd ..', `grep -o '"prev":"[0-9a-f]*"' ${entryPath(cp.seq)}`],
    },
    {
      title: '4. The institution signed the chain',
      text:
        `Each checkpoint is a signature (Ed25519) by ${p.institution.name} over the message in its .txt file, whose fourth line is the hash ` +
        'of the entry with that number. Verify each signature with the public key, then check the hash matches that entry:',
      commands: [
        `openssl pkeyutl -verify -pubin -inkey ${keyPath(cp.keyId)} -rawin -in ${checkpointPath(cp.seq)} -sigfile ${signaturePath(cp.seq)}`,
        `sed -n 4p ${checkpointPath(cp.seq)}; sha256sum ${entryPath(cp.seq)}`,
      ],
    },
    {
      title: '5. The key is the institution’s',
      text: `Ask ${p.institution.name} (its data protection officer) to confirm the fingerprint of its signing key, which is the SHA-256 of the key below:`,
      commands: [`openssl pkey -pubin -in ${keyPath(cp.keyId)} -outform DER | sha256sum`],
    },
  ];
}

/** README.txt: the same steps as the PDF, for someone without a PDF reader. */
export function readmeText(p: PackContents, items: PackItem[], withheld: string[]): string {
  const lines = [
    `Evidence pack for case ${p.c.reference} (${p.institution.name})`,
    `Exported ${p.exportedAt.toISOString()} by ${p.exportedBy.name} (${p.exportedBy.label}).`,
    '',
    'Contents:',
    ...items.map((i) => `  ${i.path}  sha256 ${i.sha256}  ledger entry ${i.ledgerSeq}`),
    ...(withheld.length ? ['', 'Withheld:', ...withheld.map((w) => `  ${w}`)] : []),
    '',
    'How to check this pack without Harbour:',
  ];
  for (const s of verificationSteps(p, items)) lines.push('', s.title, s.text, ...s.commands.map((c) => `    ${c}`));
  return `${lines.join('\n')}\n`;
}
