import { readFileSync, statSync } from 'node:fs';
import {
  binaryFile,
  emptyFile,
  tooLargeFile,
  unreadable as unreadableInput,
  type CheckInput,
} from '../engine/index.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

function firstInvalidLine(buffer: Buffer): number {
  // Decode line by line to say where the bad byte is.
  let line = 1;
  let start = 0;
  for (let i = 0; i <= buffer.length; i += 1) {
    if (i === buffer.length || buffer[i] === 0x0a) {
      try {
        decoder.decode(buffer.subarray(start, i));
      } catch {
        return line;
      }
      line += 1;
      start = i + 1;
    }
  }
  return line;
}

/** Reads a policy file, or says why it cannot be checked: missing, unreadable, too large, binary, not UTF-8, empty. */
export function readSource(absolute: string, path: string, maxSize: number): CheckInput {
  const unreadable = (message: string): CheckInput => unreadableInput(path, message);
  let buffer: Buffer;
  try {
    const stat = statSync(absolute);
    // A FIFO blocks the read for ever and /dev/zero never ends; only regular files are read.
    if (!stat.isFile() && !stat.isDirectory())
      return unreadable(
        'This is not a regular file (a device, pipe or socket); name the policy file itself',
      );
    if (stat.size > maxSize) return tooLargeFile(path, stat.size, maxSize);
    buffer = readFileSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT') return unreadable('No such file; check the path');
    if (code === 'EISDIR')
      return unreadable(
        'This is a folder; name the files in it or the folder itself without a trailing file name',
      );
    return unreadable(
      `The file cannot be read (${code}); check that it exists and its permissions allow reading`,
    );
  }
  if (buffer[0] === 0xff && buffer[1] === 0xfe)
    return unreadable('The file is UTF-16 (little-endian), not UTF-8; save it as UTF-8');
  if (buffer[0] === 0xfe && buffer[1] === 0xff)
    return unreadable('The file is UTF-16 (big-endian), not UTF-8; save it as UTF-8');
  if (buffer.subarray(0, 8000).includes(0)) return binaryFile(path);
  let text: string;
  try {
    text = decoder.decode(buffer);
  } catch {
    return unreadable(
      `The file is not valid UTF-8 (first bad byte on line ${firstInvalidLine(buffer)}); save it as UTF-8`,
    );
  }
  if (text.trim() === '') return emptyFile(path);
  return { path, text: text.replace(/^\uFEFF/, '') };
}
