/**
 * The one Terraform address grammar: what the doctor puts in a proposal's argv
 * (src/doctor/safe.ts) and what the terraform wrappers accept
 * (src/state/terraform/address.ts) are the same set, so a proposal the doctor
 * writes is one the executor takes, and nothing else is.
 *
 *   [module.NAME[KEY].]... [data.]TYPE.NAME[KEY]      a resource (instance) address
 *   module.NAME[KEY][.module.NAME[KEY]]...            a module address (`state mv`)
 *
 * KEY is a number or a quoted string without quotes, backslashes or control
 * characters (for_each keys as Terraform prints them, minus what would need
 * escaping). At most 1024 characters.
 */
const NAME = '[A-Za-z_][A-Za-z0-9_-]*';
const KEY = String.raw`\[(?:\d+|"[^"\\\u0000-\u001f\u007f]*")\]`;
const RESOURCE = new RegExp(`^(?:module\\.${NAME}(?:${KEY})?\\.)*(?:data\\.)?${NAME}\\.${NAME}(?:${KEY})?$`);
const MODULE = new RegExp(`^module\\.${NAME}(?:${KEY})?(?:\\.module\\.${NAME}(?:${KEY})?)*$`);
const MAX = 1024;

/** A resource or resource instance address (`module.a["x"].aws_s3_bucket.b[0]`). */
export function isResourceAddress(address: string): boolean {
  return address.length <= MAX && RESOURCE.test(address);
}

/** A module address (`module.a`, `module.a[0].module.b`). */
export function isModuleAddress(address: string): boolean {
  return address.length <= MAX && MODULE.test(address);
}

/** `aws_s3_bucket.b[0]` -> `aws_s3_bucket.b` (the instance key removed). */
export function resourceOf(address: string): string {
  return address.replace(new RegExp(`${KEY}$`), '');
}
