export * from './plan.js';
export * from './raw-state.js';
export * from './show-state.js';
export * from './ui-stream.js';
export { checkFormatVersion } from './format-version.js';
export { unknownKeys, unknownKeySet } from './strict.js';
