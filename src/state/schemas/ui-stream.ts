// Moved to src/tfjson (pure: no process, no file); this path stays for importers that still use it.
export * from '../../tfjson/ui-stream.js';
