/**
 * Parameter groups from a parameter-group file (`name`, `family`, `description`,
 * `parameters: [{name, value, apply_method?}]`), shared by rds and elasticache.
 */
import { inputError } from '../load-inventory.js';
import type { ValuesFile } from '../inventory.js';
import { escapeDeep, escapeTemplate, tfName } from '../naming.js';
import { isPlainObject, type Values } from '../merge.js';

export interface ParameterGroupSpec {
  /** The Terraform resource name. */
  tfName: string;
  /** The AWS name. */
  name: string;
  family: string;
  description: string;
  parameters: { name: string; value: string; apply_method?: string }[];
  /** Remaining keys of the file (passed through as attributes). */
  rest: Values;
  where: ValuesFile['where'];
}

export function readParameterGroup(file: ValuesFile, fallbackName: string, nameKey: 'identifier' | 'name'): ParameterGroupSpec {
  const { values, where } = file;
  const at = (key: string, ...p: (string | number)[]) => ({ file: where.file, path: [...where.path, key, ...p] });
  const str = (key: string): string | undefined => {
    const v = values[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw inputError(at(key), 'must be a string');
    return v;
  };
  const name = str('name') ?? fallbackName;
  const family = str('family');
  if (!family) throw inputError(at('family'), 'required: the parameter group family (e.g. postgres15, redis7)');
  const rawTfName = (nameKey === 'identifier' ? str('identifier') : undefined) ?? name;
  const tf = tfName(rawTfName);
  if (!tf) throw inputError(at(nameKey === 'identifier' && values['identifier'] ? 'identifier' : 'name'), `${JSON.stringify(rawTfName)} is not usable as a Terraform resource name`);
  const rawParams = values['parameters'] ?? [];
  if (!Array.isArray(rawParams)) throw inputError(at('parameters'), 'must be a list of {name, value, apply_method?}');
  const parameters = rawParams.map((p: unknown, i) => {
    if (!isPlainObject(p) || typeof p['name'] !== 'string' || p['value'] === undefined || p['value'] === null)
      throw inputError(at('parameters', i), 'must be {name, value, apply_method?}');
    const out: { name: string; value: string; apply_method?: string } = { name: p['name'], value: String(p['value']) };
    if (typeof p['apply_method'] === 'string') out.apply_method = p['apply_method'];
    return escapeDeep(out);
  });
  const rest = Object.fromEntries(
    Object.entries(values).filter(([k]) => !['name', 'identifier', 'family', 'description', 'parameters', 'tags'].includes(k)),
  );
  return {
    tfName: tf,
    name: escapeTemplate(name),
    family: escapeTemplate(family),
    description: escapeTemplate(str('description') ?? `Parameter group for ${name}`),
    parameters,
    rest,
    where,
  };
}
