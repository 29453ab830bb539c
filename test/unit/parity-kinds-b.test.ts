/**
 * Parity with the reconciler (qontract-reconcile TAC = reconcile/utils/terrascript_aws_client.py)
 * for sqs, dynamodb, ecr, cloudwatch, secrets-manager, route53-zone and asg. Each row:
 * the reference function, the input, and what that function emits as read from its code.
 */
import { describe, expect, it } from 'vitest';
import type { SynthOptions } from '../../src/synth/synth-options.js';
import { pythonJsonDumps } from '../../src/synth/kinds/secrets-manager.js';
import { safeResourceId } from '../../src/synth/kinds/route53-zone.js';
import { synth, synthError, type Doc, type Json } from './synth-helpers.js';

const policyOf = (json: Json, name: string) => JSON.parse(json['resource']['aws_iam_policy'][name]['policy']);

const SHA = 'b'.repeat(40);
const asgEntry = (extra: Doc = {}) => ({ provider: 'asg', identifier: 'w', defaults: 'w.yml', image: [{ provider: 'git', tag_name: 'commit', url: 'https://git.example/r', ref: SHA }], ...extra });
const ASG_FILE = { 'w.yml': 'min_size: 1\nmax_size: 3\ninstance_type: t3.micro\ndesired_capacity: 2\nhealth_check_type: EC2\ninstance_types: [t3.small, t3.medium]\nupdate_default_version: true\n' };
const IMG: SynthOptions = { images: new Map([['w', { imageId: 'ami-0123456789abcdef0' }]]) };

describe.each([
  {
    fn: 'populate_tf_resource_sqs',
    rule: 'policy: sqs:* on arn:<partition>:sqs:*:<uid>:<queue> plus sqs:ListQueues on *; fifo appends .fifo; URL output',
    run: async () => {
      const json = await synth([{ provider: 'sqs', identifier: 'q', specs: [{ defaults: 'f.yml', queues: [{ key: 'jobs', value: 'jobs' }] }] }], { 'f.yml': 'fifo_queue: true\n' });
      return { policy: policyOf(json, 'q'), name: json['resource']['aws_sqs_queue']['jobs']['name'], url: json['output']['q-sqs__jobs']['value'] };
    },
    reference: {
      policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sqs:*'], Resource: ['arn:aws:sqs:*:123456789012:jobs.fifo'] }, { Effect: 'Allow', Action: ['sqs:ListQueues'], Resource: '*' }] },
      name: 'jobs.fifo',
      url: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs.fifo',
    },
  },
  {
    fn: 'populate_tf_resource_sqs',
    rule: 'several specs: one policy per spec, <id>-<n>; kms:Decrypt on the key ARN',
    run: async () => {
      const json = await synth(
        [{ provider: 'sqs', identifier: 'q', specs: [{ defaults: 'a.yml', queues: [{ key: 'a', value: 'a' }] }, { defaults: 'b.yml', queues: [{ key: 'b', value: 'b' }] }] }],
        { 'a.yml': 'kms_master_key_id: arn:aws:kms:us-east-1:123456789012:key/k\n', 'b.yml': 'visibility_timeout_seconds: 30\n' },
      );
      return { policies: Object.keys(json['resource']['aws_iam_policy']), kms: policyOf(json, 'q-1')['Statement'][2] };
    },
    reference: { policies: ['q-0', 'q-1'], kms: { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: ['arn:aws:kms:us-east-1:123456789012:key/k'] } },
  },
  {
    fn: 'populate_tf_resource_dynamodb',
    rule: 'policy on arn:aws:dynamodb:<region>:<uid>:table/<t>; endpoint with https://',
    run: async () => {
      const json = await synth([{ provider: 'dynamodb', identifier: 'd', specs: [{ defaults: 't.yml', tables: [{ key: 't', value: 'tbl' }] }] }], { 't.yml': 'hash_key: id\nbilling_mode: PAY_PER_REQUEST\nattributes: [{ name: id, type: S }]\n' });
      return { resource: policyOf(json, 'd')['Statement'][0]['Resource'], endpoint: json['output']['d-dynamodb__endpoint']['value'], attribute: json['resource']['aws_dynamodb_table']['tbl']['attribute'] };
    },
    reference: { resource: ['arn:aws:dynamodb:us-east-1:123456789012:table/tbl'], endpoint: 'https://dynamodb.us-east-1.amazonaws.com', attribute: [{ name: 'id', type: 'S' }] },
  },
  {
    fn: 'populate_tf_resource_ecr',
    rule: 'ListImages, GetAuthorizationToken on *, 12 repository actions; ecrpublic untagged with repository_name',
    run: async () => {
      const json = await synth([{ provider: 'ecr', identifier: 'r' }, { provider: 'ecr', identifier: 'p', public: true }]);
      const st = policyOf(json, 'r')['Statement'];
      return { sids: st.map((s: Json) => s['Sid']), token: st[1]['Resource'], actions: st[2]['Action'].length, pub: json['resource']['aws_ecrpublic_repository']['p'] };
    },
    reference: { sids: ['ListImagesInRepository', 'GetAuthorizationToken', 'ManageRepositoryContents'], token: '*', actions: 12, pub: { repository_name: 'p' } },
  },
  {
    fn: 'populate_tf_resource_cloudwatch / _get_retention_in_days',
    rule: '4 actions on <arn>:*, DescribeLogGroups on *; retention 14 by default; nothing else passes',
    run: async () => {
      const json = await synth([{ provider: 'cloudwatch', identifier: 'lg' }]);
      const st = policyOf(json, 'lg')['Statement'];
      const g = json['resource']['aws_cloudwatch_log_group']['lg'];
      return { retention: g['retention_in_days'], r0: st[0]['Resource'], n0: st[0]['Action'].length, r1: [st[1]['Action'], st[1]['Resource']] };
    },
    reference: { retention: 14, r0: '${aws_cloudwatch_log_group.lg.arn}:*', n0: 4, r1: [['logs:DescribeLogGroups'], '*'] },
  },
  {
    fn: 'populate_tf_resource_secrets_manager',
    rule: 'untagged secret + secret_version with json_dumps(fields); arn and version_id of the version',
    run: async () => {
      const json = await synth([{ provider: 'secrets-manager', identifier: 's', secret: { path: 'app/s', field: 'all' } }], {}, { secrets: new Map([['app/s', { b: 'x', a: 'é' }]]) });
      return {
        secret: json['resource']['aws_secretsmanager_secret']['s'],
        string: json['resource']['aws_secretsmanager_secret_version']['s']['secret_string'],
        outputs: [json['output']['s-secrets-manager__arn']['value'], json['output']['s-secrets-manager__version_id']['value']],
      };
    },
    reference: {
      secret: { name: 's' },
      string: '{"a": "\\u00e9", "b": "x"}',
      outputs: ['${aws_secretsmanager_secret_version.s.arn}', '${aws_secretsmanager_secret_version.s.version_id}'],
    },
  },
  {
    fn: 'populate_tf_resource_secrets_manager / _apply_secret_format',
    rule: 'secret_format renders over the unflattened fields; the value in state is kept when Vault is not given',
    run: async () => {
      const fmt = await synth([{ provider: 'secrets-manager', identifier: 's', secret: { path: 'p', field: 'all' }, secret_format: '{"url": "{{ db.host }}:{{ db.port }}"}' }], {}, { secrets: new Map([['p', { 'db.host': 'h', 'db.port': '5432' }]]) });
      const prior = await synth([{ provider: 'secrets-manager', identifier: 's', secret: { path: 'p', field: 'all' } }], {}, {
        priorState: { attributes: (a) => (a === 'aws_secretsmanager_secret_version.s' ? { secret_string: '{"k": "v"}' } : undefined), output: () => undefined },
      });
      return [fmt['resource']['aws_secretsmanager_secret_version']['s']['secret_string'], prior['resource']['aws_secretsmanager_secret_version']['s']['secret_string']];
    },
    reference: ['{"url": "h:5432"}', '{"k": "v"}'],
  },
  {
    fn: 'populate_route53_records / safe_resource_id',
    rule: 'record address safe_resource_id("<name>.<zone>_<TYPE>"), _2 for repeats, TTL 300 unless alias; no zone_id output',
    run: async () => {
      const json = await synth([{ provider: 'route53-zone', identifier: 'zone', name: 'ex.com', records: [{ name: 'www', type: 'A', records: ['1.2.3.4'] }, { name: 'www', type: 'A', records: ['1.2.3.5'] }, { name: '*', type: 'CNAME', alias: { name: 'lb.aws', zone_id: 'Z1', evaluate_target_health: false } }] }]);
      const rec = json['resource']['aws_route53_record'];
      return { ids: Object.keys(rec), ttl: [rec['www_ex_com_A']['ttl'], rec['_star_ex_com_CNAME']['ttl']], zoneIdOutput: json['output']['zone-route53-zone__zone_id'], zone: Object.keys(json['resource']['aws_route53_zone']) };
    },
    reference: { ids: ['www_ex_com_A', 'www_ex_com_A_2', '_star_ex_com_CNAME'], ttl: [300, undefined], zoneIdOutput: undefined, zone: ['zone'] },
  },
  {
    fn: 'populate_tf_resource_route53_zone',
    rule: 'policy on hostedzone/<zone_id> plus route53:List* and tag:GetResources on *',
    run: async () => policyOf(await synth([{ provider: 'route53-zone', identifier: 'zone', name: 'ex.com' }]), 'zone')['Statement'],
    reference: [
      { Effect: 'Allow', Action: ['route53:Change*', 'route53:Create*', 'route53:Get*', 'route53:List*'], Resource: 'arn:aws:route53:::hostedzone/${aws_route53_zone.zone.zone_id}' },
      { Effect: 'Allow', Action: ['route53:List*'], Resource: '*' },
      { Effect: 'Allow', Action: ['tag:GetResources'], Resource: '*' },
    ],
  },
  {
    fn: 'populate_tf_resource_asg',
    rule: 'mixed_instances_policy with the template id/latest_version and instance_types overrides; rolling refresh; whitelist; no provider on the group',
    run: async () => {
      const json = await synth([asgEntry({ extra_tags: '{"role": "builder"}' })], ASG_FILE, IMG);
      const g = json['resource']['aws_autoscaling_group']['w'];
      const lt = json['resource']['aws_launch_template']['w'];
      return {
        mixed: g['mixed_instances_policy'],
        refresh: g['instance_refresh'],
        groupKeys: Object.keys(g).sort(),
        lt: { image: lt['image_id'], udv: lt['update_default_version'], it: lt['instance_type'], specs: lt['tag_specifications'].map((t: Json) => t['resource_type']), name: lt['tags']['Name'], role: lt['tags']['role'] },
        imageOutput: json['output']['w-asg__image_id']['value'],
      };
    },
    reference: {
      mixed: { launch_template: { launch_template_specification: { launch_template_id: '${aws_launch_template.w.id}', version: '${aws_launch_template.w.latest_version}' }, override: [{ instance_type: 't3.small' }, { instance_type: 't3.medium' }] } },
      refresh: { strategy: 'Rolling' },
      groupKeys: ['instance_refresh', 'max_size', 'min_size', 'mixed_instances_policy', 'name', 'tag'],
      lt: { image: 'ami-0123456789abcdef0', udv: true, it: undefined, specs: ['instance', 'volume'], name: 'w', role: 'builder' },
      imageOutput: 'ami-0123456789abcdef0',
    },
  },
  {
    fn: 'populate_tf_resource_asg',
    rule: 'iam_role_name: an untagged aws_iam_instance_profile; cloudinit_configs: data.cloudinit_config (gzip, base64) as user_data, cloudinit required',
    run: async () => {
      const json = await synth([asgEntry({ cloudinit_configs: [{ filename: 'a.sh', content_type: 'text/x-shellscript', content: 'echo {{{ aws_region }}} ${HOME}' }] })], { 'w.yml': 'min_size: 1\nmax_size: 1\niam_role_name: r\n' }, IMG);
      return {
        profile: json['resource']['aws_iam_instance_profile']['w'],
        userData: json['resource']['aws_launch_template']['w']['user_data'],
        data: json['data']['cloudinit_config']['w'],
        required: json['terraform']['required_providers']['cloudinit'],
      };
    },
    reference: {
      profile: { name: 'w', role: 'r' },
      userData: '${data.cloudinit_config.w.rendered}',
      data: { gzip: true, base64_encode: true, part: [{ filename: 'a.sh', content_type: 'text/x-shellscript', content: 'echo us-east-1 $${HOME}' }] },
      required: { source: 'hashicorp/cloudinit', version: '2.3.3' },
    },
  },
])('$fn: $rule', ({ run, reference }) => {
  it('tfdoctor emits what the reference emits', async () => {
    expect(await run()).toEqual(reference);
  });
});

describe.each<{ fn: string; resources: Doc[]; files: Record<string, string>; options: SynthOptions; error: RegExp }>([
  { fn: 'populate_tf_resource_secrets_manager (assert secret)', resources: [{ provider: 'secrets-manager', identifier: 's' }], files: {}, options: {}, error: /secret \(a Vault secret reference\) is required/ },
  { fn: 'populate_tf_resource_route53_zone (common_values["name"])', resources: [{ provider: 'route53-zone', identifier: 'z' }], files: {}, options: {}, error: /name \(the zone domain\) is required/ },
  { fn: 'populate_tf_resource_dynamodb (defaults.pop("attributes"))', resources: [{ provider: 'dynamodb', identifier: 'd', specs: [{ defaults: 't.yml', tables: [{ key: 't', value: 't' }] }] }], files: { 't.yml': 'hash_key: id\n' }, options: {}, error: /t\.yml.*attributes is required/s },
  { fn: 'populate_tf_resource_asg (get_asg_image_id is None)', resources: [asgEntry()], files: ASG_FILE, options: {}, error: /\[w\] could not find ami specified in image section in account acct-a/ },
  { fn: 'populate_tf_resource_cloudwatch (es_identifier)', resources: [{ provider: 'cloudwatch', identifier: 'c', defaults: 'c.yml' }], files: { 'c.yml': 'es_identifier: es\n' }, options: {}, error: /not supported yet/ },
])('$fn refuses', ({ resources, files, options, error }) => {
  it('with an input error', async () => {
    expect(await synthError(resources, files, options)).toMatch(error);
  });
});

describe('helpers', () => {
  it.each([
    ['a.b.c', 'a_b_c'],
    ['*.ex.com_A', '_star_ex_com_A'],
    ['1x.ex', '_1x_ex'],
  ])('safe_resource_id(%s) = %s', (input, out) => expect(safeResourceId(input)).toBe(out));

  it('json_dumps: sorted keys, ", " and ": ", non-ASCII and control characters escaped as Python does', () => {
    expect(pythonJsonDumps({ z: 'a"b\n', a: '日' })).toBe('{"a": "\\u65e5", "z": "a\\"b\\n"}');
  });
});
