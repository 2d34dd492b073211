/**
 * manifest.xml against Microsoft's add-in manifest schemas (OfficeAppManifest V1_1,
 * TaskPaneAppVersionOverrides V1_0, OfficeAppBasicTypes V1_0), validated offline with xmllint
 * (Debian libxml2-utils, installed by .ci/run). Where the schemas come from and the two fixes they
 * needed to compile: tests/shell/manifest-schema/SOURCE.md.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";

const root = resolve(__dirname, "..", "..");
const schemaDir = join(__dirname, "manifest-schema");
const schema = join(schemaDir, "OfficeAppManifestV1_1.xsd");
const manifestXml = readFileSync(join(root, "manifest.xml"), "utf8");
const scratch = mkdtempSync(join(tmpdir(), "leadflow-manifest-"));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs xmllint on the text; status 0 means "validates". */
function validate(xml: string, name = "manifest.xml"): { status: number | null; output: string } {
  const file = join(scratch, name);
  writeFileSync(file, xml);
  // --nonet: the schemas import each other by relative path only; nothing is fetched.
  const run = spawnSync("xmllint", ["--noout", "--nonet", "--schema", schema, file], {
    cwd: schemaDir,
    encoding: "utf8",
    timeout: 60_000,
  });
  if (run.error) throw new Error(`xmllint is not installed (apt-get install libxml2-utils): ${run.error.message}`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("manifest.xml against the official XSD schemas", () => {
  test("validates", () => {
    const result = validate(manifestXml);
    expect(result).toEqual({ status: 0, output: expect.stringContaining("validates") });
  });

  test("the validator is strict: an element out of order, a bad version or an unknown control type fails", () => {
    // <Version> must come right after <Id>.
    const swapped = manifestXml.replace(
      /(<Id>[^<]*<\/Id>)(\s*)(<Version>[^<]*<\/Version>)/,
      (_m, id: string, ws: string, version: string) => `${version}${ws}${id}`,
    );
    expect(swapped).not.toBe(manifestXml);
    expect(validate(swapped, "swapped.xml").status).not.toBe(0);

    const badVersion = manifestXml.replace(/<Version>[^<]*<\/Version>/, "<Version>0.1.0-beta</Version>");
    expect(validate(badVersion, "version.xml").status).not.toBe(0);

    const badControl = manifestXml.replace('xsi:type="Button"', 'xsi:type="Slider"');
    expect(badControl).not.toBe(manifestXml);
    expect(validate(badControl, "control.xml").status).not.toBe(0);
  });
});
