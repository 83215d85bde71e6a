import type { UnreadableInput } from './check.js';

/**
 * The reasons a file cannot be checked, worded once: the CLI reading a disk and the check
 * function reading GitHub give a user the same message for the same problem.
 */
export function unreadable(path: string, message: string): UnreadableInput {
  return { path, error: { ruleId: 'file-unreadable', message } };
}

export function binaryFile(path: string): UnreadableInput {
  return unreadable(path, 'The file is binary, not text; policy files are Markdown, YAML or JSON');
}

export function emptyFile(path: string): UnreadableInput {
  return unreadable(
    path,
    'The file is empty; add its content, or stop checking it (ignore in .policy-checker.yml)',
  );
}

export function tooLargeFile(path: string, size: number, maxSize: number): UnreadableInput {
  const bytes = (n: number): string => `${n.toLocaleString('en-US')} bytes`;
  return {
    path,
    error: {
      ruleId: 'file-too-large',
      message: `The file is ${bytes(size)}, over the limit of ${bytes(maxSize)}; split it, or raise maxFileSize in .policy-checker.yml`,
    },
  };
}

export function overCheckBudget(path: string, size: number, budget: number): UnreadableInput {
  const mib = (n: number): string => `${(n / 1024 / 1024).toLocaleString('en-US')} MiB`;
  return {
    path,
    error: {
      ruleId: 'file-too-large',
      message: `The policy files before this one reach the ${mib(budget)} one check reads, so this file (${size.toLocaleString('en-US')} bytes) was not read; narrow files in .policy-checker.yml, or split the repository's lists`,
    },
  };
}
