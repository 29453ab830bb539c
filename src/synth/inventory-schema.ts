/**
 * The inventory as a person or the reconciler writes it (contracts §1): shaped like
 * app-interface data. Accounts and namespaces keep unknown keys (app-interface
 * carries many we don't need). A resource entry sees only the keys the
 * reconciler's GraphQL query selects for its kind (src/synth/gql-selection.ts):
 * the others are dropped with a warning before this schema runs, and selected
 * keys tfdoctor does not type here pass through to the kind.
 */
import { z } from 'zod';

/** The resource kinds tfdoctor synthesizes (a subset of the reconciler's 24). */
export const KINDS = [
  'rds',
  's3',
  'elasticache',
  'aws-iam-service-account',
  'aws-iam-role',
  'sqs',
  'dynamodb',
  'ecr',
  'kms',
  'cloudwatch',
  'secrets-manager',
  'route53-zone',
  'asg',
  'rosa-authenticator-vpce',
  'alb',
  'kinesis',
  'sns',
  'secrets-manager-service-account',
  'acm',
  's3-cloudfront-public-key',
  's3-cloudfront',
  's3-sqs',
  'elasticsearch',
  'msk',
  'rosa-authenticator',
] as const;
export type Kind = (typeof KINDS)[number];

/** us-east-1, us-gov-west-1, ap-southeast-2 ... */
export const RegionSchema = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'not an AWS region name');

/**
 * An identifier becomes a Terraform resource name and an AWS object name.
 * Dots are allowed (route53 zones are domain names; they become `_` in addresses).
 */
export const IdentifierSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'must start with a letter or _ and hold only letters, digits, _ . -');

/** A file path relative to the inventory file (or to the inventory root when it starts with /). */
const FileRef = z.string().min(1).max(1024);

const StringMap = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));

const DeletionApprovalSchema = z.object({
  type: z.string().regex(/^[a-z0-9_]+$/, 'a Terraform resource type'),
  name: z.string().min(1),
  expiration: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
});

export const AccountSchema = z.looseObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'an account name: letters, digits, _ . -'),
  // YAML turns an unquoted id into a number; AWS account ids are 12 digits, zero-padded.
  uid: z
    .union([z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'), z.number().int().nonnegative()])
    .transform((v) => String(v).padStart(12, '0')),
  resourcesDefaultRegion: RegionSchema,
  supportedDeploymentRegions: z.array(RegionSchema).nullish(),
  /** The AWS partition (`aws`, `aws-cn`, `aws-us-gov`); the reference defaults it to `aws`. */
  partition: z.string().regex(/^aws(-[a-z-]+)?$/, 'an AWS partition').nullish(),
  providerVersion: z.string().regex(/^[0-9A-Za-z.~>=<!, -]+$/, 'a provider version constraint'),
  enableDeletion: z.boolean().nullish(),
  deletionApprovals: z.array(DeletionApprovalSchema).nullish(),
  /** app-interface `disable.integrations`: an account listing terraform-resources is not reconciled (TAC filter_disabled_accounts). */
  disable: z.looseObject({ integrations: z.array(z.string()).nullish() }).nullish(),
  /** The AWS organization: its and its payer account's tags join the provider default_tags (TAC populate_configs). */
  organization: z
    .looseObject({
      tags: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
      payerAccount: z.looseObject({ organizationAccountTags: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish() }).nullish(),
    })
    .nullish(),
  terraformState: z
    .looseObject({
      provider: z.literal('s3').optional(),
      bucket: z.string().nullish(),
      region: RegionSchema.nullish(),
      lockTable: z.string().nullish(),
      integrations: z.array(z.looseObject({ integration: z.string(), key: z.string() })).nullish(),
    })
    .nullish(),
});
export type AccountInput = z.infer<typeof AccountSchema>;

const ImageSchema = z.discriminatedUnion('provider', [
  z.strictObject({
    provider: z.literal('git'),
    tag_name: z.string().regex(/^[A-Za-z0-9_.:/=+@ -]+$/, 'an EC2 tag name'),
    url: z.string().url(),
    // The reconciler resolves branch names with the git host's API; tfdoctor runs
    // offline, so the ref must already be a commit.
    ref: z.string().regex(/^[0-9a-f]{40}$/, 'a 40-hex commit sha (branch names are not resolved offline)'),
  }),
  z.strictObject({
    provider: z.literal('static'),
    tag_name: z.string().regex(/^[A-Za-z0-9_.:/=+@ -]+$/, 'an EC2 tag name'),
    value: z.string().min(1),
  }),
]);
export type ImageRef = z.infer<typeof ImageSchema>;

const SpecSchema = z.strictObject({
  provider: z.string().optional(),
  defaults: FileRef.optional(),
  queues: z.array(z.strictObject({ key: z.string().regex(/^[A-Za-z0-9_-]+$/), value: IdentifierSchema })).optional(),
  tables: z.array(z.strictObject({ key: z.string().regex(/^[A-Za-z0-9_-]+$/), value: IdentifierSchema })).optional(),
});

const RecordSchema = z.strictObject({
  name: z.string().min(1),
  type: z.string().regex(/^[A-Z]+$/),
  ttl: z.number().int().nonnegative().optional(),
  records: z.array(z.string()).optional(),
  // The rest of what the reconciler's GraphQL selects for a record (passed through as record attributes).
  alias: z.strictObject({ name: z.string(), zone_id: z.string(), evaluate_target_health: z.boolean() }).nullish(),
  weighted_routing_policy: z.strictObject({ weight: z.number().int().nonnegative() }).nullish(),
  geolocation_routing_policy: z
    .strictObject({ continent: z.string().nullish(), country: z.string().nullish(), subdivision: z.string().nullish() })
    .nullish(),
  set_identifier: z.string().nullish(),
});

/** A Vault secret reference (the reconciler's VaultSecret fragment). */
const VaultSecretSchema = z.strictObject({
  path: z.string().min(1),
  field: z.string().min(1),
  version: z.number().int().nullish(),
  format: z.string().nullish(),
});

export const KindSchema = z.enum(KINDS, {
  error: (iss) => `unknown kind ${JSON.stringify(iss.input)}; supported: ${KINDS.join(', ')}`,
});

/** One entry of `externalResources[].resources[]` (after the GraphQL selection; unknown selected keys pass through). */
export const ResourceEntrySchema = z
  .looseObject({
    provider: KindSchema,
    identifier: IdentifierSchema,
    defaults: FileRef.optional(),
    overrides: z.union([z.record(z.string(), z.unknown()), z.string()]).optional(),
    output_resource_name: z.string().regex(/^[A-Za-z0-9_.-]+$/).optional(),
    output_format: z.unknown().optional(),
    annotations: z.union([z.record(z.string(), z.unknown()), z.string()]).optional(),
    // app-interface gives a JSON string; a mapping is accepted too.
    tags: z.union([StringMap, z.string()]).optional(),
    region: RegionSchema.optional(),
    // rds / elasticache
    parameter_group: FileRef.optional(),
    old_parameter_group: FileRef.optional(),
    enhanced_monitoring: z.boolean().optional(),
    output_resource_db_name: z.string().optional(),
    // s3
    bucket_policy: z.string().optional(),
    // aws-iam-service-account / aws-iam-role
    policies: z.array(z.string().regex(/^[A-Za-z0-9+=,.@_/-]+$/, 'an AWS-managed policy name')).optional(),
    user_policy: z.string().optional(),
    variables: z.union([z.record(z.string(), z.unknown()), z.string()]).optional(),
    assume_role: z
      .strictObject({
        AWS: z.union([z.string(), z.array(z.string())]).optional(),
        Service: z.union([z.string(), z.array(z.string())]).optional(),
        Federated: z.union([z.string(), z.array(z.string())]).optional(),
      })
      .optional(),
    assume_action: z.string().optional(),
    assume_condition: z.string().optional(),
    inline_policy: z.string().optional(),
    role_policy: z.string().optional(),
    // sqs / dynamodb
    specs: z.array(SpecSchema).optional(),
    // ecr
    public: z.boolean().optional(),
    // secrets-manager: the Vault secret whose fields become the secret string
    secret: VaultSecretSchema.optional(),
    secret_format: z.string().optional(),
    // route53-zone
    name: z.string().optional(),
    records: z.array(RecordSchema).optional(),
    // asg
    // The reconciler reads a JSON string (json.loads); a mapping is accepted as its parsed form.
    extra_tags: z.union([z.string(), StringMap]).optional(),
    cloudinit_configs: z
      .array(z.strictObject({ filename: z.string().nullish(), content_type: z.string().nullish(), content: z.string() }))
      .optional(),
    image: z.array(ImageSchema).optional(),
  })
  .superRefine((r, ctx) => {
    const need = (key: keyof typeof r, why: string) => {
      if (r[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `required for ${r.provider}: ${why}` });
    };
    if (r.provider === 'sqs' || r.provider === 'dynamodb') need('specs', 'the queues/tables to create');
    if (r.provider === 'asg') need('image', 'the AMI to launch ({provider: git, tag_name, url, ref})');
    if (r.provider === 'aws-iam-role') need('assume_role', 'who may assume the role');
    for (const [i, spec] of (r.specs ?? []).entries()) {
      const list = r.provider === 'sqs' ? spec.queues : r.provider === 'dynamodb' ? spec.tables : undefined;
      if (!list?.length && (r.provider === 'sqs' || r.provider === 'dynamodb'))
        ctx.addIssue({ code: 'custom', path: ['specs', i], message: `needs ${r.provider === 'sqs' ? 'queues' : 'tables'}` });
    }
  });
export type ResourceEntry = z.infer<typeof ResourceEntrySchema>;

const NamedRef = z.looseObject({ name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/) });

export const NamespaceSchema = z.looseObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/),
  cluster: NamedRef,
  environment: z
    .looseObject({
      name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/),
      servicePhase: z.string().nullish(),
      costCenter: z.string().nullish(),
    })
    .nullish(),
  app: z
    .looseObject({
      name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/),
      appCode: z.string().nullish(),
      costCenter: z.string().nullish(),
    })
    .nullish(),
  // Truthiness, as the reference tests them (`bool(...)`): any YAML value.
  delete: z.unknown().optional(),
  managedExternalResources: z.unknown().optional(),
  externalResources: z
    .array(
      z.looseObject({
        // Only `aws` is this integration's (get_external_resource_specs(provision_provider="aws")); others are skipped.
        provider: z.string(),
        provisioner: NamedRef,
        // Each entry is checked by the loader after the GraphQL selection (ResourceEntrySchema).
        resources: z.array(z.unknown()).nullish(),
      }),
    )
    .nullish(),
});
export type NamespaceInput = z.infer<typeof NamespaceSchema>;

/**
 * What the reference reads from app-interface settings rather than from the
 * namespaces: the provider default_tags (external resources settings
 * `default_tags`, default `{app: app-sre-infra}`) and
 * `terraformResourcesProviderExclusions` (a spec of an excluded provider in an
 * excluded provisioner is refused unless `managed_by_erv2`).
 */
export const SettingsSchema = z.looseObject({
  default_tags: StringMap.nullish(),
  terraformResourcesProviderExclusions: z
    .array(
      z.looseObject({
        provider: z.string(),
        excludeAllProvisioners: z.boolean().nullish(),
        excludeProvisioners: z.array(NamedRef).nullish(),
      }),
    )
    .nullish(),
});
export type SettingsInput = z.infer<typeof SettingsSchema>;

/** One inventory document; a folder's documents are concatenated. */
export const InventoryDocumentSchema = z.looseObject({
  settings: SettingsSchema.nullish(),
  accounts: z.array(AccountSchema).nullish(),
  namespaces: z.array(NamespaceSchema).nullish(),
});
export type InventoryDocument = z.infer<typeof InventoryDocumentSchema>;
