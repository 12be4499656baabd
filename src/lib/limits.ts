// Limits shared by server and browser, in a module without Zod: pages that only need a
// number should not download the schema library for it.

/** How many connectors one user may have. */
export const MAX_CONNECTORS_PER_USER = 10;

/** How many PostgreSQL databases of their own one user may add (the Sample shop does not count). */
export const MAX_DATABASES_PER_USER = 10;
