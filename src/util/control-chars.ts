/**
 * The one control-character sanitizer. Text that reaches a terminal, a
 * reviewer's screen or a report comes from input (addresses, ids, provider
 * messages, editors) and is treated as hostile: no ANSI escape may move the
 * cursor, no carriage return may fake a line. How a control character is
 * shown depends on who reads it; which characters count does not.
 */

/** C0 controls, DEL and C1 controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export type ControlStyle =
  /** `?` for each (progress lines, where a placeholder is enough). */
  | 'placeholder'
  /** `\u001b`-style escapes, newline and tab kept (renderers: the text stays readable). */
  | 'unicode-escape'
  /** `\x1b`-style escapes, newline as a space (one-line fields of a repair file). */
  | 'hex-escape';

/** Makes every control character visible (or harmless) in the given style. */
export function sanitizeControl(text: string, style: ControlStyle): string {
  switch (style) {
    case 'placeholder':
      return text.replace(CONTROL, '?');
    case 'unicode-escape':
      return text.replace(CONTROL, (c) => (c === '\n' || c === '\t' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
    case 'hex-escape':
      return text.replace(CONTROL, (c) => (c === '\n' ? ' ' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
  }
}

// eslint-disable-next-line no-control-regex -- ESC starts the color codes (CSI ... letter)
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** Removes ANSI color/cursor sequences (pasted logs; terraform output of a subcommand without -no-color). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}
