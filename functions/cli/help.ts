/** The `--help` text: what a newcomer needs to run a first check. */
export const HELP = `policy-check: check privacy policy files (subprocessor and third-party lists)

Usage:
  policy-check check [paths...] [options]   check files and folders (default: the current folder)
  policy-check extract FILE                 print the third parties read from one file, as JSON
  policy-check init [--force]               write a commented .policy-checker.yml here
  policy-check snapshot [paths...] --out DIR [--key FILE]
                                            check, then write the next signed snapshot of the
                                            third-party list to DIR (key: a PEM made on first use)
  policy-check verify SNAPSHOT [--key public-key.pem | --fingerprint sha256:...] [--repository owner/name]
                                            verify a snapshot (N.json, or a folder for its newest;
                                            file or URL): schema, canonical form, pinned key,
                                            signature, whose list it is, chain, not older than
                                            the last one seen; print the changes
  policy-check history [owner/repo] [--branch NAME] [--commit SHA]
                                            the service's stored results of a branch, newest first;
                                            one in full with --commit; without a repository, the
                                            latest result of every repository
  policy-check --help | --version

Check options:
  --format text|json|sarif|github   report format (default: text)
  --config FILE                     config file (default: .policy-checker.yml in the current folder)
  --now YYYY-MM-DD                  the date TODO ages are measured against (default: today)
  --rule ID                         run only this rule (repeatable)
  --since REF                       compare with the files at a git ref: vendors new since then
                                    must take effect after the notice period (notice-period)

What is checked:
  A folder is searched for Markdown, YAML and JSON files whose names say subprocessor,
  third party, vendor or privacy (set "files" in .policy-checker.yml to choose others).
  A file named on the command line is always checked; .txt and other files are read as Markdown.

Rules: purpose-required, location-required, gdpr-link-required, stale-todo,
  duplicate-third-party, schema; transfer-mechanism-required, invalid-transfer-mechanism,
  gdpr-link-kind, stale-review, notice-period, cross-document-consistency, undeclared-service.
  Each finding links to its rule's documentation.

Snapshot and verify:
  --out DIR                         where snapshot writes N.json, N.json.sig, latest.json, index.json,
                                    keys.json, public-key.pem and feed.atom (chains to what is there)
  --key FILE                        snapshot: the private signing key, never one git would track
                                    (default $XDG_CONFIG_HOME/policy-checker/signing-key.pem, else
                                    ~/.config/policy-checker/); verify: a public key you trust
  --fingerprint sha256:HEX          verify: pin the key by the fingerprint its owner publishes
                                    (repeatable; --config FILE reads snapshot.keyFingerprint)
  --repository owner/name           verify: whose snapshot it must be (default: from a
                                    /snapshots/<owner>/<repo>/ URL; required for a file)
  --previous FILE                   verify: the previous snapshot (default: N-1.json beside it)
  --state FILE                      verify: where the newest snapshot seen per repository is kept
                                    (default $XDG_CONFIG_HOME/policy-checker/verify-state.json);
                                    an older one is refused
  --allow-unchained                 verify: accept a snapshot whose predecessor is missing; gives
                                    up seeing what a withheld snapshot changed
  --accept-v1                       verify: accept a version-1 snapshot (published before
                                    snapshots named their repository id and service) on its name
                                    alone; gives up the proof that it is this repository's list
                                    and not another signed by the same service key
  verify exits 0 only when every check holds, 1 when one fails, 2 on usage errors.

History options:
  --branch NAME                     the branch to list (default: main)
  --limit N                         results per page, 1-100 (default: 20); the last line gives
                                    the command for the next page (--cursor C)
  --commit SHA                      one result in full: findings by file, third parties (a sha
                                    prefix is enough when it is unique)
  --format text|json                json: the page's items and its cursor
  Results are read from DYNAMODB_ENDPOINT / S3_ENDPOINT when set, else from the local server
  while it runs (npm start -- --serve), else from AWS (its usual credentials and region);
  RESULTS_TABLE and SNAPSHOT_BUCKET name the table and bucket. history exits 1 when --commit
  has no stored result, 2 when no store can be reached.

Exit codes:
  0  no error-level findings
  1  at least one error-level finding
  2  wrong usage, an invalid config, or a file that could not be read (the rest are still checked)

Examples:
  policy-check check docs/
  policy-check check docs/subprocessors.md --format json
  policy-check check --format sarif > results.sarif
  policy-check snapshot docs/ --out snapshots/
  policy-check verify https://example.com/snapshots/acme/site/ --fingerprint sha256:...
  policy-check history acme/site --limit 10
`;
