import { z } from 'zod';

/** Every setting Harbour reads, validated once at start; the error names the variable and what it expects. */
const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: z.url().optional(),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// connection URL').optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MASTER_KEYS: z
      .string()
      .regex(/^([A-Za-z0-9_-]+:[A-Za-z0-9+/=]{44})(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{44})*$/, 'comma-separated KEYID:BASE64 pairs of 32-byte keys')
      .optional(),
    MASTER_KEY_ID: z.string().optional(),
    SESSION_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    FOLLOW_UP_SCRYPT_COST: z.coerce.number().int().min(1024).max(1048576).default(16384),
    DEMO_INSTITUTION: z.enum(['on', 'off']).optional(),
    MICROSOFT_TENANT_ID: z.string().optional(),
    MICROSOFT_CLIENT_ID: z.string().optional(),
    MICROSOFT_CLIENT_SECRET: z.string().optional(),
    MICROSOFT_CLIENT_CERTIFICATE: z.string().optional(),
    MICROSOFT_AUTHORITY_HOST: z.url().default('https://login.microsoftonline.com'),
    MICROSOFT_GRAPH_URL: z.url().default('https://graph.microsoft.com'),
    BOT_OPENID_METADATA_URL: z.url().default('https://login.botframework.com/v1/.well-known/openidconfiguration'),
    MAIL_SENDER: z.string().optional(),
    CLAMAV_HOST: z.string().optional(),
    CLAMAV_PORT: z.coerce.number().int().min(1).max(65535).default(3310),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV !== 'production') return;
    const need = (key: keyof typeof c, why: string) => {
      if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: `required in production: ${why}` });
    };
    need('MASTER_KEYS', 'the master keys that wrap every case key (generate with `npm run cli -- keys generate`)');
    need('MASTER_KEY_ID', 'the id, within MASTER_KEYS, of the key used for new case keys');
    need('SESSION_SECRET', 'signs sign-in and form sessions');
    need('PUBLIC_URL', 'the HTTPS address Moodle and Teams use');
    if (c.PUBLIC_URL && !c.PUBLIC_URL.startsWith('https://'))
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'must be https:// in production' });
    need('MICROSOFT_TENANT_ID', 'staff sign in with Microsoft Entra in production (the development sign-in is off)');
    need('MICROSOFT_CLIENT_ID', 'the Entra app registration');
    if (!c.MICROSOFT_CLIENT_SECRET && !c.MICROSOFT_CLIENT_CERTIFICATE)
      ctx.addIssue({ code: 'custom', path: ['MICROSOFT_CLIENT_SECRET'], message: 'set MICROSOFT_CLIENT_SECRET or MICROSOFT_CLIENT_CERTIFICATE in production' });
    if (c.DEMO_INSTITUTION === 'on')
      ctx.addIssue({ code: 'custom', path: ['DEMO_INSTITUTION'], message: 'the demo institution and its sign-in cannot be switched on in production' });
  });

export type Config = z.infer<typeof schema> & { production: boolean; microsoftConfigured: boolean };

export class ConfigError extends Error {}

/** Reads the environment; throws a ConfigError listing every bad variable by name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blank = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(blank);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new ConfigError(`Harbour's configuration is not valid:\n${lines.join('\n')}\nSee .env.example for every setting.`);
  }
  const c = parsed.data;
  return {
    ...c,
    production: c.NODE_ENV === 'production',
    microsoftConfigured: Boolean(c.MICROSOFT_TENANT_ID && c.MICROSOFT_CLIENT_ID && (c.MICROSOFT_CLIENT_SECRET || c.MICROSOFT_CLIENT_CERTIFICATE)),
  };
}
