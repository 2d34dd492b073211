// Placeholder until the check command lands; replaced by its implementation.
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write("leadflow check: not available yet / 尚未提供\n");
  return 2;
}
