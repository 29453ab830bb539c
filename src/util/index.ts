/** src/util: small pure helpers with one definition each (imported by path, no process or file access). */
export { parseDuration, type ParseDurationOptions } from './duration.js';
export { sanitizeControl, stripAnsi, type ControlStyle } from './control-chars.js';
export { hclString } from './hcl.js';
export { isPlainObject } from './objects.js';
export { errorText, firstLines, type FirstLinesOptions } from './text.js';
