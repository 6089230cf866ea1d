/**
 * The text lines of an uncompressed PDF written by pdfkit with its standard fonts (each line a
 * `[<hex> kern <hex> …] TJ` of WinAnsi codes), so tests can read what a report says.
 */
export function pdfTextLines(pdf: Buffer): string[] {
  const body = pdf.toString('latin1');
  const lines: string[] = [];
  for (const m of body.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
    const text = [...m[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join('');
    lines.push(text);
  }
  return lines;
}
