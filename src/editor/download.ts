const CSV_TYPE = 'text/csv;charset=utf-8';

/**
 * The bytes of a text download. Only CSVs meant for Excel start with a UTF-8 byte-order mark (Excel needs it to
 * read UTF-8); JSON, GeoJSON and plan files never do (RFC 8259), nor do CSVs a CRM loader reads.
 */
export function downloadBytes(text: string, type: string, excelBom: boolean): Uint8Array<ArrayBuffer> {
  const body = text.replace(/^\uFEFF/, '');
  const bom = excelBom && type.startsWith('text/csv');
  return new TextEncoder().encode(bom ? `\uFEFF${body}` : body);
}

/**
 * Offers text as a file download (no network: a Blob URL clicked through a temporary link). CSVs get a byte-order
 * mark for Excel unless `excelBom` is false.
 */
export function downloadText(fileName: string, text: string, type = CSV_TYPE, excelBom = true): void {
  const url = URL.createObjectURL(new Blob([downloadBytes(text, type, excelBom)], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
