import { join } from 'node:path';

/** The repository's root, wherever a test file sits in test/'s tree. */
export const ROOT = join(__dirname, '..', '..');
