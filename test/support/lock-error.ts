/**
 * The text of terraform's "Error acquiring the state lock" diagnostic (as 1.11.4
 * prints it for an s3 backend with a DynamoDB table), for unit tests of code that
 * reads its Lock Info.
 */
export interface LockErrorFields {
  id?: string;
  who?: string;
  operation?: string;
  created?: Date;
}

export function lockErrorText(f: LockErrorFields = {}): string {
  const created = (f.created ?? new Date('2026-12-03T14:32:33.338Z')).toISOString().replace('T', ' ').replace('Z', '000000 +0000 UTC');
  return [
    '╷',
    '│ Error: Error acquiring the state lock',
    '│',
    '│ Error message: operation error DynamoDB: PutItem, https response error StatusCode: 400,',
    '│ ConditionalCheckFailedException: The conditional request failed',
    '│ Lock Info:',
    `│   ID:        ${f.id ?? '3b4e4c1a-8f0e-2c3d-9a7b-0123456789ab'}`,
    '│   Path:      runner-tfstate/runner/terraform.tfstate',
    `│   Operation: ${f.operation ?? 'OperationTypeInvalid'}`,
    `│   Who:       ${f.who ?? 'root@vm'}`,
    '│   Version:   1.11.4',
    `│   Created:   ${created}`,
    '│   Info:',
    '╵',
  ].join('\n');
}
