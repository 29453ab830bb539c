/**
 * Writes fixtures/inventory/kinds-10a/secrets.yml: the Vault fields the kinds-10a fixture
 * account names (an acm certificate imported from Vault, a CloudFront public key), made by
 * openssl here, not typed by hand. A throwaway CA, a leaf certificate for
 * kinds-10a.example.com signed by it, and an RSA public key. Not secrets: the golden and
 * the acceptance test use them. Run: npx tsx scripts/gen-kinds-10a-secrets.ts
 */
import { execa } from 'execa';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'fixtures/inventory/kinds-10a/secrets.yml');

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tfdoctor-kinds-10a-secrets-'));
  const f = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execa('openssl', args, { cwd: dir });
  try {
    await openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '3650', '-subj', '/CN=kinds-10a test CA');
    await openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('leaf.key'), '-out', f('leaf.csr'), '-subj', '/CN=kinds-10a.example.com');
    await writeFile(f('ext.cnf'), 'subjectAltName=DNS:kinds-10a.example.com\n');
    await openssl('x509', '-req', '-in', f('leaf.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('leaf.pem'), '-days', '3650', '-extfile', f('ext.cnf'));
    await openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', f('cf.key'));
    await openssl('pkey', '-in', f('cf.key'), '-pubout', '-out', f('cf.pub'));
    const read = (name: string) => readFile(f(name), 'utf8');
    const doc = {
      'app-sre/kinds-10a/acm': { key: await read('leaf.key'), certificate: await read('leaf.pem'), caCertificate: await read('ca.pem') },
      'app-sre/kinds-10a/cloudfront': { cloudfront_public_key: await read('cf.pub') },
    };
    await writeFile(
      OUT,
      `# Made by scripts/gen-kinds-10a-secrets.ts (openssl): the Vault fields of the kinds-10a fixture account.\n# Throwaway keys for tests, not secrets.\n${stringify(doc)}`,
    );
    process.stdout.write(`wrote ${path.relative(ROOT, OUT)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
