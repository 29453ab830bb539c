/** Terraform's JSON documents carry `format_version` "M.m"; tfdoctor reads major 1 (0.x for old state docs too). */
export function checkFormatVersion(v: string): boolean {
  const major = Number.parseInt(v.split('.')[0] ?? '', 10);
  return major === 1 || major === 0;
}
