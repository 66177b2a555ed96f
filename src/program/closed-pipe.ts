/**
 * Output into a closed pipe (`nomad-sim tutorial | head`) ends the program quietly instead of
 * with an EPIPE stack trace: once the reader has gone there is nobody to tell, so the program
 * stops at once with exit code 0, as `yes | head` does from the reader's point of view.
 */

/** Whether `error` says the other end of a pipe (or socket) has closed. */
export function isClosedPipe(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

let installed = false;

/**
 * Makes a closed stdout or stderr end the program quietly. Other stream errors are rethrown, so
 * they reach the program's one-line error report.
 */
export function endQuietlyOnClosedPipe(): void {
  if (installed) return;
  installed = true;
  const onError = (error: unknown): void => {
    if (isClosedPipe(error)) process.exit(0);
    throw error;
  };
  process.stdout.on('error', onError);
  process.stderr.on('error', onError);
}
