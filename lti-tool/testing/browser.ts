/**
 * A small browser for protocol tests: keeps cookies per host as browsers do (not per port; Secure
 * cookies only over https; expiry honoured), follows nothing by itself, and reads the auto-posting
 * forms LTI uses.
 */
export class TestBrowser {
  private readonly jar = new Map<string, Map<string, { value: string; secure: boolean; expires: number }>>();

  setCookie(url: string, name: string, value: string): void {
    this.host(url).set(name, { value, secure: false, expires: Infinity });
  }

  cookieNames(url: string): string[] {
    return [...this.host(url).keys()];
  }

  clearCookies(url: string): void {
    this.host(url).clear();
  }

  async get(url: string): Promise<globalThis.Response> {
    return this.request(url, { method: 'GET' });
  }

  async post(url: string, form: Record<string, string>): Promise<globalThis.Response> {
    return this.request(url, { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  /** Follows one redirect (303 turns into GET, as in a browser). */
  async follow(res: globalThis.Response, from: string): Promise<globalThis.Response> {
    const location = res.headers.get('location');
    if (!location || res.status < 300 || res.status > 399) throw new Error(`not a redirect: ${res.status}`);
    return this.get(new URL(location, from).href);
  }

  /** Submits an auto-posting form (Moodle's auth.php answer, the deep-linking return). */
  async submit(html: string, base: string, change?: (fields: Record<string, string>) => void | Promise<void>): Promise<{ res: globalThis.Response; action: string }> {
    const form = parseForm(html);
    await change?.(form.fields);
    const action = new URL(form.action, base).href;
    return { res: await this.post(action, form.fields), action };
  }

  private host(url: string) {
    const h = new URL(url).hostname;
    if (!this.jar.has(h)) this.jar.set(h, new Map());
    return this.jar.get(h)!;
  }

  private async request(url: string, init: RequestInit): Promise<globalThis.Response> {
    const u = new URL(url);
    const now = Date.now();
    const jar = this.host(url);
    const cookie = [...jar.entries()]
      .filter(([, c]) => c.expires > now && (!c.secure || u.protocol === 'https:'))
      .map(([k, c]) => `${k}=${c.value}`)
      .join('; ');
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      let expires = Infinity;
      for (const a of attrs) {
        const [k, v] = a.split('=');
        if (k!.toLowerCase() === 'max-age') expires = now + Number(v) * 1000;
        if (k!.toLowerCase() === 'expires' && expires === Infinity) expires = Date.parse(v!);
      }
      if (expires <= now) jar.delete(name);
      else jar.set(name, { value: pair!.slice(eq + 1), secure: attrs.some((a) => a.toLowerCase() === 'secure'), expires });
    }
    return res;
  }
}

const decode = (s: string) =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCharCode(parseInt(n, 16)))
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The first form in a page: its action and its fields' names and values. */
export function parseForm(html: string): { action: string; fields: Record<string, string> } {
  const form = /<form[^>]*\saction="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no form in page: ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input[^>]*>/gi)) {
    const name = /\sname="([^"]*)"/.exec(input[0])?.[1];
    const value = /\svalue="([^"]*)"/.exec(input[0])?.[1] ?? '';
    if (name) fields[decode(name)] = decode(value);
  }
  return { action: decode(form[1]!), fields };
}
