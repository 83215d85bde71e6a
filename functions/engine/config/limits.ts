/**
 * What one check may cost, whatever the checked repository's own config says: its
 * `.policy-checker.yml` is written by whoever can push to it, and the check function has
 * 1,024 MB. Set by measurement (`node bench/check-path-memory.mjs`, the engine, the stored
 * result and the check-run output in one process): a realistic 5 MiB register (28,815
 * entries) peaks at 608 MB; memory follows the number of entries more than bytes, and the
 * densest page (a table of bare names, 3 findings each) reaches 864 MB at 23,276 entries and
 * 403 MB at 11,878. So a file is read up to 5 MiB, a check reads up to 20 MiB of policy
 * files, and checks at most 10,000 entries: the worst page stays near 400 MB.
 */
export const MAX_FILE_SIZE_CEILING = 5 * 1024 * 1024;
export const MAX_TOTAL_BYTES = 20 * 1024 * 1024;
export const MAX_ENTRIES_PER_CHECK = 10_000;
