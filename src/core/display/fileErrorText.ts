// What a failed open or read of a user's file reads as: the errno in words, with the code beside it for searching.

const ERRNO_WORDS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a folder on the path is a file',
  EISDIR: 'is a folder',
  ELOOP: 'too many symbolic links',
};

/** `no such file (ENOENT)` for an errno error; the message for any other. */
export function fileErrorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code) return `${ERRNO_WORDS[code] ?? 'error'} (${code})`;
  return error instanceof Error ? error.message : String(error);
}
