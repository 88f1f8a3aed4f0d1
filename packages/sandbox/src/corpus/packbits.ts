/** PackBits run-length encoding (TIFF compression 32773), one row at a time as the spec requires. */
export function packBits(row: Uint8Array): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < row.length) {
    let run = 1;
    while (i + run < row.length && run < 128 && row[i + run] === row[i]) run++;
    if (run >= 2) {
      out.push(257 - run, row[i]!); // -(run-1) as a signed byte
      i += run;
      continue;
    }
    // Literal stretch up to the next repeat of two or more bytes.
    let literal = 1;
    while (i + literal < row.length && literal < 128 && row[i + literal] !== row[i + literal + 1]) literal++;
    out.push(literal - 1, ...row.subarray(i, i + literal));
    i += literal;
  }
  return Uint8Array.from(out);
}
