// Placeholder until the import command lands; replaced by its implementation.
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write("leadflow import: not available yet / 尚未提供\n");
  return 2;
}
