/**
 * Is a diagnostic an image lookup with no result? Kept apart from ami-lookup.ts
 * so a clean plan never loads the EC2 client.
 *
 * aws provider 5.100.0, `data "aws_ami"` with no match: summary
 * "Your query returned no results. Please change your search criteria and try again."
 */
import type { Diagnostic } from '../tfjson/index.js';
import { EXTRACT } from '../doctor/patterns.js';

const NO_RESULTS = EXTRACT.amiNoResults.re;

export function isAmiNoResults(d: Diagnostic): boolean {
  return d.severity === 'error' && (NO_RESULTS.test(d.summary) || NO_RESULTS.test(d.detail ?? ''));
}

/** The plan failed on an image lookup. */
export function hasAmiNotFound(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some(isAmiNoResults);
}
