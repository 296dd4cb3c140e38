import { describe, expect, it } from 'vitest';
import { i18n } from '../../lib/i18n';
import { attachmentProblem } from './attachments';

describe('attachmentProblem (checked before an upload is sent)', () => {
  const t = i18n.getFixedT('en-US');
  const zh = i18n.getFixedT('zh-CN');

  it('accepts the types and sizes the server accepts', () => {
    expect(attachmentProblem(t, { name: '现场照片.JPG', size: 2048 })).toBeNull();
    expect(attachmentProblem(t, { name: 'minutes.docx', size: 10 * 1024 * 1024 })).toBeNull();
  });

  it('names the file and says why, in the user’s language', () => {
    const exe = attachmentProblem(t, { name: 'tool.exe', size: 100 });
    const big = attachmentProblem(t, { name: 'scan.pdf', size: 10 * 1024 * 1024 + 1 });
    const empty = attachmentProblem(t, { name: 'blank.png', size: 0 });
    for (const line of [exe, big, empty]) expect(line).toMatch(/^\S+\.\w+: \S/);
    expect(new Set([exe, big, empty].map((l) => l?.split(': ')[1])).size).toBe(3);
    const zhLine = attachmentProblem(zh, { name: 'tool.exe', size: 100 });
    expect(zhLine).toMatch(/^tool\.exe: /);
    expect(zhLine).not.toBe(exe);
    expect(zhLine).toMatch(/[\u4e00-\u9fff]/);
  });
});
