import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";

/**
 * API-set audit (docs/ARCHITECTURE.md §5): resolves, with the TypeScript checker, every
 * Excel member the Office adapter touches (property and method accesses,
 * enum members, and properties of object literals typed as Excel interfaces)
 * and reads its `[Api set: ExcelApi x.y]` tag from @types/office-js.
 *
 * A tag may carry per-parameter clauses ("ExcelApi 1.2 for options; 1.7 for
 * password"): a clause naming a parameter counts only when the call passes
 * that argument; the other clauses set the member's own version.
 */
export interface MemberUse {
  file: string;
  line: number;
  member: string;
  /** ExcelApi minor version required by this use (8 = 1.8). */
  minor: number;
  /** Guard condition found around the use, if any (text). */
  guard?: string;
  /** Highest ExcelApi minor named in the `// ExcelApi x.y` comment on the use's statement (undefined: no tag). */
  taggedMinor?: number;
}

const ROOT = path.resolve(__dirname, "../..");
// Real path: node_modules may be a symlink to a shared install, and TypeScript reports real paths.
const TYPINGS = fs.realpathSync(path.join(ROOT, "node_modules/@types/office-js/index.d.ts"));

function minorOf(v: string): number {
  return Number(v.split(".")[1]);
}

/** "[Api set: ExcelApi 1.2 for options; 1.7 for password]" -> clauses. */
function apiClauses(decl: ts.Node): { minor: number; text: string }[] {
  const sf = decl.getSourceFile();
  const full = sf.getFullText();
  const ranges = ts.getLeadingCommentRanges(full, decl.getFullStart()) ?? [];
  const comment = ranges.map((r) => full.slice(r.pos, r.end)).join("\n");
  const m = /\[Api set: ([^\]]*)\]/.exec(comment);
  if (!m || !/ExcelApi\b/.test(m[1]!)) return [];
  return m[1]!
    .split(";")
    .map((text) => {
      const v = /(\d+)\.(\d+)/.exec(text);
      return v ? { minor: Number(v[2]), text } : undefined;
    })
    .filter((x): x is { minor: number; text: string } => x !== undefined && Number(/(\d+)\./.exec(x.text)![1]) === 1);
}

function inExcelNamespace(decl: ts.Node): string | undefined {
  const names: string[] = [];
  let n: ts.Node | undefined = decl;
  let excel = false;
  while (n) {
    if (ts.isModuleDeclaration(n)) {
      if (n.name.text === "Interfaces") return undefined;
      if (n.name.text === "Excel") {
        excel = true;
        break;
      }
    }
    if ((ts.isClassDeclaration(n) || ts.isInterfaceDeclaration(n) || ts.isEnumDeclaration(n)) && n.name)
      names.unshift(n.name.text);
    n = n.parent;
  }
  if (!excel) return undefined;
  const own = (decl as ts.NamedDeclaration).name;
  if (own && ts.isIdentifier(own) && names[names.length - 1] !== own.text) names.push(own.text);
  return `Excel.${names.join(".")}`;
}

const GUARD = /excelApi1_(\d+)|isSetSupported\(\s*["']ExcelApi["']\s*,\s*["']1\.(\d+)["']/g;

/** The strongest ExcelApi guard lexically around a node (then-branch of an if, or after a && / ?:). */
function guardAround(node: ts.Node): { minor: number; text: string } | undefined {
  let best: { minor: number; text: string } | undefined;
  const consider = (cond: ts.Node): void => {
    const text = cond.getText();
    for (const m of text.matchAll(GUARD)) {
      const minor = Number(m[1] ?? m[2]);
      if (!best || minor > best.minor) best = { minor, text };
    }
  };
  let child: ts.Node = node;
  let n: ts.Node | undefined = node.parent;
  while (n) {
    if (ts.isIfStatement(n) && n.thenStatement === child) consider(n.expression);
    if (ts.isConditionalExpression(n) && n.whenTrue === child) consider(n.condition);
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && n.right === child)
      consider(n.left);
    child = n;
    n = n.parent;
  }
  return best;
}

function statementOf(node: ts.Node): ts.Node {
  let n: ts.Node = node;
  while (
    n.parent &&
    !ts.isBlock(n.parent) &&
    !ts.isSourceFile(n.parent) &&
    !ts.isCaseClause(n.parent) &&
    !ts.isDefaultClause(n.parent)
  )
    n = n.parent;
  return n;
}

/** Highest version in `ExcelApi x.y` tags on the lines of the (simple) statement holding the node. */
function taggedMinor(sf: ts.SourceFile, node: ts.Node): number | undefined {
  const stmt = statementOf(node);
  const lines = sf.getFullText().split("\n");
  const lineOf = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).line;
  const here = lineOf(node.getStart());
  let hasBlock = false;
  stmt.forEachChild((c) => {
    if (ts.isBlock(c)) hasBlock = true;
  });
  const first = Math.min(lineOf(stmt.getStart()), here);
  const last = hasBlock ? here : Math.max(lineOf(stmt.getEnd()), here);
  let best: number | undefined;
  for (const line of lines.slice(first, last + 1)) {
    const comment = line.indexOf("//");
    if (comment < 0) continue;
    for (const m of line.slice(comment).matchAll(/ExcelApi ([\d. /]+)/g))
      for (const v of m[1]!.matchAll(/1\.(\d+)/g)) best = Math.max(best ?? 0, Number(v[1]));
  }
  return best;
}

export function auditFiles(files: string[]): MemberUse[] {
  const program = ts.createProgram(files, {
    strict: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: ["office-js"],
    typeRoots: [path.join(ROOT, "node_modules/@types")],
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const uses: MemberUse[] = [];

  const record = (sf: ts.SourceFile, at: ts.Node, symbol: ts.Symbol | undefined, call?: ts.CallExpression): void => {
    if (!symbol) return;
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    for (const decl of target.declarations ?? []) {
      if (fs.realpathSync(path.resolve(decl.getSourceFile().fileName)) !== TYPINGS) continue;
      const member = inExcelNamespace(decl);
      if (!member) continue;
      const clauses = apiClauses(decl);
      if (!clauses.length) continue;
      const params =
        ts.isMethodDeclaration(decl) || ts.isMethodSignature(decl) ? decl.parameters.map((p) => p.name.getText()) : [];
      let minor = 0;
      let base: number | undefined;
      for (const c of clauses) {
        const named = params.findIndex((p) => new RegExp(`\\b${p}\\b`).test(c.text));
        if (named < 0) base = Math.max(base ?? 0, c.minor);
        else if (
          call &&
          call.arguments.length > named &&
          call.arguments[named]!.kind !== ts.SyntaxKind.UndefinedKeyword &&
          call.arguments[named]!.getText() !== "undefined"
        )
          minor = Math.max(minor, c.minor);
      }
      minor = Math.max(minor, base ?? Math.min(...clauses.map((c) => c.minor)));
      const line = sf.getLineAndCharacterOfPosition(at.getStart()).line + 1;
      const guard = guardAround(at);
      const tag = taggedMinor(sf, at);
      uses.push({
        file: path.relative(ROOT, sf.fileName),
        line,
        member,
        minor,
        ...(guard ? { guard: guard.text } : {}),
        ...(tag !== undefined ? { taggedMinor: tag } : {}),
      });
      (uses[uses.length - 1] as MemberUse & { guardMinor?: number }).guardMinor = guard?.minor;
      return;
    }
  };

  for (const file of files) {
    const sf = program.getSourceFile(file);
    if (!sf) throw new Error(`not in program: ${file}`);
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node)) {
        const call = ts.isCallExpression(node.parent) && node.parent.expression === node ? node.parent : undefined;
        record(sf, node.name, checker.getSymbolAtLocation(node.name), call);
      } else if (ts.isObjectLiteralExpression(node)) {
        const type = checker.getContextualType(node);
        if (type)
          for (const p of node.properties) {
            if (!p.name || !ts.isIdentifier(p.name)) continue;
            const prop = checker.getPropertyOfType(checker.getNonNullableType(type), p.name.text);
            record(sf, p.name, prop);
          }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return uses;
}

export { minorOf };
