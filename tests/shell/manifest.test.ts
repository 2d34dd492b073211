import { spawnSync } from "child_process";
import { existsSync, readFileSync } from "fs";
import { join, resolve } from "path";
import { SaxesParser } from "saxes";

const root = resolve(__dirname, "..", "..");
const manifestPath = join(root, "manifest.xml");

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Parses with a strict XML parser: any well-formedness error throws. */
function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: false });
  const top: XmlNode = { name: "#document", attrs: {}, children: [], text: "" };
  const stack: XmlNode[] = [top];
  parser.on("error", (e) => {
    throw e;
  });
  parser.on("opentag", (tag) => {
    const node: XmlNode = {
      name: tag.name,
      attrs: { ...(tag.attributes as Record<string, string>) },
      children: [],
      text: "",
    };
    stack[stack.length - 1].children.push(node);
    stack.push(node);
  });
  parser.on("text", (text) => {
    stack[stack.length - 1].text += text;
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  parser.write(xml).close();
  return top.children[0];
}

function all(node: XmlNode, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  const walk = (n: XmlNode) => {
    if (n.name === name) out.push(n);
    n.children.forEach(walk);
  };
  walk(node);
  return out;
}
const one = (node: XmlNode, name: string) => {
  const found = all(node, name);
  expect(found.length).toBeGreaterThan(0);
  return found[0];
};

function pngSize(file: string): { width: number; height: number } {
  const buf = readFileSync(file);
  expect(buf.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  expect(buf.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

const xml = readFileSync(manifestPath, "utf8");
const manifest = parseXml(xml);

describe("manifest.xml", () => {
  test("is a well-formed task-pane add-in for Excel", () => {
    expect(manifest.name).toBe("OfficeApp");
    expect(manifest.attrs["xsi:type"]).toBe("TaskPaneApp");
    expect(all(manifest, "Host").map((h) => h.attrs.Name ?? h.attrs["xsi:type"])).toEqual(["Workbook", "Workbook"]);
    expect(one(manifest, "SourceLocation").attrs.DefaultValue).toBe("https://localhost:3000/taskpane.html");
  });

  test("rejects a broken manifest (the parser is strict)", () => {
    expect(() => parseXml(xml.replace("</Hosts>", ""))).toThrow();
  });

  test("requires ExcelApi 1.8, in Requirements and in VersionOverrides", () => {
    const sets = [...all(manifest, "Set"), ...all(manifest, "bt:Set")];
    expect(sets.length).toBe(2);
    for (const set of sets) expect(set.attrs).toMatchObject({ Name: "ExcelApi", MinVersion: "1.8" });
  });

  test("asks for ReadWriteDocument and no extra domains", () => {
    expect(one(manifest, "Permissions").text.trim()).toBe("ReadWriteDocument");
    expect(all(manifest, "AppDomain")).toHaveLength(0);
  });

  test("has the LeadFlow group on the Home tab with both buttons", () => {
    const tab = one(manifest, "OfficeTab");
    expect(tab.attrs.id).toBe("TabHome");
    const controls = all(tab, "Control");
    const actions = controls.map((c) => one(c, "Action").attrs["xsi:type"]);
    expect(actions).toEqual(["ShowTaskpane", "ExecuteFunction"]);
    expect(one(controls[1], "FunctionName").text.trim()).toBe("refreshReview");

    // Labels resolve to the right words in both languages.
    const strings = new Map(all(manifest, "bt:String").map((s) => [s.attrs.id, s]));
    const label = (c: XmlNode) => strings.get(one(c, "Label").attrs.resid)!;
    expect(label(controls[0]).attrs.DefaultValue).toBe("Open LeadFlow");
    expect(label(controls[1]).attrs.DefaultValue).toBe("Refresh review");
    expect(one(label(controls[1]), "bt:Override").attrs).toMatchObject({ Locale: "zh-CN", Value: "刷新复盘" });
  });

  test("the function file is commands.html and the command is registered under the same name", () => {
    const urls = new Map(all(manifest, "bt:Url").map((u) => [u.attrs.id, u.attrs.DefaultValue]));
    expect(urls.get(one(manifest, "FunctionFile").attrs.resid)).toBe("https://localhost:3000/commands.html");
    const source = readFileSync(join(root, "src", "commands", "commands.ts"), "utf8");
    expect(source).toMatch(/Office\.actions\.associate\("refreshReview",/);
  });

  test("every display string has a zh-CN override", () => {
    for (const name of ["DisplayName", "Description"]) {
      expect(one(one(manifest, name), "Override").attrs.Locale).toBe("zh-CN");
    }
    for (const s of all(manifest, "bt:String")) {
      const override = all(s, "bt:Override");
      expect({ id: s.attrs.id, locales: override.map((o) => o.attrs.Locale) }).toEqual({
        id: s.attrs.id,
        locales: ["zh-CN"],
      });
    }
  });

  test("icons exist in assets/ with the pixel size the manifest says", () => {
    const referenced: { url: string; size: number }[] = [
      { url: one(manifest, "IconUrl").attrs.DefaultValue, size: 32 },
      { url: one(manifest, "HighResolutionIconUrl").attrs.DefaultValue, size: 64 },
    ];
    for (const img of all(manifest, "bt:Images").flatMap((n) => all(n, "bt:Image"))) {
      const size = Number(/(\d+)x\1/.exec(img.attrs.id)?.[1]);
      referenced.push({ url: img.attrs.DefaultValue, size });
    }
    expect(new Set(referenced.map((r) => r.size))).toEqual(new Set([16, 32, 64, 80]));
    for (const { url, size } of referenced) {
      const file = join(root, new URL(url).pathname);
      expect(existsSync(file)).toBe(true);
      expect(pngSize(file)).toEqual({ width: size, height: size });
    }
  });

  test("`office-addin-manifest info` reads it without the network", () => {
    // A dead proxy: any attempt to go online would fail the command.
    const dead = "http://127.0.0.1:9";
    const run = spawnSync(
      process.execPath,
      [join(root, "node_modules", "office-addin-manifest", "cli.js"), "info", manifestPath],
      {
        cwd: root,
        encoding: "utf8",
        timeout: 60_000,
        env: { ...process.env, HTTP_PROXY: dead, HTTPS_PROXY: dead, http_proxy: dead, https_proxy: dead },
      },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Name: LeadFlow");
    expect(run.stdout).toContain("Permissions: ReadWriteDocument");
    expect(run.stdout).toContain("Hosts: Workbook");
  });
});
