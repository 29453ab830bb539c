/**
 * An HTTP relay in front of the emulator that loses the answer to one request:
 * the request reaches the emulator and takes effect, and the client gets a
 * DynamoDB `InternalServerError` (500) in its place. AWS documents that a 500
 * does not say whether the write happened; the SDK retries it. For the state lock
 * that is the failure seen under load on the emulator: terraform's conditional
 * lock write (PutItem `attribute_not_exists(LockID)`) is done, its answer is lost,
 * and the retry fails on the record the first attempt wrote.
 *
 * Point only DynamoDB at it (AWS_ENDPOINT_URL_DYNAMODB); everything else goes on
 * through untouched.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';

export interface LossyProxy {
  endpoint: string;
  /** Answers lost so far. */
  lost(): number;
  stop(): Promise<void>;
}

/** Whether a request is terraform's conditional lock write. */
export function isLockWrite(req: IncomingMessage, body: string): boolean {
  return req.headers['x-amz-target'] === 'DynamoDB_20120810.PutItem' && body.includes('attribute_not_exists(LockID)');
}

export async function startLossyProxy(targetPort: number, opts: { lose: (req: IncomingMessage, body: string) => boolean; times?: number }): Promise<LossyProxy> {
  let lost = 0;
  const times = opts.times ?? 1;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const lose = lost < times && opts.lose(req, body.toString('utf8'));
      const up = request({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        if (!lose) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        answer.resume();
        answer.on('end', () => {
          lost++;
          res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
          res.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'answer lost by the test relay' }));
        });
      });
      up.on('error', () => res.destroy());
      up.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    lost: () => lost,
    stop: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
