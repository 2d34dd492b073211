/**
 * A worksheet written piece by piece into a zip entry, deflated buffer by
 * buffer: the entry reads back as the same bytes with the right CRC, whatever
 * the buffer size and however the pieces fall across buffers.
 */
import { unzipSync } from "fflate";
import { EntryWriter } from "../../src/workbook/xlsx/package/entryWriter";
import { crc32, inflateEntry, writeZip } from "../../src/workbook/xlsx/package/zip";

test.each([64, 1000, 1 << 20])("buffer of %i bytes", (chunk) => {
  const pieces: string[] = [];
  let seed = 7;
  for (let i = 0; i < 3000; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const len = seed % 300;
    // Byte text: one char per byte, UTF-8 sequences included.
    pieces.push(`<row r="${i}">` + "é中".repeat(len % 7) + "x".repeat(len) + "</row>");
  }
  const w = new EntryWriter("xl/worksheets/sheet1.xml", chunk);
  for (let i = 0; i < pieces.length; i += 3) w.write(...pieces.slice(i, i + 3));
  const entry = w.end();
  const expected = Buffer.from(pieces.join(""), "latin1");
  expect(entry.size).toBe(expected.length);
  expect(entry.crc).toBe(crc32(expected));
  expect(Buffer.from(inflateEntry(entry)).equals(expected)).toBe(true);
  // And an independent zip reader sees the same part.
  const files = unzipSync(writeZip([entry]));
  expect(Buffer.from(files["xl/worksheets/sheet1.xml"]).equals(expected)).toBe(true);
});
