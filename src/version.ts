import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** tfdoctor's version, from package.json (found from src/ and from dist/src/). */
export const VERSION: string = (() => {
  for (const p of ['../package.json', '../../package.json']) {
    try {
      const pkg = require(p) as { name?: string; version?: string };
      if (pkg.name === 'tfdoctor' && pkg.version) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
})();
