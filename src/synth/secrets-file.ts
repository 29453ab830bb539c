/**
 * The offline secret source: a YAML or JSON file mapping each Vault path named in
 * the inventory to the fields the reference's `secret_reader.read_all` returns,
 * e.g. `{"app-sre/x/admin": {"username": "...", "password": "..."}}`.
 * Values never appear in an error message: only the file, the path and the field.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../errors.js';
import { isPlainObject } from '../util/objects.js';

export type SecretsMap = ReadonlyMap<string, Readonly<Record<string, string>>>;

export async function loadSecretsFile(file: string): Promise<SecretsMap> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: cannot read the secrets file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, file);
  }
  let doc: unknown;
  try {
    doc = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch {
    // The parser's message can quote the text, which holds secrets: never show it.
    throw new InputError(`${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}`, file);
  }
  if (!isPlainObject(doc)) throw new InputError(`${file}: expected a mapping of Vault paths to their fields`, file);
  const out = new Map<string, Readonly<Record<string, string>>>();
  for (const [vaultPath, fields] of Object.entries(doc)) {
    if (!isPlainObject(fields)) throw new InputError(`${file}: ${vaultPath}: expected a mapping of field names to strings`, file, [vaultPath]);
    const clean: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [field, value] of Object.entries(fields)) {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
        throw new InputError(`${file}: ${vaultPath}.${field}: expected a string`, file, [vaultPath, field]);
      clean[field] = String(value);
    }
    out.set(vaultPath, clean);
  }
  return out;
}

