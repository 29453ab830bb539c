/**
 * Parameter groups from a parameter-group file (`name`, `family`, `description`,
 * `parameters: [{name, value, apply_method?}]`), shared by rds and elasticache.
 *
 * The reference (`populate_parameter_group` in populate_tf_resource_rds, and
 * populate_tf_resource_elasticache) passes the file's keys through as they are:
 * no description and no tags of its own (`description` is ForceNew, so inventing
 * one replaces the group), and `parameters` is required (it pops the key without
 * a default). `$schema` is dropped as its `get_values` does.
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
  /** Only when the file has one. */
  description: string | undefined;
  /** Only when the file has them (the reference adds none). */
  tags: Record<string, string> | undefined;
  parameters: { name: string; value: string; apply_method?: string }[];
  /** Remaining keys of the file (passed through as attributes). */
  rest: Values;
  where: ValuesFile['where'];
}

/**
 * `fallbackName` when the file has no `name` (rds: `<id>-pg`; elasticache has
 * none: the reference fails on a missing name, so pass undefined). With
 * `nameKey: 'identifier'` (rds) the file's `identifier` is the Terraform name.
 */
export function readParameterGroup(file: ValuesFile, fallbackName: string | undefined, nameKey: 'identifier' | 'name'): ParameterGroupSpec {
  const { values, where } = file;
  const at = (key: string, ...p: (string | number)[]) => ({ file: where.file, path: [...where.path, key, ...p] });
  const str = (key: string): string | undefined => {
    const v = values[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw inputError(at(key), 'must be a string');
    return v;
  };
  const name = str('name') ?? fallbackName;
  if (name === undefined) throw inputError(at('name'), 'required: the parameter group name');
  const family = str('family');
  if (!family) throw inputError(at('family'), 'required: the parameter group family (e.g. postgres15, redis7)');
  const rawTfName = (nameKey === 'identifier' ? str('identifier') : undefined) || name;
  const tf = tfName(rawTfName);
  if (!tf) throw inputError(at(nameKey === 'identifier' && values['identifier'] ? 'identifier' : 'name'), `${JSON.stringify(rawTfName)} is not usable as a Terraform resource name`);
  const rawParams = values['parameters'];
  if (rawParams === undefined || rawParams === null)
    throw inputError(at('parameters'), 'required (the reference fails without it): a list of {name, value, apply_method?}, or [] for none');
  if (!Array.isArray(rawParams)) throw inputError(at('parameters'), 'must be a list of {name, value, apply_method?}');
  const parameters = rawParams.map((p: unknown, i) => {
    if (!isPlainObject(p) || typeof p['name'] !== 'string' || p['value'] === undefined || p['value'] === null)
      throw inputError(at('parameters', i), 'must be {name, value, apply_method?}');
    for (const k of Object.keys(p)) if (!['name', 'value', 'apply_method'].includes(k)) throw inputError(at('parameters', i, k), 'unknown key (a parameter has name, value, apply_method)');
    // Terraform's `value` is a string; a YAML number is the same value to it.
    const out: { name: string; value: string; apply_method?: string } = { name: p['name'], value: String(p['value']) };
    if (typeof p['apply_method'] === 'string') out.apply_method = p['apply_method'];
    return escapeDeep(out);
  });
  const tags = values['tags'];
  if (tags !== undefined && !(isPlainObject(tags) && Object.values(tags).every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')))
    throw inputError(at('tags'), 'must be a mapping of names to strings');
  const rest = Object.fromEntries(
    Object.entries(values).filter(([k]) => !['name', 'identifier', 'family', 'description', 'parameters', 'tags', '$schema'].includes(k)),
  );
  const description = str('description');
  return {
    tfName: tf,
    name: escapeTemplate(name),
    family: escapeTemplate(family),
    description: description === undefined ? undefined : escapeTemplate(description),
    tags: tags === undefined ? undefined : escapeDeep(Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, String(v)]))),
    parameters,
    rest,
    where,
  };
}
