/**
 * Pasted text (stderr, CI logs) turned into diagnostics. Terraform's human
 * output (1.11) frames each diagnostic as
 *
 *   ╷
 *   │ Error: <summary>
 *   │
 *   │   with <address>,
 *   │   on main.tf line 3, in resource "aws_s3_bucket" "b":
 *   │    3: resource "aws_s3_bucket" "b" {
 *   │
 *   │ <detail>
 *   ╵
 *
 * and with -no-color (or older versions) without the frame. Either way an
 * `Error: ` line starts a block; the block ends at the frame's end or the next
 * `Error:`/`Warning:`. Lines outside blocks (progress, reconciler logs) are
 * left for the line patterns.
 */
import type { Diagnostic } from '../tfjson/index.js';
import { EXTRACT } from './patterns.js';
import { stripAnsi } from '../util/control-chars.js';

export { stripAnsi };

export function diagnosticsFromText(text: string): Diagnostic[] {
  const lines = stripAnsi(text).replace(/\r\n?/g, '\n').split('\n');
  const out: Diagnostic[] = [];
  let cur: { severity: 'error' | 'warning'; summary: string; body: string[] } | undefined;
  const flush = (): void => {
    if (!cur) return;
    const body = cur.body.join('\n').replace(/^\n+|\s+$/g, '');
    const address = EXTRACT.humanWithAddress.re.exec(body)?.[1];
    const diag: Diagnostic = { severity: cur.severity, summary: cur.summary, detail: body };
    if (address) diag.address = address;
    out.push(diag);
    cur = undefined;
  };
  for (const raw of lines) {
    const framed = EXTRACT.humanFrameLine.re.test(raw);
    const line = raw.replace(EXTRACT.humanFrameLine.re, '');
    const head = EXTRACT.humanErrorHead.re.exec(line);
    if (head) {
      flush();
      cur = { severity: head[1] === 'Error' ? 'error' : 'warning', summary: (head[2] ?? '').trim(), body: [] };
      continue;
    }
    if (!cur) continue;
    if (EXTRACT.humanFrameEnd.re.test(raw)) {
      flush();
      continue;
    }
    // Unframed (-no-color) blocks have no end marker: two blank lines end one,
    // so the log lines after it are not read as its detail.
    if (!framed && line.trim() === '' && cur.body.length > 0 && cur.body[cur.body.length - 1]?.trim() === '') {
      flush();
      continue;
    }
    cur.body.push(line);
  }
  flush();
  return out;
}
