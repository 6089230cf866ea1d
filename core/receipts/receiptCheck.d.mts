/** Types for receiptCheck.mjs, the stand-alone receipt checker that is also published at /verify. */
export declare const RECEIPT_FORMAT: 'harbour-receipt/v1';

export type ReceiptCheckId = 'format' | 'reportHash' | 'reportDetails' | 'entryHash' | 'entryNamesReport' | 'checkpointCoversEntry' | 'keyId' | 'signature';

export interface ReceiptCheckResult {
  ok: boolean;
  checks: { id: ReceiptCheckId; ok: boolean }[];
  reference: string | null;
  submittedAt: string | null;
  institutionId: string | null;
  keyId: string | null;
  seq: number | null;
  entryHash: string | null;
}

export declare function checkpointText(c: { institutionId: string; seq: number; hash: string; signedAt: string }): string;
export declare function keyIdOf(publicKeyPem: string): string;
export declare function checkReceipt(receipt: unknown): ReceiptCheckResult;
