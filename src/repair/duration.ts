// The one duration grammar lives in src/util/duration.ts; `--ttl` takes it with a unit required.
export { parseDuration } from '../util/duration.js';
