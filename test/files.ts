/** Small real files for upload tests: recognised by their content, as the portal checks. */
export const PDF_BYTES = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
);

/** The start of a JPEG as a phone camera writes it (EXIF header). */
export const JPEG_BYTES = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10]),
  Buffer.from('Exif\0\0phone-photo'),
  Buffer.alloc(64, 7),
]);
