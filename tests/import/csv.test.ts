import * as iconv from "iconv-lite";
import {
  csvTextSource,
  decodeCsv,
  dropEmptyColumns,
  parseCsv,
  readCsvSource,
  sniffDelimiter,
} from "../../src/domain/import/csv";
import * as operationSources from "../../src/operations/importSources";

const HEADER = "公司名称,联系人,手机号,行业,来源";
const ROW = '上海华东精密机械有限公司,张伟,138 1234 5678,制造业,"展会推荐"';

describe("decoding what Chinese Excel and CRMs write", () => {
  test("UTF-8 without BOM", () => {
    const r = decodeCsv(new TextEncoder().encode(HEADER));
    expect(r).toEqual({ text: HEADER, encoding: "utf-8" });
  });
  test("UTF-8 with BOM (the BOM is not part of the first header)", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(HEADER)]);
    const r = decodeCsv(bytes);
    expect(r.encoding).toBe("utf-8-bom");
    expect(r.text.split(",")[0]).toBe("公司名称");
  });
  test("GB18030 / GBK", () => {
    const bytes = iconv.encode(`${HEADER}\r\n${ROW}\r\n`, "gb18030");
    // Sanity: these bytes are not valid UTF-8, so detection has to fall through.
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const r = decodeCsv(bytes);
    expect(r.encoding).toBe("gb18030");
    expect(r.text).toBe(`${HEADER}\r\n${ROW}\r\n`);
  });
  test("GBK-only text (what older Excel writes) decodes the same", () => {
    const bytes = iconv.encode("客户名称,备注\r\n北京星辰科技,“双引号”与—破折号\r\n", "gbk");
    expect(decodeCsv(bytes).text).toBe("客户名称,备注\r\n北京星辰科技,“双引号”与—破折号\r\n");
  });
  test("UTF-16LE with BOM (Excel's Unicode text) is tab-separated", () => {
    const bytes = iconv.encode("\ufeff公司\t电话\r\n甲公司\t13800000000\r\n", "utf-16le");
    const src = readCsvSource(bytes);
    expect(src.encoding).toBe("utf-16le");
    expect(src.delimiter).toBe("\t");
    expect(src.headers).toEqual(["公司", "电话"]);
    expect(src.rows[0].values).toEqual(["甲公司", "13800000000"]);
  });
});

describe("RFC 4180 parsing", () => {
  test("quotes, doubled quotes, delimiters and line breaks inside quotes, with source lines", () => {
    const text = 'a,b,c\r\n"x, y","he said ""hi""","line1\nline2"\r\n1,2,3\n\n"last",,';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["x, y", 'he said "hi"', "line1\nline2"] },
      { line: 4, fields: ["1", "2", "3"] },
      { line: 6, fields: ["last", "", ""] },
    ]);
  });
  test("CR-only line ends and a missing final newline", () => {
    expect(parseCsv("a,b\rc,d")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["c", "d"] },
    ]);
  });
  test("an empty quoted field is a field, a row of only delimiters is a (blank) row", () => {
    expect(parseCsv('""\n,,\n')).toEqual([
      { line: 1, fields: [""] },
      { line: 2, fields: ["", "", ""] },
    ]);
  });
  test("delimiter sniffing ignores delimiters inside quotes", () => {
    expect(sniffDelimiter('"a;b;c",d,e\n')).toBe(",");
    expect(sniffDelimiter("a;b;c\n")).toBe(";");
    expect(sniffDelimiter("a\tb\tc")).toBe("\t");
  });
});

describe("source tables", () => {
  test("trailing empty columns (a delimiter at the end of every line) are not columns", () => {
    const src = readCsvSource(new TextEncoder().encode("公司,电话,\n甲公司,13800000000,\n"));
    expect(src.headers).toEqual(["公司", "电话"]);
    expect(src.rows).toEqual([{ line: 2, values: ["甲公司", "13800000000"] }]);
  });
  test("a column without a header but with data is kept (and then reported as unmapped)", () => {
    const src = dropEmptyColumns({ headers: ["公司", ""], rows: [{ line: 2, values: ["甲", "备注"] }] });
    expect(src.headers).toEqual(["公司", ""]);
  });
});

describe("one reader for the command and the task pane", () => {
  test("the command's import sources are the shared domain reader", () => {
    expect(operationSources.readCsvSource).toBe(readCsvSource);
    expect(operationSources.decodeCsv).toBe(decodeCsv);
  });

  test("text the pane decoded gives the same source table as the bytes the command reads", () => {
    const text = `${HEADER}\r\n${ROW}\r\n"多行\n备注",张三,13900000000,,\r\n`;
    const fromBytes = readCsvSource(iconv.encode(text, "gb18030"));
    const fromText = csvTextSource(text);
    expect(fromText.headers).toEqual(fromBytes.headers);
    expect(fromText.rows).toEqual(fromBytes.rows);
    // Source lines are the file's lines: the quoted line break makes the third record start on line 3 and span 4.
    expect(fromText.rows.map((r) => r.line)).toEqual([2, 3]);
    expect(fromText.rows[1].values).toEqual(["多行\n备注", "张三", "13900000000", null, null]);
  });

  test("a BOM the pane's decoder kept is not part of the first header", () => {
    expect(csvTextSource("\ufeff公司,电话\n甲,1\n").headers).toEqual(["公司", "电话"]);
  });

  test("decoding needs no Node: GB18030 through the standard TextDecoder, also four-byte sequences", () => {
    // U+20BB7 (𠮷) is four bytes in GB18030 and outside GBK: a decoder that only knows GBK would garble it.
    const text = "客户,备注\r\n𠮷野家,€ 与 ·\r\n";
    const r = decodeCsv(iconv.encode(text, "gb18030"));
    expect(r).toEqual({ text, encoding: "gb18030" });
  });
});
