export interface FirstLinesOptions {
  /** Leave out blank lines before counting (terraform's error blocks are padded with them). */
  skipBlank?: boolean;
}

/** The first `n` lines of `text` (trimmed), for error messages that must stay short. */
export function firstLines(text: string, n: number, opts: FirstLinesOptions = {}): string {
  const lines = text.trim().split('\n');
  return (opts.skipBlank ? lines.filter((l) => l.trim() !== '') : lines).slice(0, n).join('\n');
}
