import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config';
import { webhookUrlProblem } from './webhooks.allowlist';

const defaults = parseConfig({}).webhookHosts;
const withLocal = parseConfig({ FUGONG_WEBHOOK_HOSTS: 'oapi.dingtalk.com,http://127.0.0.1:*,http://[::1]:9,http://relay.local' }).webhookHosts;
const code = (url: string, hosts = defaults) => webhookUrlProblem(url, hosts)?.code ?? null;

describe('webhook address allowlist', () => {
  it('accepts the DingTalk and WeCom robot APIs over HTTPS by default (any case, the default port written or not)', () => {
    expect(code('https://oapi.dingtalk.com/robot/send?access_token=abc')).toBeNull();
    expect(code('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc')).toBeNull();
    expect(code('https://OAPI.DingTalk.com:443/robot/send')).toBeNull();
  });

  it('refuses other hosts, look-alikes and addresses, naming the host', () => {
    for (const url of ['https://example.com/x', 'https://oapi.dingtalk.com.evil.cn/x', 'https://dingtalk.com/x', 'https://127.0.0.1/x', 'https://[::1]/x', 'https://169.254.169.254/latest']) {
      expect(code(url), url).toBe('webhook_host_not_allowed');
    }
    expect(webhookUrlProblem('https://evil.cn/?x=oapi.dingtalk.com', defaults)).toEqual({ path: 'url', code: 'webhook_host_not_allowed', params: { host: 'evil.cn', allowed: 'oapi.dingtalk.com, qyapi.weixin.qq.com' } });
  });

  it('needs HTTPS unless the entry allowed plain HTTP', () => {
    expect(code('http://oapi.dingtalk.com/robot/send')).toBe('webhook_https_required');
    expect(code('http://oapi.dingtalk.com/robot/send', withLocal)).toBe('webhook_https_required');
    expect(code('http://127.0.0.1:8080/robot', withLocal)).toBeNull();
    expect(code('http://[::1]:9/robot', withLocal)).toBeNull();
    expect(code('https://127.0.0.1/robot', withLocal)).toBeNull();
  });

  it('refuses any port but the default HTTPS one on an allowed host: another port is another service', () => {
    for (const url of ['https://oapi.dingtalk.com:8443/robot/send', 'https://oapi.dingtalk.com:80/robot/send', 'https://qyapi.weixin.qq.com:1/x']) {
      expect(webhookUrlProblem(url, defaults), url).toEqual({ path: 'url', code: 'webhook_port_not_allowed', params: { port: new URL(url).port } });
    }
    // A plain-HTTP entry allows port 80, or the one it names, or any when it says `:*`.
    expect(code('http://relay.local/x', withLocal)).toBeNull();
    expect(code('http://relay.local:80/x', withLocal)).toBeNull();
    expect(code('http://relay.local:8080/x', withLocal)).toBe('webhook_port_not_allowed');
    expect(code('http://[::1]:10/robot', withLocal)).toBe('webhook_port_not_allowed');
    expect(code('https://relay.local:8443/x', withLocal)).toBe('webhook_port_not_allowed');
    // Ports are for plain-HTTP entries only.
    for (const entry of ['oapi.dingtalk.com:8443', 'https://oapi.dingtalk.com:443', 'http://x.cn:0', 'http://x.cn:70000']) expect(() => parseConfig({ FUGONG_WEBHOOK_HOSTS: entry })).toThrow(/FUGONG_WEBHOOK_HOSTS/);
  });

  it('refuses malformed addresses, credentials in the address and other schemes', () => {
    for (const url of ['not a url', 'ftp://oapi.dingtalk.com/x', 'https://user:pw@oapi.dingtalk.com/x', 'javascript:alert(1)']) expect(code(url), url).toBe('invalid_webhook_url');
  });

  it('an empty allowlist allows nothing', () => {
    expect(code('https://oapi.dingtalk.com/robot/send', [])).toBe('webhook_host_not_allowed');
  });
});
