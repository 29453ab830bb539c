/**
 * Terraform's plan JSON (`terraform show -json <planfile>`), mirroring
 * hashicorp/terraform-json: snake_case keys as Terraform prints them.
 * Objects are `loose` so fields added by newer Terraform pass through.
 */
import { z } from 'zod';
import { checkFormatVersion } from './format-version.js';

export const Action = z.enum(['no-op', 'create', 'read', 'update', 'delete', 'forget']);
export type Action = z.infer<typeof Action>;

export const Change = z.looseObject({
  /** e.g. ["delete","create"] for a replace; ["no-op"]; ["forget"] for `removed` blocks (1.7+). */
  actions: z.array(Action),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  after_unknown: z.unknown().optional(),
  /** Same shape as before/after, `true` where the value is sensitive. Never render those values. */
  before_sensitive: z.unknown().optional(),
  after_sensitive: z.unknown().optional(),
  /** Attribute paths that force replacement, e.g. [["name"]]. */
  replace_paths: z.array(z.array(z.union([z.string(), z.number()]))).optional(),
  /** Present when the change is an import (import blocks, 1.5+). */
  importing: z.looseObject({ id: z.string().optional(), identity: z.unknown().optional() }).optional(),
  generated_config: z.string().optional(),
});
export type Change = z.infer<typeof Change>;

export const ResourceChange = z.looseObject({
  address: z.string(),
  /** The address this object had before a `moved` block renamed it. */
  previous_address: z.string().optional(),
  module_address: z.string().optional(),
  mode: z.enum(['managed', 'data']),
  type: z.string(),
  name: z.string(),
  index: z.union([z.string(), z.number()]).optional(),
  provider_name: z.string().optional(),
  deposed: z.string().optional(),
  change: Change,
  /** Why Terraform plans this, e.g. "delete_because_no_resource_config", "replace_because_cannot_update". */
  action_reason: z.string().optional(),
});
export type ResourceChange = z.infer<typeof ResourceChange>;

export const StateResource = z.looseObject({
  address: z.string(),
  mode: z.enum(['managed', 'data']),
  type: z.string(),
  name: z.string(),
  index: z.union([z.string(), z.number()]).optional(),
  provider_name: z.string().optional(),
  schema_version: z.number().optional(),
  values: z.record(z.string(), z.unknown()).optional(),
  sensitive_values: z.unknown().optional(),
});
export type StateResource = z.infer<typeof StateResource>;

export type StateModule = {
  address?: string | undefined;
  resources?: StateResource[] | undefined;
  child_modules?: StateModule[] | undefined;
};
export const StateModule: z.ZodType<StateModule> = z.lazy(() =>
  z.looseObject({
    address: z.string().optional(),
    resources: z.array(StateResource).optional(),
    child_modules: z.array(StateModule).optional(),
  }),
);

export const StateValues = z.looseObject({
  outputs: z.record(z.string(), z.unknown()).optional(),
  root_module: StateModule.optional(),
});

/** The plan JSON (`terraform show -json PLANFILE`, format 1.x), Terraform's snake_case keys. */
export const PlanJson = z.looseObject({
  format_version: z.string().refine(checkFormatVersion, { message: 'unsupported plan JSON format_version major (tfdoctor reads 1.x)' }),
  terraform_version: z.string().optional(),
  /** When the plan was made (RFC 3339, 1.5+). */
  timestamp: z.string().optional(),
  /** The root module's input variables: name -> { value } (sensitive ones included in clear: never render). */
  variables: z.record(z.string(), z.unknown()).optional(),
  /** What changed outside Terraform since the last apply (update/delete of managed objects). */
  resource_drift: z.array(ResourceChange).optional(),
  resource_changes: z.array(ResourceChange).optional(),
  output_changes: z.record(z.string(), z.unknown()).optional(),
  /**
   * The refreshed state the plan was made against, and the planned state: each a
   * full copy of every resource's attributes. Not validated entry by entry here
   * (`StateValues` does that for a caller who reads them): the doctor reads
   * neither, and on a 20,000-resource plan walking them was most of the parse
   * time (bench c: 0.37 s of 1.01 s).
   */
  prior_state: z.unknown().optional(),
  planned_values: z.unknown().optional(),
  configuration: z.unknown().optional(),
  relevant_attributes: z.array(z.looseObject({ resource: z.string(), attribute: z.array(z.unknown()) })).optional(),
  /** Pre-1.5 name of `checks`: results of preconditions/postconditions, by address. */
  condition_results: z.unknown().optional(),
  /** Check block and condition results (1.5+). */
  checks: z.unknown().optional(),
  /** true when the plan stopped on errors (1.4+). */
  errored: z.boolean().optional(),
  applyable: z.boolean().optional(),
  complete: z.boolean().optional(),
});
export type PlanJson = z.infer<typeof PlanJson>;
