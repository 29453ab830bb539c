/**
 * tfdoctor as a library: what a reconciler imports.
 * Each area keeps its own index; this file only re-exports them.
 */
export * from './errors.js';
export { VERSION } from './version.js';
export * from './doctor/report.js';
export * from './doctor/index.js';
export * from './state/index.js';
export * from './repair/index.js';
export * from './synth/index.js';
export * from './run/index.js';
