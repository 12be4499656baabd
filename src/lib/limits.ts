// Limits shared by server and browser, in a module without Zod: pages that only need a
// number should not download the schema library for it.

/** How many connectors one user may have. */
export const MAX_CONNECTORS_PER_USER = 10;
