/**
 * Run a `leadflow` command in-process and capture what it prints: the exit
 * code, stdout (data, --json) and stderr (messages). One helper for every CLI
 * test instead of a copy per file.
 */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function captureCli(run: (argv: string[]) => Promise<number>, argv: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const o = jest
    .spyOn(process.stdout, "write")
    .mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const e = jest
    .spyOn(process.stderr, "write")
    .mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    const code = await run(argv);
    return { code, stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
