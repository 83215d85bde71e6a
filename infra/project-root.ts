import { fileURLToPath } from 'node:url';

/** The repository's root: the functions' sources, `policies/` and package-lock.json are there. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
