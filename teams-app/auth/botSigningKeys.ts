import { importJWK, type JWK } from 'jose';

/** A Bot Framework signing key and the channels (msteams, …) it is endorsed for. */
export interface EndorsedKey {
  key: Awaited<ReturnType<typeof importJWK>>;
  endorsements: string[];
}

interface Snapshot {
  issuer: string;
  keys: Map<string, EndorsedKey>;
  fetchedAt: number;
}

export interface BotSigningKeysOptions {
  /** Keys are re-read after this long even when every kid is known (Bot Framework rotates daily at most). */
  maxAgeMs?: number;
  /** An unknown kid triggers a re-read at most this often, so forged kids cannot make us hammer the issuer. */
  minRefreshMs?: number;
  now?: () => number;
}

/**
 * The issuer and signing keys named by BOT_OPENID_METADATA_URL (its `jwks_uri`), cached. It exists
 * because the SDK reads a hard-coded Bot Framework key URL and ignores key endorsements; we need both
 * configurable (stand-ins, sovereign clouds) and the endorsements kept beside each key.
 */
export class BotSigningKeys {
  private snapshot?: Snapshot;
  private loading?: Promise<Snapshot>;
  private readonly maxAgeMs: number;
  private readonly minRefreshMs: number;
  private readonly now: () => number;

  constructor(
    private readonly metadataUrl: string,
    options: BotSigningKeysOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 24 * 3600_000;
    this.minRefreshMs = options.minRefreshMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The issuer every inbound token must carry (the metadata's `issuer`). */
  async issuer(): Promise<string> {
    return (await this.current()).issuer;
  }

  /** The key for a token's `kid`, re-reading the key set once if the kid is new (key rollover). */
  async keyFor(kid: string): Promise<EndorsedKey | undefined> {
    const snap = await this.current();
    const found = snap.keys.get(kid);
    if (found || this.now() - snap.fetchedAt < this.minRefreshMs) return found;
    return (await this.reload()).keys.get(kid);
  }

  private async current(): Promise<Snapshot> {
    if (this.snapshot && this.now() - this.snapshot.fetchedAt < this.maxAgeMs) return this.snapshot;
    return this.reload();
  }

  private reload(): Promise<Snapshot> {
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<Snapshot> {
    const metadata = await getJson(this.metadataUrl);
    const issuer = metadata.issuer;
    const jwksUri = metadata.jwks_uri;
    if (typeof issuer !== 'string' || typeof jwksUri !== 'string') {
      throw new Error(`The OpenID metadata at BOT_OPENID_METADATA_URL has no issuer or jwks_uri (${this.metadataUrl})`);
    }
    const set = await getJson(jwksUri);
    const keys = new Map<string, EndorsedKey>();
    for (const jwk of Array.isArray(set.keys) ? (set.keys as (JWK & { endorsements?: unknown })[]) : []) {
      if (jwk.kty !== 'RSA' || typeof jwk.kid !== 'string') continue;
      const endorsements = Array.isArray(jwk.endorsements) ? jwk.endorsements.filter((e): e is string => typeof e === 'string') : [];
      keys.set(jwk.kid, { key: await importJWK({ kty: jwk.kty, n: jwk.n, e: jwk.e }, 'RS256'), endorsements });
    }
    this.snapshot = { issuer, keys, fetchedAt: this.now() };
    return this.snapshot;
  }
}

async function getJson(url: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}
