import { describe, expect, it } from 'vitest';
import { filenameFromDisposition } from './api';

describe('filenameFromDisposition', () => {
  it('prefers the UTF-8 filename* over the ASCII fallback', () => {
    const name = '会议纪要-2026-12-04-3.docx';
    expect(filenameFromDisposition(`attachment; filename="____-2026-12-04-3.docx"; filename*=UTF-8''${encodeURIComponent(name)}`)).toBe(name);
    // Either order, any case.
    expect(filenameFromDisposition(`attachment; FILENAME*=utf-8''${encodeURIComponent(name)}; filename="x.docx"`)).toBe(name);
  });

  it('reads a plain filename, quoted or not, with escapes', () => {
    expect(filenameFromDisposition('attachment; filename="enterprises.xlsx"')).toBe('enterprises.xlsx');
    expect(filenameFromDisposition('attachment; filename=a.csv')).toBe('a.csv');
    expect(filenameFromDisposition('attachment; filename="a \\"b\\".txt"')).toBe('a "b".txt');
  });

  it('falls back when filename* is malformed, and gives null without a name', () => {
    expect(filenameFromDisposition(`attachment; filename="ok.txt"; filename*=UTF-8''%E4%ZZ`)).toBe('ok.txt');
    expect(filenameFromDisposition('attachment')).toBeNull();
    expect(filenameFromDisposition(null)).toBeNull();
  });
});
