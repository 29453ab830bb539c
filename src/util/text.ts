export interface FirstLinesOptions {
  /** Leave out blank lines before counting (terraform's error blocks are padded with them). */
  skipBlank?: boolean;
}

/** The first `n` lines of `text` (trimmed), for error messages that must stay short. */
export function firstLines(text: string, n: number, opts: FirstLinesOptions = {}): string {
  const lines = text.trim().split('\n');
  return (opts.skipBlank ? lines.filter((l) => l.trim() !== '') : lines).slice(0, n).join('\n');
}

/** An error as one message: `Name: message` (the name left out when it is plain `Error` or empty), anything else as String(). */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.name && err.name !== 'Error' ? `${err.name}: ${err.message}` : err.message;
  return String(err);
}
