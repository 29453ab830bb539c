/** An HCL quoted string: JSON escaping is valid HCL; `${` and `%{` are escaped so nothing is interpolated. */
export function hclString(value: string): string {
  // A replacer function: in a replacement string `$$` would mean one `$`.
  return JSON.stringify(value).replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}
