/**
 * The real AWS test bed: moto_server on loopback + helpers that change real
 * (emulated) objects behind Terraform's back. For tests, the demo and the bench.
 */
export { startEmulator, freePort, EMULATOR_BACKEND_CONFIG, EMULATOR_ACCOUNT_ID, type Emulator, type StartEmulatorOptions } from './emulator.js';
export { writeEmulatorOverride, awsProviderBlocks, EMULATOR_OVERRIDE_FILE, EMULATOR_PROVIDER_SETTINGS } from './override.js';
export {
  prepareBackend, holdLock, releaseLock, holdLockfile, releaseLockfile, readLock, lockInfoJson, corruptDigest, readStateObject, writeStateObject,
  type BackendSpec, type LockSpec,
} from './backend.js';
export * from './scenarios.js';
export { s3Client, dynamoClient, rdsClient, iamClient, ec2Client, type EmulatorRef } from './clients.js';
export { sampleConfig, writeSampleConfig, SAMPLE, type SampleConfigOptions } from './sample-config.js';
export { validateWithMirror, type MirrorValidation } from './validate.js';
export { startProxy, type StoppableProxy } from './proxy.js';
