import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'templates');

export type Messages = Record<string, string>;

/** Reporter- and staff-facing text, one JSON file per language under templates/messages. */
export function loadMessages(lang = 'en'): Messages {
  return JSON.parse(fs.readFileSync(path.join(root, 'messages', `${lang}.json`), 'utf8')) as Messages;
}

/**
 * Server-side rendering with handlebars: views in templates/views, partials in
 * templates/views/partials, one layout. Helpers: `t` (message catalogue, with {name} fills),
 * `eq`, `includes`, `json`, `date`, `datetime`. Everything is escaped unless a template says otherwise.
 */
export function createViews(opts: { cache?: boolean; messages?: Messages } = {}) {
  const hb = Handlebars.create();
  const messages = opts.messages ?? loadMessages();
  const fill = (text: string, vars: Record<string, unknown>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
  hb.registerHelper('t', (key: string, options: Handlebars.HelperOptions) => fill(messages[key] ?? key, options.hash ?? {}));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('includes', (list: unknown, v: unknown) => Array.isArray(list) && list.includes(v));
  hb.registerHelper('json', (v: unknown) => new hb.SafeString(JSON.stringify(v).replace(/</g, '\\u003c')));
  hb.registerHelper('date', (d: unknown) => (d ? new Date(d as string).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/London' }) : ''));
  hb.registerHelper('datetime', (d: unknown) =>
    d ? new Date(d as string).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' }) : '',
  );
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  const load = (file: string) => {
    const hit = opts.cache !== false ? compiled.get(file) : undefined;
    if (hit) return hit;
    const t = hb.compile(fs.readFileSync(file, 'utf8'));
    compiled.set(file, t);
    return t;
  };
  const partialsDir = path.join(root, 'views', 'partials');
  const registerPartials = () => {
    if (!fs.existsSync(partialsDir)) return;
    for (const f of fs.readdirSync(partialsDir).filter((x) => x.endsWith('.hbs'))) hb.registerPartial(f.replace(/\.hbs$/, ''), fs.readFileSync(path.join(partialsDir, f), 'utf8'));
  };
  registerPartials();
  return {
    messages,
    /** Renders templates/views/NAME.hbs inside the layout (layout: false for a bare fragment). */
    render(name: string, data: Record<string, unknown>, layout: string | false = 'main'): string {
      if (opts.cache === false) registerPartials();
      const body = load(path.join(root, 'views', `${name}.hbs`))(data);
      return layout ? load(path.join(root, 'views', 'layouts', `${layout}.hbs`))({ ...data, body: new hb.SafeString(body) }) : body;
    },
  };
}
export type Views = ReturnType<typeof createViews>;
